"""Names written exactly as a list writes them: always a match, whatever their words weigh.

The calibrated model weighs words by how much they tell apart, so a listed name made of common or
generic words ('LIMITED LIABILITY COMPANY LAB SERVICE', 'AHMAD, Hasan', 'CAPITAL S.A.L.') may score
under the threshold even when the text writes it letter for letter, and an acronym alias ('SMIC',
'CSSC') or a name in its own script ('华为') may find no candidate at all. A screening officer expects
a name spelt as listed to be flagged, so these are looked up as written (case, accents and punctuation
aside; a person's words in any order) before the model is asked.

Too little is never exact: a person needs two words (one word is a first name or a nickname: the
lists' weak aliases 'OSCAR', 'ABU'); one word names an organisation only when written as the
acronym it is (three capitals or more, 'SMIC' and not 'smic') or in a script without spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

_WORD = re.compile(r"\w+")
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # kana, Han, Hangul


@lru_cache(maxsize=65536)  # asked of every query and each of its segments
def exact_key(text: str, kind: str) -> str | None:
    """The form two spellings of one exact name share (None: too little to be exact)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = _WORD.findall(unicodedata.normalize("NFKC", bare).casefold())
    if not words:
        return None
    if kind == "person":
        return " ".join(sorted(words)) if len(words) >= 2 else None
    if len(words) == 1:
        (word,) = words
        acronym = len(word) >= 3 and text.strip().strip("()").isupper() and word.isalnum()
        if not (acronym or (len(word) >= 2 and _SPACELESS.search(word))):
            return None
    return " ".join(words)


class ExactNames:
    """Listed names and aliases by their exact form: owner (entry number) and the name as listed."""

    def __init__(self) -> None:
        self._names: dict[str, dict[str, list[tuple[int, str]]]] = {"org": defaultdict(list),
                                                                   "person": defaultdict(list)}

    def add(self, owner: int, name: str, kind: str) -> None:
        key = exact_key(name, kind)
        if key is not None:
            self._names[kind][key].append((owner, name))

    def find(self, text: str, kind: str) -> list[tuple[int, str]]:
        """Every (owner, listed name) written exactly as `text`."""
        key = exact_key(text, kind)
        return list(self._names[kind].get(key, ())) if key is not None else []
