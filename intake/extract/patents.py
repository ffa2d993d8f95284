"""Patent numbers and their offices, in the formats the offices publish them.

A prefixed number names its office (CN, ZL = Chinese grant, US, EP, WO and PCT/.., RU, JP, KR, DE, and
every other country's code).
Inside a Patents section a bare number is accepted when the entry names the office in words
("Chinese patent 201910123456.7", "U.S. Patent No. 10,123,456").
"""

from __future__ import annotations

import bisect
import re

import pycountry

from intake.extract.dates import first_range
from intake.records import Patent

_D = r"\d\s?"  # offices print digit groups with spaces ("EP 3 123 456")
_PREFIXED = re.compile(
    r"(?<![A-Za-z])(?:"
    rf"(?P<ZL>ZL\s?(?:{_D}){{8,12}}\.\s?[\dX])"
    rf"|(?P<CN>CN\s?(?:{_D}){{9}}(?:\s?[ABUCY]\d?)?(?![\d]))"
    r"|(?P<US>US\s?(?:RE)?\s?\d{1,2},?\d{3},?\d{3}(?:\s?[AB]\d)?|US\s?\d{4}/\d{7}(?:\s?A\d)?)"
    rf"|(?P<EP>EP\s?(?:{_D}){{7}}(?:\s?[AB]\d)?(?![\d]))"
    r"|(?P<WO>WO\s?\d{4}/\d{6}(?:\s?A\d)?)"
    r"|(?P<PCT>PCT/[A-Z]{2}\s?\d{4}/\d{6})"  # an international application, by its receiving office
    rf"|(?P<RU>RU\s?(?:{_D}){{6,7}}(?:\s?[CU]\d)?(?![\d]))"
    r"|(?P<JP>JP\s?(?:\d{4}-\d{6}|\d{7})(?:\s?[AB]\d?)?)"
    r"|(?P<KR>KR\s?10-\d{7}(?:-\d{4})?(?:\s?B\d)?)"
    r"|(?P<DE>DE\s?10\s?\d{4}\s?\d{3}\s?\d{3}(?:\.\d)?(?:\s?[AB]\d)?)"
    r")"
)
# Every other office by principle: its two-letter code (WIPO ST.3), a number of at least six digits
# as the office prints it (groups, commas, a year and serial, TW's 'I'), and an optional kind code.
# Outside a Patents section the entry must also say 'patent' (US state codes: 'CA 94305'), or the
# number carry its kind code.
# Every country's code (pycountry) and the regional offices (EA Eurasian, AP ARIPO, OA OAPI, GC Gulf).
_OFFICES = "|".join(sorted({c.alpha_2 for c in pycountry.countries} - {"CN", "US", "RU", "JP", "KR", "DE"}
                           | {"EA", "AP", "OA", "GC"}))
_OTHER_OFFICE = re.compile(
    # a comma inside a number groups digits ('2,015,203'); a comma and a space end it ('PE 2021-001234, 2022');
    # a letter against the last digit is a check character ('SG 10201801234X'), a kind code may follow
    # ... or a slash and a series letter before a year and serial ('NG/P/2022/412', 'AP/P/2019/011234')
    rf"(?<![A-Za-z])(?P<office>{_OFFICES})(?:\s?|/(?:[A-Z]{{1,3}}/)?)(?P<number>I?\s?\d(?:[\d ./-]|,(?=\d)){{4,18}}\d[A-Z]?)(?:\s?(?P<kind>[ABCUTY]\d?))?(?![\w/])"
)
_WORD_OFFICE = [
    ("CN", re.compile(r"\b(?:chinese|china|cnipa|sipo|PRC)\b", re.IGNORECASE)),
    ("US", re.compile(r"\bU\.\s?S\.|\b(?:US|USPTO|United States)\b")),
    ("EP", re.compile(r"\b(?:european|EPO)\b", re.IGNORECASE)),
    ("WO", re.compile(r"\b(?:PCT|WIPO|international application)\b", re.IGNORECASE)),
    ("RU", re.compile(r"\b(?:russian|rospatent|russia)\b", re.IGNORECASE)),
    ("JP", re.compile(r"\b(?:japanese|japan|JPO)\b", re.IGNORECASE)),
    ("KR", re.compile(r"\b(?:korean|korea|KIPO)\b", re.IGNORECASE)),
]
_BARE = re.compile(r"(?:patent|application|appl\.?)\s*(?:no\.?|number|#)?\s*:?\s*"
                   r"(\d[\d,./ -]{5,18}\d(?:\.[\dX])?)", re.IGNORECASE)
_PATENT_WORD = re.compile(r"\bpatent", re.IGNORECASE)
_STATUS = re.compile(r"\b(granted|issued|pending|filed|published|application|allowed|expired|licensed)\b",
                     re.IGNORECASE)
_TITLE = re.compile(r"[\"“‘']([^\"”’']{6,200})[\"”’']")


def _status(text: str) -> str:
    found = _STATUS.search(text)
    if not found:
        return ""
    word = found.group(1).lower()
    return {"issued": "granted", "application": "pending", "filed": "pending"}.get(word, word)


def _year(text: str) -> int | None:
    period = first_range(text)
    return period.start.year if period.start else None


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` falls in one of the sorted, disjoint spans."""
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def find_patents(text: str, *, in_patent_section: bool) -> list[Patent]:
    """Patents on an entry's text (no evidence: the caller attaches the entry's)."""
    title_match = _TITLE.search(text)
    title = title_match.group(1) if title_match else ""
    common = {"title": title, "status": _status(text), "year": _year(_PREFIXED.sub(" ", text))}
    found: list[Patent] = []
    taken: list[tuple[int, int]] = []  # in text order, not overlapping: looked up by bisection
    for match in _PREFIXED.finditer(text):
        office = match.lastgroup or ""
        number = " ".join(match.group(0).split())
        found.append(Patent(number=number, office={"ZL": "CN", "PCT": "WO"}.get(office, office), **common))
        taken.append(match.span())
    says_patent = in_patent_section or bool(_PATENT_WORD.search(text))  # once per entry, not per number
    spans = list(taken)
    for match in _OTHER_OFFICE.finditer(text):
        digits = re.sub(r"\D", "", match.group("number"))
        # a kind code after the number says patent by itself ('TW I712345 B', 'CH 715432 B1'), and so
        # does a number on a line of its own ('PE 2021-001234' under its title: no address is that)
        if len(digits) < 6 or _inside(taken, match.start()) or not (
                says_patent or match.group("kind") or _alone_on_its_line(text, match)):
            continue
        number = " ".join(match.group(0).split()).rstrip(",.")
        found.append(Patent(number=number, office=match.group("office"), **common))
        spans.append(match.span())
    if in_patent_section:
        # 'U.S. Patent No. 10,230,629' beside 'KR 10-1975130' in one entry: a number named in words
        # counts too, its office the one the words before it name (else the entry's, when alone)
        alone = not found
        for match in _BARE.finditer(text):
            if any(a < match.end(1) and match.start(1) < b for a, b in spans):
                continue
            office = _office_before(text[: match.start(1)]) or (
                next((code for code, words in _WORD_OFFICE if words.search(text)), None) if alone else None)
            if office is None and not alone:
                continue
            found.append(Patent(number=match.group(1).strip(), office=office, **common))
    return found


def _alone_on_its_line(text: str, match: re.Match) -> bool:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:len(text) if end < 0 else end].strip(" .,;|•") == match.group(0).strip()


def _office_before(text: str) -> str | None:
    """The office the last words before a number name ('... U.S. Patent No.'), within a few words."""
    tail = text[-40:]
    best: tuple[int, str] | None = None
    for code, words in _WORD_OFFICE:
        for m in words.finditer(tail):
            if best is None or m.end() > best[0]:
                best = (m.end(), code)
    return best[1] if best else None
