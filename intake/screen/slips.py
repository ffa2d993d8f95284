"""What kind of slip turns one word into another one edit away: a keystroke slip or another word.

People retyping a name slip on the keyboard: a letter dropped or doubled, two letters swapped, a key's
neighbour struck, a vowel for another (the spelling of a sound). A listed name one edit from the text
by another substitution ('Hefei' for 'Hebei', 'Avcom' for 'Amcom') is as often another name: the
model weighs such typos apart (calibration.FEATURES 'odd_typo').
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouy")


def _neighbours() -> dict[str, frozenset[str]]:
    """The keys touching each letter key on a QWERTY keyboard; each row sits half a key right of the
    one above, so key c of a row touches keys c and c+1 of the row above and c-1 and c of the one below."""
    out: dict[str, set[str]] = {}
    for r, row in enumerate(KEY_ROWS):
        for c, key in enumerate(row):
            near = {row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)}
            if r > 0:
                near |= {KEY_ROWS[r - 1][i] for i in (c, c + 1) if i < len(KEY_ROWS[r - 1])}
            if r < len(KEY_ROWS) - 1:
                near |= {KEY_ROWS[r + 1][i] for i in (c - 1, c) if 0 <= i < len(KEY_ROWS[r + 1])}
            out[key] = near
    return {k: frozenset(v) for k, v in out.items()}


NEIGHBOURS = _neighbours()


def near_keys(a: str, b: str) -> bool:
    """Two letters a slip of the finger or of the ear confuses: neighbouring keys, or two vowels."""
    return b in NEIGHBOURS.get(a, ()) or (a in VOWELS and b in VOWELS)


@lru_cache(maxsize=65536)
def odd_substitution(written: str, listed: str) -> bool:
    """The written word is the listed one with one letter replaced by a letter neither beside it on the
    keyboard nor a vowel for a vowel ('hefei' for 'hebei'); False for every other relation (a dropped,
    doubled or swapped letter, a near key, more than one edit)."""
    if len(written) != len(listed) or written == listed:
        return False
    diff = [i for i, (a, b) in enumerate(zip(written, listed, strict=True)) if a != b]
    if len(diff) != 1 or OSA.distance(written, listed, score_cutoff=1) > 1:
        return False
    i = diff[0]
    return not near_keys(written[i], listed[i])
