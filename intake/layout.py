"""Words with their geometry -> page text in the order a person reads it.

A PDF's text layer is in drawing order, which for designed CVs is not reading order: a sidebar is
drawn beside the main column, dates sit in a right-aligned or left label column, the name is set in
large type. This pass uses what the page carries (word boxes, font size and weight) to:

- group words into rows (one baseline) and rows into cells (cut at wide horizontal gaps:
  intake/layout_rows.py);
- find a gutter: a vertical band no cell crosses, with text on both sides. A left side that holds
  mostly dates or short labels is a label column (moderncv, Europass): its cells belong to the row
  beside them, a date opening the row, a label on its own line. Otherwise it is a sidebar or a
  second column, read whole before the other one;
- move a date flushed to the right end of a row to the row's start ('2019 - present | Professor'),
  so the entry logic sees the date-first shape;
- put a heading set in larger or bold type, or a cell alone on its row, on its own line;
- put the largest type at the top of page 1 (the name) first, joining a name set on two lines
  (intake/layout_name.py);
- undo what templates do to words: a table's wrapped cells rejoined by column, a short justified
  line one cell, a wrapped label one label, a word hyphenated at its line's end whole again.

Pure: no PDF library here (intake/pdf_reader.py collects the words), so it is tested on plain data.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from intake.extract.dates import find_ranges
from intake.layout_name import take_name
from intake.layout_rows import SOFT_HYPHEN, Cell, Row, Word, body_size, rows_of

WORD_SPACE_MAX = 0.45  # a gap narrower than this many font sizes is a word space, never a column's edge
GUTTER_MIN = 0.9  # a gutter is at least this many body font sizes wide
CLEAN_GUTTER_MIN = 0.4  # ... or this many, when the right column's lines start at its edge


_LABEL_WORDS = 4  # a label-column cell is short: a date or a few words ('Work experience')


_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a range cut by a narrow cell: 'May 2007 to Dec.' (its year is on the next row)
_CUT_END = re.compile(rf"\s*(?:[-–—]|\bto|\buntil)\s*(?:{_MONTH_WORD})?\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _is_date_cell(text: str) -> bool:
    text = _CUT_END.sub("", text) if find_ranges(text) else text
    found = find_ranges(text)
    if not found:
        return False
    rest = text[: found[0].start] + text[found[-1].end :]
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 1


def _headings_apart(rows: list[Row], body: float) -> list[Row]:
    """A heading set beside its section's first entry ('Academic Positions | Feb. 2013 - Sept. 2017 |
    Postdoctoral Researcher, ...') gets its own row: it is a heading by its words and set apart by its
    type (bold, larger or capitals where the entry is not)."""
    from intake.extract.sections import heading_section

    out = []
    for row in rows:
        head, rest = row.cells[0], row.cells[1:]
        # a title in body size with only its dates beside it ('Sir Henry Wellcome Fellowship | 2016 -
        # 2020') is an entry's first row, worded like a heading or not
        titled = len(rest) == 1 and _is_date_cell(rest[0].text) and head.size < 1.1 * body
        if rest and not titled and heading_section(head.text) is not None and _set_apart(head, rest, body):
            out += [Row([head], row.top, row.bottom), Row(rest, row.top, row.bottom)]
        else:
            out.append(row)
    return out


def _table_cells_rejoined(rows: list[Row], body: float, gutter: float | None = None) -> list[Row]:
    """A table row whose cells wrap ('2015-2017 | Engineering and | Graphene oxide | EP/P012345/1'
    over '| Physical Sciences | membranes'; 'Professor, Department of | Indian Institute of | 2016 -'
    over 'Aerospace Engineering | Science'): a line right below it whose every cell continues one of
    its columns is joined to them, cell by cell. The columns keep the geometry of the row's first line,
    so a cell wrapped onto three lines is followed to its end."""
    out: list[Row] = []
    columns: list[Cell] | None = None  # the first line's cells of the table row out[-1], if it is one
    ends: list[float] = []  # where each column's last line ends
    edge = max((c.x1 for r in rows for c in r.cells), default=0.0)  # the text's right margin
    straddles = False  # whether out[-1]'s cells lie on both sides of the gutter
    for row in rows:
        above = out[-1] if out else None
        if above is not None and columns is not None and row.top - above.bottom < 0.5 * body:
            column = [_column_continued(cell, columns) for cell in row.cells]
            # a line with a cell in every column is the table's next row, whatever lines up; across
            # the page's gutter, only when each cell wrapped there because its line was full: a
            # sidebar's lines beside a main column's, on shared baselines by chance, are no table row
            if (len(row.cells) < len(columns) and all(i is not None for i in column)
                    and len(set(column)) == len(column)
                    and (not straddles or all(_line_was_full(ends[i], cell.words[0], columns[i + 1].x0
                                                             if i + 1 < len(columns) else edge, body)
                                              for cell, i in zip(row.cells, column)))):
                cells = [Cell(list(c.words)) for c in above.cells]
                for cell, i in zip(row.cells, column, strict=True):
                    following = cell.words
                    if i + 1 < len(columns) and _word_broken(cells[i].words[-1], following[0],
                                                             columns[i].x0, columns[i + 1].x0):
                        cells[i].words[-1] = replace(cells[i].words[-1], text=cells[i].words[-1].text.rstrip(
                            SOFT_HYPHEN) + following[0].text)
                        following = following[1:]
                    cells[i].words.extend(following)
                    ends[i] = cell.x1
                out[-1] = Row(cells, above.top, row.bottom)
                continue
        out.append(row)
        columns = list(row.cells) if len(row.cells) >= 3 else None
        ends = [c.x1 for c in row.cells]
        straddles = gutter is not None and any(c.x1 <= gutter for c in row.cells) and any(
            c.x0 >= gutter for c in row.cells)
    return out


def _line_was_full(end: float, next_word: Word, limit: float, body: float) -> bool:
    """Whether a cell's line ending at `end` had no room for `next_word` before `limit` (the next
    column, or the margin), a cell's padding (1.5 body sizes at most) allowed for."""
    return end + 0.3 * next_word.size + (next_word.x1 - next_word.x0) > limit - 1.5 * body


def _word_broken(end: Word, start: Word, column_x0: float, next_column_x0: float) -> bool:
    """Whether a cell's line ends inside a word that goes on on its next line: hyphenated there
    ('FOUN-' over 'DATION'), or broken in lower case ('Deutsche Forschungsgemei' over 'nschaft'), as a
    word processor breaks a word only when it is wider than its cell, so the two pieces together are
    wider than the room up to the next column."""
    if end.text.endswith(SOFT_HYPHEN):
        return True
    return (start.text[:1].islower() and end.text[-1:].isalpha()
            and (end.x1 - end.x0) + (start.x1 - start.x0) > next_column_x0 - column_x0)


def _column_continued(cell: Cell, columns: list[Cell]) -> int | None:
    """The column of a table row that a cell on the line below continues: it lies between the column's
    neighbours and lines up with the column's first line on the left, the centre or the right (as
    its paragraphs are set). The first column must also share the first line's type: below a row a
    line in the body type at the left margin is the entry's detail, not a wrapped cell."""
    for i, head in enumerate(columns):
        low = columns[i - 1].x1 if i else float("-inf")
        high = columns[i + 1].x0 if i + 1 < len(columns) else float("inf")
        if not (low < cell.x0 and cell.x1 < high):
            continue
        if i == 0:
            same_type = head.bold == cell.bold and abs(head.size - cell.size) < 0.1 * head.size
            # ... and a date there opens the next entry
            return 0 if same_type and abs(cell.x0 - head.x0) < 2 and not _is_date_cell(cell.text) else None
        centre = abs((cell.x0 + cell.x1) - (head.x0 + head.x1)) < 4
        return i if abs(cell.x0 - head.x0) < 2 or abs(cell.x1 - head.x1) < 2 or centre else None
    return None


def _set_apart(head: Cell, rest: list[Cell], body: float) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", head.text)
    caps = len(letters) > 3 and letters.isupper() and not any(
        re.sub(r"[^A-Za-z]", "", c.text).isupper() for c in rest)
    bold = head.bold and not any(c.bold for c in rest)
    larger = head.size >= 1.1 * max(c.size for c in rest)
    return caps or bold or larger


def find_gutter(rows: list[Row], width: float, body: float) -> float | None:
    """The x of a vertical band that no cell crosses, with text on both sides, or None."""
    # words, not cells: two columns set close together can run into one cell on a shared baseline
    cells = [w for r in rows for c in r.cells for w in c.words]
    if len(rows) < 4 or len(cells) < 8 or width <= 0:
        return None
    step = max(body * 0.25, 1.0)
    # how many words cover each step of x: a difference array, then running sums
    bins = int(width / step) + 2
    delta = [0] * (bins + 1)
    for word in cells:
        # clipped to the page: text set past its edge (an overfull line) or before it
        first, last = max(int(word.x0 / step) + 1, 0), min(int(word.x1 / step), bins - 1)
        if first <= last:
            delta[first] += 1
            delta[last + 1] -= 1
    cover, running = [], 0
    for d in delta[:bins]:
        running += d
        cover.append(running)
    def sided(band: tuple[float, float, float]) -> bool:  # text on both sides, row after row
        centre = band[1]
        return (sum(1 for r in rows if any(c.x1 <= centre for c in r.cells)) >= 4
                and sum(1 for r in rows if any(c.x0 >= centre for c in r.cells)) >= 4)

    bands = _bands(cover, step, width, max(1, len(rows) // 25))
    best = bands[0] if bands else None
    if best is not None and not sided(best):
        # the empty margin left of labels set flush against the gutter can be wider than the gutter
        # itself, with no column left of it: then the widest band beside a column of short labels
        # (a form's long field labels, 'Name and address of employer', are read line by line instead)
        best = next((b for b in bands[1:] if sided(b) and _short_labels(rows, b[1])
                     and _label_column(cut_at(rows, b[1]), b[1])), best)
    if best is None or best[0] < GUTTER_MIN * body:
        # two columns set close (Deedy's 0.33/0.66 minipages, a few points apart, a header centred
        # over both): a narrow band counts when the right column's lines start at its very edge, row
        # after row (word gaps never line up like that)
        close = _bands(cover, step, width, max(2, len(rows) // 20))
        best = close[0] if close else None
        if best is None or best[0] < CLEAN_GUTTER_MIN * body:
            return None
        aligned = sum(1 for w in cells if best[2] - 2 * step <= w.x0 <= best[2] + step)
        if aligned < max(6, len(rows) // 6):
            return None
    centre = best[1]
    left = sum(1 for r in rows if any(c.x1 <= centre for c in r.cells))
    right = sum(1 for r in rows if any(c.x0 >= centre for c in r.cells))
    if left < 4 or right < 4:
        return None
    return centre


def _short_labels(rows: list[Row], gutter: float) -> bool:
    """Whether the cells left of x, dates aside, are labels of two or three words at most on average."""
    lefts = [c.text for r in rows for c in r.cells if c.x1 <= gutter and not _is_date_cell(c.text)]
    return bool(lefts) and sum(len(t.split()) for t in lefts) <= 2.5 * len(lefts)


def _bands(cover: list[int], step: float, width: float, most: int) -> list[tuple[float, float, float]]:
    """(width, centre, right edge) of the bands crossed by at most `most` words, widest first."""
    bands: list[tuple[float, float, float]] = []
    start = None
    x = width * 0.10
    while x < width * 0.80:
        if cover[min(int(x / step), len(cover) - 1)] <= most:
            start = x if start is None else start
        elif start is not None:
            bands.append((x - start, (start + x) / 2, x))
            start = None
        x += step
    return sorted(bands, key=lambda b: -b[0])


def cut_at(rows: list[Row], gutter: float) -> list[Row]:
    """Cells that run over the gutter between two of their words are cut there."""
    out = []
    for row in rows:
        cells = []
        for cell in row.cells:
            left = [w for w in cell.words if w.x1 <= gutter]
            right = [w for w in cell.words if w.x0 >= gutter]
            # ... not at a plain word space: a line across both columns (a contact line over them)
            if (left and right and len(left) + len(right) == len(cell.words)
                    and right[0].x0 - left[-1].x1 >= WORD_SPACE_MAX * left[-1].size):
                cells += [Cell(left), Cell(right)]
            else:
                cells.append(cell)
        out.append(Row(cells, row.top, row.bottom))
    return out


def _justified_rejoined(row: Row, gutter: float, body: float) -> Row:
    """One column's words cut into cells only by the stretched spaces of a justified narrow line
    ('CHALMERS   UNIVERSITY   OF' beside the other column's text): one cell again. So is a line that
    ends in a word hyphenated there, its cells in one type ('DEUTSCHE   FORSCHUNGSGE-'): TeX
    hyphenates a word only after a space of its paragraph, so the line is one paragraph's, however
    stretched its spaces."""
    out: list[Cell] = []
    for side in ([c for c in row.cells if c.x1 <= gutter], [c for c in row.cells if c.x1 > gutter]):
        gaps = [b.x0 - a.x1 for a, b in zip(side, side[1:])]
        hyphenated = (bool(gaps) and side[-1].text.endswith(SOFT_HYPHEN)
                      and len({(w.size, w.bold, w.italic) for c in side for w in c.words}) == 1
                      and not any(ch.isdigit() for c in side for ch in c.text))
        stretched_alike = (len(gaps) >= 2 and all(len(c.words) == 1 for c in side)
                           and max(gaps) - min(gaps) <= 0.15 * max(gaps)) if gaps else False
        if gaps and max(gaps) < 3 * body and (hyphenated or stretched_alike):
            out.append(Cell([w for c in side for w in c.words]))
        else:
            out += side
    return Row(out, row.top, row.bottom)


def _split(row: Row, gutter: float) -> tuple[list[Cell], list[Cell], bool]:
    """A row's cells left and right of the gutter, and whether a cell crosses it."""
    left = [c for c in row.cells if c.x1 <= gutter]
    right = [c for c in row.cells if c.x0 >= gutter]
    return left, right, len(left) + len(right) < len(row.cells)


def _date_column_right(rows: list[Row], gutter: float) -> bool:
    """Whether the right side is a column of dates flushed beside the entries they belong to."""
    rights = [c.text for r in rows for c in _split(r, gutter)[1]]
    return bool(rights) and sum(1 for t in rights if _is_date_cell(t)) >= 0.7 * len(rights)


def _flush_right_column(rows: list[Row], gutter: float) -> bool:
    """Whether the right side is short cells flushed to the right margin (places and dates beside
    the entries, Awesome-CV): a ragged left edge, where a second column's lines start at one x."""
    rights = [c for r in rows for c in _split(r, gutter)[1]]
    if len(rights) < 4 or any(len(c.text.split()) > 6 for c in rights):
        return False
    return _flushed_right(rights, right_slack=4, left_slack=2)


def _flushed_right(cells: list[Cell], right_slack: float, left_slack: float) -> bool:
    """Whether most cells end at one right edge while their left edges are ragged (set flush right)."""
    edge, start = max(c.x1 for c in cells), min(c.x0 for c in cells)
    flushed = sum(1 for c in cells if edge - c.x1 < right_slack)
    aligned = sum(1 for c in cells if c.x0 - start < left_slack)
    return flushed >= 0.8 * len(cells) and aligned < 0.5 * len(cells)


def _label_column(rows: list[Row], gutter: float) -> bool:
    """Whether the left side holds dates and short labels beside the right side's entries."""
    lefts = [c.text for r in rows for c in _split(r, gutter)[0]]
    if not lefts:
        return False
    short = sum(1 for t in lefts if _is_date_cell(t) or len(t.split()) <= _LABEL_WORDS)
    dated = sum(1 for t in lefts if _is_date_cell(t))
    # beside: on one row with the right side, or on the row _headings_apart cut from it (a heading set
    # apart from its first entry keeps that row's very top and bottom)
    right_spans = {(r.top, r.bottom) for r in rows if _split(r, gutter)[1]}
    beside = sum(1 for r in rows if _split(r, gutter)[0] and (r.top, r.bottom) in right_spans)
    right_rows = sum(1 for r in rows if _split(r, gutter)[1])
    # labels sit beside the first row of what they label: mostly dates, or a few rows among many; a
    # sidebar runs down its column row after row, aligned with the main column or not
    has_left = [bool(_split(r, gutter)[0]) for r in rows]
    sparse = sum(has_left) <= 0.6 * right_rows
    # ... and a sidebar's rows follow one another, where labels stand apart with empty rows between
    runs = sum(1 for a, b in zip(has_left, has_left[1:]) if a and b)
    isolated = runs <= 0.5 * sum(has_left)
    # ... or labels set flush against the gutter, as Europass-style designs set them: a sidebar's
    # lines start at its left edge
    flushed = _flushed_right([c for r in rows for c in _split(r, gutter)[0]], right_slack=3, left_slack=3)
    # ... or many dates, most cells beside the right side's (JSON Resume 'paper': headings, dates
    # and award titles in the left column, each on its entry's first row)
    return short >= 0.8 * len(lefts) and (
        dated >= 0.5 * len(lefts) or flushed or (sparse and isolated and beside >= 0.5 * len(lefts))
        or (dated >= 0.4 * len(lefts) and beside >= 0.6 * len(lefts)))


@dataclass
class Out:
    text: str
    size: float
    top: float


_OPEN_RANGE = re.compile(rf"(?:[-–—]|\bto|\bsince|\bfrom|\buntil)\s*(?:{_MONTH_WORD})?\s*$", re.IGNORECASE)


def _blocks_date_first(rows: list[Row], body: float) -> list[Out]:
    """Rows as lines; a date flushed right on any row of a block (rows set without extra space
    between them: one entry) opens the block's first row, where the entry logic looks for it."""
    lines = [Out(" | ".join(c.text for c in r.cells), max(c.size for c in r.cells), r.top) for r in rows]
    gaps = [b.top - a.bottom for a, b in zip(rows, rows[1:])]
    usual = sorted(gaps)[len(gaps) // 4] if gaps else 0.0  # the spacing inside a paragraph
    # ... and a section's heading is no entry's row, however close its first entry is set (Typst)
    heads = [_heads_section(r, body) for r in rows]
    starts = [0, *(i for i in range(1, len(rows)) if gaps[i - 1] > usual + 0.4 * body or heads[i - 1] or heads[i])]
    block_of = {}
    for number, first in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(rows)
        block_of.update({i: (first, end) for i in range(first, end)})
    own_dates = _sections_dating_first_rows(rows, body)
    for index, row in enumerate(rows):
        start, end = block_of[index]
        dated = sum(1 for r in rows[start:end] if any(_is_date_cell(c.text) for c in r.cells))
        if dated > 1:
            start = index  # several dated rows: each date stays with its own row
        cells = row.cells
        if len(cells) < 2 or not _is_date_cell(cells[-1].text) or _is_date_cell(cells[0].text):
            continue
        rest = " | ".join(c.text for c in cells[:-1])
        above = rows[index - 1] if index else None
        if (start == index and above is not None and not own_dates[index]
                and not any(_is_date_cell(c.text) for c in above.cells)
                and not _looks_like_heading(above, body)
                and ((len(above.cells) >= 2 and abs(above.x1 - row.x1) < 3) or row.x0 > above.x0 + 2)):
            # 'Monash University | Melbourne' over 'Lecturer | 07/2017 - 01/2021': both flushed to one
            # right edge, the entry's heading rows; or 'KTH, Stockholm' over an indented '■ Senior
            # Researcher | Jan 2020 - present': the entry's head and its item. Its date opens the first
            start = index - 1
        first = rows[start]
        if start == index or any(_is_date_cell(c.text) for c in first.cells) or _looks_like_heading(first, body):
            lines[index] = Out(f"{cells[-1].text} | {rest}", lines[index].size, row.top)
        else:
            lines[index] = Out(rest, lines[index].size, row.top)
            lines[start] = Out(f"{cells[-1].text} | {lines[start].text}", lines[start].size, first.top)
    return lines


def _sections_dating_first_rows(rows: list[Row], body: float) -> list[bool]:
    """For each row, whether its section dates an entry on the entry's first row: the first row under
    the heading carries a date at its right end ('Reader | Sep. 2021 - Present' over 'University of
    Manchester | Manchester'). Then every dated row opens its own entry and no date moves to the row
    above it, whatever two rows share a right edge; sections whose first row is undated ('Monash
    University | Melbourne' over 'Lecturer | 07/2017 - 01/2021') date the entry on its second row."""
    out: list[bool] = []
    current, after_heading = False, True
    for row in rows:
        if _looks_like_heading(row, body):
            current, after_heading = False, True
        elif after_heading:
            cells = row.cells
            current = len(cells) >= 2 and _is_date_cell(cells[-1].text) and not _is_date_cell(cells[0].text)
            after_heading = False
        out.append(current)
    return out


_CONTINUATION = re.compile(r"^(?:present|now|current|today|date|ongoing)\b|^\S+\.?\s+(?:19|20)\d\d\b|^\d{1,2}/(?:19|20)\d\d\b|"
                           r"^(?:19|20)\d\d\b", re.IGNORECASE)


def _finish_cut_dates(lines: list[Out]) -> list[Out]:
    """'Sep. 2014 – | Assistant Professor, ...' then 'Jun. 2019 | School of Engineering': a date column
    too narrow for the range wraps its end onto the next row; the end goes back to its start."""
    out: list[Out] = []
    for line in lines:
        head, sep, tail = line.text.partition(" | ")
        # ... on a line of its own (the date cell wraps below its row) or first on the next row
        alone = not sep and bool(_RANGE_END.fullmatch(head))
        if out and (sep or alone) and _CONTINUATION.match(head) and not _CONTINUATION.match(tail):
            prev_head, prev_sep, prev_tail = out[-1].text.partition(" | ")
            if prev_sep and _OPEN_RANGE.search(prev_head) and _is_date_cell(prev_head):
                out[-1] = Out(f"{prev_head} {head}{prev_sep}{prev_tail}", out[-1].size, out[-1].top)
                if alone:
                    continue
                line = Out(tail, line.size, line.top)
        out.append(line)
    return out


_RANGE_END = re.compile(r"(?:present|now|current|today|date|ongoing|(?:\S+\.?\s+)?(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d)",
                        re.IGNORECASE)


def date_first_text(cells: list[str]) -> str:
    """Cells of one line joined by ' | ', a date in the last cell moved first."""
    if len(cells) >= 2 and _is_date_cell(cells[-1]) and not _is_date_cell(cells[0]):
        cells = [cells[-1], *cells[:-1]]
    return " | ".join(cells)


def _heads_section(row: Row, body: float) -> bool:
    """A row set larger than the body as one cell, or worded as a section's heading."""
    return _looks_like_heading(row, body, by_weight=False)


def _looks_like_heading(row: Row, body: float, *, by_weight: bool = True) -> bool:
    """A row set as a heading (larger or, `by_weight`, all bold type), or worded as one: no entry's
    first row."""
    from intake.extract.sections import heading_section

    cells = row.cells
    typographic = len(cells) == 1 and (cells[0].size >= 1.15 * body or (by_weight and cells[0].bold))
    return typographic or heading_section(row.text) is not None


def _date_first(cells: list[Cell], body: float) -> str:
    """A row's text, a date cell at its right end moved to its start ('2019 - 2021 | Lecturer, ...')."""
    if len(cells) >= 2 and _is_date_cell(cells[-1].text) and not _is_date_cell(cells[0].text):
        cells = [cells[-1], *cells[:-1]]
    return " | ".join(c.text for c in cells)


def typographic_headings(rows: list[Row], gutter: float | None, body: float,
                         plain: list[str] | None = None, carried: list | None = None) -> list[str]:
    """Cells set in the type of the page's worded headings ('EDUCATION', 'Grants' in bold 12 pt),
    alone on their row or their column's side of it, shaped as a heading, whatever their words:
    'Stays Abroad' set like 'Employment' heads its own section. Only a type set apart from the body
    (larger, bold or capitals) counts, so bold posts and names in body type are never headings.
    `plain` receives the lines worded like a heading but set in plain body type and wrapped: the next
    line's first word would not have fitted on them ('Discovery Early Career' / 'Researcher Award',
    an award's name cut by a narrow column), on a page whose headings are set apart."""
    from intake.extract.headings import heading_types, shaped_as_heading, worded_as_heading

    def style(cell: Cell) -> tuple[float, bool, bool]:
        letters = re.sub(r"[^A-Za-z]", "", cell.text)
        return cell.size, cell.bold, len(letters) > 1 and letters.isupper()

    alone = []
    following: dict[int, Cell] = {}  # a lone cell -> the first cell of the next row on its side
    last: dict[int, Cell] = {}
    edge: dict[int, float] = {}
    side_of: dict[int, int] = {}  # 0 left of the gutter, 1 right of it, 2 across (or no gutter)
    for row in rows:
        if gutter is None:
            keyed = [(2, row.cells)]
        else:
            left, right, crossed = _split(row, gutter)
            keyed = [(2, row.cells)] if crossed else [(0, left), (1, right)]
        for side, group in keyed:
            if not group:
                continue
            if side in last:
                following[id(last.pop(side))] = group[0]
            edge[side] = max(edge.get(side, 0.0), group[-1].x1)
            if len(group) == 1:
                alone.append(group[0])
                last[side] = group[0]
                side_of[id(group[0])] = side

    def wrapped(cell: Cell) -> bool:
        nxt = following.get(id(cell))
        if nxt is None or abs(nxt.x0 - cell.x0) > 2 or nxt.words[0].top - cell.words[0].bottom > cell.size:
            return False
        first = nxt.words[0]
        return cell.x1 + 0.3 * cell.size + (first.x1 - first.x0) > edge.get(side_of[id(cell)], cell.x1) - 1

    def same(a: tuple[float, bool, bool], b: tuple[float, bool, bool]) -> bool:
        return abs(a[0] - b[0]) <= 0.3 and a[1:] == b[1:]

    # each cell's words and type looked up once (the regexes are the cost of this pass)
    # ... once: a line repeated on the page is an entry's label ('INVITED TALK' over each talk), as a
    # section is headed once
    repeats = Counter(c.text.casefold() for c in alone)
    named = {id(c): worded_as_heading(c.text) and repeats[c.text.casefold()] == 1 for c in alone}
    styled = {id(c): style(c) for c in alone}
    styles = heading_types([styled[id(c)] for c in alone], [named[id(c)] for c in alone], body, same)
    if carried is not None:  # the headings' type found on earlier pages holds for a page without its own
        if styles:
            carried[:] = styles
        else:
            styles = list(carried)
    if styles and plain is not None:
        plain += [c.text for c in alone if named[id(c)] and not any(styled[id(c)][1:])
                  and not c.italic and c.size < 1.1 * body and wrapped(c)]
        # ... and those set smaller than the body text, which no heading is: a grant's title in small
        # capitals ('SIR HENRY WELLCOME FELLOWSHIP', 'CONSOLIDATOR GRANT SLEEPMEM', Awesome-CV)
        plain += [c.text for c in alone if named[id(c)] and c.size < body - 0.5
                  and not any(same(styled[id(c)], s) for s in styles)]
        # ... and those set larger than the body but in its plain weight and case where the headings
        # are set otherwise: an event's title ('Sir Henry Wellcome Fellowship' in large roman type
        # under 'GRANTS' in large bold capitals, as event designs set each entry's title)
        plain += [c.text for c in alone if named[id(c)] and c.size >= 1.1 * body and not any(styled[id(c)][1:])
                  and not any(same(styled[id(c)], s) for s in styles) and all(any(s[1:]) for s in styles)]
        # ... and those set apart in the type of the entries' titles: a bold grant title worded like a
        # heading ('Sir Henry Wellcome Fellowship' in the bold of 'Associate Professor', under
        # 'Grants' in larger bold), a type most of whose lines are worded otherwise (heading_types)
        worn: dict[tuple[float, bool, bool], tuple[int, int]] = {}  # a type -> its named and all lines

        def mostly_unnamed(kind: tuple[float, bool, bool]) -> bool:
            if kind not in worn:
                in_type = [named[id(o)] for o in alone if same(styled[id(o)], kind)]
                worn[kind] = (sum(in_type), len(in_type))
            return 2 * worn[kind][0] < worn[kind][1]

        plain += [c.text for c in alone if named[id(c)] and any(styled[id(c)][1:])
                  and not any(same(styled[id(c)], s) for s in styles) and mostly_unnamed(styled[id(c)])]
    return [c.text for c in alone if any(same(styled[id(c)], s) for s in styles) and shaped_as_heading(c.text)]


def reading_order(words: list[Word], width: float, *, first_page: bool, headings: list[str] | None = None,
                  plain: list[str] | None = None, heading_type: list | None = None) -> str:
    """The page's text in reading order, one row per line (see the module docstring); `headings` and
    `plain`, when given, receive the lines set as headings and those worded as one but set as body
    text (typographic_headings); `heading_type` carries the headings' type from page to page."""
    from intake.extract.headings import heading_section, title_case

    if not words:
        return ""
    body = body_size(words)
    name = ""
    if first_page:
        name, words = take_name(words, body)
    rows = _headings_apart(rows_of(words), body)
    gutter = find_gutter(rows, width, body)
    joined = _table_cells_rejoined(rows, body, gutter)
    if len(joined) < len(rows):  # wrapped cells joined: the gutter of the rows as joined
        rows, gutter = joined, find_gutter(joined, width, body)
    if gutter is not None and (_date_column_right(rows, gutter) or _flush_right_column(rows, gutter)):
        # dates boxed at the main column's right end beside a sidebar (latexcv): the widest band is
        # the dates' own; the gutter between the sidebar and the main column lies left of it
        inner = find_gutter([Row(cells, r.top, r.bottom) for r in rows if (cells := _split(r, gutter)[0])],
                            gutter, body)
        if inner is not None and not _label_column(rows, inner):
            gutter = inner
    if gutter is not None:
        rows = [_justified_rejoined(row, gutter, body) for row in cut_at(rows, gutter)]
    if headings is not None:
        headings += typographic_headings(rows, gutter, body, plain, heading_type)
    lines: list[Out] = []
    if gutter is None or _date_column_right(rows, gutter) or _flush_right_column(rows, gutter):
        lines = _blocks_date_first(rows, body)
    elif _label_column(rows, gutter):
        previous_left = ""
        content: list[tuple[int, Row]] = []  # the right side's rows (with any date beside), by line
        label_at: tuple[int, Cell] | None = None  # the last label's line and cell
        for row in rows:
            left, right, crossed = _split(row, gutter)
            if crossed or not left:
                previous_left = ""
                lines.append(Out(_date_first(row.cells, body), max(c.size for c in row.cells), row.top))
                if not crossed:
                    content.append((len(lines) - 1, Row(row.cells, row.top, row.bottom)))
                continue
            if (label_at is not None and not right and len(left) == 1 and not _is_date_cell(left[0].text)
                    and min(abs(left[0].x0 - label_at[1].x0), abs(left[0].x1 - label_at[1].x1)) < 3
                    and left[0].size == label_at[1].size
                    and left[0].words[0].top - label_at[1].words[0].bottom < 0.6 * left[0].size):
                # a label wrapped by the narrow column ('ACADEMIC' over 'POSITIONS'): one label
                index, cell = label_at
                lines[index] = Out(f"{lines[index].text} {left[0].text}", lines[index].size, lines[index].top)
                label_at = (index, left[0])
                continue
            if lines and previous_left and _OPEN_RANGE.search(previous_left):
                # a date cut by the narrow column ('Jul. 2019 –' then 'Present'): finish it above
                done = " ".join(c.text for c in left)
                head, sep, tail = lines[-1].text.partition(" | ")
                lines[-1] = Out(f"{head} {done}{sep}{tail}", lines[-1].size, lines[-1].top)
                previous_left = done
                if right:
                    lines.append(Out(" | ".join(c.text for c in right), max(c.size for c in right), row.top))
                continue
            previous_left = " ".join(c.text for c in left)
            labels = [c for c in left if not _is_date_cell(c.text)]
            dates = [c for c in left if _is_date_cell(c.text)]
            for label in labels:  # a label ('Work experience', 'Projects') heads what follows it
                lines.append(Out(label.text, label.size, row.top))
                label_at = (len(lines) - 1, label)
                if heading_section(title_case(label.text)) is not None:
                    # ... whatever its type or case: labels are set small beside what they label
                    if plain is not None and label.text in plain:
                        plain.remove(label.text)
                    if headings is not None:
                        headings.append(label.text)
            if dates or right:
                cells = [*dates, *right]
                lines.append(Out(" | ".join(c.text for c in cells), max(c.size for c in cells), row.top))
                content.append((len(lines) - 1, Row(cells, row.top, row.bottom)))

        # a date flushed right in the labelled column opens its entry, as on a page without columns
        for (index, row), moved in zip(content, _blocks_date_first([r for _, r in content], body), strict=True):
            if moved.text != " | ".join(c.text for c in row.cells):
                lines[index] = Out(moved.text, lines[index].size, lines[index].top)
    else:
        lines = _columns(rows, gutter, body)
    lines = _rejoin_hyphenated(_finish_cut_dates(lines))
    if name:
        lines.insert(0, Out(name, body, 0.0))
    return "\n".join(o.text for o in _paragraphs_apart(lines))


def _paragraphs_apart(lines: list[Out]) -> list[Out]:
    """An empty line where the next line is set apart from the one above it by more than the page's
    line spacing (1.8 times its lower quartile): the text keeps the paragraphs a reader sees, and an
    entry whose fields stand on lines of their own (role, organisation, dates, place) is one paragraph."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * max(a.size, 1.0))
    if len(pitches) < 4:
        return lines
    usual = pitches[len(pitches) // 4]
    out = lines[:1]
    for above, line in zip(lines, lines[1:]):
        if line.top - above.top > 1.8 * usual and line.top - above.top < 6 * usual:
            out.append(Out("", line.size, line.top))
        out.append(line)
    return out


def _rejoin_hyphenated(lines: list[Out]) -> list[Out]:
    """'RUSSIAN SCIENCE FOUNDA-' then 'TION': a word hyphenated at the end of its line is whole again
    on the first line (in reading order the next line is its column's next)."""
    out: list[Out] = []
    carry = ""
    for line in lines:
        text = line.text
        if carry:
            head, _, rest = text.partition(" ")
            cells = head.split("|")
            out[-1] = Out(out[-1].text + cells[0], out[-1].size, out[-1].top)
            text = rest if len(cells) == 1 else "|".join(cells[1:]) + (" " + rest if rest else "")
            text = text.lstrip(" |")
            carry = ""
        if text.endswith(SOFT_HYPHEN):
            carry, text = SOFT_HYPHEN, text[:-1]
        if text:
            out.append(Out(text.replace(SOFT_HYPHEN, "-"), line.size, line.top))
        elif carry:
            out.append(Out("", line.size, line.top))
    return [o for o in out if o.text]


def _columns(rows: list[Row], gutter: float, body: float) -> list[Out]:
    """Full-width rows in place; between them the left column whole, then the right column."""
    out: list[Out] = []
    left: list[Out] = []
    right: list[Out] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for row in rows:
        l_cells, r_cells, crossed = _split(row, gutter)
        if crossed:
            flush()
            out.append(Out(_date_first(row.cells, body), max(c.size for c in row.cells), row.top))
            continue
        if l_cells:
            left.append(Out(_date_first(l_cells, body), max(c.size for c in l_cells), row.top))
        if r_cells:
            right.append(Out(_date_first(r_cells, body), max(c.size for c in r_cells), row.top))
    flush()
    return out
