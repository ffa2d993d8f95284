"""What a person's name looks like in print, in the Latin letters of any language: words that start
with a capital ('Ōkubo', 'Łukasz', 'Ørsted'), letters carrying combining marks ('Adébáyọ̀', 'Ngọc'),
apostrophes and hyphens ('O'Neil', 'Nwọ́sụ̀-Okafor'), and the lower-case particles of family names
('van der Wal', 'ter Horst', 'bin Hammadi', 'al-Rashid'). Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata

# Name particles: part of a family name ('van der Wal', 'BIN HAMMIDI'), never a name by themselves.
PARTICLES = frozenset("bin ibn bint binti ben al el abu abd ould de del della da das do dos di du la le van von "
                      "der den ter ten zu af av y e".split())
# the combining marks (accents written after their letter: 'ọ' + U+0301), which \w does not match
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# a word of a name: a letter, then letters, marks, apostrophes, hyphens and an initial's dot
WORD = rf"[^\W\d_][\w{MARKS}'’.-]*"
_WORD = re.compile(rf"^{WORD}$")
_ELIDED = frozenset({"d", "l"})  # "d'Alembert", "l'Hôpital"


def name_word(word: str, *, first: bool = False, last: bool = False) -> bool:
    """Whether `word` can stand in a printed name: it starts with a capital, or it is a particle
    inside the name ('van', 'ter'; 'al-Rashid', "d'Alembert": a particle joined to a capital)."""
    if not _WORD.match(word) or word.endswith(("-", "'", "’")):
        return False
    if word[0].isupper():
        return True
    parts = re.split(r"[-'’]", word, maxsplit=1)
    if len(parts) == 2:  # 'al-Rashid', "d'Alembert": a particle joined to the capitalised name
        head, tail = parts
        return (head in PARTICLES or head in _ELIDED) and tail[:1].isupper()
    return word in PARTICLES and not first and not last

def reads_as_name(text: str, min_words: int = 2, max_words: int = 5, *, particle_may_lead: bool = False) -> bool:
    """`text` is a person's name as printed: min_words to max_words name words, the first and last no
    bare particle ('Jan-Willem ter Horst', 'Trần Thị Bích Ngọc'; not 'Research interests'), but for
    a family name written first (`particle_may_lead`: 'van der Wal, Marek')."""
    words = unicodedata.normalize("NFC", text).split()
    if not min_words <= len(words) <= max_words:
        return False
    return all(name_word(w, first=i == 0 and not particle_may_lead, last=i == len(words) - 1)
               for i, w in enumerate(words))
