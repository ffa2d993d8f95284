"""Full-text sweep: every listed organisation named anywhere in a document, with page and line.

Screening by profile depends on the extraction understanding the layout (sections, entries).
The sweep does not: it reads each page's lines and asks the matcher about short candidate spans,
so a listed name in a two-column CV, a heading line or a talk list is still found.

    sweeper = Sweeper(reference.entries, place=reference.country_code)
    mentions = sweeper.sweep(document, matcher)  # threshold None: the matcher's fitted default

Candidates, all bounded by the page's length and not by the size of the lists:
* each line's column chunks (the matcher splits on commas and finds listed names contained whole);
* word spans shaped like a listed name around its rarest words ("signature" tokens), so that a
  variant inside prose ("a professor at Northwestern Polytechnical Univ. since 2019") is scored
  on its own, also across a line break;
* listed names that carry their own commas ('MEXGLOBO, S.A. DE C.V.'), word for word;
* standalone upper-case tokens for listed acronyms and one-word names, kept only when unambiguous
  (and, up to five letters, when the entry's country is named in the same document);
* runs of CJK characters against listed CJK names.

Words found in many listed names ('university', 'group', 'service') never make a finding alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from intake.records import Document, ListEntry, Match
from intake.screen.matcher import Matcher
from intake.screen.sweep_records import Mention, SweepStats, _one_per_place, _Word, _written_whole
from intake.screen.sweep_persons import PersonSweep, covers, name_words
from intake.screen.sweep_text import (
    ACRONYM,
    CJK_RUN,
    COLUMN_GAP,
    CONNECTORS,
    CURRENT_WORDS,
    EDGE_PUNCT,
    GENERIC_DF,
    LEAD_WORDS,
    LEGAL_FORMS,
    STOP,
    CHUNK_WORDS,
    QUERIES_PER_PAGE,
    SENTENCE,
    TALK_WORDS,
    WORD,
    clip as _clip,
    continued,
    english_words,
    titled,
    entry_start,
    fold,
    within_budget as _within_budget,
)

__all__ = ["Mention", "SweepStats", "Sweeper", "fold"]

ORG_TYPES = frozenset({"organisation", "unknown"})


class Sweeper:
    """Candidate generator over the listed organisation names (built once per reference set)."""

    def __init__(self, entries: Sequence[ListEntry], place: Callable[[str], str | None] | None = None) -> None:
        self.place = place or (lambda _text: None)
        self.persons = PersonSweep(entries)
        # key -> {(offset in name, name length, the name has its own commas or brackets, one shape only)}
        self.signatures: dict[str, set[tuple[int, int, bool, bool]]] = {}
        self.one_word: set[str] = set()
        self.one_core: set[str] = set()  # names of one word besides legal forms, written alone in prose
        self.generic: set[str] = set()  # words of many listed names ('private', 'service'): never alone
        self.cjk: set[str] = set()
        self.cjk_max = 0
        # names the matcher would cut at their own commas ('MEXGLOBO, S.A. DE C.V.', 'Institute of
        # Physics, Chinese Academy of Sciences'): found when written whole, word for word
        self.exact: dict[tuple[str, ...], list[tuple[ListEntry, str]]] = {}
        owned = [(e, n) for e in entries if e.entity_type in ORG_TYPES for n in dict.fromkeys([e.name, *e.aliases]) if n]
        names = [n for _e, n in owned]
        for entry, name in owned:
            keys = tuple(k for k in (fold(w) for w in name.split()) if k)
            if len(keys) >= 2 and any(c in name for c in ",;()"):
                self.exact.setdefault(keys, []).append((entry, name))
        tokenised = []
        df: dict[str, int] = {}
        for name in names:
            for run in CJK_RUN.findall(name):
                if len(run) >= 3:
                    self.cjk.add(run)
                    self.cjk_max = max(self.cjk_max, len(run))
            keys = [k for k in (fold(w) for w in name.split()) if k]
            core = [k for k in keys if k not in LEGAL_FORMS and k not in STOP]
            if len(core) == 1 and len(core[0]) >= 5 and not core[0].isdigit():
                self.one_core.add(core[0])  # 'SAKHATRANS LLC', 'LUMINOR OY': one word of their own
            if len(keys) == 1:
                self.one_word.add(keys[0])
            elif keys:
                tokenised.append((keys, any(c in name for c in ",;()")))
                for k in set(keys):
                    df[k] = df.get(k, 0) + 1
        self.generic = {k for k, n in df.items() if n >= GENERIC_DF}
        for keys, punctuated in tokenised:
            content = [(i, k) for i, k in enumerate(keys) if k not in STOP and k not in LEGAL_FORMS]
            if not self.distinctive(keys):
                continue
            # the two rarest words of its own: a typo in one still leaves the other to find the span;
            # each at its place and mirrored, for names written in another word order
            own = [(i, k) for i, k in content if k not in self.generic and len(k) > 1 and not k.isdigit()]
            for i, k in sorted(own, key=lambda ik: df[ik[1]])[:2]:
                self.signatures.setdefault(k, set()).update({(i, len(keys), punctuated, False),
                                                             (len(keys) - 1 - i, len(keys), punctuated, False)})
            rest = [(i, k) for i, k in content if (i, k) not in own]
            if len(own) < 2 and rest:  # few words of its own ('Beijing Institute of Technology', or a
                # typo in its one own word): its rarest generic word too, in one shape only
                i, k = min(rest, key=lambda ik: df[ik[1]])
                self.signatures.setdefault(k, set()).add((i, len(keys), punctuated, True))

    def distinctive(self, keys: Sequence[str], strict: bool = False) -> bool:
        """Whether a name has a word of its own to be found by in running text: a word that is not
        generic, or two content words (three when `strict`: 'Mechanical Engineering' cut from a
        department's name is not a listed company). 'Group A' and 'LLC Center' have none."""
        content = [k for k in keys if k not in STOP and k not in LEGAL_FORMS]
        return len(content) >= (3 if strict else 2) or any(k not in self.generic for k in content)

    # ------------------------------------------------------------ candidates

    @staticmethod
    def _words(lines: list[str]) -> list[_Word]:
        """The page's words in reading order, each knowing its line and what separates it from the
        word before: nothing, a line break, or punctuation / a column gap ('hard'). A word
        hyphenated at a line's end is one word: 'Poly-' / 'technical' and 'POLY-' / 'TECHNICAL'
        are 'Polytechnical', while 'Sakha-' / 'Trans' keeps its hyphen (a capital starting a
        lower-case word says the hyphen is the name's)."""
        out: list[_Word] = []
        ended = True  # the previous line ended with punctuation: a name does not run on across it
        for n, line in enumerate(lines):
            gaps = [(m.start(), m.end()) for m in COLUMN_GAP.finditer(line)]
            previous_end = None
            for m in WORD.finditer(line):
                raw = m.group()
                text = raw.strip(EDGE_PUNCT)
                if not text:
                    continue
                start = m.start() + len(raw) - len(raw.lstrip(EDGE_PUNCT))
                if previous_end is None and out and out[-1].text.endswith("-") and len(out[-1].text) > 1:
                    head = out[-1]  # the rest of a word broken at the previous line's end
                    head.text = head.text + text if titled(text) else head.text[:-1] + text
                    head.key, head.last, head.end = fold(head.text), n, start + len(text)
                    previous_end = start + len(text)
                    continue
                if previous_end is None:
                    brk = "hard" if ended else "line"
                else:
                    between = line[previous_end:start]
                    gap = any(previous_end <= a and b <= start for a, b in gaps)
                    brk = "gap" if gap else "hard" if any(c in between for c in ",;:()[]|•·") else ""
                out.append(_Word(text, fold(text), n, start, start + len(text), brk, n))
                previous_end = start + len(text)
            if line.strip():
                ended = line.rstrip()[-1] in ",;:)]|•·" or COLUMN_GAP.search(line) is not None
        return out

    def _spans(self, words: list[_Word]) -> dict[tuple[int, int], bool]:
        """(start, end) word spans shaped like a listed name around one of its signature words,
        each with whether punctuation may stand inside it (the listed name has its own)."""
        spans: dict[tuple[int, int], bool] = {}
        total = len(words)
        for p, word in enumerate(words):
            for offset, length, punctuated, tight in self.signatures.get(word.key, ()):
                for size in (length,) if tight else (length - 1, length, length + 1):
                    for start in (p - offset,) if tight else (p - offset - 1, p - offset, p - offset + 1):
                        end = start + size
                        if (size >= 2 and 0 <= start <= p < end <= total
                                and words[start].key not in STOP and words[end - 1].key not in STOP):
                            spans[(start, end)] = spans.get((start, end), False) or punctuated
        return spans

    def _bounded(self, words: list[_Word], start: int, end: int, inside: bool = False) -> bool:
        """Whether a span stands alone as a name: a capitalised word right before or after it
        continues another name ('Shenzhen Institute of Advanced Technology' is not 'Institute of
        Advanced Technology'), unless it is a role word before or a place after it. A comma or
        column gap inside makes two things, not one name, unless `inside` allows it."""
        inner = {words[i].brk for i in range(start + 1, end)}
        if "gap" in inner or (not inside and "hard" in inner):
            return False
        if start > 0 and words[start].brk not in ("hard", "gap"):
            before = words[start - 1]
            if before.key in CONNECTORS or before.text == "&":
                return False
            if words[start].brk == "" and before.text[:1].isupper() and before.key not in LEAD_WORDS:
                return False
        if end < len(words) and words[end].brk not in ("hard", "gap"):
            after = words[end]
            if after.key in CONNECTORS or after.text == "&":
                return False
            if (words[end].brk == "" and after.text[:1].isupper() and after.key not in STOP
                    and not self.place(after.text)):
                return False
        return True

    @staticmethod
    def _span_text(lines: list[str], first: _Word, last: _Word) -> str:
        """The span as written; across a line break, the pieces joined by one space."""
        end = last.end
        while lines[last.last][end:end + 1] == ".":
            end += 1  # keep the dots of 'S.A.' and 'Univ.': they say it is an abbreviation
        if first.line == last.last:
            return lines[first.line][first.start:end]
        pieces = [lines[first.line][first.start:], *lines[first.line + 1:last.last], lines[last.last][:end]]
        text = ""
        for piece in (p.strip() for p in pieces):
            if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
                # a word hyphenated at the line's end, asked about whole as _words joined it
                text = (text if titled(piece) else text[:-1]) + piece
            else:
                text = f"{text} {piece}" if text else piece
        return text

    # ------------------------------------------------------------ sweep

    def sweep(self, document: Document, matcher: Matcher, threshold: float | None = None,
              stats: SweepStats | None = None, person_threshold: float | None = None) -> list[Mention]:
        """Every listed organisation and person the document's text names, once per entry and line
        (thresholds None: the matcher's fitted defaults)."""
        stats = stats if stats is not None else SweepStats()
        cache: dict[tuple[str, str], list[Match]] = {}
        fields = [f"{name}: {value}" for name, value in document.form_fields.items() if value and value.strip()]
        if not fields and not any(p.text.strip() for p in document.pages):
            stats.unread.append(document.file_name)
            return []
        countries = self._countries(document)
        out: list[Mention] = []
        # a filled form's answers are swept too, as one more 'page' (number 0: not a printed page)
        for number, text in [(p.number, p.text) for p in document.pages] + [(0, "\n".join(fields))]:
            lines, left = _within_budget(text.splitlines())
            budget = [QUERIES_PER_PAGE]

            def ask(text: str, kind: str = "org") -> list[Match]:
                if (text, kind) not in cache:
                    if budget[0] <= 0:
                        return []  # said once per page below: the page was swept in part
                    budget[0] -= 1
                    stats.queries += 1
                    cache[(text, kind)] = matcher.match(text, kind, threshold if kind == "org" else person_threshold)
                return cache[(text, kind)]

            stats.pages += bool(number)
            stats.lines += len(lines)
            out += _one_per_place(self._page(document, number, lines, ask, countries))
            if budget[0] <= 0:
                left = f"{left}; " if left else ""
                left += f"candidate names after the first {QUERIES_PER_PAGE} asked about"
            if left:
                stats.partial.append((document.file_name, number, left))
        return out

    # ------------------------------------------------------------ per page

    def _page(self, document: Document, number: int, lines: list[str], ask: Callable[..., list[Match]],
              countries: set[str]) -> Iterable[Mention]:
        words = self._words(lines)

        def mention(match: Match, first: int, last: int, method: str, at: tuple[int, int] = (0, 0)) -> Mention:
            # lines near the mention, each cut to a window around it: a page-long line costs no more
            lo = max(0, first - 3)
            near = [_clip(lines[i], at[0] if i == first else at[1] if i == last else len(lines[i]) if i < first
                          else 0) for i in range(lo, last + 1)]
            quote = " / ".join(line.strip() for line in near[first - lo:])
            entry = " ".join(near[entry_start(near, first - lo):])
            return Mention(match, document.sha256, number, first + 1, quote, last + 1,
                           bool(TALK_WORDS.search(entry)), bool(CURRENT_WORDS.search(entry)), method)

        for n, line in enumerate(lines):
            # a paragraph written as one line is asked about sentence by sentence (work per word bounded)
            chunks = [s.strip() for c in COLUMN_GAP.split(line)
                      for s in (SENTENCE.split(c) if len(c.split()) > CHUNK_WORDS else [c]) if s.strip()]
            for i, chunk in enumerate(chunks):
                size = len(chunk.split())
                if len(chunk) < 3 or size < 2 or size > CHUNK_WORDS or not self.distinctive([fold(w) for w in chunk.split()]):
                    # one word alone, only generic words ('Electronics Co'): a fragment; a longer
                    # sentence is left to the spans around signature words
                    continue
                matches = ask(chunk)
                whole = continued(lines, n, chunk, first=i == 0, last=i == len(chunks) - 1)
                if matches and whole != chunk:
                    # a piece of a name broken over lines ('School of' / 'International Business'):
                    # the matcher judges the whole name, not the piece
                    kept = {(m.entry.list_id, m.entry.entry_id) for m in ask(whole)}
                    matches = [m for m in matches if (m.entry.list_id, m.entry.entry_id) in kept]
                at = line.find(chunk)
                for match in matches:
                    yield mention(match, n, n, "chunk", (at, at))
            for run in CJK_RUN.findall(line):
                for name in self._cjk_names(run):
                    for match in ask(name):
                        at = line.find(name)
                        yield mention(match, n, n, "cjk", (at, at))
        yield from self._span_mentions(words, lines, ask, mention)
        yield from self._acronyms(words, ask, countries, mention)
        yield from self._person_mentions(words, lines, ask, mention)

    def _person_mentions(self, words: list[_Word], lines: list[str], ask: Callable[..., list[Match]],
                         mention: Callable[[Match, int, int, str], Mention]) -> Iterable[Mention]:
        """Listed persons: name-shaped runs of their words, judged by the matcher's person scoring."""
        shaped = name_words([w.text for w in words], [w.brk for w in words])
        for start, end in self.persons.spans(shaped):
            first, last = words[start], words[end - 1]
            for match in ask(self._span_text(lines, first, last), "person"):
                if covers(shaped[start:end], [match.matched_name, match.entry.name, *match.entry.aliases]):
                    yield mention(match, first.line, last.last, "person", (first.start, last.end))

    def _span_mentions(self, words: list[_Word], lines: list[str], ask: Callable[[str], list[Match]],
                       mention: Callable[[Match, int, int, str], Mention]) -> Iterable[Mention]:
        """Mentions from the spans around signature words (and listed names written word for word)."""
        for (start, end), punctuated in sorted(self._spans(words).items()):
            exact = self.exact.get(tuple(w.key for w in words[start:end]))
            if exact and self._bounded(words, start, end, inside=True):
                text = self._span_text(lines, words[start], words[end - 1])
                for entry, name in exact:
                    yield mention(_written_whole(text, entry, name), words[start].line, words[end - 1].last, "exact",
                                  (words[start].start, words[end - 1].end))
            if not self._bounded(words, start, end, inside=punctuated):
                continue
            if not self.distinctive([w.key for w in words[start:end]], strict=True):
                continue
            first, last = words[start], words[end - 1]
            cut = any(words[i].brk == "hard" for i in range(start + 1, end))
            for match in ask(self._span_text(lines, first, last)):
                if cut and not any(c in match.matched_name for c in ",;()"):
                    continue  # punctuation inside is allowed for names that have their own, only
                if not self.distinctive([fold(w) for w in match.matched_name.split()]):
                    continue
                yield mention(match, first.line, last.last, "span", (first.start, last.end))

    def _acronyms(self, words: list[_Word], ask: Callable[[str], list[Match]], countries: set[str],
                  mention: Callable[[Match, int, int, str], Mention]) -> Iterable[Mention]:
        """Standalone acronyms and one-word names: only unambiguous ones whose entry's country the
        document names (HIT, NPU and CAS are English words or other bodies in most CVs)."""
        for p, word in enumerate(words):
            if word.key in self.one_core and word.key not in self.generic and self._one_word_name(words, p):
                matches = [m for m in ask(word.text) if self._core(m.matched_name) == word.key]
                if len({fold(m.entry.name) for m in matches}) == 1:
                    for match in matches:
                        yield mention(match, word.line, word.last, "word", (word.start, word.end))
                    continue
            if word.key not in self.one_word or word.key in self.generic:
                continue
            if not ACRONYM.match(word.text):
                continue  # 'Cosmos', 'Private': a capitalised word alone is too often an ordinary one
            matches = ask(word.text)
            bodies = {fold(m.entry.name) for m in matches}
            if len(bodies) != 1:
                continue  # ambiguous (or nothing): an acronym alone does not say which body
            if len(word.key) <= 5 and not any(m.entry.country in countries for m in matches):
                continue
            for match in matches:
                yield mention(match, word.line, word.line, "acronym", (word.start, word.end))

    def _one_word_name(self, words: list[_Word], p: int) -> bool:
        """Whether a word written alone may be a listed one-word name ('Sakhatrans', 'LUMINOR'):
        capitalised, no ordinary English word, no place, and not one word of a longer name."""
        word = words[p]
        if not word.text[:1].isupper() or word.key in english_words() or self.place(word.text):
            return False
        if word.text.isupper() and len(word.key) <= 5:
            return False  # a short acronym: the acronym path asks for its country too
        if "-" in word.text and not word.text.endswith("-"):
            return False  # 'Sakhatrans-Service' is another name; the span path asks about it
        return self._bounded(words, p, p + 1) or (p + 1 < len(words) and words[p + 1].key in LEGAL_FORMS)

    @staticmethod
    def _core(name: str) -> str:
        """The one word of a listed name besides its legal forms ('' when it has more)."""
        core = [k for k in (fold(w) for w in name.split()) if k and k not in LEGAL_FORMS and k not in STOP]
        return core[0] if len(core) == 1 else ""

    def _cjk_names(self, run: str) -> set[str]:
        out = set()
        for size in range(3, min(self.cjk_max, len(run)) + 1):
            for i in range(len(run) - size + 1):
                if run[i:i + size] in self.cjk:
                    out.add(run[i:i + size])
        return out

    def _countries(self, document: Document) -> set[str]:
        """Country codes the document names anywhere (corroboration for acronyms)."""
        codes = set()
        lines = [line for page in document.pages for line in page.text.splitlines()]
        for line in lines + list(document.form_fields.values()):
            if line:
                for part in re.split(r"[,;()|/]|\s{2,}", line):
                    words = part.split()
                    for size in (1, 2, 3):
                        for i in range(len(words) - size + 1):
                            code = self.place(" ".join(words[i:i + size]).strip(EDGE_PUNCT))
                            if code:
                                codes.add(code)
        return codes

