"""Affiliation benchmark: org-matcher matches on real affiliation strings, judged through their ROR ids.

Measured: every affiliation string of the three ROR affiliation-matching test files (Crossref and
Springer Nature publisher assertions, ROR matcher logs; ~25k strings as written in papers) is run
through `matcher.match(text, "org", 88)` against the full product reference (SDN files, starter
lists, DoD 1260H/1286, ASPI, KAIST multi-list). A match counts as true when the string's ROR
record IS the matched listed institution: a ROR name/alias/label, normalised with org_tokens,
equals a name or alias of the matched entry (same country when the entry has an ISO code), or the
record's only ROR parent does. Otherwise it is a candidate false match, split by likely cause: the
listed name stands whole in the string (mostly true: an affiliated hospital of a listed
university, or a ROR record missing from the union file), an alias that is a place name, an
acronym, a one-word segment such as a city matched a longer listed name ('Tianjin' ->
'Tianjin University'), or other. The recall side: strings whose
ROR record is a listed institution but which got no match.
Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bench_screening import reference_files
from intake.records import ListEntry, Match
from intake.screen.lists import ReferenceData, load_reference
from intake.screen.matcher import Matcher
from intake.screen.normalise import looks_like_acronym, org_tokens, segments

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
AFFILIATIONS = DATA / "benign" / "affiliation-strings"
ROR_FILE = DATA / "benign" / "ror" / "ror-records-union.jsonl"
THRESHOLD = 88.0
SOURCES = {  # label -> file (columns differ in order; read by name)
    "crossref": "crossref_publisher_asserted_affiliations_2023-06-28.csv",
    "springer": "springer_nature_affiliations_2023-10-31.csv",
    "ror logs": "ror_affiliation_matching_logs_2023-09-03.csv",
}
EntryKey = tuple[str, str]  # (list_id, entry_id)
Record = dict[str, Any]  # one ROR record as read from the JSON lines file


def key(text: str) -> str:
    """The comparison form of a name: org_tokens joined (legal forms, stop words, accents dropped)."""
    return " ".join(org_tokens(text))


@dataclass
class Listed:
    """Normalised names of the listed entries, to decide whether a ROR record is one of them."""

    names: dict[str, set[EntryKey]] = field(default_factory=lambda: defaultdict(set))
    country: dict[EntryKey, str | None] = field(default_factory=dict)
    display: dict[EntryKey, str] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[ListEntry]) -> Listed:
        """Index every name and alias of the entries by its normalised form."""
        listed = cls()
        for e in entries:
            ek = (e.list_id, e.entry_id)
            listed.country[ek] = e.country
            listed.display[ek] = f"{e.name} [{e.list_id}]"
            for name in [e.name, *e.aliases]:
                k = key(name)
                if k:
                    listed.names[k].add(ek)
        return listed


def load_ror() -> dict[str, Record]:
    """ROR records by id (the union file: ~51k of ROR's ~120k records)."""
    with ROR_FILE.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def ror_entries(record: Record, listed: Listed, loose: bool = False) -> set[EntryKey]:
    """Listed entries this ROR record is: a name/alias/label equal to a listed name, same country.

    The country is compared only when the entry has an ISO code (KAIST rows keep Korean country
    names). `loose` (the brief's plain rule) also accepts ROR acronyms and other countries: ROR
    acronyms are ambiguous ('SAU' is Sichuan Agricultural and Shenyang Aerospace University, 'RAS'
    maps the whole Russian Academy to one of its listed institutes), so they over-map.
    """
    cc = record.get("country_code")
    out: set[EntryKey] = set()
    names = [record.get("name", ""), *record.get("aliases", []), *(lb["value"] for lb in record.get("labels", []))]
    if loose:
        names += record.get("acronyms", [])
    for name in names:
        for ek in listed.names.get(key(name), ()):
            country = listed.country.get(ek)
            if loose or not country or len(country) != 2 or country == cc:
                out.add(ek)
    return out


def mapped(ror_id: str, ror: dict[str, Record], listed: Listed, loose: bool = False) -> set[EntryKey]:
    """Listed entries the string's ROR record is, or is a unit of (its only Parent relationship).

    A record with several parents is a consortium (European XFEL lists 14, the Kurchatov Institute
    among them): being one of its members does not make it the listed institution.
    """
    record = ror.get(ror_id)
    if record is None:
        return set()
    out = ror_entries(record, listed, loose)
    parents = [rel for rel in record.get("relationships", []) if rel.get("type", "").lower() == "parent"]
    if len(parents) == 1:
        rel = parents[0]
        parent = ror.get(rel["id"]) or {"name": rel.get("label", ""), "country_code": record.get("country_code")}
        out |= ror_entries(parent, listed, loose)
    return out


def read_strings() -> list[tuple[str, str, str]]:
    """(source, affiliation, ror_id) for every row of the three files (BOM-safe, columns by name)."""
    out = []
    for label, name in SOURCES.items():
        with (AFFILIATIONS / name).open(encoding="utf-8-sig", newline="") as fh:
            out.extend((label, r["affiliation"].strip(), r["ror_id"].strip()) for r in csv.DictReader(fh)
                       if r["affiliation"].strip())
    return out


@dataclass
class Tally:
    """Outcome counts of one source."""

    n: int = 0
    matched: int = 0
    true: int = 0
    false_known: int = 0  # ROR record known and not a listed institution
    false_unknown: int = 0  # NP, or ROR record not in the union file
    should: int = 0  # ROR record maps to a listed entry
    missed: int = 0  # ... and no match at all
    other_entry: int = 0  # ... and matched only other entries
    loose_true: int = 0  # true under the plain (country-blind, acronym) rule


def ek_of(match: Match) -> EntryKey:
    """The entry key of a match."""
    return match.entry.list_id, match.entry.entry_id


def cause(text: str, match: Match, reference: ReferenceData) -> str:
    """Likely cause of a candidate false match (see the module docstring).

    'place-name alias': the matched alias is a country or region ('Hong Kong', from a parser
    taking '(Hong Kong)' for an alias). 'listed name in string': a segment IS a listed name, or
    the listed name stands whole inside a segment (an affiliated hospital or school of a listed
    university; ROR records those apart, or the record is missing from the union file), so these
    are mostly true matches.
    """
    if reference.country_code(match.matched_name):
        return "place-name alias"
    if "found whole inside" in match.why or any(key(part) in match_keys(match) for part in segments(text)):
        return "listed name in string"
    if looks_like_acronym(match.matched_name) or "acronym derived" in match.why:
        return "acronym"
    if len(match.query_normalised.split()) == 1 and len(match.candidate_normalised.split()) > 1:
        return "one-word segment"
    return "other"


def match_keys(match: Match) -> set[str]:
    """Normalised names and aliases of the matched entry."""
    return {key(n) for n in [match.entry.name, *match.entry.aliases]} - {""}


CAUSE_ORDER = ("listed name in string", "place-name alias", "acronym", "one-word segment", "other")


@dataclass
class Results:
    """Everything the report prints: tallies per source, causes, false-match counts and examples."""

    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    causes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_by_name: Counter[str] = field(default_factory=Counter)
    false_lists: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    false_example: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    missed_examples: list[tuple[str, str, str]] = field(default_factory=list)
    other_examples: list[tuple[str, str, str]] = field(default_factory=list)


def record_recall(res: Results, t: Tally, text: str, ror_name: str, expected: set[EntryKey],
                  got: set[EntryKey], listed: Listed) -> None:
    """Count a string whose ROR record is a listed institution: found, missed, or another entry only."""
    t.should += 1
    if not got:
        t.missed += 1
        res.missed_examples.append((text, ror_name, listed.display[min(expected)]))
    elif not got & expected:
        t.other_entry += 1
        res.other_examples.append((text, listed.display[min(expected)], listed.display[min(got)]))


def record_false(res: Results, source: str, text: str, ror_name: str, matches: list[Match],
                 reference: ReferenceData) -> None:
    """Count a candidate false match by cause and by listed institution (once per string)."""
    why = [cause(text, m, reference) for m in matches]
    res.causes[source][min(why, key=CAUSE_ORDER.index)] += 1
    seen: set[str] = set()
    for m, c in zip(matches, why, strict=True):
        if c == "listed name in string":
            continue
        name = key(m.entry.name)  # one institution carried by several lists counts once per string
        res.false_lists[name].add(m.entry.list_id)
        if name not in seen:
            seen.add(name)
            res.false_by_name[name] += 1
        res.false_example.setdefault(name, (m.entry.name, text, f"'{m.matched_name}' {m.score:.0f}, {c}", ror_name))


def main() -> None:
    """Print false-match and miss figures of the org matcher on real affiliation strings."""
    started = time.perf_counter()
    sdn, compiled = reference_files()
    reference = load_reference(REPO / "lists", sdn + compiled)
    matcher: Matcher = reference.matcher
    listed = Listed.of(reference.entries)
    ror = load_ror()
    strings = read_strings()
    print(f"reference: {len(reference.entries)} entries, {matcher.name_count} names; ROR union {len(ror)} records; "
          f"{len(strings)} affiliation strings ({time.perf_counter() - started:.0f} s to load)")
    res = Results()
    for source, text, ror_id in strings:
        t = res.tallies[source]
        t.n += 1
        ror_name = ror.get(ror_id, {}).get("name", "NP" if ror_id == "NP" else "not in the union file")
        expected = mapped(ror_id, ror, listed)
        matches = matcher.match(text, "org")
        got = {ek_of(m) for m in matches}
        if expected:
            record_recall(res, t, text, ror_name, expected, got, listed)
        if not matches:
            continue
        t.matched += 1
        if got & expected:
            t.true += 1
            t.loose_true += 1
            continue
        t.loose_true += int(bool(got & mapped(ror_id, ror, listed, loose=True)))
        t.false_known += int(ror_id in ror)
        t.false_unknown += int(ror_id not in ror)
        record_false(res, source, text, ror_name, matches, reference)
    report(res)
    print(f"total {time.perf_counter() - started:.0f} s")


def report(res: Results) -> None:
    """Print the tables and examples."""
    tallies, causes = res.tallies, res.causes
    total = Tally(**{f: sum(getattr(t, f) for t in tallies.values()) for f in Tally.__dataclass_fields__})
    all_causes = sum(causes.values(), Counter())
    print(f"\norg threshold {THRESHOLD:.0f}  strings  any match  true(a)  cand.false(b)  [ROR known/unknown]  "
          "(b) by cause: name in string / place alias / acronym / one-word segment / other   "
          "should  missed  other-entry")
    for label, t, c in [*((k, v, causes[k]) for k, v in tallies.items()), ("all", total, all_causes)]:
        false = t.false_known + t.false_unknown
        print(f"  {label:<9} {t.n:>7}  {t.matched / t.n:9.4f}  {t.true:>7}  {false:>5} {false / t.n:.4f}"
              f"  [{t.false_known:>4}/{t.false_unknown:<4}]         "
              + " / ".join(f"{c[k]:>4} {c[k] / t.n:.4f}" for k in CAUSE_ORDER)
              + f"   {t.should:>6}  {t.missed:>6}  {t.other_entry:>6}")
    false = total.false_known + total.false_unknown
    rest = false - all_causes["listed name in string"]
    print(f"  all (b) excluding 'listed name in string': {rest} = {rest / total.n:.4f} of strings")
    print(f"  with the plain rule (ROR acronyms and names across countries also map): true {total.loose_true}, "
          f"candidate false {total.matched - total.loose_true}")

    print("\n20 listed institutions most often in candidate false matches, excluding 'listed name in string' "
          "(strings, entry [lists], example string -> matched name, score, cause; the string's ROR record):")
    for name, count in res.false_by_name.most_common(20):
        entry, text, how, ror_name = res.false_example[name]
        print(f"  {count:>4}  {entry} [{', '.join(sorted(res.false_lists[name]))}]\n        '{text}' -> {how}; "
              f"ROR: {ror_name}")

    print(f"\nmissed ({total.missed}; the string's ROR record is a listed institution, no match). Examples "
          "(string | ROR name | listed entry):")
    for text, ror_name, entry in res.missed_examples[:15]:
        print(f"  '{text}' | {ror_name} | {entry}")
    print(f"matched another entry only ({total.other_entry}). Examples (string | expected | got):")
    for text, want, got_name in res.other_examples[:8]:
        print(f"  '{text}' | {want} | {got_name}")


if __name__ == "__main__":
    main()
