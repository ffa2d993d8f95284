"""The facts of one fictional CV, drawn from a seeded random generator (the ground truth's source).

`sample_cv(spec, rng)` decides who the person is and what they did: career, degrees, grants,
patents, talent programs, talks, hosted visitors, publications and an optional publication-list
export. How the facts are written (headings, date styles, entry shapes) is decided in text.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.corpus import world
from tests.corpus.world import Funder, Org, Program
from tests.corpus.works import (FIELDS, LAST_YEAR, TOPICS, Paper, PatentFact, honors, papers, patents, publist,
                                service)

UNITS = ("Department of", "School of", "Faculty of")
FLAGS = ("listed_affiliation", "fcoc_funding", "talent_program", "fcoc_patent", "fcoc_travel",
         "listed_coauthor", "listed_visitor", "overlap", "fcoc_visiting")


@dataclass(frozen=True)
class Period:
    """(year, month) start and end; `current` = to present; no start = undated."""

    start: tuple[int, int] | None
    end: tuple[int, int] | None = None
    current: bool = False

    @property
    def years(self) -> tuple[int | None, int | None]:
        return (self.start[0] if self.start else None, self.end[0] if self.end else None)


@dataclass
class Position:
    """An appointment: organisation, role and unit as written, period, kind flags."""

    org: Org
    role: str
    unit: str
    period: Period
    visiting: bool = False
    adjunct: bool = False
    honorary: bool = False
    program: Program | None = None  # a talent program named inside the entry


@dataclass
class Degree:
    org: Org
    degree: str
    field: str
    period: Period


@dataclass
class Grant:
    funder: Funder
    written: str  # the funder's name as the CV writes it (canonical name or an alias)
    grant_id: str
    title: str
    period: Period
    amount: str
    role: str


@dataclass
class ProgramFact:
    program: Program
    written: str
    period: Period


@dataclass
class Talk:
    kind: str
    title: str
    host: str
    city: str
    country: str
    period: Period
    sponsored: bool
    honorarium: bool


@dataclass
class Visitor:
    name: str
    status: str
    org: Org
    period: Period


@dataclass
class Person:
    name: str
    origin: str
    given: str
    surname: str
    other_names: list[str]
    email: str | None
    citizenships: list[str]
    residence: str | None


@dataclass
class CvSpec:
    """What the plan decided for one CV before sampling."""

    id: str
    layout: str
    flags: tuple[str, ...]
    sparse: bool
    publist: str | None  # bib-scopus | bib-wos | ris | csv


@dataclass
class Cv:
    spec: CvSpec
    person: Person
    positions: list[Position]
    degrees: list[Degree]
    grants: list[Grant]
    patents: list[PatentFact]
    programs: list[ProgramFact]
    talks: list[Talk]
    visitors: list[Visitor]
    papers: list[Paper]
    publist_papers: list[Paper]
    honors: list[tuple[int, str]]
    service: list[str]

    @property
    def cjk_ok(self) -> bool:
        """Chinese characters only where a text layer carries them (not in scanned CVs)."""
        return self.spec.layout != "scanned"


def fcoc_of(cv_origin: str) -> str:
    """The country of concern a flagged CV's facts point to."""
    return {"ru": "RU", "fa": "IR"}.get(cv_origin, "CN")


def sample_cv(spec: CvSpec, rng: random.Random) -> Cv:
    """Every fact of one CV."""
    origin = rng.choice(["zh", "zh", "ru", "fa", "de", "en", "in", "jp", "kr", "eu"] if spec.flags
                        else ["zh", "de", "en", "en", "in", "jp", "kr", "eu", "ru", "fa"])
    phd_end = rng.randint(2003, 2017)
    positions = _career(spec, origin, phd_end, rng)
    person = _person(origin, spec, positions, rng)
    short = spec.layout == "scanned"  # two pages at most: OCR is the slow part of the benchmark
    cv = Cv(spec, person, positions, _degrees(spec, origin, phd_end, rng), _grants(spec, origin, positions, rng),
            patents("fcoc_patent" in spec.flags, origin, rng), _programs(spec, origin, phd_end, rng, cjk=not short),
            _talks(spec, origin, phd_end, rng, 3 if short else 6), _visitors(spec, origin, rng),
            papers(rng, person.name, phd_end, 2 if short else rng.randint(4, 8)), [],
            honors(rng, phd_end), service(rng, short))
    if spec.publist:
        cv.publist_papers = _publist(spec, origin, cv, rng)
    return cv


def _publist(spec: CvSpec, origin: str, cv: Cv, rng: random.Random) -> list[Paper]:
    """The publication export: co-authors at benign places, and at listed ones for flagged CVs."""
    current = [p.org for p in cv.positions if p.period.current]
    home = current[0] if current else cv.positions[-1].org
    pool: list[Org] = list(rng.sample(world.BENIGN, 4))
    if "listed_coauthor" in spec.flags:
        pool += rng.sample([o for o in world.listed_orgs() if o.country == fcoc_of(origin) and o.id != "ihep"], 2)
    return publist(home, pool, cv.person.name, rng)


def _period(rng: random.Random, start: int, end: int | None, current: bool = False) -> Period:
    """A period with random months (single-year periods keep start <= end)."""
    sm = rng.randint(1, 12)
    if current or end is None:
        return Period((start, sm), None, current)
    em = rng.randint(sm if end == start else 1, 12)
    return Period((start, sm), (end, em))


def _pick_org(rng: random.Random, pool: tuple[Org, ...], avoid: set[str]) -> Org:
    choices = [o for o in pool if o.id not in avoid] or list(pool)
    return rng.choice(choices)


def _home_pool(origin: str, flagged: bool) -> tuple[Org, ...]:
    """Where a person of this origin studied and worked (FCOC places only for flagged CVs)."""
    if flagged and origin in {"zh", "ru", "fa"}:
        fcoc = fcoc_of(origin)
        return tuple(o for o in (*world.FCOC_BENIGN, *world.listed_orgs()) if o.country == fcoc and o.kind != "company")
    return world.BENIGN


def _career(spec: CvSpec, origin: str, phd_end: int, rng: random.Random) -> list[Position]:
    flagged = bool(spec.flags)
    home, abroad = _home_pool(origin, flagged), world.BENIGN
    ladder = [("Postdoctoral Fellow", "Postdoctoral Research Associate", "Research Fellow"),
              ("Assistant Professor", "Lecturer", "Research Scientist"),
              ("Associate Professor", "Senior Lecturer", "Senior Researcher"),
              ("Professor", "Full Professor", "Chair Professor")]
    year, out, used = phd_end, [], set()
    for step, roles in enumerate(ladder):
        if year > LAST_YEAR - 1:
            break
        length = rng.randint(2, 3) if step == 0 else rng.randint(4, 7)
        last = step == len(ladder) - 1 or year + length >= LAST_YEAR
        org = _pick_org(rng, abroad if step == 0 and rng.random() < 0.6 else home, used)
        used.add(org.id)
        role = rng.choice(roles) if org.kind != "company" else rng.choice(("Research Scientist", "Senior Researcher"))
        unit = "" if org.kind == "company" else f"{rng.choice(UNITS)} {rng.choice(FIELDS)}"
        out.append(Position(org, role, unit, _period(rng, year, None if last else year + length, current=last)))
        year += length
        if last:
            break
    out.extend(_extra_positions(spec, origin, phd_end, used, rng))
    if spec.sparse:  # some past entries lose their dates, as in hand-written CVs
        for pos in out[:-1]:
            if not pos.period.current and rng.random() < 0.6:
                pos.period = Period(None)
    return out


def _extra_positions(spec: CvSpec, origin: str, phd_end: int, used: set[str], rng: random.Random) -> list[Position]:
    """Adjunct, visiting and honorary posts; the red-flag ones at listed or FCOC institutions."""
    fcoc = fcoc_of(origin)
    listed = tuple(o for o in world.listed_orgs() if o.country == fcoc)
    out = []
    if "listed_affiliation" in spec.flags:
        org = _pick_org(rng, listed, used)
        role = rng.choice(["Adjunct Professor", "Visiting Professor", "Honorary Professor", "Guest Professor",
                           "Part-time Research Professor", "Distinguished Visiting Scientist"])
        start = rng.randint(min(phd_end + 3, LAST_YEAR - 1), LAST_YEAR - 1)
        current = rng.random() < 0.5
        end = None if current else min(start + rng.randint(0, 3), LAST_YEAR)
        out.append(_special(org, role, _period(rng, start, end, current)))
    if "fcoc_visiting" in spec.flags:
        pool = tuple(o for o in world.FCOC_BENIGN if o.country == fcoc) or world.FCOC_BENIGN
        start = rng.randint(min(phd_end + 1, LAST_YEAR), LAST_YEAR)
        out.append(_special(_pick_org(rng, pool, used), rng.choice(["Visiting Scholar", "Visiting Professor"]),
                            _period(rng, start, start)))
    if "overlap" in spec.flags:
        pool = tuple(o for o in (*world.FCOC_BENIGN, *listed) if o.country == fcoc)
        start = rng.randint(min(phd_end + 4, LAST_YEAR - 1), LAST_YEAR - 1)
        out.append(Position(_pick_org(rng, pool, used), "Professor (full-time)", f"School of {rng.choice(FIELDS)}",
                            _period(rng, start, None, True)))
    if not spec.flags and rng.random() < 0.4:
        org = _pick_org(rng, world.BENIGN, used)
        start = rng.randint(min(phd_end + 2, LAST_YEAR), LAST_YEAR)
        role = rng.choice(["Visiting Researcher", "Adjunct Professor", "Visiting Scholar"])
        out.append(_special(org, role, _period(rng, start, min(start + rng.randint(0, 2), LAST_YEAR))))
    return out


def _special(org: Org, role: str, period: Period) -> Position:
    low = role.lower()
    unit = "" if org.kind == "company" else "School of Physics" if "Prof" in role and len(role) % 2 else ""
    return Position(org, role, unit, period, visiting="visiting" in low or "guest" in low,
                    adjunct="adjunct" in low, honorary="honorary" in low)


def _degrees(spec: CvSpec, origin: str, phd_end: int, rng: random.Random) -> list[Degree]:
    pool = tuple(o for o in _home_pool(origin, bool(spec.flags)) if o.kind != "company")  # no degrees from firms
    field_ = rng.choice(FIELDS)
    universities = tuple(o for o in world.BENIGN if o.kind != "company")
    phd_org = _pick_org(rng, pool if rng.random() < 0.6 else universities, set())
    bsc_org = _pick_org(rng, pool, {phd_org.id})
    out = [Degree(phd_org, rng.choice(["Ph.D.", "PhD", "Doctor of Philosophy"]), field_,
                  _period(rng, phd_end - rng.randint(4, 5), phd_end)),
           Degree(bsc_org, rng.choice(["B.Sc.", "BSc", "B.S.", "B.Eng."]), field_,
                  _period(rng, phd_end - 9, phd_end - 5))]
    if rng.random() < 0.4:
        master = rng.choice(["M.Sc.", "MSc", "M.S."])
        out.insert(1, Degree(bsc_org, master, field_, _period(rng, phd_end - 6, phd_end - 5)))
    return out


def _grant_id(fmt: str, rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in fmt)


def _grants(spec: CvSpec, origin: str, positions: list[Position], rng: random.Random) -> list[Grant]:
    countries = {p.org.country for p in positions}
    local = [f for f in world.BENIGN_FUNDERS if f.country in countries] or list(world.BENIGN_FUNDERS)
    chosen: list[Funder] = [rng.choice(local if rng.random() < 0.7 else world.BENIGN_FUNDERS)
                            for _ in range(rng.randint(1, 3))]
    if "fcoc_funding" in spec.flags:
        fcoc = [f for f in world.fcoc_funders() if f.country == fcoc_of(origin)]
        chosen += rng.sample(fcoc, min(len(fcoc), rng.randint(1, 2)))
    first = min((p.period.start[0] for p in positions if p.period.start), default=2008)
    out = []
    for funder in chosen:
        start = rng.randint(min(max(2008, first), 2024), 2024)  # grants come after the first appointment
        period = _period(rng, start, start + rng.randint(2, 5))
        written = rng.choice([funder.name, funder.name, *[a for a in funder.aliases if a.isascii()]])
        amount = f"{funder.currency} {rng.randint(5, 250) * 10_000:,}"
        out.append(Grant(funder, written, _grant_id(rng.choice(funder.grant_formats), rng),
                         f"{rng.choice(['Mechanisms of', 'Scalable methods for', 'Control of', 'Theory of'])} "
                         f"{rng.choice(TOPICS)}", period, amount, rng.choice(["PI", "Co-PI", "Co-Investigator"])))
    return out


def _programs(spec: CvSpec, origin: str, phd_end: int, rng: random.Random, cjk: bool) -> list[ProgramFact]:
    if "talent_program" not in spec.flags:
        return []
    pool = [p for p in world.programs() if p.country == fcoc_of(origin)]
    out = []
    for program in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
        english = [a for a in (program.name, *program.aliases) if a.isascii()]
        native = [a for a in program.aliases if not a.isascii() and any("\u4e00" <= ch <= "\u9fff" for ch in a)]
        written = rng.choice(english)
        if cjk and native and rng.random() < 0.5:
            written = rng.choice([f"{written} ({native[0]})", native[0]])
        start = rng.randint(min(phd_end + 2, LAST_YEAR), LAST_YEAR)
        out.append(ProgramFact(program, written, _period(rng, start, start if rng.random() < 0.6 else start + 3)))
    return out


def _talks(spec: CvSpec, origin: str, phd_end: int, rng: random.Random, most: int) -> list[Talk]:
    hosts = [("org", o) for o in rng.sample(world.BENIGN, rng.randint(1, max(1, most - 1)))]
    if "fcoc_travel" in spec.flags:
        fcoc = fcoc_of(origin)
        pool = [o for o in (*world.FCOC_BENIGN, *world.listed_orgs()) if o.country == fcoc]
        hosts += [("fcoc", o) for o in rng.sample(pool, rng.randint(1, 2))]
    rng.shuffle(hosts)
    out = []
    for kind, org in hosts[:most]:
        year = rng.randint(min(phd_end + 1, LAST_YEAR), LAST_YEAR)
        conference = kind == "org" and rng.random() < 0.3
        host = (f"International Symposium on {rng.choice(TOPICS).title()}" if conference
                else f"{rng.choice(['Department of', 'School of'])} {rng.choice(FIELDS)}, {org.name}"
                if org.kind != "company" and rng.random() < 0.5 else org.name)
        paid = kind == "fcoc" and rng.random() < 0.8 or rng.random() < 0.2
        period = Period(None) if spec.sparse and rng.random() < 0.3 else _period(rng, year, year)
        out.append(Talk(rng.choice(["Invited talk", "Seminar", "Keynote lecture", "Colloquium", "Research visit"]),
                        f"{rng.choice(['Advances in', 'New results on', 'Perspectives on'])} {rng.choice(TOPICS)}",
                        host, org.city.split(",")[0], org.country, period, paid,
                        kind == "fcoc" and rng.random() < 0.6 or rng.random() < 0.1))
    return out


def _visitors(spec: CvSpec, origin: str, rng: random.Random) -> list[Visitor]:
    orgs = rng.sample(world.BENIGN, rng.choice([0, 0, 1, 2]))
    if "listed_visitor" in spec.flags:
        orgs.append(rng.choice([o for o in world.listed_orgs() if o.country == fcoc_of(origin)]))
    out = []
    for org in orgs:
        given, surnames = world.NAMES[rng.choice(list(world.NAMES))]
        start = rng.randint(2012, 2024)
        out.append(Visitor(f"{rng.choice(given)} {rng.choice(surnames)}",
                           rng.choice(["PhD student", "Associate Professor", "Postdoctoral researcher", "Lecturer"]),
                           org, _period(rng, start, start + rng.randint(0, 1))))
    return out


def _person(origin: str, spec: CvSpec, positions: list[Position], rng: random.Random) -> Person:
    given_pool, surnames = world.NAMES[origin]
    given, surname = rng.choice(given_pool), rng.choice(surnames)
    if origin == "ru" and given in {"Elena", "Olga", "Natalia", "Irina", "Tatiana"}:
        surname += "a"
    middle = f" {rng.choice('ABCDEHJKLMRST')}." if origin in {"en", "de", "in"} and rng.random() < 0.4 else ""
    name = f"{given}{middle} {surname}"
    others: list[str] = []
    if rng.random() < 0.5:
        if origin == "zh":
            others.append(f"{surname} {given}")
            if spec.layout != "scanned" and surname in world.HANZI and given in world.HANZI:
                others.append(world.HANZI[surname] + world.HANZI[given])
        elif origin == "ru":
            others.append(name.replace("ei", "ey").replace("Dmitri", "Dmitry") if "ei" in name or "Dmitri" in name
                          else name.replace("v", "ff", 1) if "v" in surname
                          else f"{given} {surname}-{rng.choice(surnames)}")
        elif origin == "fa" and given in {"Mohammad", "Hossein", "Reza"}:
            others.append(name.replace("Mohammad", "Mohammed").replace("Hossein", "Hosein").replace("Reza", "Rezā"))
    others = [o for o in others if o != name]
    current = next((p.org for p in positions if p.period.current), positions[-1].org)
    citizens: list[str] = []
    if rng.random() < 0.6:
        citizens.append(rng.choice(world.ORIGIN_COUNTRIES[origin]))
        if rng.random() < 0.25 and current.country not in citizens and current.country in world.DEMONYMS:
            citizens.append(current.country)
    residence = current.country if rng.random() < 0.4 else None
    local = f"{given}.{surname}".lower().replace(" ", "").replace("-", "")
    email = f"{local}@{rng.choice(['example.org', 'example.com', 'univ.example', 'mail.example'])}" \
        if rng.random() < 0.85 else None
    return Person(name, origin, given, surname, others, email, citizens, residence)
