"""How one fictional CV's facts are written: heading wording, date styles and entry shapes.

`render(cv, rng, cjk=...) -> CvText` turns the facts (facts.py) into a header and sections of entries.
Each entry keeps its period as written (`when`) apart from the rest (`body`), so a table layout can put
the period in its own column, and also carries `lines`, the entry as a flowing layout prints it. Every
fact of the CV is written (the ground truth relies on it); only the wording varies. Choices are made
once per CV (one date style, one entry shape, one heading case), as a person writing a CV would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.corpus import world
from tests.corpus.facts import Cv, Degree, Grant, Paper, PatentFact, Period, Position, ProgramFact, Talk, Visitor

HEADINGS: dict[str, tuple[str, ...]] = {
    "education": ("Education", "Academic Qualifications", "Degrees", "Education and Training"),
    "employment": ("Employment", "Professional Appointments", "Positions Held", "Academic Career",
                   "Academic Positions", "Professional Experience", "Appointments", "Employment History",
                   "Research Experience", "Academic Appointments"),
    "visiting": ("Visiting Positions", "Visiting Appointments", "Guest Positions"),
    "funding": ("Grants", "Research Support", "Funding", "Research Grants", "Grants and Funding", "Research Funding",
                "Sponsored Research"),
    "patents": ("Patents", "Intellectual Property", "Patents and Inventions"),
    "programs": ("Talent Programs", "Talent Programs and Fellowships", "Fellowships"),
    "honors": ("Honors and Awards", "Awards", "Honours and Prizes", "Awards and Recognition", "Distinctions"),
    "talks": ("Invited Talks", "Presentations", "Invited Lectures and Seminars", "Talks and Travel",
              "Conference Presentations", "Selected Invited Talks", "Seminars and Colloquia"),
    "hosted": ("Hosted Visitors", "Visiting Scholars Hosted", "Visitors Hosted"),
    "publications": ("Publications", "Selected Publications", "Journal Articles", "Refereed Papers"),
    "service": ("Service", "Professional Service", "Editorial and Committee Service", "Memberships"),
}
DATE_STYLES = ("hyphen", "endash", "month", "numeric", "short", "to", "dotted")
SHAPES = ("date-first", "role-then-org", "org-first")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_DOT = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@dataclass
class Entry:
    """One entry: its period as written, the text without it, and the lines a flowing layout prints."""

    when: str
    body: list[str]
    lines: list[str]


@dataclass
class Section:
    """A section of the CV: what it lists (a HEADINGS key), its heading as written, its entries."""

    key: str
    heading: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class CvText:
    """A CV as text: an optional title line, the name, contact lines and the sections in order."""

    title: str | None
    name: str
    contact: list[str]
    sections: list[Section]
    date_style: str
    shape: str

    def lines(self) -> list[str]:
        """The CV as plain lines (one column): header, then each heading and its entries."""
        out = [self.title] if self.title else []
        out += [self.name, *self.contact, ""]
        for section in self.sections:
            out.append(section.heading)
            for entry in section.entries:
                out.extend(entry.lines)
            out.append("")
        return out


@dataclass
class _Style:
    """The writing habits of one CV."""

    rng: random.Random
    dates: str
    shape: str
    case: str
    cjk: bool
    country_in_place: bool

    def period(self, period: Period, single_ok: bool = True) -> str:
        """The period in this CV's date style ('' when undated)."""
        return format_period(period, self.dates, self.rng, single_ok)

    def heading(self, key: str, number: int) -> str:
        words = self.rng.choice(HEADINGS[key])
        if self.case == "upper":
            return words.upper()
        if self.case == "numbered":
            return f"{number}. {words}"
        return f"{words}:" if self.case == "colon" else words

    def text(self, written: str, fallback: str) -> str:
        """`written`, unless it needs a script (Chinese, Arabic, ...) the layout cannot carry: Latin only."""
        return written if self.cjk or all(ord(ch) < 0x0250 or 0x2000 <= ord(ch) < 0x2070 for ch in written) \
            else fallback

    def country(self, code: str) -> str:
        names = world.COUNTRY_NAMES.get(code, (code,))
        return names[0] if self.rng.random() < 0.6 else self.rng.choice(names)


def format_period(period: Period, style: str, rng: random.Random, single_ok: bool = True) -> str:
    """A period as CVs write it: '2016-2019', 'Sep 2019 - present', '09/2019–now', 'since 2020', ..."""
    if period.start is None:
        return ""
    (sy, sm), end = period.start, period.end
    if period.current:
        return {"hyphen": f"{sy}-present", "endash": f"{sy}–{rng.choice(['present', 'now'])}",
                "month": f"{MONTHS[sm - 1]} {sy} - present", "numeric": f"{sm:02d}/{sy}–now",
                "short": rng.choice([f"since {sy}", f"{sy}-"]), "to": f"{MONTHS_DOT[sm - 1]} {sy} to date",
                "dotted": f"{sy}.{sm:02d} - present"}[style]
    assert end is not None
    ey, em = end
    if ey == sy and single_ok and style in {"hyphen", "endash", "short"}:
        return str(sy)
    if (ey, em) == (sy, sm) and single_ok:  # one month: "Dec 2011", "12/2011"
        return {"month": f"{MONTHS[sm - 1]} {sy}", "numeric": f"{sm:02d}/{sy}", "to": f"{MONTHS_DOT[sm - 1]} {sy}",
                "dotted": f"{sy}.{sm:02d}"}[style]
    return {"hyphen": f"{sy}-{ey}", "endash": f"{sy}–{ey}", "month": f"{MONTHS[sm - 1]} {sy} - {MONTHS[em - 1]} {ey}",
            "numeric": f"{sm:02d}/{sy}–{em:02d}/{ey}",
            "short": f"{sy}-{ey % 100:02d}" if ey // 100 == sy // 100 and ey > sy else f"{sy}-{ey}",
            "to": f"{MONTHS_DOT[sm - 1]} {sy} to {MONTHS_DOT[em - 1]} {ey}",
            "dotted": f"{sy}.{sm:02d} - {ey}.{em:02d}"}[style]


def render(cv: Cv, rng: random.Random, *, cjk: bool) -> CvText:
    """Write the CV's facts; `cjk` says whether the layout can carry Chinese characters."""
    style = _Style(rng, rng.choice(DATE_STYLES), rng.choice(SHAPES),
                   rng.choice(["title", "title", "upper", "numbered", "colon"]), cjk, rng.random() < 0.5)
    employment = list(cv.positions)
    visiting: list[Position] = []
    if any(p.visiting for p in employment) and rng.random() < 0.6:
        visiting = [p for p in employment if p.visiting]
        employment = [p for p in employment if not p.visiting]
    newest_first = rng.random() < 0.7
    order = (lambda xs: list(reversed(xs))) if newest_first else list
    programs_apart = bool(cv.programs) and rng.random() < 0.5
    built: list[tuple[str, list[Entry]]] = [
        ("education", [_degree(d, style) for d in order(cv.degrees)]),
        ("employment", [_position(p, style) for p in order(employment)]),
        ("visiting", [_position(p, style) for p in order(visiting)]),
        ("funding", [_grant(g, style) for g in cv.grants]),
        ("patents", [_patent(p, style) for p in cv.patents]),
        ("programs" if programs_apart else "honors",
         [_program(p, style) for p in cv.programs] + ([] if programs_apart else [_honor(h, style) for h in cv.honors])),
        ("honors", [_honor(h, style) for h in cv.honors] if programs_apart else []),
        ("talks", [_talk(t, style) for t in cv.talks]),
        ("hosted", [_visitor(v, style) for v in cv.visitors]),
        ("publications", [_paper(p, rng) for p in cv.papers]),
        ("service", [Entry("", [s], [s]) for s in cv.service]),
    ]
    if rng.random() < 0.5:  # many CVs put appointments before education
        built[0], built[1] = built[1], built[0]
    sections = []
    for key, entries in built:
        if entries:
            sections.append(Section(key, style.heading(key, len(sections) + 1), entries))
    title = rng.choice([None, None, "Curriculum Vitae", "CURRICULUM VITAE"])
    return CvText(title, cv.person.name, _contact(cv, style), sections, style.dates, style.shape)


def _contact(cv: Cv, style: _Style) -> list[str]:
    person, rng = cv.person, style.rng
    out = []
    others = [style.text(n, "") for n in person.other_names]
    others = [n for n in others if n]
    if others:
        out.append(f"{rng.choice(['Other names', 'Also published as', 'Name variants'])}: {'; '.join(others)}")
    if person.email:
        out.append(f"{rng.choice(['Email', 'E-mail', 'email'])}: {person.email}")
    if person.citizenships:
        label = rng.choice(["Citizenship", "Nationality"])
        words = [world.DEMONYMS.get(c) or world.COUNTRY_NAMES[c][0] for c in person.citizenships]
        out.append(f"{label}: {', '.join(words)}")
    if person.residence:
        out.append(f"Country of residence: {world.COUNTRY_NAMES[person.residence][0]}")
    return out


def _org(org: world.Org, style: _Style) -> str:
    """The organisation as written: its name, or sometimes an alias (Chinese only if the layout can)."""
    names = [org.name, org.name, *org.aliases]
    return style.text(style.rng.choice(names), org.name)


def _place(org: world.Org, style: _Style) -> str:
    city = org.city
    country = style.country(org.country)
    if city.split(",")[0] == country:
        return country
    return f"{city}, {country}" if style.country_in_place else city


def _position(pos: Position, style: _Style) -> Entry:
    """An appointment in the CV's entry shape: 'date  role, unit, org', role line + dated org line, or org first."""
    when = style.period(pos.period, single_ok=True)
    role = f"{pos.role}, {pos.unit}" if pos.unit else pos.role
    org = f"{_org(pos.org, style)}, {_place(pos.org, style)}"
    if style.shape == "date-first":
        body = [f"{role}, {org}"]
        return Entry(when, body, [f"{when}  {body[0]}" if when else body[0]])
    if style.shape == "role-then-org":
        return Entry(when, [role, org], [role, f"{org}, {when}" if when else org])
    body = [f"{org}", role]
    return Entry(when, body, [org, f"{role} ({when})" if when else role])


def _degree(degree: Degree, style: _Style) -> Entry:
    when = style.period(degree.period) if style.rng.random() < 0.6 else str(degree.period.end[0])
    text = f"{degree.degree} in {degree.field}, {_org(degree.org, style)}, {_place(degree.org, style)}"
    if style.shape == "date-first":
        return Entry(when, [text], [f"{when}  {text}"])
    return Entry(when, [text], [f"{text}, {when}"])


def _grant(grant: Grant, style: _Style) -> Entry:
    rng, when = style.rng, style.period(grant.period, single_ok=False)
    shape = rng.choice(["id-first", "title-first", "funded-by"])
    ident = grant.grant_id
    if ident.split()[0] in grant.written.split():  # "JSPS KAKENHI JP16H00270", not "JSPS KAKENHI KAKENHI ..."
        ident = ident.split(" ", 1)[1]
    if shape == "id-first":
        text = f"{grant.written} {ident}, “{grant.title}”, {grant.amount} ({grant.role})"
    elif shape == "title-first":
        text = f"“{grant.title}”. {grant.written}, grant {ident}. {grant.role}. {grant.amount}"
    else:
        text = f"{grant.title}. Funded by the {grant.written} ({ident}); role: {grant.role}; {grant.amount}"
    if style.shape == "date-first":
        return Entry(when, [text], [f"{when}  {text}"])
    return Entry(when, [text], [f"{text}, {when}"])


def _patent(patent: PatentFact, style: _Style) -> Entry:
    rng = style.rng
    number = patent.number
    if patent.office == "US" and rng.random() < 0.4:
        number = f"U.S. Patent No. {number[3:]}"
    elif patent.office == "CN" and number.startswith("ZL") and rng.random() < 0.4:
        number = f"Chinese invention patent {number}"
    text = rng.choice([f"{number}, “{patent.title}”, {patent.status}, {patent.year}",
                       f"“{patent.title}”, {number} ({patent.status} {patent.year})",
                       f"Patent {number}: {patent.title}. Status: {patent.status}, {patent.year}"])
    return Entry("", [text], [text])


def _program(fact: ProgramFact, style: _Style) -> Entry:
    written = style.text(fact.written, fact.program.name)
    when = style.period(fact.period)
    text = style.rng.choice([f"{written}", f"Selected for the {written}", f"{written} (national talent program)"])
    if style.shape == "date-first":
        return Entry(when, [text], [f"{when}  {text}"])
    return Entry(when, [text], [f"{text}, {when}"])


def _honor(honor: tuple[int, str], style: _Style) -> Entry:
    year, text = honor
    if style.shape == "date-first":
        return Entry(str(year), [text], [f"{year}  {text}"])
    return Entry(str(year), [text], [f"{text}, {year}"])


def _talk(talk: Talk, style: _Style) -> Entry:
    rng = style.rng
    when = style.period(talk.period, single_ok=True)
    if when and style.dates in {"hyphen", "endash", "short"} and talk.period.start and rng.random() < 0.5:
        when = f"{MONTHS[talk.period.start[1] - 1]} {talk.period.start[0]}"
    country = style.country(talk.country)
    place = country if talk.city == country else f"{talk.city}, {country}"
    notes = [n for n, on in (("travel paid by the host", talk.sponsored), ("honorarium", talk.honorarium)) if on]
    tail = f" ({'; '.join(notes)})" if notes else ""
    text = rng.choice([f"{talk.kind}, “{talk.title}”, {talk.host}, {place}{tail}",
                       f"“{talk.title}”, {talk.kind.lower()} at {talk.host}, {place}{tail}"])
    if not when:
        return Entry("", [text], [text])
    if style.shape == "date-first":
        return Entry(when, [text], [f"{when}  {text}"])
    return Entry(when, [text], [f"{text}, {when}"])


def _visitor(visitor: Visitor, style: _Style) -> Entry:
    when = style.period(visitor.period)
    org = _org(visitor.org, style)
    text = f"{visitor.name}, {visitor.status}, {org}, {style.country(visitor.org.country)}"
    if style.shape == "date-first":
        return Entry(when, [text], [f"{when}  {text}"])
    return Entry(when, [text], [f"{text} ({when})"])


def _paper(paper: Paper, rng: random.Random) -> Entry:
    authors = ", ".join(paper.authors)
    text = rng.choice([f"{authors}. {paper.title}. {paper.venue} ({paper.year}).",
                       f"{authors}, “{paper.title}”, {paper.venue}, {paper.year}."])
    return Entry(str(paper.year), [text], [text])
