"""Records of the full-text sweep: a mention found, a word of a page, and what a sweep did."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from intake.records import ListEntry, Match
from intake.screen.sweep_text import fold


@dataclass(frozen=True, slots=True)
class Mention:
    """A listed organisation or person named in a document: the match, where it is, what the line says."""

    match: Match
    document_sha256: str
    page: int  # 1-based; 0 for a filled form's field answers
    line: int
    quote: str
    last_line: int = 0  # a name broken over lines ends here
    talk: bool = False  # the line is about a talk, seminar or visit
    current: bool = False  # the line says 'present', 'since', 'now'
    method: str = "span"  # chunk | span | exact | acronym | word | cjk | person


@dataclass(slots=True)
class _Word:
    text: str  # as written, edge punctuation stripped
    key: str
    line: int  # 0-based index into the page's lines
    start: int
    end: int
    brk: str  # what precedes it: '' (a space), 'line' (a line break), 'hard' (punctuation), 'gap' (column gap)
    last: int  # the line it ends on: a word hyphenated at a line's end ('Poly-' / 'technical') ends on the next


@dataclass
class SweepStats:
    """How much work a sweep did (for the benchmark and the 'never silent' warnings)."""

    pages: int = 0
    lines: int = 0
    queries: int = 0
    unread: list[str] = field(default_factory=list)  # documents with no text to sweep
    # pages swept only in part, as (document, page, what was left): the work per page is bounded
    partial: list[tuple[str, int, str]] = field(default_factory=list)


def _one_per_place(mentions: Iterable[Mention]) -> list[Mention]:
    """One mention per entry and place: spans that overlap in lines are the same occurrence."""
    by_entry: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        by_entry.setdefault((m.match.entry.list_id, m.match.entry.entry_id), []).append(m)
    out = []
    for found in by_entry.values():
        kept: list[Mention] = []
        for m in sorted(found, key=lambda m: (-m.match.score, m.last_line - m.line, m.line)):
            if not any(m.line <= k.last_line and k.line <= m.last_line for k in kept):
                kept.append(m)
        out += sorted(kept, key=lambda m: m.line)
    return out


def _written_whole(text: str, entry: ListEntry, name: str) -> Match:
    """A Match for a listed name found word for word in the text (the exact path)."""
    keys = " ".join(k for k in (fold(w) for w in name.split()) if k)
    kind = "name" if name == entry.name else "alias"
    return Match(query=text, entry=entry, score=100.0, matched_name=name, query_normalised=keys,
                 candidate_normalised=keys, why=f"{kind} '{name}' written whole in the text, word for word; score 100.0")
