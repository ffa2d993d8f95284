"""Person-matching benchmark: recall, false matches and labelled pairs for kind="person" (issue 7).

Measured, for the indexed matcher and a rapidfuzz WRatio full scan (default_process) side by side:
  * recall: the 683 UN Security Council people of yente's benchmark, listed as published
    ("untreated") and indexed together with the OFAC SDN individuals (2024-05 sdn.csv with the
    2026-06 alt/add files, parsed by the product; ~7k people, ~17k names);
    each "treated" row (typos, reshuffles, 'LAST, First') must find its own untreated row at the
    person threshold, broken down by what the treatment changed;
  * false matches: synthetic people (yente's negatives, many scripts; seeded samples) and the
    1,254 members of the US Congress (common real names, none of them listed);
  * nomenklatura's hand-labelled name pairs: precision/recall/F1 of "matched at threshold",
    persons at the person threshold, companies/organisations at the org threshold;
  * speed of 200 person queries.
Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from bench.bench_screening import reference_files
from intake.records import ListEntry
from intake.screen.index import Hit
from intake.screen.lists import load_reference
from intake.screen.matcher import Matcher
from intake.screen.normalise import ascii_fold, person_tokens

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
BENCH = DATA / "benchmarks"
NEGATIVES = DATA / "benign" / "persons-synthetic"
PERSON_THRESHOLD = 92.0  # ScreeningConfig defaults
ORG_THRESHOLD = 88.0
SEED = 7
NEGATIVE_SAMPLE = 5000  # per negatives file, for the matcher
BASELINE_NEGATIVE_SAMPLE = 1000  # per negatives file, for the WRatio scan (slow)
PERSON_TYPES = {"person", "individual"}


@dataclass
class Index:
    """The person index under test: the entries, their matcher and the WRatio scan's choices."""

    entries: list[ListEntry]
    matcher: Matcher
    choices: list[str]  # default_process'ed names and aliases
    owners: list[int]  # entry number of each choice


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file (utf-8-sig: some shared files start with a BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def build_index(untreated: list[dict[str, str]]) -> Index:
    """UN people (entry i = untreated row i) plus the SDN individuals, parsed by the product."""
    un = [ListEntry(list_id="un_yente", entry_id=f"un-{i}", name=r["full_name"], entity_type="person")
          for i, r in enumerate(untreated)]
    sdn, _compiled = reference_files()
    people = [e for e in load_reference(REPO / "lists", sdn).entries if e.entity_type in PERSON_TYPES]
    entries = un + people
    choices, owners = [], []
    for owner, entry in enumerate(entries):
        for name in dict.fromkeys([entry.name, *entry.aliases]):
            choices.append(utils.default_process(name))
            owners.append(owner)
    return Index(entries, Matcher(entries), choices, owners)


def tokens(name: str) -> list[str]:
    """Casefolded ASCII words of a name, for classifying what a treatment changed."""
    return "".join(c if c.isalnum() else " " for c in ascii_fold(name)).split()


def change_kind(listed: str, treated: str) -> str:
    """What the treatment did: unchanged, order (incl. 'LAST, First'), typo, order+typo, other."""
    a, b = tokens(listed), tokens(treated)
    if a == b:
        return "unchanged"
    if sorted(a) == sorted(b):
        return "order"
    if len(a) != len(b):
        return "other"
    if all(Levenshtein.distance(x, y) <= 2 for x, y in zip(a, b, strict=True)):
        return "typo"
    left = list(a)
    for word in b:  # greedy one-to-one pairing within two edits
        near = next((x for x in left if Levenshtein.distance(x, word) <= 2), None)
        if near is None:
            return "other"
        left.remove(near)
    return "order+typo"


def check_alignment(untreated: list[dict[str, str]], treated: list[dict[str, str]]) -> tuple[int, int]:
    """(rows whose DOB or birthplace is equal, rows whose names are also near) - treated perturbs DOBs too."""
    same_facts = sum(a["date_of_birth"] == b["date_of_birth"] or bool(a["place_of_birth"] and
                     a["place_of_birth"] == b["place_of_birth"]) for a, b in zip(untreated, treated, strict=True))
    near = sum(fuzz.token_sort_ratio(a["full_name"], b["full_name"], processor=utils.default_process) >= 70
               for a, b in zip(untreated, treated, strict=True))
    return same_facts, near


def wratio_hits(queries: Sequence[str], choices: list[str], threshold: float) -> list[np.ndarray]:
    """Choice numbers scoring >= threshold per query, by a WRatio full scan (cdist, both cores)."""
    out: list[np.ndarray] = []
    processed = [utils.default_process(q) for q in queries]
    for start in range(0, len(processed), 200):
        scores = process.cdist(processed[start : start + 200], choices, scorer=fuzz.WRatio, dtype=np.uint8,
                               score_cutoff=threshold, workers=-1)
        out.extend(np.nonzero(row)[0] for row in scores)
    return out


def recall(index: Index, queries: list[str]) -> tuple[list[int], list[int]]:
    """(matcher, WRatio) 1/0 per query: query i must find entry i at the person threshold."""
    ours = [int(any(h.owner == i for h in index.matcher.hits(q, "person", None, limit=10)))
            for i, q in enumerate(queries)]
    base = [int(any(index.owners[c] == i for c in found))
            for i, found in enumerate(wratio_hits(queries, index.choices, PERSON_THRESHOLD))]
    return ours, base


def by_kind(values: list[int], kinds: list[str]) -> dict[str, list[int]]:
    """Values grouped by change kind."""
    out: dict[str, list[int]] = {}
    for value, kind in zip(values, kinds, strict=True):
        out.setdefault(kind, []).append(value)
    return out


def false_matches(index: Index, names: list[str]) -> list[tuple[str, str, str, float, str]]:
    """(query, listed name or alias matched, entry's primary name, score, cause) per name matching anything."""
    out = []
    persons = index.matcher.persons
    for name in names:
        found = index.matcher.hits(name, "person", None, limit=1)
        if found:
            hit = found[0]
            matched = persons.name_text[hit.name_id]
            out.append((name, matched, index.entries[hit.owner].name, hit.score, false_cause(hit, matched)))
    return out


def false_cause(hit: Hit, matched_name: str) -> str:
    """Why a benign name matched, so the matcher owner sees which rule to fix.

    one-word alias: a listed nickname ('PAT', 'GREEN') found inside a longer query;
    word credited twice: one query word paid for two listed words ('Anthony Anthony', 'HAMIE, Jamile');
    part of longer name: the query's words are a subset of a longer listed name;
    listed name inside query: every listed word is in the query, which has more.
    """
    toks = person_tokens(matched_name)
    used = list(hit.matched) + [f.split("~")[0] for f in hit.fuzzy if ".~" not in f]
    if len(toks) == 1:
        return "one-word alias"
    if len(set(used)) < len(used):
        return "word credited twice"
    if hit.missing:
        return "part of longer name"
    return "listed name inside query"


def base_false(index: Index, names: list[str]) -> list[tuple[str, str]]:
    """(query, listed name) for every name the WRatio scan matches at the person threshold."""
    return [(n, index.choices[found[0]]) for n, found in zip(names, wratio_hits(names, index.choices,
                                                                                 PERSON_THRESHOLD), strict=True)
            if len(found)]


def sample_names(path: Path, n: int, rng: random.Random) -> list[str]:
    """`n` seeded full names of a negatives file."""
    names = [r["full_name"] for r in read_rows(path) if r["full_name"].strip()]
    return rng.sample(names, min(n, len(names)))


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    """Precision, recall, F1 of predicted matches against labels."""
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * rec / (precision + rec) if precision + rec else 0.0
    return precision, rec, f1


def pair_bench(rows: list[dict[str, str]], kind: str, threshold: float) -> tuple[tuple[float, ...], tuple[float, ...],
                                                                                    list[tuple[str, str, bool]]]:
    """(matcher P/R/F1, WRatio P/R/F1, matcher errors) over labelled pairs, name2 indexed alone."""
    entity_type = "person" if kind == "person" else "organisation"
    gold = [r["is_match"].strip().lower() == "true" for r in rows]
    ours = []
    for r in rows:
        matcher = Matcher([ListEntry(list_id="pair", entry_id="1", name=r["name2"], entity_type=entity_type)])
        ours.append(bool(matcher.hits(r["name1"], kind, None, limit=1)))  # the fitted default
    base = [fuzz.WRatio(r["name1"], r["name2"], processor=utils.default_process) >= threshold for r in rows]
    errors = [(r["name1"], r["name2"], g) for r, p, g in zip(rows, ours, gold, strict=True) if p != g]
    return prf(ours, gold), prf(base, gold), errors


def timed(fn: Callable[[str], object], queries: list[str]) -> float:
    """Seconds to run fn over the queries."""
    start = time.perf_counter()
    for q in queries:
        fn(q)
    return time.perf_counter() - start


def mean(values: list[int]) -> float:
    """Share of ones (0 for no values)."""
    return sum(values) / len(values) if values else 0.0


def recall_section(index: Index, untreated: list[dict[str, str]], treated: list[dict[str, str]]) -> list[str]:
    """Print recall on the treated and untreated UN names; return the treated names (speed queries)."""
    listed = [r["full_name"] for r in untreated]
    queries = [r["full_name"] for r in treated]
    kinds = [change_kind(a, b) for a, b in zip(listed, queries, strict=True)]
    ours_tr, base_tr = recall(index, queries)
    ours_un, base_un = recall(index, listed)
    ours_kind, base_kind = by_kind(ours_tr, kinds), by_kind(base_tr, kinds)
    print(f"\nrecall at {PERSON_THRESHOLD:.0f} (expected UN row among hits)   matcher   WRatio")
    print(f"  untreated names (sanity)                    {mean(ours_un):7.3f}  {mean(base_un):7.3f}")
    print(f"  treated names                               {mean(ours_tr):7.3f}  {mean(base_tr):7.3f}")
    for kind in ("unchanged", "order", "typo", "order+typo", "other"):
        if kind in ours_kind:
            print(f"    {kind:<12} n={len(ours_kind[kind]):<4}                    {mean(ours_kind[kind]):7.3f}  "
                  f"{mean(base_kind[kind]):7.3f}")
    missed = [(q, a, k) for q, a, k, ok in zip(queries, listed, kinds, ours_tr, strict=True) if not ok]
    print("  matcher missed (treated | listed, change): "
          + "; ".join(f"'{q}' | '{a}' ({k})" for q, a, k in missed[:10]))
    unfound = [a for a, ok in zip(listed, ours_un, strict=True) if not ok]
    print("  untreated not found: " + ("; ".join(f"'{a}'" for a in unfound[:10]) or "none"))
    return queries


def false_section(index: Index, samples: list[tuple[str, list[str]]]) -> None:
    """Print false matches of benign name sets, with causes; every US Congress match for a hand check."""
    print(f"\nfalse matches at {PERSON_THRESHOLD:.0f}                matcher                WRatio"
          f"   (WRatio on the first {BASELINE_NEGATIVE_SAMPLE} of each synthetic sample)")
    congress_hits: list[tuple[str, str, str, float, str]] = []
    for label, names in samples:
        ours = false_matches(index, names)
        base_names = names if label == "US Congress" else names[:BASELINE_NEGATIVE_SAMPLE]
        base = base_false(index, base_names)
        causes = Counter(h[4] for h in ours)
        print(f"  {label:<17} {len(ours):>4}/{len(names):<5} {len(ours) / len(names):.4f}   "
              f"{len(base):>4}/{len(base_names):<5} {len(base) / len(base_names):.4f}")
        print("    matcher causes: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))
        print("    matcher e.g.: " + "; ".join(f"'{q}' ~ '{m}' {s:.0f} ({c})" for q, m, _, s, c in
                                              sorted(ours, key=lambda h: h[4])[::3][:6]))
        print("    WRatio e.g.: " + "; ".join(f"'{q}' ~ '{m}'" for q, m in base[:5]))
        if label == "US Congress":
            congress_hits = ours
    print("  every US Congress match (query ~ alias [listed entry]):")
    for q, m, e, s, c in congress_hits:
        print(f"    '{q}' ~ '{m}' [{e}] {s:.0f} ({c})")


def pairs_section() -> None:
    """Print P/R/F1 on nomenklatura's labelled person and company pairs."""
    pairs = read_rows(BENCH / "nomenklatura_name_pairs.csv")
    print("\nnomenklatura pairs (name2 indexed alone)      matcher P / R / F1      WRatio P / R / F1")
    for label, schemas, kind, threshold in (("Person", {"Person"}, "person", PERSON_THRESHOLD),
                                            ("Company+Organization", {"Company", "Organization"}, "org",
                                             ORG_THRESHOLD)):
        rows = [r for r in pairs if r["schema"] in schemas]
        ours, base, errors = pair_bench(rows, kind, threshold)
        print(f"  {label:<20} n={len(rows):<4} at {threshold:.0f}  {ours[0]:.3f} {ours[1]:.3f} {ours[2]:.3f}"
              f"       {base[0]:.3f} {base[1]:.3f} {base[2]:.3f}")
        fn = [(a, b) for a, b, g in errors if g][:6]
        fp = [(a, b) for a, b, g in errors if not g][:6]
        print("    matcher missed: " + "; ".join(f"'{a}' / '{b}'" for a, b in fn))
        print("    matcher false:  " + "; ".join(f"'{a}' / '{b}'" for a, b in fp))


def speed_section(index: Index, queries: list[str]) -> None:
    """Print the time of the person queries for the matcher and a WRatio extractOne scan (one core)."""
    ours_s = timed(lambda s: index.matcher.match(s, "person"), queries)
    base_s = timed(lambda s: process.extractOne(utils.default_process(s), index.choices, scorer=fuzz.WRatio,
                                                score_cutoff=PERSON_THRESHOLD), queries)
    print(f"\nspeed, {len(queries)} person queries vs {len(index.choices)} names (one core): matcher "
          f"{ours_s * 1000:.0f} ms ({ours_s / len(queries) * 1e6:.0f} us/query), WRatio extractOne "
          f"{base_s * 1000:.0f} ms; ratio {base_s / ours_s:.1f}x")


def main() -> None:
    """Print the person-matching tables (matcher vs WRatio baseline)."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    untreated = read_rows(BENCH / "yente_positives_un_untreated.csv")
    treated = read_rows(BENCH / "yente_positives_un_treated.csv")
    same_facts, near = check_alignment(untreated, treated)
    index = build_index(untreated)
    print(f"index: {len(untreated)} UN people + {len(index.entries) - len(untreated)} SDN individuals, "
          f"{index.matcher.name_count} names; rows aligned: {len(treated)} treated vs {len(untreated)} untreated, "
          f"{same_facts} with equal DOB or birthplace, {near} with token_sort_ratio >= 70 (treated perturbs DOBs too)")
    queries = recall_section(index, untreated, treated)
    global_names = sample_names(NEGATIVES / "negatives_global.csv", NEGATIVE_SAMPLE, rng)
    us_names = sample_names(NEGATIVES / "negatives_us.csv", NEGATIVE_SAMPLE, rng)
    congress = [r["full_name"] for r in read_rows(BENCH / "yente_positives_us_congress_untreated.csv")]
    false_section(index, [("synthetic global", global_names), ("synthetic US", us_names), ("US Congress", congress)])
    pairs_section()
    speed_section(index, rng.sample(queries, 100) + rng.sample(global_names, 50) + rng.sample(us_names, 50))
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
