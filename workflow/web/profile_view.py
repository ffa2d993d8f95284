"""The extracted profile as tables for the case page: one section per kind of fact, each row with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from intake.records import DateRange, Evidence, Profile


@dataclass
class Row:
    """One fact: its cells and where it was read."""

    cells: list[str]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Section:
    """One table of the profile."""

    title: str
    headers: list[str]
    rows: list[Row]


def _period(p: DateRange) -> str:
    if p.raw:
        return p.raw
    start = p.start.isoformat() if p.start else ""
    end = "present" if p.current else (p.end.isoformat() if p.end else "")
    return f"{start} – {end}" if start or end else ""


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _role(a: Any) -> str:
    """'Professor, Department of Physics': the post and the unit it sits in."""
    unit = getattr(a, "unit", "")
    return f"{a.role}, {unit}" if a.role and unit and unit not in a.role else (a.role or unit)


def _flags(a: Any) -> str:
    names = [n for n in ("honorary", "adjunct", "visiting") if getattr(a, n, False)]
    if getattr(a, "paid", None) is not None:
        names.append("paid" if a.paid else "unpaid")
    return ", ".join(names)


# title, attribute of Profile, headers, cells of one item
SPECS: list[tuple[str, str, list[str], Callable[[Any], list[str]]]] = [
    ("Affiliations", "affiliations", ["Organisation", "Country", "Role", "Period", "Notes"],
     lambda a: [a.organisation, a.country or "", _role(a), _period(a.period), _flags(a)]),
    ("Visiting appointments", "visiting_appointments", ["Organisation", "Country", "Role", "Period"],
     lambda a: [a.organisation, a.country or "", _role(a), _period(a.period)]),
    ("Education", "education", ["Organisation", "Country", "Degree", "Period"],
     lambda e: [e.organisation, e.country or "", e.degree, _period(e.period)]),
    ("Funding", "funding", ["Funder", "Country", "Grant", "Role", "Period", "Amount"],
     lambda f: [f.funder, f.country or "", f.grant_id or "", f.role, _period(f.period), f.amount or ""]),
    ("Talent programs", "talent_programs", ["Program", "Country", "Period"],
     lambda t: [t.name, t.country or "", _period(t.period)]),
    ("Patents", "patents", ["Number", "Office", "Title", "Year", "Status", "Assignee"],
     lambda p: [p.number, p.office or "", p.title, str(p.year or ""), p.status, p.assignee]),
    ("Publications", "publications", ["Year", "Title", "Venue", "Co-author organisations"],
     lambda p: [str(p.year or ""), p.title, p.venue, "; ".join(p.coauthor_organisations)]),
    ("Talks and travel", "travel", ["Country", "Host", "Event", "When", "Sponsored", "Honorarium"],
     lambda t: [t.country or "", t.host, t.event, _period(t.when), _yes(t.sponsored), _yes(t.honorarium)]),
    ("Hosted visitors", "hosted_visitors", ["Name", "Organisation", "Country", "Period"],
     lambda h: [h.name, h.organisation, h.country or "", _period(h.period)]),
    ("Disclosures (screening form)", "disclosures", ["Question", "Answer"],
     lambda d: [d.field, d.answer]),
    ("The documents disagree", "inconsistencies", ["About", "CV", "Form"],
     lambda i: [i.field, i.values[0], i.values[-1]]),
]


def person_facts(profile: Profile) -> list[tuple[str, str]]:
    """The subject's own facts as (label, value) pairs, empty values left out."""
    p = profile.person
    pairs = [("Name", p.name), ("Other names", "; ".join(p.other_names)), ("Email", p.email or ""),
             ("Citizenships", ", ".join(p.citizenships)), ("Residence", p.residence_country or ""),
             ("Born in", p.birth_country or "")]
    return [(k, v) for k, v in pairs if v]


def sections(profile: Profile) -> list[Section]:
    """The non-empty sections of a profile, in reading order."""
    found = []
    for title, attr, headers, cells in SPECS:
        items = getattr(profile, attr)
        if items:
            found.append(Section(title, headers, [Row(cells(i), list(i.evidence)) for i in items]))
    return found
