"""Document(s) -> Profile: a first, rule-based extractor (issue 3 is still open).

What it does today: the person's name and email, sections by heading, gazetteer hits (listed
organisations, funders, talent programs) per line with the line's year range, patent numbers with
their office, and screening-form answers as disclosures. Every fact carries its evidence line.
The spaCy pipeline, CV structure parsing and the measured corpus of issue 3 are not built yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from intake.records import (
    Affiliation,
    DateRange,
    Disclosure,
    Document,
    DocumentKind,
    Evidence,
    Funding,
    Patent,
    Profile,
    TalentProgram,
)

HEADING = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(education|employment|appointments?|positions?|professional experience|"
    r"publications?|grants?|funding|research support|patents?|honou?rs|awards|talent programs?|"
    r"invited talks|presentations|visiting positions?|service)\b[\w /&]*:?\s*$",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NAME = re.compile(r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]*){1,3}$")
YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:[-–—]|to)\s*((?:19|20)\d{2}|present|now|current)?", re.I)
SINGLE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
PATENT = re.compile(
    r"\b(ZL\s?\d{8,12}\.[\dX]|CN\s?\d{9}\s?[AB]|US\s?\d{1,2},?\d{3},?\d{3}\s?B\d|"
    r"WO\s?\d{4}/\d{6}|EP\s?\d{7}\s?[AB]\d?|RU\s?\d{7}|JP\s?\d{4}-?\d{6}|KR\s?10-\d{7})",
)


def _office(number: str) -> str:
    """The patent office from the number's prefix (ZL numbers are Chinese grants)."""
    prefix = number[:2].upper()
    return "CN" if prefix == "ZL" else prefix


def _period(line: str) -> DateRange:
    """The year range written on a line ("2016-2019", "2019 - present", "2021-")."""
    m = YEAR_RANGE.search(line)
    if m:
        end_raw = (m.group(2) or "").lower()
        current = end_raw in {"present", "now", "current", ""}
        end = None if current else date(int(end_raw), 12, 31)
        return DateRange(start=date(int(m.group(1)), 1, 1), end=end, current=current, raw=m.group(0))
    years = SINGLE_YEAR.findall(line)
    if years:
        y = int(years[0])
        return DateRange(start=date(y, 1, 1), end=date(y, 12, 31), raw=years[0])
    return DateRange()


class _Gazetteer:
    """Phrase lookup by first word, so a line is scanned without trying every phrase."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.by_first: dict[str, list[tuple[str, str, str]]] = {}
        for label, phrase in pairs:
            low = phrase.casefold()
            first = low.split()[0] if low.split() else low
            self.by_first.setdefault(first, []).append((label, phrase, low))
        for items in self.by_first.values():
            items.sort(key=lambda item: -len(item[2]))  # longest phrase first

    def find(self, line: str) -> list[tuple[str, str]]:
        """(label, phrase) for each listed phrase written whole on the line."""
        low = line.casefold()
        hits: dict[tuple[str, str], None] = {}
        for word in set(re.findall(r"[\w'-]+", low)):
            for label, phrase, p_low in self.by_first.get(word, ()):
                if re.search(rf"(?<!\w){re.escape(p_low)}(?!\w)", low):
                    hits[(label, phrase)] = None
        for label, phrase, p_low in self.by_first.get("", ()):
            if p_low in low:
                hits[(label, phrase)] = None
        return list(hits)


def extract_profile(documents: list[Document], gazetteer: Iterable[tuple[str, str]] = ()) -> Profile:
    """Build one Profile from a case's documents; each fact quotes its source line."""
    gaz = _Gazetteer(gazetteer)
    profile = Profile(warnings=["extraction is rule-based only (issue 3 open): CV facts may be missed"])
    for doc in documents:
        if doc.kind == DocumentKind.SCREENING_FORM:
            _read_form(doc, profile)
        for page in doc.pages:
            _read_page(doc, page.number, page.text, gaz, profile)
    return profile


def _read_form(doc: Document, profile: Profile) -> None:
    """Filled form fields become disclosures (answers as given)."""
    for field, answer in doc.form_fields.items():
        if answer.strip():
            ev = Evidence(document_sha256=doc.sha256, quote=f"{field}: {answer}"[:500])
            profile.disclosures.append(Disclosure(field=field, answer=answer.strip(), evidence=[ev]))


def _read_page(doc: Document, number: int, text: str, gaz: _Gazetteer, profile: Profile) -> None:
    """Scan one page line by line for the person, sections, listed names and patents."""
    section = ""
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        ev = [Evidence(document_sha256=doc.sha256, page=number, line=line_no, quote=line[:500])]
        if not profile.person.name and NAME.match(line) and not HEADING.match(line):
            profile.person.name, profile.person.evidence = line, ev
        if profile.person.email is None and (m := EMAIL.search(line)):
            profile.person.email = m.group(0)
        if heading := HEADING.match(line):
            section = heading.group(1).lower()
            continue
        _facts_on_line(line, section, ev, gaz, profile)


def _facts_on_line(line: str, section: str, ev: list[Evidence], gaz: _Gazetteer, profile: Profile) -> None:
    """Gazetteer hits and patent numbers on one line, each with the line's period."""
    period = _period(line)
    for number in PATENT.findall(line):
        year = period.start.year if period.start else None
        profile.patents.append(Patent(number=number, office=_office(number), year=year, evidence=ev))
    for label, phrase in gaz.find(line):
        if label == "PROGRAM":
            profile.talent_programs.append(TalentProgram(name=phrase, period=period, evidence=ev))
        elif label == "FUNDER":
            profile.funding.append(Funding(funder=phrase, period=period, evidence=ev))
        elif section not in {"publications", "publication"}:
            visiting = "visiting" in line.lower() or section.startswith("visiting")
            affiliation = Affiliation(organisation=phrase, role=line[:200], period=period,
                                      visiting=visiting, adjunct="adjunct" in line.lower(), evidence=ev)
            profile.affiliations.append(affiliation)
