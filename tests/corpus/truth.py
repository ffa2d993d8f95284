"""The ground truth of one CV in terms of the product's Profile fields (intake/records.py).

Only what the CV's files show: text.py writes every fact, so the truth follows the facts; a position
written without a period has no years, a talk keeps its country, the co-author organisations are
those of the publication-list export's addresses (the CV's own paper list names none). Organisations,
funders and programs carry every name they go by, so a reader may report any of them.
"""

from __future__ import annotations

from typing import Any

from tests.corpus import world
from tests.corpus.facts import Cv, Position


def _org(org: world.Org) -> dict[str, Any]:
    return {"id": org.id, "name": org.name, "aliases": list(org.aliases), "country": org.country}


def _affiliation(pos: Position) -> dict[str, Any]:
    start, end = pos.period.years
    return {**_org(pos.org), "role": pos.role, "start": start, "end": None if pos.period.current else end,
            "current": pos.period.current, "visiting": pos.visiting, "adjunct": pos.adjunct,
            "honorary": pos.honorary}


def truth_of(cv: Cv, files: dict[str, str]) -> dict[str, Any]:
    """The truth JSON of one CV; `files` names its files by role (cv, publist)."""
    funders: dict[str, dict[str, Any]] = {}
    for grant in cv.grants:
        f = grant.funder
        funders.setdefault(f.id, {"id": f.id, "name": f.name, "aliases": list(f.aliases), "country": f.country,
                                  "written": grant.written})
    coauthors: dict[str, dict[str, Any]] = {}
    for paper in cv.publist_papers:
        for _address, org in paper.addresses:
            coauthors.setdefault(org.id, _org(org))
    programs: dict[str, dict[str, Any]] = {}
    for fact in cv.programs:
        p = fact.program
        programs.setdefault(p.id, {"id": p.id, "name": p.name, "aliases": list(p.aliases), "country": p.country})
    return {
        "id": cv.spec.id,
        "layout": cv.spec.layout,
        "flags": list(cv.spec.flags),
        "sparse": cv.spec.sparse,
        "publist": cv.spec.publist,
        "files": files,
        "person": {"name": cv.person.name, "other_names": list(cv.person.other_names), "email": cv.person.email,
                   "citizenships": list(cv.person.citizenships)},
        "affiliations": [_affiliation(p) for p in cv.positions],
        "funders": list(funders.values()),
        "talk_countries": [t.country for t in cv.talks],
        "coauthor_organisations": list(coauthors.values()),
        "patents": [{"number": p.number, "office": p.office} for p in cv.patents],
        "talent_programs": list(programs.values()),
    }
