"""Listed persons named anywhere in a document's text: a co-author, supervisor or partner whose
name is on a list is a finding even where the extraction read no structure around it.

Candidates are short runs of name-shaped words (capitalised words and initials, 'SURNAME, Given'
too) in which every full word is a word of some listed person's name; the matcher's person scoring
decides (full names, reordered names, initials and dropped middle names are its business). A page
names many people, so a match counts only when the words written cover the listed name as a person
is named: its surname exactly and a given name (or its initial), and nothing else ('John Patrick'
is not 'RYAN, Damion Patrick John'). Work is bounded by the page's words: at most `MAX_WORDS`
words per candidate and a few candidates per word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from intake.person_names import WORD
from intake.records import ListEntry

from intake.screen.sweep_text import STOP, fold

PERSON_KINDS = frozenset({"person", "individual", "unknown"})  # 'unknown': Denied Persons rows
# Name particles: part of a surname as listed ('BIN HAMMIDI'), but no surname by themselves. Fewer than
# a printed name's (person_names.PARTICLES): the sweep reads prose, where 'y', 'e' are initials and
# 'ten' a number
PARTICLES = frozenset("bin ibn bint binti ben al el abu abd ould de del della da das do dos di du la le van von der den ter".split())
TITLES = frozenset("dr prof professor mr mrs ms mx sir dame sheikh haji imam general colonel".split())
COMMON_SURNAME = 3  # listed people sharing a surname, from which one initial does not tell one
MAX_WORDS = 4  # 'Abu Bakr al Baghdadi'; longer runs are asked about in windows of this size
INITIAL = re.compile(r"^[A-Z](?:[.-][A-Z]){0,2}$")  # 'V' (the sweep strips the dot), 'V.K', 'J-P'
# a capitalised word of letters ('Dafeng', 'AL-BAGHDADI', "O'Neil", 'Želvorin', 'José'): any script's
# capitals, accents kept on their letters
NAME_WORD = re.compile(rf"^{WORD}$")


@dataclass(frozen=True, slots=True)
class NameWord:
    """One word of the page as the person sweep sees it."""

    key: str  # folded
    initial: bool
    name_like: bool  # capitalised word or initial
    brk: str  # what precedes it, as the sweep's words say: '', 'line', 'hard' (punctuation), 'gap'


class PersonSweep:
    """The words of listed persons' names (built once per reference set)."""

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        self.words: set[str] = set()
        surnames: dict[str, int] = {}
        for entry in entries:
            if entry.entity_type in PERSON_KINDS:
                for name in (entry.name, *entry.aliases):
                    self.words.update(k for k in (fold(w) for w in (name or "").split()) if len(k) >= 2)
                for k in {family_words(n)[0][-1] for n in (entry.name, *entry.aliases) if n and family_words(n)[0]}:
                    surnames[k] = surnames.get(k, 0) + 1
        self.words -= STOP
        # surnames several listed people share ('LEE', 'KHAN'): 'M. Lee' says too little to name one
        # ('M. H. Lee' may)
        self.common = {k for k, n in surnames.items() if n >= COMMON_SURNAME}

    def spans(self, words: Sequence[NameWord]) -> Iterator[tuple[int, int]]:
        """(start, end) windows of 2..MAX_WORDS name-shaped words, at least one of them a full word
        and every full word a word of some listed person's name."""
        run_start = 0
        for p, word in enumerate(words):
            # a comma may follow the first word of a run only ('SURNAME, Given'), not split a list
            joins = word.brk in ("", "line") or (word.brk == "hard" and p - run_start == 1)
            if not word.name_like:
                run_start = p + 1
                continue
            if p > run_start and not joins:
                run_start = p
            if word.key in PARTICLES:
                continue  # a name does not end on 'bin' or 'de'
            if p + 1 < len(words) and words[p + 1].brk == "" and words[p + 1].name_like:
                continue  # the run goes on: 'Ahmad Shah' in 'Sultan Ahmad Shah Islamic University'
            for start in range(max(run_start, p - MAX_WORDS + 1), p):
                before = words[start - 1] if start > 0 and words[start].brk == "" else None
                if words[start].key in PARTICLES or (before and (before.initial or before.key in self.words)
                                                     and before.key not in TITLES):
                    continue  # the name starts earlier: the longer window is the candidate
                full = [w for w in words[start:p + 1] if not w.initial and w.key not in PARTICLES]
                initials = p + 1 - start - len(full)
                if full and all(w.key in self.words for w in full) and (
                        len(full) > 1 or full[0].key not in self.common or initials >= 2):
                    yield start, p + 1


def family_words(listed: str) -> tuple[list[str], list[str]]:
    """(surname words, given-name words) of a listed name, folded: the part before the comma is the
    surname ('SANCHEZ MEDRANO, Pedro'); without a comma, the last word. Particles are no surname."""
    surname, comma, given = listed.partition(",")
    words = [fold(w) for w in listed.split()]
    if comma:
        family, first = [fold(w) for w in surname.split()], [fold(w) for w in given.split()]
    else:
        family, first = words[-1:], words[:-1]
    return [k for k in family if k and k not in PARTICLES], [k for k in first if k]


def name_words(texts: Sequence[str], brks: Sequence[str]) -> list[NameWord]:
    """NameWords from the page's words as written and what separates each from the one before."""
    out = []
    for text, brk in zip(texts, brks, strict=True):
        initial, key = bool(INITIAL.match(text)), fold(text)
        capitalised = (len(text) >= 2 and text[0].isupper() and unicodedata.category(text[-1])[0] in "LM"
                       and bool(NAME_WORD.match(text)))
        out.append(NameWord(key, initial, initial or capitalised or key in PARTICLES, brk))
    return out


def covers(window: Sequence[NameWord], names: Sequence[str]) -> bool:
    """Whether the words written name the listed person by one of its names (see `names_person`)."""
    return any(names_person(window, name) for name in names if name)


def names_person(window: Sequence[NameWord], listed: str) -> bool:
    """Whether the words written name this listed name as people are named: one of the surname's
    words as listed (the part before the comma; else the last word), a given name or its initial,
    and no word of another name. Initials may stand for any of its words ('P. S. Medrano' for
    'SANCHEZ MEDRANO, Pedro'); given names of six letters or more may differ by a letter in four
    ('Muhammad' for 'Mohammed'; 'Jung' is not 'Sung'); surnames not (other spellings are the
    entry's aliases)."""
    family, first = family_words(listed)

    def given_name(word: NameWord) -> bool:
        if word.initial:
            return any(k.startswith(word.key[:1]) for k in first)
        return any(k == word.key or (len(k) >= 6 and Levenshtein.distance(k, word.key) <= len(k) // 4)
                   for k in first)

    is_family = [not w.initial and w.key in family for w in window]
    is_given = [not f and given_name(w) for w, f in zip(window, is_family, strict=True)]
    other_initial = [w.initial and any(k.startswith(w.key[:1]) for k in family) for w in window]
    particle = [w.key in PARTICLES for w in window]  # 'Hassan bin Muhammad': neither part alone
    return any(is_family) and any(is_given) and all(map(any, zip(is_family, is_given, other_initial, particle,
                                                                  strict=True)))
