"""What a fictional researcher produced: patents in the offices' formats, papers, publication exports.

Split from facts.py (which decides the career); plain functions of a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.corpus import world
from tests.corpus.world import Org

LAST_YEAR = 2025  # "present" is after this year; nothing ends later except grants and fellowships
FIELDS = ("Physics", "Computer Science", "Materials Science and Engineering", "Electrical Engineering",
          "Chemistry", "Mechanical Engineering", "Applied Mathematics", "Bioengineering")
TOPICS = ("graphene heterostructures", "quantum error correction", "lithium-metal anodes", "sparse neural networks",
          "metamaterial antennas", "protein folding kinetics", "turbulent combustion", "perovskite solar cells",
          "swarm robotics", "topological insulators", "federated learning", "hypersonic boundary layers",
          "CRISPR delivery vectors", "spin qubits", "high-entropy alloys", "graph signal processing")
VENUES = ("Physical Review B", "Nature Communications", "Journal of Applied Physics", "Advanced Materials",
          "IEEE Transactions on Signal Processing", "Nano Letters", "Journal of Fluid Mechanics",
          "ACS Nano", "Proceedings of the National Academy of Sciences", "IEEE Transactions on Robotics")


@dataclass
class PatentFact:
    number: str
    office: str
    title: str
    year: int
    status: str


@dataclass
class Paper:
    title: str
    venue: str
    year: int
    authors: list[str]
    addresses: list[tuple[str, Org]] = field(default_factory=list)  # (address as exported, its org)


def zl_number(rng: random.Random, year: int) -> str:
    """A Chinese grant number 'ZL' + 12 digits + '.' + check digit (CNIPA weights 2..9,2..5 mod 11)."""
    body = f"{year}{rng.choice('128')}{rng.randint(0, 9_999_999):07d}"
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return f"ZL{body}.{'X' if check == 10 else check}"


def patent_number(office: str, rng: random.Random, year: int) -> tuple[str, str]:
    """(number as written, office) in the office's published format."""
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if office == "ZL":
        zl = zl_number(rng, year)
        return (zl if rng.random() < 0.5 else f"ZL {zl[2:6]} {zl[6]} {zl[7:]}"), "CN"
    formats = {
        "CN": lambda: f"CN {rng.choice('1')}{d(8)} {rng.choice(['A', 'B'])}",
        "US": lambda: f"US {rng.randint(9, 11)},{d(3)},{d(3)} {rng.choice(['B1', 'B2'])}",
        "EP": lambda: f"EP {rng.randint(2, 3)} {d(3)} {d(3)} {rng.choice(['A1', 'B1'])}",
        "WO": lambda: f"WO {year}/{d(6)}",
        "RU": lambda: f"RU 2 {d(3)} {d(3)} C1",
        "JP": lambda: f"JP {year}-{d(6)}",
        "KR": lambda: f"KR 10-{rng.randint(1, 2)}{d(6)}",
        "DE": lambda: f"DE 10 {year} {d(3)} {d(3)} A1",
    }
    return formats[office](), office


def patents(fcoc_patent: bool, origin: str, rng: random.Random) -> list[PatentFact]:
    """Patents in the offices' formats; Chinese (or Russian) ones when the CV is flagged for them."""
    offices = [rng.choice(["US", "EP", "WO", "JP", "KR", "DE"]) for _ in range(rng.choice([0, 0, 1, 2]))]
    if fcoc_patent:
        offices += [rng.choice(["RU"] if origin == "ru" else ["CN", "ZL"]) for _ in range(rng.randint(1, 3))]
    out = []
    for office in offices:
        year = rng.randint(2012, 2024)
        number, code = patent_number(office, rng, year)
        title = f"{rng.choice(['Method and device for', 'System for', 'Apparatus for'])} {rng.choice(TOPICS)}"
        out.append(PatentFact(number, code, title, year, rng.choice(["granted", "pending", "published"])))
    return out


def coauthor(rng: random.Random) -> str:
    """A fictional co-author name 'Given Surname'."""
    given, surnames = world.NAMES[rng.choice(list(world.NAMES))]
    return f"{rng.choice(given)} {rng.choice(surnames)}"


def papers(rng: random.Random, name: str, phd_end: int, count: int) -> list[Paper]:
    """`count` papers of the person called `name` with fictional co-authors, newest first."""
    out = []
    for _ in range(count):
        authors = [coauthor(rng) for _ in range(rng.randint(1, 4))]
        authors.insert(rng.randint(0, len(authors)), name)
        title = f"{rng.choice(['On', 'Toward', 'Observation of', 'A model of', 'Efficient'])} {rng.choice(TOPICS)}"
        venue = rng.choice(VENUES)
        out.append(Paper(title[0].upper() + title[1:], venue, rng.randint(phd_end - 3, LAST_YEAR), authors))
    return sorted(out, key=lambda p: -p.year)


def publist(home: Org, coauthor_pool: list[Org], name: str, rng: random.Random) -> list[Paper]:
    """The export beside the CV: papers whose addresses name `home` and organisations of the pool."""
    out = papers(rng, name, 2016, rng.randint(3, 6))
    for paper in out:
        orgs = [home, *rng.sample(coauthor_pool, rng.randint(1, 2))]
        paper.addresses = [(address(org, rng), org) for org in dict.fromkeys(orgs)]
    return out


def address(org: Org, rng: random.Random) -> str:
    """A postal-style affiliation: '[unit, ]Organisation, City, Country'."""
    unit = "" if org.kind == "company" else f"{rng.choice(['Department of', 'School of'])} {rng.choice(FIELDS)}, "
    return f"{unit}{org.name}, {org.city}, {world.COUNTRY_NAMES[org.country][0]}"


def honors(rng: random.Random, phd_end: int) -> list[tuple[int, str]]:
    """Awards after the PhD, newest first."""
    awards = ["Best Paper Award, IEEE International Conference on Robotics and Automation",
              "Fellow, American Physical Society", "Early Career Award, Royal Society of Chemistry",
              "Outstanding Reviewer Award, Physical Review Journals", "Teaching Excellence Award",
              "Young Investigator Award, International Union of Pure and Applied Physics"]
    return sorted(((rng.randint(min(phd_end + 1, LAST_YEAR), LAST_YEAR), a)
                   for a in rng.sample(awards, rng.randint(1, 3))), reverse=True)


def service(rng: random.Random, short: bool) -> list[str]:
    """Editorial and committee lines (sometimes naming a funder outside any grant)."""
    lines = [f"Associate Editor, {rng.choice(VENUES)}", "Program Committee member, Conference on Neural Information "
             "Processing Systems", f"Referee for {rng.choice(VENUES)} and {rng.choice(VENUES)}",
             "Member, American Physical Society"]
    if rng.random() < 0.15:  # funders named outside any grant: not funding
        lines.append(f"Panel reviewer, {rng.choice(['National Science Foundation', 'European Research Council'])}")
    return rng.sample(lines, 1 if short else rng.randint(1, min(3, len(lines))))
