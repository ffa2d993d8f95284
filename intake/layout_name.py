"""The name at the top of a CV's first page: the largest type there, joined when set on two lines,
without a document title ('Curriculum Vitae') set beside it."""

from __future__ import annotations

import re

from intake.layout_rows import Word, rows_of
from intake.person_names import MARKS, WORD


_SEPARATORS = frozenset("|•·–—/,")
_NAMEISH = re.compile(rf"^{WORD}(?:\s+{WORD}){{0,4}}$")  # in any case: 'MARISOL', 'ter', 'Nwọ́sụ̀'


def looks_like_name(text: str) -> bool:
    """One to five words of letters: a name, not a sentence, address or date."""
    return bool(_NAMEISH.match(text))


def take_name(words: list[Word], body: float) -> tuple[str, list[Word]]:
    """The words in the largest type near the top of page 1 when they read as a name (one line, or
    two: 'MARISOL' over 'ORTEGA-VANCE'), and the page's other words."""
    top = min(w.top for w in words)
    big = [w for w in words if w.top <= top + 250 and w.size >= 1.3 * body]
    if not big:
        return "", words
    biggest = max(w.size for w in big)
    chosen = [w for w in big if w.size >= biggest - 0.5]
    # 'ALEKSANDR PETROVSKY | CURRICULUM VITAE' in one type: the document's title is no part of the name
    titles = [w for w in chosen if w.text.lower().strip(".:|") in _DOCUMENT_TITLE]
    chosen = [w for w in chosen if w not in titles]
    if not chosen:
        return "", words
    # a name set on several lines ('MARISOL' over 'ORTEGA-VANCE', one word a line in a sidebar): rows
    # that follow one another at line spacing, five words at most in all
    rows = rows_of(chosen)[:1]
    for row in rows_of(chosen)[1:4]:
        words_so_far = sum(len(r.text.split()) for r in rows)
        if row.top - rows[-1].bottom > 2 * biggest or words_so_far + len(row.text.split()) > 4:
            break
        rows.append(row)
    # the name ends where the type changes weight or a separator follows ('Nasrin Koh | Senior Lecturer')
    # ... once it has two words: designs set the given and the family name in two weights
    # ('Marisol' light, 'ORTEGA-VANCE' bold), so a change after the first word does not end it
    runs: list[list[Word]] = []
    for row in rows:
        run: list[Word] = []
        so_far = sum(len(r) for r in runs)
        for word in (w for c in row.cells for w in c.words):
            if word.text in _SEPARATORS or (so_far + len(run) >= 2 and word.bold != run[-1].bold if run else False):
                break
            run.append(word)
        runs.append(run)
    for index in range(1, len(runs)):  # a following line in another weight is not the name's
        before = [w for r in runs[:index] for w in r]
        if not runs[index] or (len(before) >= 2 and runs[index][0].bold != before[-1].bold):
            runs = runs[:index]
            break
    # a name wrapped at its hyphen ('Martín-' over 'Beltrán') is one word again
    text = re.sub(rf"(?:(?<=[^\W\d_])|(?<=[{MARKS}]))- (?=[^\W\d_])", "-", " ".join(w.text for run in runs for w in run))
    if not _NAMEISH.match(text):
        return "", words
    taken = {id(w) for run in [*runs, titles] for w in run}
    return text, [w for w in words if id(w) not in taken]


_DOCUMENT_TITLE = frozenset({"curriculum", "vitae", "vita", "resume", "résumé", "cv", "lebenslauf", "biosketch"})
