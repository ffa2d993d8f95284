"""A CV's lines grouped into sections by their headings, whatever their wording, and into entries.

A heading is a short line, not a sentence, without a date, whose words name a section
("EMPLOYMENT", "2. Academic Positions", "Grants and Research Support:", "Invited Lectures and Travel";
the vocabulary and the shape are in headings.py). Table layouts put a heading alone in a row; DOCX
tables arrive as "cell | cell" lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intake import places
from intake.countries import countries_in
from intake.extract.dates import find_ranges, has_range
from intake.extract.entries import AMOUNT, FUNDING_ROLE, JOINS_NEXT, is_place, names_institution, region_after_city
from intake.extract.headings import (  # noqa: F401  (Section and the heading tests are read from here too)
    Section,
    _plain_heading,
    heading_section,
    heading_shaped,
    title_case,
)


@dataclass
class Line:
    """One line of text with where it came from."""

    text: str
    page: int
    number: int  # 1-based within the page
    # set as a heading by its type or style (True), or set as body text where headings are set apart
    # (False); None: the reader does not say
    heading: bool | None = None


@dataclass
class Block:
    """A section: its kind, its heading as written, and its lines."""

    section: Section
    heading: str
    lines: list[Line] = field(default_factory=list)


def split_sections(lines: list[Line]) -> list[Block]:
    """Consecutive blocks; the lines before the first heading form the HEADER block."""
    blocks = [Block(Section.HEADER, "")]
    previous = ""
    set_apart = any(ln.heading for ln in lines)  # the reader saw headings set apart by their type
    for line in _join_inline_lists(lines, set_apart):
        # a table's date cell alone on a line is followed by its entry, never by a heading
        section = heading_section(line.text)
        if section is not None and _date_only(previous) and not _plain_heading(line.text):
            section = None  # a table's date cell, then its entry ('Kunlun Talents Program')
        if section is not None and line.heading is False:
            section = None  # worded like a heading, set as body text: a line cut by a narrow column
        # ... except the document's first line: its title (the name set as 'Heading 1', 'Curriculum Vitae')
        first_line = len(blocks) == 1 and not blocks[0].lines
        if (section is None and line.heading and not first_line and heading_shaped(title_case(line.text))
                and not _date_only(previous)):
            # set as a heading but worded in sentence case ('Work experience') or outside the
            # vocabulary ('Stays Abroad'): a section of its own, so its entries are not the previous one's
            section = heading_section(title_case(line.text)) or Section.OTHER
        previous = line.text
        inline = _inline_list(line, set_apart) if section is None else None
        if section is not None:
            blocks.append(Block(section, line.text.strip()))
        elif inline is not None:
            # 'Invited lectures: ETH Zurich (2019); Kyoto University, Japan (2021)': a section in one
            # paragraph; what follows it belongs to the section it was written in
            around = blocks[-1]
            blocks.append(inline)
            blocks.append(Block(around.section, around.heading))
        else:
            blocks[-1].lines.append(line)
    return [b for b in blocks if b.lines or b.section != Section.HEADER]


_INLINE_HEAD = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?([A-Z][A-Za-z ,&/-]{2,50}?)\s*:\s+\S")


_LABEL_SHAPE = re.compile(r"^[A-Z][A-Za-z()' /,&-]{1,80}$")


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split(" | ")]


def _label(cell: str) -> bool:
    return bool(_LABEL_SHAPE.match(cell)) and len(cell.split()) <= 10 and not names_institution(cell)


def field_labels(lines: list[Line]) -> list[Line]:
    """A CV written as a form ('Dates | 2019 – 2021', 'Occupation or position held | Lecturer', the
    classic Europass table): a label that names the same field in entry after entry is no content and
    is dropped; a label used once becomes 'Label: value' (a heading's label then opens its section:
    'Invited talks: A; B'); a value wrapped over the next lines is joined to its label's line. Lines of
    a document without repeated labels are returned as they are."""
    counts: dict[str, int] = {}
    for line in lines:
        cells = _cells(line.text)
        # a label comes before its value, and names a field, not an organisation: 'Delft University
        # of Technology' after its dates, in the appointments and again in education, is content
        if len(cells) == 2 and _label(cells[0]):
            counts[cells[0].casefold()] = counts.get(cells[0].casefold(), 0) + 1
    repeated = {label for label, n in counts.items() if n >= 2}
    if len(repeated) < 2:  # one label twice is a coincidence, a form repeats several
        return lines
    out: list[Line] = []
    labelled: set[int] = set()  # values written beside a section's label
    open_value = False  # the previous line is a labelled value that may run on
    for line in lines:
        cells = _cells(line.text)
        if len(cells) == 2 and any(c.casefold() in repeated for c in cells):
            value = next(c for c in cells if c.casefold() not in repeated) if not all(
                c.casefold() in repeated for c in cells) else ""
            if value:
                out.append(Line(value, line.page, line.number))
            open_value = bool(value)
        elif len(cells) == 2 and _LABEL_SHAPE.match(cells[0]) and len(cells[0].split()) <= 10:
            label, value = cells
            if heading_section(title_case(label)) not in {None, Section.HEADER, Section.PERSONAL}:
                out += [Line(label, line.page, line.number, True), Line(value, line.page, line.number)]
                labelled.add(len(out) - 1)
            else:
                out.append(Line(f"{label}: {value}", line.page, line.number, line.heading))
            open_value = True
        elif len(cells) == 1 and _LABEL_SHAPE.match(line.text) and heading_section(title_case(line.text)):
            # a section's label ('Work experience', in sentence case as forms write them)
            out.append(Line(line.text, line.page, line.number, True))
            open_value = False
        elif open_value and len(cells) == 1 and not line.heading:
            out[-1] = Line(f"{out[-1].text} {line.text}", out[-1].page, out[-1].number)
        else:
            out.append(line)
            open_value = False
    # a section's items in one value ('Invited talks | A, Kyoto (Japan), 2022; B, ...'): read item by item
    for index in sorted(labelled, reverse=True):
        if ";" in out[index].text:
            label = out[index - 1]
            out[index - 1 : index + 1] = [Line(f"{label.text}: {out[index].text}", label.page, label.number)]
    return out


def _join_inline_lists(lines: list[Line], set_apart: bool) -> list[Line]:
    """A labelled paragraph ('2. Invited lectures: ...;') rejoined where the page wrapped it, up to the
    line that ends its sentence or the next item, bullet or heading."""
    out: list[Line] = []
    open_list = False
    for line in lines:
        head = _INLINE_HEAD.match(line.text)
        if head and set_apart and _capitals_in_body(line, head.group(1)):
            head = None
        starts_item = (bool(_BULLET.match(line.text)) or heading_section(line.text) is not None or bool(line.heading)
                       or (bool(head) and heading_section(title_case(head.group(1))) is not None))
        if open_list and not starts_item:
            out[-1] = Line(f"{out[-1].text} {line.text}", out[-1].page, out[-1].number)
        else:
            out.append(line)
            open_list = bool(head) and heading_section(title_case(head.group(1))) not in {
                None, Section.HEADER, Section.PERSONAL}
        if open_list and out[-1].text.rstrip().endswith("."):
            open_list = False
    return out


def _capitals_in_body(line: Line, label: str) -> bool:
    """A word in capitals before a colon in body text, in a document that sets its headings apart by
    their type ('CAREER: Fracture of ...', an NSF award): a name, not a label; labels in body text are
    written in sentence case ('Invited lectures: ...')."""
    letters = re.sub(r"[^A-Za-z]", "", label)
    return not line.heading and len(letters) > 1 and letters.isupper()


_INLINE_LIST = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?([A-Z][A-Za-z ,&/-]{2,50}?)\s*:\s+(.+;.+)$")


def _inline_list(line: Line, set_apart: bool) -> Block | None:
    """A paragraph that names a section and lists its items after a colon, split by semicolons."""
    found = _INLINE_LIST.match(line.text)
    if not found or (set_apart and _capitals_in_body(line, found.group(1))):
        return None
    # labels are written in sentence case ('Invited lectures'), unlike headings
    section = heading_section(title_case(found.group(1)))
    if section is None or section in {Section.HEADER, Section.PERSONAL}:
        return None
    items = [item.strip(" .") for item in found.group(2).split(";") if item.strip(" .")]
    if len(items) < 2:
        return None
    # each item its own bulleted line, so that each is one entry
    return Block(section, found.group(1), [Line(f"• {item}", line.page, line.number) for item in items])


# 'INSTITUTION AND LOCATION | DEGREE | Completion Date MM/YYYY | FIELD OF STUDY': a table's header row
_TABLE_HEADER = re.compile(r"^(?=.*\|)(?!.*\d)[A-Z][A-Za-z/ ]*(?:\s*\|\s*[A-Z][A-Za-z/ ]*)+$")
# a cell naming a column: a few words, no digits ('Field of study', 'Grant no.', 'End date (mm/yyyy)')
_COLUMN_NAME = re.compile(r"^[A-Z][A-Za-z/ .#()'-]{0,40}$")


def _table_header(lines: list[Line], index: int) -> bool:
    """A table's header row: cells that name columns, at the top of rows with as many cells."""
    text = lines[index].text
    cells = _cells(text)
    if len(cells) < 2 or not (_TABLE_HEADER.match(text) or all(
            _COLUMN_NAME.match(c) and len(c.split()) <= 4 for c in cells)):
        return False
    # ... only over its table's rows: 'DEUTSCHE | FORSCHUNGSGEMEINSCHAFT' is a funder cut in two cells
    below = _cells(lines[index + 1].text) if index + 1 < len(lines) else []
    above = _cells(lines[index - 1].text) if index else []
    # (a From and a To column below may already be one range cell)
    return (max(2, len(cells) - 1) <= len(below) <= len(cells) and len(above) != len(cells)
            and has_range(lines[index + 1].text))


_BULLET = re.compile(r"^\s*(?:[-•·*▪◦–■□●○◆►▸‣➢➤]|\[\d+\]|\d{1,3}[.)])\s+")


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A line cut inside a date range: "Dec. 2011 to Feb." + "2014", "(Sept. 2019" + "to date)".
_OPEN_DATE_END = re.compile(rf"(?:\b{_MONTH}|\bto|\bfrom|\bsince|\buntil|[-–—])\s*$", re.IGNORECASE)
_DATE_CONTINUES = re.compile(r"^\(?\s*(?:(?:19|20)\d\d\b|to\b|until\b|present\b|now\b|date\b|today\b|[-–—]\s*\w)",
                             re.IGNORECASE)
_ENDS_WITH_DATE = re.compile(rf"(?:\b{_MONTH}\s*)?\b(?:19|20)\d\d\s*$", re.IGNORECASE)
_RANGE_REST = re.compile(r"^\s*(?:to|until|[-–—])\s*(?:\w|$)", re.IGNORECASE)


# "DE 10 2023" + "673 128 A1": a patent number cut by a narrow column (its year part looks like a date)
_CUT_PATENT_NUMBER = re.compile(r"\b(?:ZL|CN|DE|EP|US|WO|RU|JP|KR)\s?\d[\d\s]*$")


_POINT_END = re.compile(r"^\s*(?:present|now|current|today|ongoing|to\s+date)\s*$", re.IGNORECASE)


def _date_point(text: str) -> bool:
    """One date alone, not a range ('JULY 2019', '2012', 'Present')."""
    if _POINT_END.match(text):
        return True
    found = find_ranges(text)
    return (len(found) == 1 and not text[: found[0].start].strip() and not text[found[0].end :].strip()
            and len(re.findall(r"(?:19|20)\d\d", text)) == 1 and not re.search(r"[-–—~]|\b(?:to|since|from)\b", text))


def _stacked_range(first: str, second: str) -> str:
    """Two stacked dates of one entry as one range, the earlier first ('PRESENT' over 'JULY 2019')."""
    if _POINT_END.match(first):
        return f"{second} – {first}"
    if _POINT_END.match(second):
        return f"{first} – {second}"
    a, b = find_ranges(first)[0].period.start, find_ranges(second)[0].period.start
    return f"{first} – {second}" if a <= b else f"{second} – {first}"


def _join_stacked_dates(lines: list[Line]) -> list[Line]:
    """A date column that stacks an entry's two dates ('PRESENT | Associate Professor, ...', its detail
    lines, then 'JULY 2019' alone): the lone date joins the one that opened the entry into a range. Only
    when the lone date closes the entry (the next line opens another with a date, heads a section or
    there is none): a table's date cell alone on its line is followed by its entry instead."""
    out: list[Line] = []
    opened: int | None = None  # the line whose head cell is a single date, no other date since
    for index, line in enumerate(lines):
        head, sep, _ = line.text.partition(" | ")
        nxt = lines[index + 1].text if index + 1 < len(lines) else ""
        closes = (not nxt or (heading_section(nxt) is not None and _plain_heading(nxt)) or starts_with_date(nxt)
                  or _date_point(nxt.partition(" | ")[0]))
        if opened is not None and not sep and _date_point(line.text) and closes:
            start_head, start_sep, start_rest = out[opened].text.partition(" | ")
            out[opened] = Line(f"{_stacked_range(start_head, line.text.strip())}{start_sep}{start_rest}",
                               out[opened].page, out[opened].number, out[opened].heading)
            opened = None
            continue
        if sep and _date_point(head):
            opened = len(out)
        elif has_range(line.text) or heading_section(line.text) is not None:
            opened = None
        out.append(line)
    return out


def _from_to_cells(line: Line) -> Line:
    """'07/2019 | present | Associate Professor | ...': a table's From and To columns are one range."""
    cells = line.text.split(" | ")
    if (len(cells) >= 3 and _date_point(cells[0]) and _date_point(cells[1]) and not _POINT_END.match(cells[0])
            and (_POINT_END.match(cells[1])
                 or find_ranges(cells[0])[0].period.start <= find_ranges(cells[1])[0].period.start)):
        return Line(" | ".join([f"{cells[0]} – {cells[1]}", *cells[2:]]), line.page, line.number, line.heading)
    return line


def join_wrapped_dates(lines: list[Line]) -> list[Line]:
    """Lines rejoined where a narrow column or table cell broke a date range or a patent number, and
    an entry's two dates stacked in a date column joined into one range."""
    out: list[Line] = []
    for line in _join_stacked_dates([_from_to_cells(ln) for ln in lines]):
        if out:
            prev = out[-1].text
            cut_open = _OPEN_DATE_END.search(prev) and _DATE_CONTINUES.match(line.text)
            cut_after_start = _ENDS_WITH_DATE.search(prev) and _RANGE_REST.match(line.text)
            cut_number = _CUT_PATENT_NUMBER.search(prev) and line.text[:1].isdigit()
            if (cut_open or cut_after_start or cut_number) and heading_section(prev) is None:
                out[-1] = Line(text=f"{prev} {line.text}", page=out[-1].page, number=out[-1].number)
                continue
        out.append(line)
    return out


# A line that names an institution ("Princeton University, Princeton, NJ", "ANU, Canberra") opens a
# new entry in sections written institution-first, even when that entry gives no dates.
_INSTITUTION_HEAD = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){0,5}(?:University|Universit\w+|Universidad\w*|Institute|College|Academy|Polytechnic|"
    r"Laboratory|Laboratories|Inc\.?|Corporation|GmbH|Ltd\.?)\b|^[A-Z]{2,6}(?:\s[A-Z][a-z]+)?,"
)


# "Keynote lecture, ...", "Invited talk: ...": a talk written with its kind first opens an entry.
_TALK_HEAD = re.compile(r"^(?:Keynote|Invited|Plenary|Colloquium|Seminar|Talk|Panel(?:ist)?|Tutorial|Research visit|"
                        r"Lab visit|Site visit)\b")


def _opens_with_post(text: str) -> bool:
    """The line starts with a post ('Postdoctoral Fellow, ...'), after any date ('2020-present ...')."""
    found = find_ranges(text)
    body = text[found[0].end:].lstrip(" ,;:|") if found and found[0].start <= 1 else text
    return bool(_ROLE_HEAD.match(body))


def _ends_with_place(text: str) -> bool:
    """The line ends with a country (or a paid-travel note after one): the end of a talk entry."""
    tail = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", text).rstrip(" .,;")
    hits = countries_in(tail)
    return bool(hits) and hits[-1][2] == len(tail)


_ROLE_HEAD = re.compile(
    r"^(?:(?:Assistant|Associate|Full|Senior|Visiting|Adjunct|Research|Chair|Distinguished|Postdoctoral|"
    r"Honorary|Guest|Principal|Staff)\s+)*(?:Professor|Lecturer|Fellow|Scientist|Researcher|Engineer|"
    r"Director|Scholar|Postdoc\w*|Instructor|Reader)\b\s*[,(]"
)


def split_entries(lines: list[Line], paragraphs: frozenset[tuple[int, int]] = frozenset()) -> list[list[Line]]:
    """Group a section's lines into entries, one per dated item where dates are given.

    Two shapes are common: the date on an entry's first line ("2016-2019  Professor, ..."), or the
    date on its last line (role or institution first, then "Org, 2016-2019" or "(2016-2019)"). Most
    dated lines tell which shape the section uses. Bullets, talk heads ("Seminar, ...") and a second
    post line ("Lecturer, ...") always start an entry, so undated entries stay apart.
    """
    lines = [ln for ln in lines if ln.text.strip()]
    content = [ln for i, ln in enumerate(lines) if not _table_header(lines, i)]
    if not content:
        return []
    dated = [has_range(ln.text) for ln in content]
    if not any(dated):
        return _by_bullets_or_lines(content)
    # entries set apart as paragraphs (`paragraphs`: the lines that open one), each with one dated
    # line wherever it stands: the date between the organisation and the place ('Research Scientist'
    # / 'Stanford University' / 'Aug 2021 – Present' / 'Stanford, CA')
    if paragraphs and (by_paragraph := _by_paragraphs(content, dated, paragraphs)):
        return by_paragraph
    # A bulleted list: each bullet is one entry, its wrapped lines (and their dates) with it
    if _BULLET.match(content[0].text) and sum(1 for ln in content if _BULLET.match(ln.text)) >= 2:
        return _by_bullets_or_lines(content)
    # Most dated lines start with their date ("2016-2019  Professor, ..."): a first entry without
    # dates does not make the section role-first.
    # (a line wrapped after a comma that goes on with its entry's dates, '..., 61875123,' over
    # '2018–2019; participant', continues its sentence: it opens nothing)
    continued = [bool(i) and content[i - 1].text.rstrip().endswith((",", ";")) for i in range(len(content))]
    leading = sum(1 for i, ln in enumerate(content) if starts_with_date(ln.text) and not continued[i])
    if dated[0]:  # a table's date cells stand alone on their lines, each before its entry
        leading += sum(1 for ln in content if _date_only(ln.text))
    # ... or the section opens with a dated line ('R01 GM123456 (PI) 09/01/2019-08/31/2024', then
    # the agency and title below it, as NIH biosketches write research support), unless its dates run on
    # in sentences, each wrapped after a comma
    date_first = (dated[0] and not any(d and c for d, c in zip(dated, continued))) or leading * 2 >= sum(dated)
    # 'Feb. 2021 – Present · Sydney, Australia' under the role and organisation lines: a line of only
    # a date and a place heads nothing, it closes its entry (web and sidebar designs' grey meta line)
    meta = [dated[i] and (_date_and_place(ln.text) or _date_and_number(ln.text)) for i, ln in enumerate(content)]
    closing_meta = not dated[0] and sum(meta) * 2 >= sum(dated)
    if closing_meta:
        date_first = False
    # bullets under dated lines that are not bulleted themselves detail their entry (Awesome-CV's
    # '• Department of ...' under 'Jul. 2019 - Present | MIT'); they open entries only in a bulleted list
    detail_bullets = date_first and not any(d and _BULLET.match(ln.text) for d, ln in zip(dated, content))
    entries: list[list[Line]] = []
    current: list[Line] = []
    closed = False  # date-last sections: the lines so far end an entry
    notes = _notes_after_meta(meta) if closing_meta else set()
    for index, line in enumerate(content):
        if index in notes:
            current.append(line)
            continue
        starts = False
        if _BULLET.match(line.text):
            starts = not (detail_bullets and not dated[index] and any(has_range(ln.text) for ln in current))
        elif date_first:
            # ... a line of a grant's number, role and amount that ends in its years ('Grant
            # GCA/WASH/21/045; PI; USD 100,000; 2021–2023') details the entry above it
            starts = dated[index] and not (index and _grant_details(line.text) and not starts_with_date(line.text))
        else:
            # A dated line closes its entry ("Role" then "Org, 2016-2019"): the next line opens another,
            # unless it only details the one closed ('PI, BRL 1,100,000' under Deedy's grey line)
            details = _details_only(line.text) or _grant_details(line.text)
            starts = closed and not details
            closed = dated[index] or (closed and details)
            starts = starts or (not dated[index] and bool(_INSTITUTION_HEAD.match(line.text))
                                and any(_INSTITUTION_HEAD.match(ln.text) for ln in current))
        # a second post in one entry is the next entry: entries without dates, one per line
        starts = starts or (_opens_with_post(line.text) and any(_opens_with_post(ln.text) for ln in current))
        # Undated talks in any section shape: 'Seminar, ...', or a quoted title after a line that
        # ended the previous talk with its country ('..., Vienna, Austria').
        starts = starts or bool(_TALK_HEAD.match(line.text)) or (
            index > 0 and line.text.startswith(("“", '"')) and _ends_with_place(content[index - 1].text))
        if starts and current:
            entries.append(current)
            current = []
        current.append(line)
    if current:
        entries.append(current)
    return entries


def _by_paragraphs(content: list[Line], dated: list[bool], paragraphs: frozenset[tuple[int, int]]
                   ) -> list[list[Line]] | None:
    """The section's paragraphs as its entries when there are two or more and each holds exactly one
    dated line and another (a dated line alone is a detail set apart: 'Grant ...; 2021–2023'); else
    None."""
    groups: list[list[int]] = []
    for index, line in enumerate(content):
        if not groups or (line.page, line.number) in paragraphs:
            groups.append([])
        groups[-1].append(index)
    if len(groups) < 2 or any(sum(dated[i] for i in group) != 1 or len(group) < 2 for group in groups):
        return None
    return [[content[i] for i in group] for group in groups]


def _notes_after_meta(meta: list[bool]) -> set[int]:
    """Event designs set a note under an entry's closing date-and-place line ('Laboratory of Laser
    Physics' under 'Feb. 2018 – Present | Moscow, Russia'), where it would read as the next entry's
    first line. The first entry shows how many lines come before the closing line: where one more
    line comes before the next closing line, the first of them is the note of the entry above, and
    a tail shorter than an entry is the last entry's note, as is a tail of one line where every entry
    above has its note (Deedy: 'ORG | Role' over 'dates | place', the unit below). The indexes of
    such notes."""
    closing = [i for i, m in enumerate(meta) if m]
    if not closing or closing[0] < 1:
        return set()
    lead = closing[0]
    gaps = [b - a - 1 for a, b in zip(closing, closing[1:])]
    if any(g not in (lead, lead + 1) for g in gaps):
        return set()
    notes = {a + 1 for a, g in zip(closing, gaps) if g == lead + 1}
    tail = len(meta) - closing[-1] - 1
    if 0 < tail < lead or (tail == 1 and gaps and all(g == lead + 1 for g in gaps)):
        notes.update(range(closing[-1] + 1, len(meta)))
    return notes


def _date_and_number(text: str) -> bool:
    """A line holding a date range and a grant's details only: its number, amount and the holder's
    role ('2019 -- 2024 | 2019/12345-6', Deedy's grey line under the funder and title; '2017 – 2019 |
    Key personnel · R21 AI145678 · $275,000'): it closes its entry, like a date and place."""
    text = _without_ranges(text)
    parts = _detail_parts(text)
    return bool(parts) and len(parts) <= 4 and all(
        FUNDING_ROLE.fullmatch(p) or all(re.search(r"\d", t) or re.fullmatch(r"[A-Z]{1,6}-?", t) for t in p.split())
        for p in parts)


def _details_only(text: str) -> bool:
    """A line of a grant's details alone, no date: the holder's role and the amount ('PI, BRL 1,100,000',
    'Key personnel, $275,000')."""
    parts = _detail_parts(text)
    return bool(AMOUNT.search(text)) and bool(parts) and all(FUNDING_ROLE.fullmatch(p) for p in parts)


def _without_ranges(text: str) -> str:
    """The text with its date ranges blanked out."""
    for found in reversed(find_ranges(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


def _grant_details(text: str) -> bool:
    """A line of a grant's number, role, amount and dates only, under its title and awarder ('Grant
    GCA/WASH/21/045; PI; USD 100,000; 2021–2023'): it details the entry above, dated or not."""
    if not AMOUNT.search(text):
        return False
    text = _without_ranges(text)
    parts = _detail_parts(text)
    return bool(parts) and all(FUNDING_ROLE.fullmatch(p) or _GRANT_NUMBER.fullmatch(p) for p in parts)


_GRANT_NUMBER = re.compile(r"(?:(?:grant|award|project|contract)\s*(?:no\.?|number|#)?\s*)?[A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*",
                           re.IGNORECASE)


def _detail_parts(text: str) -> list[str]:
    """A grant line's parts between its separators, amounts taken out."""
    return [p for p in (part.strip(" .") for part in re.split(r"[|,;·•]+", AMOUNT.sub(" ", text))) if p]


def entry_text(lines: list[Line], joint: str = " ") -> str:
    """An entry's lines as one text, bullets dropped, joined by `joint`. A line naming only a place
    ('Mountain View, CA' under 'Software Engineer | Google') is set off by a comma, as it would be
    written on one line: run on, it would read as part of the organisation ('Google Mountain View')."""
    out = ""
    for line in lines:
        text = strip_bullet(line.text)
        place = out and not JOINS_NEXT.search(out) and "," in text and _only_places(text)
        out = f"{out},{joint}{text}" if place else f"{out}{joint}{text}" if out else text
    return out


def _only_places(text: str) -> bool:
    """Each comma-separated part a country or a city the gazetteer knows, the last one possibly the
    state after its city ('Mountain View, CA', 'Hefei, China'; not 'FOUNDATION OF CHINA')."""
    parts = [p.strip() for p in text.split(",")]
    if not 1 <= len(parts) <= 3 or not all(parts) or len(text.split()) > 6 or names_institution(text):
        return False
    return all(is_place(p) or places.cities_named(p) or (i == len(parts) - 1 and i and region_after_city(text))
               for i, p in enumerate(parts))


def _date_and_place(text: str) -> bool:
    """A line holding a date range and at most a place ('Jul. 2017 – Jan. 2021 · Melbourne, Australia')."""
    text = _without_ranges(text)
    rest = [p.strip() for p in re.split(r"[·•|,;()]|\s[-–—]\s", text) if p.strip(" .")]
    if not rest:
        return True
    words = sum(len(p.split()) for p in rest)
    return words <= 5 and _names_place(rest) and not re.search(
        r"\b(?:Universit\w*|Institut\w*|College|School|Department|Laborator\w*|Centre|Center|Professor|"
        r"Lecturer|Fellow|Researcher|Scientist|Engineer|Grant|PI)\b", ", ".join(rest))


def _names_place(parts: list[str]) -> bool:
    """The parts name a country, a city and its state ('Austin, TX') or a city the gazetteer knows."""
    joined = ", ".join(parts)
    return bool(countries_in(joined) or region_after_city(joined)
                or any(places.city_country(p) for p in parts))


def _date_only(text: str) -> bool:
    """A line that holds a date range and nothing else ('Apr. 2018 to Dec. 2021')."""
    found = find_ranges(text)
    return bool(found) and not re.search(r"[^\W\d_]{2}", text[: found[0].start] + text[found[-1].end :])


def starts_with_date(text: str) -> bool:
    """The line begins with a date range (after any bullet or table bar)."""
    body = strip_bullet(text).lstrip("| ")
    found = find_ranges(body)
    # "(11/2024–now)" alone on a line closes an entry written above it; it does not open one
    return bool(found) and found[0].start <= 1 and len(re.findall(r"[A-Za-z]", body[found[0].end:])) >= 3


def _by_bullets_or_lines(content: list[Line]) -> list[list[Line]]:
    """Undated sections: bullets start entries; without bullets each line is an entry."""
    if not any(_BULLET.match(ln.text) for ln in content):
        return [[ln] for ln in content]
    entries: list[list[Line]] = []
    for line in content:
        if _BULLET.match(line.text) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    return entries


def strip_bullet(text: str) -> str:
    """The text without a leading bullet or item number."""
    return _BULLET.sub("", text, count=1)
