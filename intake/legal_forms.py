"""Legal forms of organisation names: the words, the phrases and their retyped variants.

A name's legal form says what kind of company it is, not which one, so the matcher drops it on both
sides: the words (Ltd, LLC, OOO, GmbH, Lmt, ...), the phrases (joint stock company, sociedad anonima,
...), their words in another order or with one slip ('PULBIC JOINT STOCK'), and a closing form
retyped ('LlD', 'LD', 'JCS').
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

LEGAL_FORMS = frozenset(
    "co ltd limited corp corporation inc incorporated llc llp lp plc gmbh ag sa sas sarl srl "
    "spa bv nv jsc ojsc pjsc cjsc ooo oao zao pao ao pte pty kg kk fze fzco fzc fzllc bhd sdn "
    "company companies ltda cia sl sac ab oy as asa tic san lllp aktiengesellschaft kgaa cv rl sapi srl "
    "ood eood kft zrt sro doo wll sae sal pvt sti fzo pjs lmt lmtd ltda".split()
)
LEGAL_PHRASES = (
    "public joint stock company",
    "open joint stock company",
    "closed joint stock company",
    "public joint stock",
    "open joint stock",
    "closed joint stock",
    "joint stock company",
    "limited liability company",
    "limited liability partnership",
    "limited company",
    "joint stock",
    "sociedad anonima de capital variable",
    "sociedad de responsabilidad limitada",
    "sociedad anonima",
    "sociedad limitada",
    "s de rl",
    "sa de cv",
    "private limited",
    "societe anonyme",
    "obshchestvo s ogranichennoy otvetstvennostyu",
    "gesellschaft mit beschrankter haftung",
)
_LEGAL_PHRASE_RE = re.compile(r"\b(?:" + "|".join(LEGAL_PHRASES) + r")\b")


def mark_legal_phrases(text: str) -> str:
    """The folded text with each legal phrase found whole replaced by PHRASE_MARK."""
    return _LEGAL_PHRASE_RE.sub(f" {PHRASE_MARK} ", text)


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


_LONG_LEGAL = ("limited", "company", "corporation", "incorporated", "companies", "liability")
_LEGAL_TYPO_KEYS = frozenset(d for w in _LONG_LEGAL for d in [w, *_deletes(w)])


@lru_cache(maxsize=65536)
def is_legal_form(word: str) -> bool:
    """A legal-form word, or one edit away from a long one ('Lmiited', 'Compayn')."""
    if word in LEGAL_FORMS:
        return True
    if len(word) < 6:
        return False
    return word in _LEGAL_TYPO_KEYS or any(d in _LEGAL_TYPO_KEYS for d in _deletes(word))


# abbreviated legal forms that close a name; a last word one edit from one ('LlD', 'LDT', 'LLLC') is
# that legal form retyped, not a word of the name (short words elsewhere stay: 'Sun', 'Inn')
_CLOSING_FORMS = ("ltd", "llc", "plc", "gmbh", "pvt", "jsc", "ojsc", "pjsc", "cjsc", "corp", "ltda", "sarl")


_CLOSING_SHORT = frozenset(d for f in ("ltd", "llc", "ooo", "jsc", "plc") for d in _deletes(f))  # 'LD', 'OO'


@lru_cache(maxsize=65536)
def is_closing_form_typo(word: str) -> bool:
    """One edit (with transpositions) away from a closing legal form: 3+ letters ('LlD', 'JCS'), or a
    three-letter form missing one letter ('LD', 'OO')."""
    if not word.isalpha():
        return False
    if len(word) == 2:
        return word in _CLOSING_SHORT
    return len(word) >= 3 and any(abs(len(word) - len(f)) <= 1 and OSA.distance(word, f) == 1 for f in _CLOSING_FORMS)


# the words of the long legal phrases: in another order or incomplete ('JOINT COMPANY STOCK', 'OPEN
# JOINT STOCK', 'STOCK JOINT COMPANY') a run of them is still the legal form, when it says joint/stock
# a legal phrase found whole is replaced by this mark, so a retyped word before it ('PULBIC JOINT STOCK
# COMPANY') still joins the run, and the mark then goes
PHRASE_MARK = "legalphrase"
_LEGAL_RUN_WORDS = frozenset(f"public open closed joint stock company limited liability {PHRASE_MARK}".split())
_LEGAL_RUN_KEYS = frozenset({"joint", "stock", "liability", PHRASE_MARK})


@lru_cache(maxsize=65536)
def _run_word(word: str) -> str | None:
    """The legal-phrase word `word` spells, exactly or (5+ letters) with one slip ('PULBIC', 'JIONT')."""
    if word in _LEGAL_RUN_WORDS:
        return word
    if len(word) >= 5 and word.isalpha():
        return next((w for w in _LEGAL_RUN_WORDS if len(w) >= 5 and OSA.distance(word, w) == 1), None)
    return None


def drop_legal_runs(words: list[str]) -> list[str]:
    """The words without runs of legal-phrase words (in any order, one slip allowed) and phrase marks."""
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and _run_word(words[j]):
            j += 1
        run = [_run_word(w) or w for w in words[i:j]]
        if len(run) >= 2 and _LEGAL_RUN_KEYS & set(run) and len(words) > len(run):
            i = j  # a legal form, whatever its order
        elif run:
            out.extend(words[i:j])  # not a legal form: the words as written
            i = j
        else:
            out.append(words[i])
            i += 1
    return [w for w in out if w != PHRASE_MARK]
