"""Date ranges as CVs write them: "2016-2019", "Sep 2019 - present", "09/2019–now", "2021-", "since 2020",
"1 Sep 2017 – 31 Aug 2019", "Sep 1, 2017", "2017-09 – 2019-03", "2016/17", "Jan–Mar 2019", "Autumn 2018",
"2017年9月–2019年3月".

Pure functions over text; every range keeps the raw text it was read from.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from intake.records import DateRange

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# seasons stand for their first month ('Autumn 2018 – Spring 2020': September 2018 to March 2020)
_SEASONS = {"spr": 3, "sum": 6, "aut": 9, "fal": 9, "win": 12}
# months written in French, Spanish, Portuguese, Italian and German (CVs of international visitors)
_FOREIGN_MONTHS = {
    1: "janvier enero janeiro gennaio januar", 2: "février fevrier febrero fevereiro febbraio februar",
    3: "mars marzo março marco märz", 4: "avril abril aprile", 5: "mai mayo maio maggio",
    6: "juin junio junho giugno juni", 7: "juillet julio julho luglio juli", 8: "août aout agosto",
    9: "septembre septiembre setiembre setembro settembre", 10: "octobre octubre outubro ottobre oktober",
    11: "novembre noviembre novembro", 12: "décembre decembre diciembre dezembro dicembre dezember",
}
_FOREIGN_MONTH_NUMBER = {name: n for n, names in _FOREIGN_MONTHS.items() for name in names.split()}
_MONTH = (r"(?:" + "|".join(sorted(_FOREIGN_MONTH_NUMBER, key=len, reverse=True)) + "|"
          r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall|winter)\.?")
# a day before or after the month's name: '1 Sep 2017', 'Sep 1, 2017', '31st August 2019'
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
_OPEN_END = (r"(?:present|now|current|today|date|ongoing|to\s+date|the\s+present|至今|现在|今|présent|aujourd['’]hui|"
             r"actuel(?:lement)?|presente|actualidad|atual(?:mente)?|oggi|heute|jetzt|по\s+н\.?\s*в\.?|"
             r"по\s+настоящее\s+время|н\.?\s*в\.)")
# hyphens set by typesetting (non-breaking U+2011, U+2010, figure dash U+2012, minus U+2212) read as
# the hyphen and dash the rest of the code knows: 'Jul. 2019 ‑ Present', 'N00014‑20‑1‑2455'
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2212": "-"})
_SEP = r"\s*(?:-{1,2}|–|—|~|\bto\b|\buntil\b|\btill\b)\s*"


def _date(tag: str) -> str:
    """One date: 'Sep 2019', 'Sept. 2019', '09/2019', '2019.09', '2019/09' or '2019'."""
    # A start date must not be glued to other digits or letters (grant and patent numbers).
    guard = r"(?<![\w/.-])" if tag == "s" else ""
    # Day-level dates keep their month: 09/01/2019 (US, month first), 01.09.2019 (day first),
    # 2019-09-01 (ISO).
    # ISO year and month ('2017-09 – 2019-03') only where a range or the text's end follows: alone,
    # '2019-12' is as often a number or a short range
    iso_month = (rf"-(?P<{tag}ym>0[1-9]|1[0-2])(?=\s*(?:–|—|-{{1,2}}|\bto\b)\s*(?:(?:19|20)\d\d|{_OPEN_END}))"
                 if tag == "s" else rf"-(?P<{tag}ym>0[1-9]|1[0-2])(?![\d-])")
    return (
        rf"{guard}(?:(?:{_DAY}\s+(?:de\s+)?)?(?P<{tag}mon>{_MONTH})\s*(?:{_DAY}\s*,\s*|,?\s*)(?:de\s+|del\s+)?"
        rf"|(?P<{tag}num>\d{{1,2}})/(?:(?P<{tag}day>\d{{1,2}})/)?(?=(?:19|20)\d\d)"
        rf"|(?:\d{{1,2}}\.)?(?P<{tag}eu>\d{{1,2}})\.(?=(?:19|20)\d\d))?"
        # ... nor a year that opens a code of letters and digits (grant '2018PM0012')
        rf"(?<![\w])(?P<{tag}y>(?:19|20)\d\d)(?!\d)(?![A-Za-z]{{1,4}}\d)"
        rf"(?:-(?P<{tag}iso>0[1-9]|1[0-2])-[0-3]\d(?!\d)|{iso_month}|[/.](?P<{tag}num2>0?[1-9]|1[0-2])(?!\d)"
        rf"|年(?:(?P<{tag}cjk>\d{{1,2}})月)?)?"
    )


_RANGE = re.compile(
    rf"(?:\b(?P<since>since|from|depuis|desde|seit|dal|с)\s+)?{_date('s')}"
    # "2021–presentSenior Lecturer": a date column too narrow for its range runs into the entry
    # an academic year ('2016/17') is a range; a day ('– 31 Aug 2019') is no short year
    rf"(?:/(?P<acad>\d\d)(?![\d/.])|"
    rf"{_SEP}(?:(?P<open>{_OPEN_END})(?:\b|(?-i:(?=[A-Z])))|{_date('e')}|(?P<short>\d\d)(?!\d)(?!\s*(?:st|nd|rd|th)?\s*{_MONTH})"
    rf"|(?P<dangling>(?=\s*(?:$|[,;)|]))))|"
    rf"(?P<attached>(?<=\d)[-–—]\s+(?=[A-Za-z(\"“]))|"
    rf"(?P<until>\s+-?\s*(?={_OPEN_END})))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundRange:
    """A period found in text with where it was (for removing it from the rest of the entry)."""

    period: DateRange
    start: int
    end: int


# Whether the document being read writes day-level dates day first (set per document by the reader).
DAY_FIRST: ContextVar[bool] = ContextVar("DAY_FIRST", default=False)
_SLASHED_DAY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(?:19|20)\d\d(?!\d)")


def writes_day_first(text: str) -> bool:
    """Whether a document's slashed dates put the day first ('31/08/2019' somewhere, no '08/31/2019')."""
    pairs = [(int(a), int(b)) for a, b in _SLASHED_DAY.findall(text)]
    return any(a > 12 for a, _ in pairs) and not any(b > 12 for _, b in pairs)


@contextmanager
def day_first_dates(on: bool) -> Iterator[None]:
    """Read ambiguous slashed dates ('01/09/2019') day first inside this block."""
    token = DAY_FIRST.set(on)
    try:
        yield
    finally:
        DAY_FIRST.reset(token)


def _day_first(match: re.Match[str]) -> bool:
    """'01/09/2019 – 31/08/2022' (Europass) is day first: a first number over 12 on either side says
    so, or the document does (DAY_FIRST); otherwise US month first."""
    if any(int(match.group(f"{tag}num") or 0) > 12 and match.group(f"{tag}day") for tag in ("s", "e")):
        return True
    return DAY_FIRST.get()


def _month(match: re.Match[str], tag: str) -> int | None:
    name = match.group(f"{tag}mon")
    if name:
        return _month_number(name)
    if match.group(f"{tag}day") and _day_first(match):
        return int(match.group(f"{tag}day")) if 1 <= int(match.group(f"{tag}day")) <= 12 else None
    number = (match.group(f"{tag}num") or match.group(f"{tag}eu") or match.group(f"{tag}iso")
              or match.group(f"{tag}ym") or match.group(f"{tag}num2") or match.group(f"{tag}cjk"))
    return int(number) if number and 1 <= int(number) <= 12 else None


def _first_day(year: int, month: int | None) -> date:
    return date(year, month or 1, 1)


def _last_day(year: int, month: int | None) -> date:
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


# two months of one year: 'Jan–Mar 2019', 'March – June 2018'
_MONTH_SPAN = re.compile(rf"(?<![\w])(?P<m1>{_MONTH}){_SEP}(?P<m2>{_MONTH})\s*,?\s*(?P<y>(?:19|20)\d\d)(?!\d)",
                         re.IGNORECASE)


def _month_number(name: str) -> int | None:
    word = name.rstrip(".").lower()
    key = word[:3]
    return _FOREIGN_MONTH_NUMBER.get(word) or _MONTH_NAMES.get(key) or _SEASONS.get(key)


def find_ranges(text: str) -> list[FoundRange]:
    """Every date or date range in the text, in order."""
    found = []
    spans = [(m.start(), m.end(), m) for m in _MONTH_SPAN.finditer(text)]
    for start, end, m in spans:
        year = int(m.group("y"))
        found.append(FoundRange(period=DateRange(start=_first_day(year, _month_number(m.group("m1"))),
                                                 end=_last_day(year, _month_number(m.group("m2"))),
                                                 raw=m.group(0).strip()), start=start, end=end))
    for m in _RANGE.finditer(text):
        if _inside_number(text, m.start(), m.end()):
            continue  # 'WO 2013/193202', '201910123456.7': a document number, not a date
        if any(start <= m.start() < end for start, end, _ in spans):
            continue
        start_year = int(m.group("sy"))
        start = _first_day(start_year, _month(m, "s"))
        raw = m.group(0).strip()
        if m.group("open") or m.group("dangling") is not None or m.group("attached") or m.group("since") and not m.group("ey"):
            period = DateRange(start=start, end=None, current=True, raw=raw)
        elif m.group("ey"):
            period = DateRange(start=start, end=_last_day(int(m.group("ey")), _month(m, "e")), raw=raw)
        elif m.group("acad"):
            # '2013/19' is no academic year: the year alone
            end_year = start_year + 1 if int(m.group("acad")) == (start_year + 1) % 100 else start_year
            period = DateRange(start=start, end=_last_day(end_year, None), raw=raw)
        elif m.group("short"):
            end_year = start_year // 100 * 100 + int(m.group("short"))
            if end_year < start_year:
                continue  # "2019-12" style numbers are not ranges
            period = DateRange(start=start, end=_last_day(end_year, None), raw=raw)
        else:  # a single date: that year (or month)
            period = DateRange(start=start, end=_last_day(start_year, _month(m, "s")), raw=raw)
        found.append(FoundRange(period=period, start=m.start(), end=m.end()))
    return sorted(found, key=lambda f: f.start) if spans else found


def first_range(text: str) -> DateRange:
    """The first period in the text, or an empty DateRange."""
    found = find_ranges(text)
    return found[0].period if found else DateRange()


def has_range(text: str) -> bool:
    """True when the text names at least one date."""
    return any(not _inside_number(text, m.start(), m.end()) for m in _RANGE.finditer(text))


def _inside_number(text: str, start: int, end: int) -> bool:
    """The match is glued to a longer number by '/' or '.' ('2013/193202', '12.2019.004')."""
    after, before = text[end : end + 4], text[max(0, start - 2) : start]
    return bool(re.match(r"[/.]\d{3}", after)) or bool(re.search(r"\d[/.]$", before))
