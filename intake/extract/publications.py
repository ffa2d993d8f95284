"""Publication exports (BibTeX, RIS, CSV) -> Publications with their co-author organisations.

    read_publication_list(doc) -> (publications, warnings)
    address_organisations(text) -> [Organisation(name, country)]

Sources of affiliations: BibTeX `affiliation(s)` fields (Scopus: "Dept, Univ, City, Country; ...";
Web of Science: one address per line ending in ".", author names and "(Corresponding Author)"
in front); RIS `AD`/`C1` lines; CSV columns "Affiliations" / "Authors with affiliations" (Scopus),
"C1" with "[authors]" prefixes or "C3" (Web of Science). ORCID exports usually carry none.

Organisations are cut from an address at `;` and `,`. Web of Science abbreviations are expanded
with the small table `_WORDS` (whole, case-sensitive tokens only, so full names are left alone).
Rules (decided here, tested in tests/extract/test_publications.py):
- departments, schools, faculties, colleges-of, key labs are parts of their organisation and are
  dropped ("School of Astronautics, Harbin Institute of Technology" -> HIT), and so are centres and
  laboratories beside a stronger name (a university, academy, company); alone they are kept;
- a university's institutes are parts of it too; but an institute under an academy, corporation
  or ministry is a legal body of its own (CAS and CAEP institutes, CASC academies), so it is kept,
  named with its parent when its own name is generic: "Institute of Physics, Chinese Academy of
  Sciences", plus "Chinese Academy of Sciences" itself;
- an address naming only a department gives no organisation.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import bibtexparser
from bibtexparser import middlewares, model

from intake.countries import country_code, last_country
from intake.extract.entries import UC_CAMPUS
from intake.records import Byline, Document, Evidence, Publication

if TYPE_CHECKING:
    from _csv import _reader

__all__ = ["Organisation", "address_organisations", "bylines", "read_publication_list"]

MAX_QUOTE = 500
MAX_WARNINGS = 20  # a broken export must not flood the case with one warning per row


@dataclass(frozen=True)
class Organisation:
    """An organisation named in an address, with the country the address ends in."""

    name: str
    country: str | None = None


@dataclass
class _Record:
    """One export record before it becomes a Publication; `line` is 1-based in the joined text."""

    title: str
    year: int | None = None
    venue: str = ""
    addresses: list[str] = field(default_factory=list)
    line: int | None = None


# ---------------------------------------------------------------- organisations in addresses

# Web of Science abbreviations (its published list, the forms seen in addresses). Ambiguous ones are
# left out ("Tech": Texas Tech University vs Technical); "Elect" is Electronic(s) in organisation names
# (Electrical occurs in department names, which are dropped anyway).
_WORDS = {
    "Univ": "University", "Inst": "Institute", "Technol": "Technology", "Natl": "National",
    "Def": "Defense", "Acad": "Academy", "Sci": "Science", "Engn": "Engineering", "Aeronaut": "Aeronautics",
    "Astronaut": "Astronautics", "Polytech": "Polytechnical", "Coll": "College", "Sch": "School",
    "Dept": "Department", "Fac": "Faculty", "Div": "Division", "Ctr": "Center", "Lab": "Laboratory",
    "Labs": "Laboratories", "Res": "Research", "Phys": "Physics", "Chem": "Chemistry",
    "Math": "Mathematics", "Mech": "Mechanical", "Mat": "Materials", "Elect": "Electronic",
    "Informat": "Information", "Comp": "Computer", "Commun": "Communication", "Aerosp": "Aerospace",
    "Corp": "Corporation", "Grp": "Group", "Minist": "Ministry", "Educ": "Education", "Hosp": "Hospital",
    "Med": "Medical", "Mil": "Military", "Agr": "Agricultural", "Adv": "Advanced", "Appl": "Applied",
    "Opt": "Optics", "Stand": "Standards", "Calif": "California", "Fed": "Federal", "Nucl": "Nuclear",
    "Syst": "Systems", "Automat": "Automation", "Environm": "Environmental", "Biol": "Biology",
    "Geol": "Geology", "Hlth": "Health", "Mfg": "Manufacturing",
}
_PHRASES = [  # before the word table: the exceptions to it
    (re.compile(r"\bHong Kong Polytech Univ\b"), "Hong Kong Polytechnic University"),
    (re.compile(r"\bPolytech Inst\b"), "Polytechnic Institute"),
    (re.compile(r"\bElect Technol Grp\b"), "Electronics Technology Group"),  # CETC
]
_WHOLE = {  # acronyms written as a whole segment ("Institute of Physics, CAS"): CAS, CAEP, Seven Sons
    "CAS": "Chinese Academy of Sciences", "UCAS": "University of Chinese Academy of Sciences",
    "CAEP": "China Academy of Engineering Physics", "NUDT": "National University of Defense Technology",
    "HIT": "Harbin Institute of Technology", "BUAA": "Beihang University",
    "BIT": "Beijing Institute of Technology", "HEU": "Harbin Engineering University",
    "NWPU": "Northwestern Polytechnical University", "NUAA": "Nanjing University of Aeronautics and Astronautics",
    "NJUST": "Nanjing University of Science and Technology", "USTC": "University of Science and Technology of China",
    "UESTC": "University of Electronic Science and Technology of China", "ETH": "ETH Zurich",
}
# WoS drops "of": "Univ Toronto" is University of Toronto. Put it back after these heads...
_OF_HEADS = {"Univ", "Inst", "Acad", "Sch", "Coll", "Dept", "Fac", "Minist", "Lab"}
# ... unless the next word continues the name ("Univ Coll London", "Univ Med Ctr Utrecht").
_NO_OF = {"of", "for", "the", "and", "&", "Coll", "Hosp", "Med", "Ctr", "Hlth", "Lab", "Res", "Sch", "Inst"}

_ORG = re.compile(
    r"\b(?:Universi(?:ty|ties|tät|tat|té|te|tà|ta|teit|dade|dad)|Univ\b|Institut(?:e|es|o|s)?\b|Academ(?:y|ia|ie)|"
    r"Akademie|Académie|[ÉE]cole|College|Polytechnic|Politecnico|Polytechnique|Hochschule|"
    r"Laborator(?:y|ies|io|ium|oire)|Labs?\b|Cent(?:er|re)\b|Centrum|Hospital|Clinic|Foundation|Agency|"
    r"Ministry|Corporation|Corp\b|Inc\b|Ltd\b|Limited|LLC|GmbH|Company|\w+\s+Co\b|Group\b|Observatory|"
    r"Universitet|Institutet|H[öo]gskola|KU Leuven|"
    r"(?:Microsoft|Google|IBM|Philips|Nokia|Bell|Samsung|Huawei|Baidu|Alibaba|Tencent|Toshiba|Hitachi|Sony|"
    r"Intel|NVIDIA|Nvidia|Siemens|Meta|Amazon|Apple|iFlytek|SenseTime|DJI)\b|"
    r"School|Administration|Commission|Authority|Society|Organi[sz]ation|CNRS|CERN|ETH\b|EPFL|"
    r"Max Planck|Fraunhofer|CSIRO|RIKEN|INRIA|Inria|NASA|NIH\b)"
)
_UNIT = re.compile(  # parts of an organisation, never returned
    r"^(?:Department|Dept\b|School of|Faculty|Division|Section|Chair|College of|Graduate School|"
    r"Program|Programme|Cent(?:er|re) (?:of|for)|(?:\w+ )?Key Lab|Laborator(?:y|ies) (?:of|for|on)|"
    r"Lab (?:of|for)|Laboratoire|Laboratorio|Research (?:Group|Cent(?:er|re)|Unit)|Group of|Unit\b|"
    r"Collaborative Innovation)",
    re.IGNORECASE,
)
_NAMED_UNIT = re.compile(r"^(?:Institut(?:e|es)?|Research Institute|(?:The )?(?:No\.? ?)?\d+\w* Research Inst)")
_CORPORATE_PARENT = re.compile(  # parents whose institutes are legal bodies of their own
    r"\b(?:Academy|Academia|Akademie|Corporation|Corp|Company|Group|Ministry|Administration|CNRS|"
    r"Max Planck Society)\b"
)
_WEAK = re.compile(r"\b(?:Laborator(?:y|ies)|Labs?|Cent(?:er|re))\b")  # a part, beside a stronger name
_COUNTRY_SUFFIX = re.compile(r"\s+-\s+([^-]+)$")
_LEGAL_SUFFIX = re.compile(r"^(?:Ltd|Inc|LLC|GmbH|Co|Corp|AG|SA|PLC|Limited)\.?$", re.IGNORECASE)
_PLACE_NAMES = {"college park", "college pk", "college station", "university park", "university pk", "institute"}
_NOISE = re.compile(r"\((?:Corresponding|Reprint) Author\)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_ADDRESS_BREAK = re.compile(r";|\.\s*\n|\[[^\]]*\]")  # WoS: one address per line, "[authors]" before


def _expand(segment: str) -> str:
    """Web of Science abbreviations spelled out; text without them is returned unchanged."""
    if segment in _WHOLE:
        return _WHOLE[segment]
    for pattern, full in _PHRASES:
        segment = pattern.sub(full, segment)
    tokens = [t.rstrip(".") if t.rstrip(".") in _WORDS else t for t in segment.replace("&", " & ").split()]
    if not any(t in _WORDS for t in tokens):
        return segment
    out: list[str] = []
    for i, token in enumerate(tokens):
        out.append("and" if token == "&" else _WORDS.get(token, token))
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        second_head = i > 0 and tokens[i - 1] in _OF_HEADS  # "Univ Coll London": no "College of"
        named = following and following not in _NO_OF and not following[0].isdigit()  # "Res Inst 14"
        if token in _OF_HEADS and named and not second_head:
            out.append("of")
    name = " ".join(out)
    name = re.sub(r"\b(Science|Technology) (China)$", r"\1 of \2", name)  # USTC, UESTC
    return re.sub(r"(\bAcademy\b.*\bScience)$", r"\1s", name)  # Academy of (Military) Sciences


def _segments(address: str) -> list[str]:
    """An address cut at commas, a bare legal suffix ("Co., Ltd.") joined to the name before it."""
    parts: list[str] = []
    for raw in UC_CAMPUS.sub(r"\1 \2", address).split(","):
        part = " ".join(raw.split()).strip(" .:;'\"")
        if not part:
            continue
        if parts and _LEGAL_SUFFIX.match(part):
            parts[-1] = f"{parts[-1]}., {part}" if parts[-1].endswith(" Co") else f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return [_strip_country(re.sub(r"^the\s+", "", _expand(p), flags=re.IGNORECASE)) for p in parts]


def _strip_country(name: str) -> str:  # WoS C3: "National University of Defense Technology - China"
    suffix = _COUNTRY_SUFFIX.search(name)
    return name[: suffix.start()] if suffix and country_code(suffix.group(1)) else name


def _one_address(address: str) -> list[str]:
    """The organisations one address names, by the rules in the module docstring."""
    candidates = [s for s in _segments(address) if _ORG.search(s) and s.casefold() not in _PLACE_NAMES]
    tops = [s for s in candidates if not _UNIT.match(s) and not _NAMED_UNIT.match(s)]
    strong = [t for t in tops if _ORG.search(_WEAK.sub("", t))]
    tops = strong or tops  # "Health Science Center, Peking University": the centre is part of PKU
    parent = next((t for t in tops if _CORPORATE_PARENT.search(t)), None)
    found: list[str] = []
    for segment in candidates:
        if segment in tops:
            found.append(segment)
        elif _NAMED_UNIT.match(segment) and (parent or not tops):
            # its name is generic ("Institute of Physics"): only the parent's name makes it one body
            found.append(f"{segment}, {parent}" if parent else segment)
    return found


def address_organisations(text: str) -> list[Organisation]:
    """Organisations in affiliation text (one or many addresses), deduplicated in order."""
    found: dict[str, Organisation] = {}
    for address in _ADDRESS_BREAK.split(_NOISE.sub(" ", text)):
        country = last_country(address)
        for name in _one_address(address):
            found.setdefault(_key(name), Organisation(name, country))
    return list(found.values())


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|2100)\b")


def _year(text: str | None) -> int | None:
    found = _YEAR.search(text or "")
    return int(found.group(1)) if found else None


def _clean_title(text: str) -> str:
    """LaTeX leftovers (braces, math dollars) and runs of space removed."""
    return " ".join(re.sub(r"[{}$]", "", text).split()).strip(" .")


def _first(fields: dict[str, str], *names: str) -> str:
    return next((fields[n].strip() for n in names if fields.get(n, "").strip()), "")


# ---------------------------------------------------------------- BibTeX


def _read_bibtex(text: str, warn: Callable[[str], None]) -> list[_Record]:
    """Entries via bibtexparser v2 (fault-tolerant splitter); unreadable blocks become warnings."""
    try:
        library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    except Exception as exc:  # third-party parser: a bad file must give a warning, never stop a case
        warn(f"the file could not be read as BibTeX ({type(exc).__name__}: {exc})")
        return []
    entries = list(library.entries)
    for block in library.failed_blocks:
        line = block.start_line + 1
        recovered = getattr(block, "ignore_error_block", None)
        if isinstance(recovered, model.Entry):  # duplicate keys or fields: the entry itself is whole
            entries.append(recovered)
            warn(f"the entry on line {line} repeats an entry key or a field; it was read (first values)")
        else:
            warn(f"the entry on line {line} is malformed (unbalanced braces or quotes?) and was skipped")
    return [r for r in (_bib_record(e, warn) for e in sorted(entries, key=lambda e: e.start_line)) if r]


def _bib_record(entry: model.Entry, warn: Callable[[str], None]) -> _Record | None:
    fields = {f.key.lower(): str(f.value) for f in reversed(entry.fields)}  # a repeated field: first value
    title = _clean_title(fields.get("title", ""))
    if not title:
        warn(f"the entry on line {entry.start_line + 1} ({entry.key}) has no title and was skipped")
        return None
    addresses = [fields[k] for k in ("affiliation", "affiliations") if fields.get(k, "").strip()]
    return _Record(title=title, year=_year(fields.get("year") or fields.get("date")),
                   venue=_clean_title(_first(fields, "journal", "journaltitle", "booktitle", "series")),
                   addresses=addresses, line=entry.start_line + 1)


# ---------------------------------------------------------------- RIS

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: (.*)|\s*)$")
_RIS_TITLE, _RIS_YEAR = ("TI", "T1", "CT", "BT"), ("PY", "Y1", "DA")
_RIS_VENUE, _RIS_ADDRESS = ("T2", "JF", "JO", "JA", "J2", "SO"), ("AD", "C1")


def _read_ris(text: str, warn: Callable[[str], None]) -> list[_Record]:
    """RIS records from TY to ER; continuation lines join the tag above them."""
    records: list[_Record] = []
    tags: dict[str, list[str]] | None = None
    start, last = 0, ""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _RIS_TAG.match(line.lstrip("\ufeff"))
        if match is None:
            if tags and line.strip():  # a long value wrapped onto the next line
                tags[last][-1] += " " + line.strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "ER":
            if tags is not None:
                _close_ris(tags, start, records, warn)
            tags = None
            continue
        if tags is None or tag == "TY":
            if tags is not None:
                warn(f"the record on line {start} has no ER (end of record) line")
                _close_ris(tags, start, records, warn)
            tags, start = {}, number
        tags.setdefault(tag, []).append(value)
        last = tag
    if tags is not None:
        warn(f"the record on line {start} has no ER (end of record) line; the file may be cut off")
        _close_ris(tags, start, records, warn)
    return records


def _close_ris(tags: dict[str, list[str]], start: int, out: list[_Record], warn: Callable[[str], None]) -> None:
    one = {tag: values[0] for tag, values in tags.items()}
    title = _clean_title(_first(one, *_RIS_TITLE))
    if not title:
        warn(f"the record on line {start} has no title and was skipped")
        return
    addresses = [v for tag in _RIS_ADDRESS for v in tags.get(tag, []) if v]
    out.append(_Record(title=title, year=_year(_first(one, *_RIS_YEAR)), venue=_first(one, *_RIS_VENUE),
                       addresses=addresses, line=start))


# ---------------------------------------------------------------- CSV

MAX_CSV_FIELD = 131_072  # characters in one cell: a longer one is not a publication record
_CSV_TITLE = ("title", "ti", "article title", "document title")
_CSV_YEAR = ("year", "py", "publication year", "pubyear", "publication date", "date")
_CSV_VENUE = ("source title", "so", "journal", "journal title", "journal-title", "publication title",
              "source", "venue", "publication")
_CSV_ADDRESS = ("affiliations", "c1", "addresses", "affiliation", "authors with affiliations")
_CSV_FALLBACK = ("c3",)  # WoS organisation-enhanced names, used when C1 gives nothing


def _read_csv(text: str, warn: Callable[[str], None]) -> list[_Record]:
    """Rows of a Scopus, Web of Science or ORCID-style export; any other CSV gives a warning."""
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max("\t,;", key=header_line.count)
    # The limit is process-wide and the list parsers raise it: set this reader's own bound each time.
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        columns = {name: i for i, name in reversed(list(enumerate(header)))}
        if not any(name in columns for name in _CSV_TITLE):
            shown = ", ".join(h for h in header[:8] if h) or "none"
            warn(f"this CSV has no title column, so it is not a publication export (columns: {shown})")
            return []
        return list(_csv_rows(reader, columns, warn))
    except csv.Error as exc:
        warn(f"the CSV could not be read past line {reader.line_num} ({exc})")
        return []


def _csv_rows(reader: _reader, columns: dict[str, int], warn: Callable[[str], None]) -> Iterator[_Record]:
    line = reader.line_num + 1
    for row in reader:
        cells = {name: row[i] for name, i in columns.items() if i < len(row)}
        title = _clean_title(_first(cells, *_CSV_TITLE))
        if title:
            addresses = [cells[c] for c in _CSV_ADDRESS if cells.get(c, "").strip()]
            if not any(address_organisations(a) for a in addresses):
                addresses += [cells[c] for c in _CSV_FALLBACK if cells.get(c, "").strip()]
            yield _Record(title=title, year=_year(_first(cells, *_CSV_YEAR)), venue=_first(cells, *_CSV_VENUE),
                          addresses=addresses, line=line)
        elif any(cell.strip() for cell in row):
            warn(f"the row on line {line} has no title and was skipped")
        line = reader.line_num + 1  # where the next row starts (rows may span lines)


# ---------------------------------------------------------------- document -> publications

_READERS = {"bibtex": _read_bibtex, "ris": _read_ris, "csv": _read_csv}
_LOOKS = {"ris": re.compile(r"^\ufeff?TY\s{1,2}-", re.M), "bibtex": re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.M)}
_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csv": "CSV"}  # for warnings


def _format(media_type: str, text: str) -> str | None:
    """The export format by content, the file's type first (a .bib may hold RIS records)."""
    looks = {name: bool(pattern.search(text)) for name, pattern in _LOOKS.items()}
    if looks.get(media_type, media_type == "csv"):
        return media_type
    return next((name for name, yes in looks.items() if yes), None)


def _locate(doc: Document, line: int) -> tuple[int, int]:
    """A line of the pages joined by newlines -> (page number, line on that page)."""
    for page in doc.pages:
        lines = page.text.count("\n") + 1
        if line <= lines:
            return page.number, line
        line -= lines
    return 1, line


def _publication(doc: Document, record: _Record) -> Publication:
    organisations = address_organisations("; ".join(record.addresses))
    quote = " | ".join([record.title, *(" ".join(a.split()) for a in record.addresses)])
    quote = quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 1] + "…"
    page, line = _locate(doc, record.line) if record.line else (1, None)
    evidence = Evidence(document_sha256=doc.sha256, page=page, line=line, quote=quote)
    return Publication(title=record.title, year=record.year, venue=" ".join(record.venue.split()),
                       coauthor_organisations=[o.name for o in organisations],
                       bylines=[b for a in record.addresses for b in bylines(a)], evidence=[evidence])


# WoS C1: "[Li, Wei; Zhang, San] Tsinghua Univ, Beijing, Peoples R China"
_BRACKETED_AUTHORS = re.compile(r"\[([^\]]+)\]\s*([^\[]+)")
# Scopus "Authors with affiliations": "Orlov E., Dept of Physics, RWTH Aachen University, Aachen, Germany"
_INITIALLED_AUTHOR = re.compile(r"^([A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)*\s+(?:[A-Z]\.-?){1,3}),\s*(.+)$")


def bylines(address_field: str) -> list[Byline]:
    """Authors tied to their addresses, where the export says which author is where."""
    out = []
    for authors, address in _BRACKETED_AUTHORS.findall(address_field):
        out.extend(_byline(a, address) for a in authors.split(";") if a.strip())
    if out:
        return out
    for part in address_field.split(";"):
        found = _INITIALLED_AUTHOR.match(part.strip())
        if found:
            out.append(_byline(found.group(1), found.group(2)))
    return out


def _byline(author: str, address: str) -> Byline:
    address = address.strip().rstrip(";.")
    return Byline(author=" ".join(author.split()), organisations=[o.name for o in address_organisations(address)],
                  country=last_country(address))


def read_publication_list(doc: Document) -> tuple[list[Publication], list[str]]:
    """The publications in a BibTeX, RIS or CSV export, and warnings about what could not be read."""
    warnings: list[str] = []
    text = "\n".join(page.text for page in doc.pages)
    if not text.strip():
        return [], ["the publication list is empty"]
    kind = _format(doc.media_type, text)
    if kind is None:
        return [], [f"no BibTeX, RIS or CSV publication records were found in this {doc.media_type} file"]
    if kind != doc.media_type:
        warnings.append(f"the file holds {_NAMES[kind]} records, not {doc.media_type}; read as {_NAMES[kind]}")
    records = _READERS[kind](text, warnings.append)
    publications = [_publication(doc, r) for r in records]
    if not publications and kind != "csv":
        warnings.append(f"no publications could be read from this {_NAMES[kind]} file")
    if len(warnings) > MAX_WARNINGS:
        warnings = [*warnings[:MAX_WARNINGS], f"... and {len(warnings) - MAX_WARNINGS} more warnings"]
    return publications, warnings
