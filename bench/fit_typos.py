"""Retyped names for fitting the matcher (bench/fit_matcher.py): one slip in one word of a name.

The fitter's own generator, deliberately unlike the bench's `typo()` in bench/matcher_sets.py (which
writes the dev sets): slips happen at any letter, first and last included, with the kinds and rates
of real typing: a key's QWERTY neighbour struck instead, a letter doubled, a letter dropped, two
letters swapped, now and then any other letter. Positives are listed names (fit part) so retyped;
hard negatives are benign names (fit part) so retyped, which meet listed names one slip away as
often as a CV's slip does.
"""

from __future__ import annotations

import random

from intake.screen.slips import NEIGHBOURS

# how often each slip is made: a neighbouring key, a letter doubled, dropped, two swapped, and now and
# then any other letter (a misheard or misremembered spelling)
SLIPS = (("neighbour", 0.3), ("double", 0.2), ("drop", 0.25), ("swap", 0.15), ("other", 0.1))
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _cased(letter: str, like: str) -> str:
    return letter.upper() if like.isupper() else letter


def slip(word: str, rng: random.Random) -> str:
    """The word with one typing slip at any position (unchanged when the word is too short to slip)."""
    if len(word) < 3 or not word.isalpha():
        return word
    kind = rng.choices([k for k, _ in SLIPS], weights=[w for _, w in SLIPS])[0]
    j = rng.randrange(len(word))
    if kind == "neighbour" and word[j].lower() in NEIGHBOURS:
        return word[:j] + _cased(rng.choice(sorted(NEIGHBOURS[word[j].lower()])), word[j]) + word[j + 1 :]
    if kind == "other" and word[j].isascii():
        return word[:j] + _cased(rng.choice(LETTERS.replace(word[j].lower(), "")), word[j]) + word[j + 1 :]
    if kind == "double":
        return word[: j + 1] + word[j:]
    if kind == "swap" and j < len(word) - 1 and word[j] != word[j + 1]:
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return word[:j] + word[j + 1 :]  # dropped (and the fallback of a slip that cannot be made)


def retyped(name: str, rng: random.Random) -> str | None:
    """The name with one slip in one of its words of 3+ letters (longer words slip more often: more
    keys struck); None when no word can slip."""
    words = name.split()
    idx = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
    if not idx:
        return None
    i = rng.choices(idx, weights=[len(words[k]) for k in idx])[0]
    words[i] = slip(words[i], rng)
    out = " ".join(words)
    return out if out != name else None
