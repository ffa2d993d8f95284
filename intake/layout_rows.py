"""Words with their boxes grouped into rows (one baseline) and rows cut into cells at wide gaps: the
geometry every layout pass (intake/layout.py) reads from. Pure: plain data in, plain data out."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

CELL_GAP = 0.6  # a gap wider than this many body font sizes separates two cells of one row
SOFT_HYPHEN = "\u00ad"  # ends a word the reader saw hyphenated at the end of its line


@dataclass(frozen=True)
class Word:
    """One word as drawn: text, box (x0, x1; top/bottom measured down from the page top), type."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    base: float | None = None  # the baseline (down from the top); None: the box's bottom
    italic: bool = False

    @property
    def baseline(self) -> float:
        return self.bottom if self.base is None else self.base


@dataclass
class Cell:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def italic(self) -> bool:
        return all(w.italic for w in self.words)


@dataclass
class Row:
    cells: list[Cell]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def text(self) -> str:
        return " | ".join(c.text for c in self.cells)


def rows_of(words: list[Word]) -> list[Row]:
    """Words grouped by baseline (overlapping vertical extent), each row's words cut into cells."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.baseline, 1), w.x0)):
        # the recent row whose baseline this word sits on (columns interleave their baselines)
        best, best_diff = None, 0.0
        for row in rows[-4:]:
            diff = abs(row[0].baseline - word.baseline)
            if diff <= 0.3 * min(row[0].size, word.size) and (best is None or diff < best_diff):
                best, best_diff = row, diff
        if best is not None:
            best.append(word)
        else:
            rows.append([word])
    rows.sort(key=lambda r: r[0].baseline)
    body = body_size(words)
    for row_words in rows:
        row_words.sort(key=lambda w: w.x0)
    spacing = _word_spacing(rows)
    out = []
    for row_words in rows:
        cells = [Cell([row_words[0]])]
        gaps = sorted(b.x0 - a.x1 for a, b in zip(row_words, row_words[1:]))
        # a justified line's spaces are all stretched alike: a cell gap is wider than the row's usual one
        usual = 1.8 * gaps[len(gaps) // 4] if len(gaps) >= 3 else 0.0
        if len(gaps) >= 2 and gaps[-1] - gaps[0] <= 0.15 * gaps[-1] and gaps[-1] < 3 * body:
            # ... and a short justified line ('CHALMERS   UNIVERSITY   OF' in a narrow column) has
            # only stretched spaces, all alike: one cell
            usual = max(usual, 1.01 * gaps[-1])
        last_gap = 0.0  # the space before the current cell's last word
        for word in row_words[1:]:
            gap = word.x0 - cells[-1].x1
            size = max(word.size, cells[-1].words[-1].size)
            # wider than a word space of this type (fonts differ: handwriting spaces are wide), and
            # than the cell's own spaces: a justified line stretches its spaces alike ('SÃO PAULO
            # RESEARCH FOUN-' in a narrow column, the last a little wider by the hyphen's box)
            alike = 0 < last_gap and gap <= 1.25 * last_gap and word.size == cells[-1].words[-1].size
            if not alike and gap > max(CELL_GAP * max(body, size, 1.0), 1.8 * spacing.get(round(size), 0.0), usual):
                cells.append(Cell([word]))
                last_gap = 0.0
            else:
                cells[-1].words.append(word)
                last_gap = gap
        out.append(Row(cells, min(w.top for w in row_words), max(w.bottom for w in row_words)))
    return out


def _word_spacing(rows: list[list[Word]]) -> dict[int, float]:
    """The usual gap between two words of a row, per font size (rounded), over the page."""
    gaps: dict[int, list[float]] = {}
    for row in rows:
        for a, b in zip(row, row[1:]):
            if b.x0 > a.x1 and a.size == b.size:
                gaps.setdefault(round(a.size), []).append(b.x0 - a.x1)
    # a low percentile: a natural space, not one stretched by justification
    return {size: sorted(found)[len(found) // 4] for size, found in gaps.items() if len(found) >= 5}


def body_size(words: list[Word]) -> float:
    """The font size most text is set in (weighted by characters)."""
    sizes = [round(w.size, 1) for w in words for _ in w.text]
    return statistics.mode(sizes) if sizes else 10.0
