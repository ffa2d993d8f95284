"""Publication-list exports beside a CV: BibTeX as Scopus and Web of Science write it, RIS, Scopus CSV.

Each paper's addresses name its authors' organisations (facts.Paper.addresses); Web of Science
abbreviates them in its own way ("Univ Toronto, Dept Phys, Toronto, Canada.", "Peoples R China").
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.corpus import world
from tests.corpus.facts import Paper

SUFFIX = {"bib-scopus": ".bib", "bib-wos": ".bib", "ris": ".ris", "csv": ".csv"}
# Web of Science's abbreviations (a subset of its published list).
WOS_WORDS = {"University": "Univ", "Institute": "Inst", "Technology": "Technol", "National": "Natl",
             "Department": "Dept", "School": "Sch", "Physics": "Phys", "Science": "Sci", "Sciences": "Sci",
             "Engineering": "Engn", "Research": "Res", "Academy": "Acad", "Laboratory": "Lab",
             "Mathematics": "Math", "Chemistry": "Chem", "Computer": "Comp", "Electrical": "Elect",
             "Mechanical": "Mech", "Applied": "Appl", "Materials": "Mat", "Defense": "Def",
             "Aeronautics": "Aeronaut", "Astronautics": "Astronaut", "Polytechnical": "Polytech"}
WOS_COUNTRY = {"CN": "Peoples R China", "US": "USA", "GB": "England", "KR": "South Korea", "RU": "Russia",
               "IR": "Iran"}


def write_publist(kind: str, papers: list[Paper], path: Path) -> Path:
    """Write the export of `kind` (bib-scopus | bib-wos | ris | csv) at `path`."""
    writer = {"bib-scopus": _scopus_bib, "bib-wos": _wos_bib, "ris": _ris, "csv": _scopus_csv}[kind]
    path.write_text(writer(papers), encoding="utf-8")
    return path


def _surname_first(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def _initials(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]} {''.join(p[0] + '.' for p in parts[:-1])}"


def _scopus_bib(papers: list[Paper]) -> str:
    out = []
    for i, p in enumerate(papers):
        authors = " and ".join(_surname_first(a) for a in p.authors)
        affiliations = "; ".join(address for address, _org in p.addresses)
        key = f"{p.authors[0].split()[-1]}{p.year}{i}"
        out.append(f"@ARTICLE{{{key},\n\tauthor = {{{authors}}},\n\ttitle = {{{p.title}}},\n"
                   f"\tyear = {{{p.year}}},\n\tjournal = {{{p.venue}}},\n\taffiliations = {{{affiliations}}},\n"
                   f"\tdocument_type = {{Article}},\n\tsource = {{Scopus}}\n}}\n")
    return "\n".join(out)


def wos_address(org: world.Org) -> str:
    """An organisation as Web of Science prints it: abbreviated, city, country."""
    name = re.sub(r"^(The )?(University|Univ) of (.+)$", r"Univ \3", org.name)
    words = [WOS_WORDS.get(w, w) for w in name.replace(",", "").split() if w not in {"of", "the", "and", "for"}]
    country = WOS_COUNTRY.get(org.country, world.COUNTRY_NAMES[org.country][0])
    return f"{' '.join(words)}, {org.city.split(',')[0]}, {country}."


def _wos_bib(papers: list[Paper]) -> str:
    out = []
    for i, p in enumerate(papers):
        authors = " and ".join(_surname_first(a) for a in p.authors)
        corresponding = f"{_initials(p.authors[0]).replace('.', '')} (Corresponding Author)"
        lines = [f"{corresponding}, {wos_address(p.addresses[0][1])}"]
        lines += [f"{_surname_first(p.authors[i % len(p.authors)])}, {wos_address(org)}"
                  for i, (_address, org) in enumerate(p.addresses)]
        affiliation = "\n   ".join(lines)
        out.append(f"@article{{ WOS:0001234567{i:05d},\nAuthor = {{{authors}}},\nTitle = {{{p.title}}},\n"
                   f"Journal = {{{p.venue}}},\nYear = {{{p.year}}},\nAffiliation = {{{affiliation}}},\n"
                   f"Type = {{Article}},\n}}\n")
    return "\n".join(out)


def _ris(papers: list[Paper]) -> str:
    out = []
    for p in papers:
        lines = ["TY  - JOUR", *[f"AU  - {_surname_first(a)}" for a in p.authors], f"TI  - {p.title}",
                 f"PY  - {p.year}", f"T2  - {p.venue}", *[f"AD  - {address}" for address, _org in p.addresses],
                 "ER  - "]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def _scopus_csv(papers: list[Paper]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["Authors", "Author full names", "Title", "Year", "Source title", "Affiliations",
                     "Authors with affiliations", "Document Type"])
    for p in papers:
        authors = "; ".join(_initials(a) for a in p.authors)
        full = "; ".join(_surname_first(a) for a in p.authors)
        addresses = [address for address, _org in p.addresses]
        with_affiliations = "; ".join(f"{_initials(a)}, {addresses[i % len(addresses)]}"
                                      for i, a in enumerate(p.authors))
        writer.writerow([authors, full, p.title, p.year, p.venue, "; ".join(addresses), with_affiliations, "Article"])
    return "\ufeff" + buffer.getvalue()
