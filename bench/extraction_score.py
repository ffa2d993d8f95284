"""Compare an extracted Profile with a CV's ground truth (tests/corpus/truth.py): TP/FP/FN per field.

Matching rules (decided here, tested in tests/corpus/test_corpus.py):
- an organisation, funder or program name matches a truth item when, after normalisation (casefold,
  accents, punctuation, a leading "the"), it equals the item's name or one of its aliases; or when
  rapidfuzz token_set_ratio >= 90, it holds every distinctive (not GENERIC) word of that name and at
  least 60% of all its words (so "Department of Physics, Stanford University" is Stanford, but
  "Institute of Technology" is not MIT and "Stanford" alone is not Stanford University); never when it
  is exactly another known organisation's name (Tokyo Institute of Technology is not Tokyo);
- affiliation = organisation + start year + end year (null = none written; current = no end), over
  profile.affiliations + profile.visiting_appointments; a multiset: one extracted item per truth item;
- funders, co-author organisations and talent programs are sets per CV: a repeat is not counted,
  an unmatched name is one false positive however often it is repeated;
- talk countries: the multiset of ISO codes of profile.travel;
- patents: (number without office prefix, spaces, punctuation and kind code; office);
- person name: exact after whitespace and Unicode (NFC) normalisation, in any letter case (a name
  printed in capitals cannot tell 'Jae-won' from 'Jae-Won'; screening folds case).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from intake.records import Profile

FIELDS = ("person name", "affiliations", "funders", "talk countries", "co-author orgs", "patents",
          "talent programs")
# Words that do not tell one organisation from another: a fuzzy match must share all the others.
GENERIC = frozenset("""of the and for at in de di university institute institut technology technological college
school national state research science sciences academy center centre laboratory foundation council
society department agency program programme plan""".split())
BARS = {"person name": 0.98, "affiliations": 0.90, "funders": 0.90, "talk countries": 0.90,
        "co-author orgs": 0.90, "patents": 0.98, "talent programs": 0.98,
        "form fields (filled)": 0.98}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scored:
    """One CV's counts per field and its errors (for the examples the report prints)."""

    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


def norm(text: str) -> str:
    """Casefolded, accents and punctuation removed, a leading 'the' dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"^the ", "", " ".join(text.split()))


@cache
def _known() -> dict[str, frozenset[str]]:
    """Normalised name -> ids of every known organisation, funder and program that has it."""
    from tests.corpus import world

    out: dict[str, set[str]] = {}
    for ident, names in world.known_names().items():
        for name in names:
            out.setdefault(norm(name), set()).add(ident.split(":", 1)[1])
    return {k: frozenset(v) for k, v in out.items()}


def name_matches(extracted: str, item: dict[str, Any]) -> bool:
    """Whether an extracted name means the truth item (id, name, aliases); see the module rules."""
    got = norm(extracted)
    names = [norm(n) for n in (item["name"], *item.get("aliases", ())) if norm(n)]
    if got in names:
        return True
    owners = _known().get(got)
    if owners is not None:
        return item.get("id") in owners
    words = set(got.split())
    for name in names:
        mine = set(name.split())
        distinctive = mine - GENERIC
        if len(mine) < 2 or not distinctive:
            continue  # acronyms and all-generic names match exactly or not at all
        shared = len(mine & words)
        if distinctive <= words and shared >= 0.6 * len(mine) and fuzz.token_set_ratio(got, name) >= 90:
            return True
    return False


def patent_key(number: str, office: str | None) -> tuple[str, str]:
    """(digits of the number without office prefix and kind code, office)."""
    text = re.sub(r"[^A-Z0-9]", "", number.upper())
    text = re.sub(r"^(USPATENTNO|USPATENT|PATENTNO|ZL|CN|US|EP|WO|RU|JP|KR|DE|GB)", "", text)
    text = re.sub(r"(?<=\d)[ABCUY]\d?$", "", text)
    return text, (office or "").upper()


def _error(errors: list[dict[str, Any]], fld: str, kind: str, value: Any, quote: str = "") -> None:
    errors.append({"field": fld, "kind": kind, "value": value, "quote": quote[:200]})


def _quote(item: Any) -> str:
    evidence = getattr(item, "evidence", None) or []
    return evidence[0].quote if evidence else ""


def _years(period: Any) -> tuple[int | None, int | None]:
    start = period.start.year if period.start else None
    end = period.end.year if period.end and not period.current else None
    return start, end


def score_affiliations(truth: list[dict[str, Any]], profile: Profile, errors: list[dict[str, Any]]) -> Counts:
    """Organisation + start year + end year, one extracted affiliation per true one."""
    got = [*profile.affiliations, *profile.visiting_appointments]
    used: set[int] = set()
    counts = Counts()
    missed = []
    for item in truth:
        want = (item["start"], item["end"])
        hit = next((i for i, a in enumerate(got) if i not in used and _years(a.period) == want
                    and name_matches(a.organisation, item)), None)
        if hit is None:
            counts.fn += 1
            missed.append(item)
        else:
            used.add(hit)
            counts.tp += 1
    for i, a in enumerate(got):
        if i in used:
            continue
        counts.fp += 1
        near = next((m for m in missed if name_matches(a.organisation, m)), None)
        note = f" (truth {near['name']} {near['start']}-{near['end']})" if near else ""
        _error(errors, "affiliations", "FP", f"{a.organisation} {_years(a.period)}{note}", _quote(a))
    for m in missed:
        _error(errors, "affiliations", "FN", f"{m['name']} {m['start']}-{m['end']} ({m['role']})")
    return counts


def score_names(fld: str, truth: list[dict[str, Any]], extracted: list[tuple[str, str]],
                errors: list[dict[str, Any]]) -> Counts:
    """Set semantics: each true item found once; each distinct unmatched name one false positive."""
    found: set[int] = set()
    wrong: dict[str, str] = {}
    for name, quote in extracted:
        hits = [i for i, item in enumerate(truth) if name_matches(name, item)]
        if hits:
            found.add(hits[0])
        else:
            wrong.setdefault(norm(name), f"{name}\t{quote}")
    for value in wrong.values():
        name, _, quote = value.partition("\t")
        _error(errors, fld, "FP", name, quote)
    for i, item in enumerate(truth):
        if i not in found:
            _error(errors, fld, "FN", item["name"] + (f" [written: {item['written']}]" if "written" in item else ""))
    return Counts(len(found), len(wrong), len(truth) - len(found))


def score_multiset(fld: str, truth: list[Any], extracted: list[Any], errors: list[dict[str, Any]],
                   quotes: dict[Any, str] | None = None) -> Counts:
    """Multiset comparison of hashable keys."""
    want, got = Counter(truth), Counter(extracted)
    tp = sum((want & got).values())
    for key, n in (got - want).items():
        _error(errors, fld, "FP", f"{key} x{n}", (quotes or {}).get(key, ""))
    for key, n in (want - got).items():
        _error(errors, fld, "FN", f"{key} x{n}")
    return Counts(tp, sum(got.values()) - tp, sum(want.values()) - tp)


def _same_name(got: str, true: str) -> bool:
    """Equal after whitespace, letter case and Unicode composition ('ọ' + U+0301 is 'ọ́')."""
    def canonical(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    return canonical(got) == canonical(true)


def score_case(truth: dict[str, Any], profile: Profile) -> Scored:
    """Every field of one CV."""
    out = Scored()
    errors = out.errors
    name_ok = _same_name(profile.person.name, truth["person"]["name"])
    out.counts["person name"] = Counts(int(name_ok), int(not name_ok and bool(profile.person.name)), int(not name_ok))
    if not name_ok:
        _error(errors, "person name", "FN", f"{truth['person']['name']!r} read as {profile.person.name!r}")
    out.counts["affiliations"] = score_affiliations(truth["affiliations"], profile, errors)
    out.counts["funders"] = score_names("funders", truth["funders"],
                                        [(f.funder, _quote(f)) for f in profile.funding], errors)
    travel_quotes = {t.country: _quote(t) for t in profile.travel}
    out.counts["talk countries"] = score_multiset("talk countries", truth["talk_countries"],
                                                  [t.country for t in profile.travel if t.country], errors,
                                                  travel_quotes)
    coauthors = [(o, p.title) for p in profile.publications for o in p.coauthor_organisations]
    out.counts["co-author orgs"] = score_names("co-author orgs", truth["coauthor_organisations"], coauthors, errors)
    pkeys = {patent_key(p.number, p.office): _quote(p) for p in profile.patents}
    out.counts["patents"] = score_multiset("patents", [patent_key(p["number"], p["office"]) for p in truth["patents"]],
                                           [patent_key(p.number, p.office) for p in profile.patents], errors, pkeys)
    out.counts["talent programs"] = score_names("talent programs", truth["talent_programs"],
                                                [(t.name, _quote(t)) for t in profile.talent_programs], errors)
    return out
