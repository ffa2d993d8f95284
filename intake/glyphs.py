"""From a PDF's characters to words: accents put back on their letters, letter spacing undone, small
capitals read as capitals. Pure functions over characters and their boxes; pdf_reader.py reads them
from pdfium."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from intake.layout_rows import Word

# small capitals whose 'i' glyph maps back to a lower-case letter: 'ASSOCiATE PROFESSOR', 'PH.D. iN'
_SMALL_CAPS_I = re.compile(r"^[^a-z]*(?:i[^a-z]*)+$")


def capitals(word: str) -> str:
    """A word in capitals but for its 'i's is in capitals ('ENGiNEERiNG', 'iN'): small caps drawn from a
    font whose small-cap i maps to 'i'. Two capitals at least, or the 'i' first: 'Li' stays a name."""
    if _SMALL_CAPS_I.match(word) and (sum(ch.isupper() for ch in word) >= 2 or word[0] == "i" and len(word) > 1):
        return word.upper()
    return word


def letter_spacing_undone(words: list[Word], glyphs: list[list[tuple[str, float, float]]]) -> list[Word]:
    """Words of a letter-spaced line cut again where its words end.

    Headings set with letter spacing ('I N V I T E D  T A L K S': microtype's \\textls, CSS
    letter-spacing) reach pdfium as letters with wide gaps between them, which it reads as word gaps:
    one letter a word, or a few ('RESE ARCH FUN DING'). On such a line the letters' gaps are wide (a
    typeset word's are a few hundredths of an em) and the pieces' ends do not stand out from them, so
    the run is read again as one phrase, with a space where a gap is wider than the letters' by a
    space's width. Two pieces are enough: pdfium may cut a letter-spaced name once, inside a word
    ('Qui' 'spe'), where the gap is no wider than the letters'."""
    out: list[Word] = []
    start = 0
    while start < len(words):
        end = start + 1
        while end < len(words) and _same_run(words[end - 1], words[end]):
            end += 1
        run, run_glyphs = words[start:end], glyphs[start:end]
        out += _respaced(run, run_glyphs) if end - start >= 2 else run
        start = end
    return out


def small_capitals_joined(words: list[Word], glyphs: list[list[tuple[str, float, float]]]
                          ) -> tuple[list[Word], list[list[tuple[str, float, float]]]]:
    """Letters of a word set in faked small capitals, each drawn apart (a browser shrinks capitals
    for a font without them: 'Gustafs' 's' 'o' 'n', 'o' 'f'), joined to the word they stand against:
    a letter smaller than its neighbour, on its baseline, closer to it than a quarter of its size."""
    out: list[Word] = []
    out_glyphs: list[list[tuple[str, float, float]]] = []
    for word, word_glyphs in zip(words, glyphs, strict=True):
        before = out[-1] if out else None
        if (before is not None and len(word.text) == 1 and word.text.isalpha()
                and abs(before.baseline - word.baseline) < 0.2 * word.size
                and 0 <= word.x0 - before.x1 < 0.25 * word.size
                and (word.size < 0.85 * before.size or (before.size == word.size
                                                       and before.size < 0.85 * _row_size(out, before)))):
            out[-1] = replace(before, text=before.text + word.text, x1=max(before.x1, word.x1),
                              top=min(before.top, word.top), bottom=max(before.bottom, word.bottom))
            out_glyphs[-1] = out_glyphs[-1] + word_glyphs
            continue
        out.append(word)
        out_glyphs.append(word_glyphs)
    return out, out_glyphs


def _row_size(words: list[Word], last: Word) -> float:
    """The largest size among the few words before `last` on its baseline."""
    return max((w.size for w in words[-6:] if abs(w.baseline - last.baseline) < 0.2 * last.size), default=last.size)


def _same_run(a: Word, b: Word) -> bool:
    # a letter's box may reach over the next one's start ('Q' and its tail, in small capitals)
    return (abs(a.baseline - b.baseline) < 0.2 * a.size and abs(a.size - b.size) < 0.1 and a.bold == b.bold
            and -0.5 * a.size < b.x0 - a.x1 < 1.2 * a.size)


def _respaced(run: list[Word], run_glyphs: list[list[tuple[str, float, float]]]) -> list[Word]:
    size = run[0].size
    flat = [g for word in run_glyphs for g in word]
    if size <= 0 or len(flat) < 4 or len(flat) != sum(len(w) for w in run_glyphs):
        return run
    gaps = [(b[1] - a[2]) / size for a, b in zip(flat, flat[1:])]
    ends, at = set(), -1  # indexes of the gaps between the run's pieces
    for word in run_glyphs[:-1]:
        at += len(word)
        ends.add(at)
    inside = [g for i, g in enumerate(gaps) if i not in ends]
    between = [g for i, g in enumerate(gaps) if i in ends]
    letters = sorted(gaps)[len(gaps) // 2]
    singles = sum(1 for word in run_glyphs if len(word) == 1)
    if len(run) == 2:  # one cut: inside a word only where the gap is as narrow as the letters' own
        spaced = letters >= 0.15 and bool(inside) and between[0] <= sorted(inside)[len(inside) // 2] + 0.05
    else:
        spaced = letters >= 0.15 and (
            (singles * 2 >= len(run) and len(run) >= 4) or (inside and min(between) <= max(inside) + 0.05))
    if not spaced:
        return run
    # one phrase, one word box: its word gaps are wider than the page's, and must not cut it into cells
    text = "".join(ch + (" " if g > letters + 0.18 else "") for (ch, _, _), g in zip(flat, [*gaps, 0.0]))
    return [Word(capitals(unicodedata.normalize("NFC", text)), flat[0][1], flat[-1][2], min(w.top for w in run),
                 max(w.bottom for w in run), size, run[0].bold, run[0].base, run[0].italic)]


# spacing accents as pdfium reads them from Computer Modern (OT1) text, and their combining forms
SPACING_ACCENTS = {"\u00b8": "\u0327", "\u00b4": "\u0301", "\u02c6": "\u0302", "\u00a8": "\u0308",
                    "\u02dc": "\u0303", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02d9": "\u0307",
                    "\u02da": "\u030a", "\u02dd": "\u030b", "\u00af": "\u0304", "\u02db": "\u0328"}


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two horizontal extents overlap by more than half the narrower one."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0.5 * min(a[1] - a[0], b[1] - b[0])
