"""Text helpers of the full-text sweep: word folding, the words that join or bound names, and
where a CV entry starts (so 'present' or 'Invited talk' on its date line counts for the name)."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# Words that join two parts of one name: a span next to one is a piece of a longer name
# ('Department of | Mechanical Engineering', 'Tianjin University | of Traditional Chinese Medicine').
CONNECTORS = frozenset("of and for de du des der del della di da do dos das la le y e et und &".split())
STOP = frozenset("of the and for de la le du des der und at in on a an di del y e et da do van von to".split())
# Words that may stand right before a listed name in running text ('Professor, NPU'; 'at NPU').
LEAD_WORDS = frozenset(
    "professor lecturer researcher scientist engineer fellow director dean chair visiting adjunct "
    "assistant associate senior postdoc postdoctoral student phd msc bsc with from by hosted host "
    "seminar talk lecture keynote colloquium invited workshop".split()
)
# Phrases on a line that make the mention a talk, seminar or visit the person gave or made.
TALK_WORDS = re.compile(
    r"\b(?:talks?|seminars?|lectures?|keynote|colloquium|colloquia|invited|presentations?|"
    r"plenary|workshop|symposium|webinar|hosted by|visit(?:ed|ing)?)\b", re.IGNORECASE)
CURRENT_WORDS = re.compile(r"\b(?:present|now|current(?:ly)?|to date|ongoing|since)\b|[-–—]\s*$", re.IGNORECASE)
COLUMN_GAP = re.compile(r"\t|\s{3,}|\s\|\s|\s[•·]\s")
WORD = re.compile(r"\S+")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:.!?*•·"
LEGAL_FORMS = frozenset(
    "llc ltd inc co corp corporation company limited jsc ojsc cjsc pjsc ooo zao oao ao sa sl srl sas sarl "
    "gmbh ag plc bv nv spa pte pvt fze fzco llp lp cv".split()
)
GENERIC_DF = 40  # a word in this many listed names (group 805, service 111) is part of names, not a name


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary English words (Webster's 2nd and GCIDE, lower-cased; package english-words): a
    one-word listed name that is one of them ('Cosmos', 'Galaxy') is too often the ordinary word to
    be found alone in prose, while 'Sakhatrans' or 'Rostec' is not an English word at all."""
    from english_words import get_english_words_set  # here: only the sweep needs it (~0.5 s to load)

    return frozenset(get_english_words_set(["web2", "gcide"], lower=True, alpha=True))


def fold(word: str) -> str:
    """A word as the sweep compares it: ASCII, casefolded, letters and digits only."""
    return "".join(ch for ch in anyascii(word).casefold() if ch.isalnum())


YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def entry_start(lines: list[str], first: int, back: int = 3) -> int:
    """First line of the CV entry a mention sits in: back to the nearest line with a year (an
    entry's date line, where 'present' or 'Invited talk' is written), at most `back` lines."""
    for i in range(first, max(-1, first - back - 1), -1):
        if not lines[i].strip() or (i < first and lines[i].rstrip().endswith(".")):
            return i + 1  # a blank line or a finished sentence ends the entry before
        if YEAR.search(lines[i]):
            return i
    return first


def last_word(text: str) -> str:
    words = text.split()
    return fold(words[-1]) if words else ""


def continued(lines: list[str], n: int, chunk: str, *, first: bool, last: bool) -> str:
    """The chunk with the neighbouring line's piece when a connector ('of', 'and') joins them."""
    whole = chunk
    head = chunk.split()[0]
    # the previous line runs on: it ends with 'of', or this one starts with 'of' or a lower-case word
    joins = n > 0 and (last_word(lines[n - 1]) in CONNECTORS or fold(head) in CONNECTORS or head[:1].islower())
    if first and n > 0 and lines[n - 1].strip() and joins:
        whole = COLUMN_GAP.split(lines[n - 1].strip())[-1].strip() + " " + whole
    if last and n + 1 < len(lines) and lines[n + 1].strip() and last_word(chunk) in CONNECTORS:
        whole = whole + " " + COLUMN_GAP.split(lines[n + 1].strip())[0].strip()
    return whole


# Work per page is bounded, whatever the file: a dense CV page has ~1,000 words and asks ~120
# candidate names; beyond these the page is swept in part and the finding says so.
WORDS_PER_PAGE = 4000
QUERIES_PER_PAGE = 600
CHUNK_WORDS = 40  # a longer column chunk is prose: asked about sentence by sentence
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(])")
QUOTE_CHARS = 300


def within_budget(lines: list[str]) -> tuple[list[str], str]:
    """The page's lines up to WORDS_PER_PAGE words (a longer 'page' is no page of a CV: a hostile or
    broken file), and what was left out, said in words ('' when nothing)."""
    kept, total = [], 0
    for n, line in enumerate(lines):
        words = line.split()
        if total + len(words) > WORDS_PER_PAGE:
            kept.append(" ".join(words[:WORDS_PER_PAGE - total]))
            rest = len(words) - (WORDS_PER_PAGE - total) + sum(len(x.split()) for x in lines[n + 1:])
            return kept, f"{rest:,} words after the first {WORDS_PER_PAGE:,}"
        kept.append(line)
        total += len(words)
    return kept, ""


def clip(line: str, at: int) -> str:
    """A long line cut to a window around character `at` (quotes and talk/current words are read there)."""
    if len(line) <= QUOTE_CHARS:
        return line
    start = max(0, min(at - QUOTE_CHARS // 2, len(line) - QUOTE_CHARS))
    return line[start:start + QUOTE_CHARS]


def titled(word: str) -> bool:
    """'Trans' (a capital, then lower case): a word of its own after a hyphen, not a word's rest."""
    return word[:1].isupper() and word[1:2].islower()
