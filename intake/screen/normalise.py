"""Name normalisation for matching: transliterate, casefold, strip punctuation and legal forms.

Organisations and persons are tokenised differently: organisation names drop legal-form words
(Co., Ltd., LLC, JSC, OOO, GmbH, ...) and stop words and give generic words (University,
Institute, China, ...) a low weight; person names drop honorifics and split hyphens.
CJK text is kept as character bigrams so Chinese names match Chinese names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import OSA

from intake.legal_forms import (  # noqa: F401  (LEGAL_FORMS, LEGAL_PHRASES: read by sweep and bench)
    LEGAL_FORMS,
    LEGAL_PHRASES,
    drop_legal_runs,
    is_closing_form_typo,
    is_legal_form,
    mark_legal_phrases,
)

STOP_WORDS = frozenset(
    "of the and for de la le les du des der die das und at in on a an di del della y e et "
    "da do dos das van von".split()
)
# Words that name a kind of organisation or a place class: they say little about *which* one.
GENERIC_WORDS = frozenset(
    "university universities institute institution college school academy center centre "
    "laboratory laboratories lab group holding holdings department faculty research "
    "national state international china chinese peoples republic federal federation russian "
    "russia iran iranian trading trade development service services branch office".split()
)
ORG_TYPE_WORDS = frozenset(
    "university universities institute institution college school academy center centre "
    "laboratory laboratories lab group holding holdings department faculty branch office".split()
)
# Words that make a name a different institution when they precede a listed name
# ('National Tsinghua University' is in Taiwan; 'Turkish Naval Academy' is not the PLA's).
QUALIFIERS = frozenset(
    "national state states federal royal imperial new south north east west southern northern eastern "
    "western central american turkish korea korean japan japanese indian british german french taiwan".split()
)
# What kind of body a name describes: a university is not a trading company of the same name.
ACADEMIC_WORDS = frozenset("university universities college institute academy school polytechnic".split())
COMMERCIAL_WORDS = frozenset(
    "trading trade company corporation corp co ltd limited llc inc jsc ojsc pjsc cjsc ooo oao zao "
    "gmbh sarl holding holdings group services shipping industries industrial enterprise investment".split()
)
HONORIFICS = frozenset("dr prof professor mr mrs ms miss sir phd md jr sr ii iii".split())
CONNECTORS = frozenset("of and for de".split())
# Common transliteration variants folded to one spelling (Wade-Giles/postal -> pinyin, Cyrillic).
VARIANTS = {
    "peking": "beijing",
    "tsinghua": "qinghua",
    "nanking": "nanjing",
    "canton": "guangzhou",
    "sian": "xian",
    "defence": "defense",
    "centre": "center",
    "programme": "program",
    "aeronautical": "aeronautics",
    "astronautical": "astronautics",
    "polytechnical": "polytechnic",
}
# Abbreviations as CVs and lists write them, with or without a dot ('Univ.', 'Natl', 'TRDG'):
# expanded on both sides so 'Harbin Inst. of Technology' and the listed long form agree.
ABBREVIATIONS = {
    "univ": "university", "uni": "university", "unv": "university", "inst": "institute", "instit": "institute",
    "natl": "national", "nat": "national", "intl": "international", "internat": "international",
    "tech": "technology", "technol": "technology", "techn": "technology", "sci": "science",
    "acad": "academy", "coll": "college", "sch": "school", "dept": "department", "dep": "department",
    "lab": "laboratory", "labs": "laboratory", "ctr": "center", "cntr": "center", "cent": "center",
    "res": "research", "eng": "engineering", "engg": "engineering", "engr": "engineering",
    "polytech": "polytechnic", "poly": "polytechnic", "assn": "association", "assoc": "association",
    "grp": "group", "gp": "group", "trdg": "trading", "trd": "trading", "mfg": "manufacturing",
    "ind": "industry", "inds": "industry", "indus": "industry", "svc": "service", "svcs": "service",
    "serv": "service", "mgmt": "management", "mgt": "management", "dev": "development",
    "devt": "development", "govt": "government", "gov": "government", "elec": "electronic",
    "electr": "electronic", "aero": "aeronautics", "aeronaut": "aeronautics", "astronaut": "astronautics",
    "def": "defense", "min": "ministry", "mil": "military", "chem": "chemical", "phys": "physics",
    "mech": "mechanical", "bros": "brothers", "ent": "enterprise", "intern": "international",
    "shpg": "shipping", "transp": "transport", "invest": "investment", "petrochem": "petrochemical",
}
# Plurals of the common words of organisation names folded to one word ('Sciences'/'Science');
# proper names keep their letters ('Siemens').
PLURALS = {
    w + "s": w for w in "science system service instrument product material communication electronic resource "
    "holding engineer work network solution chemical metal mineral device component machine tool vehicle "
    "weapon missile aircraft equipment ship motor engine product export import operation program project "
    "center centre institute university college school academy laboratorie group enterprise affair".split()
} | {"technologies": "technology", "industries": "industry", "laboratories": "laboratory", "studies": "study",
     "utilities": "utility", "energies": "energy", "companies": "company", "facilities": "facility"}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|e|er|eme|oy|iy|y|go)$")
ARTICLES = frozenset("al el ul ad ar as ash at az an".split())  # Arabic article: 'AL-AQSA', 'al aqsa', 'alaqsa'

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Dotted initials with or without the last dot ('S.A.', 'S.A', 'C.V', 'U.S.A.') become one word.
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z]\b)+\.?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TRANSLIT = [("kh", "h"), ("ks", "x")]
_TRANSLIT_END = [("iy", "y"), ("yy", "y"), ("ii", "i")]  # Moskovskiy / Moskovsky, Yurii / Yuri


def is_cjk(text: str) -> bool:
    """True when the text contains Chinese/Japanese ideographs."""
    return _CJK.search(text) is not None


def cjk_tokens(text: str) -> list[str]:
    """Character bigrams of each CJK run (a single character stands alone)."""
    out: list[str] = []
    for run in _CJK.findall(text):
        out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return out


def cjk_text(text: str) -> str:
    """The CJK characters of a text, concatenated."""
    return "".join(_CJK.findall(text))


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """One spelling for common transliteration variants (Moskovskiy/Moskovsky, Peking/Beijing),
    abbreviations ('univ' -> 'university'), plurals ('sciences') and ordinals ('14th' -> '14')."""
    token = ABBREVIATIONS.get(token, token)
    if token[:1].isdigit():
        ordinal = _ORDINAL.match(token)
        return ordinal.group(1) if ordinal else token
    token = PLURALS.get(token, token)
    return fold_person_token(VARIANTS.get(token, token))  # then the transliterations names share


def unfolded_endings(token: str) -> list[str]:
    """Spellings a folded token may have been written as before its ending was folded
    ('universy' from the slip 'universiy'), so slips are measured on the word as written."""
    return [token[: -len(new)] + old for old, new in _TRANSLIT_END if token.endswith(new) and len(token) > 4]


def ascii_fold(text: str) -> str:
    """Latin text with accents removed and other scripts transliterated, casefolded."""
    text = unicodedata.normalize("NFKC", text)
    text = _CJK.sub(" ", text)
    text = anyascii(text).casefold()
    text = text.replace("'", "").replace("`", "")
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    return text


_NUMBER_SIGN = re.compile(r"\b(?:no|nr|n|number)\s+(?=\d)")  # 'No. 14 Institute' is the '14th Research Institute'


def _join_articles(words: list[str]) -> list[str]:
    """'al aqsa' and 'al-aqsa' written as one word, like 'alaqsa'."""
    out: list[str] = []
    for word in words:
        if out and out[-1] in ARTICLES and word.isalpha() and len(word) >= 3:
            out[-1] += word
        else:
            out.append(word)
    return out


# Memoised by text: one query is normalised several times (its segments, the whole line, the
# explanation), and the same affiliation lines and names recur from case to case. Tuples, so no
# caller can change a cached answer; the public functions hand out lists.
@lru_cache(maxsize=65536)
def _org_words(text: str) -> tuple[str, ...]:
    folded = _NON_ALNUM.sub(" ", ascii_fold(text))
    folded = _NUMBER_SIGN.sub("", mark_legal_phrases(folded))
    words = drop_legal_runs([fold_token(w) for w in _join_articles(folded.split()) if not is_legal_form(w)])
    if len(words) >= 2 and is_closing_form_typo(words[-1]):
        words.pop()
    return tuple(words)


@lru_cache(maxsize=65536)
def _org_tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in _org_words(text) if w not in STOP_WORDS) + tuple(cjk_tokens(text))


def org_tokens(text: str) -> list[str]:
    """Significant tokens of an organisation name, in order (legal forms and stop words dropped)."""
    return list(_org_tokens(text))


@lru_cache(maxsize=65536)
def _shorthands(text: str) -> tuple[tuple[str, str | None], ...]:
    folded = _NON_ALNUM.sub(" ", mark_legal_phrases(ascii_fold(text)))
    return tuple((w, ABBREVIATIONS.get(w)) for w in folded.split()
                 if len(w) >= 3 and w.isalpha() and w not in STOP_WORDS and (w in ABBREVIATIONS or is_legal_form(w)))


def shorthands(text: str) -> list[tuple[str, str | None]]:
    """Words of an organisation name as written that the tokeniser expands (an abbreviation: ('mil',
    'military')) or drops (a legal form: ('cia', None)); each may also be a listed word retyped ('MEHRAN
    PAPER MIL' for MILL, 'AGROINDUSTRIAS CIA' for CIMA)."""
    return list(_shorthands(text))


def org_words(text: str) -> list[str]:
    """All folded words of an organisation name including stop words (for boundary checks)."""
    return list(_org_words(text))


# Particles and articles inside person names ('AL-TIKRITI', 'bin Laden', 'van der Berg', 'Safi al-Din'):
# people drop them, join them ('Alzaydi', 'Abdal-Rahman') or change them ('la'/'al'), so they are kept
# as words but never count as evidence for or against a name (see NameIndex._person).
PERSON_PARTICLES = frozenset(
    "al el ul ad ar as ash at az ud ur bin ibn bint ben van von der den ter ten de del della dos das du la".split()
)
# Articles that are written joined to the next word ('Alzaydi', 'Elsayed', 'Abdal').
JOINED_ARTICLES = ("al", "el", "ul")


@lru_cache(maxsize=65536)
def fold_person_token(token: str) -> str:
    """One spelling for transliteration variants of a name word (Khalid/Halid, Yuriy/Yuri, Aleksandr/
    Alexandr); no abbreviation table: 'Mil', 'Min', 'Dev' are names, not 'military' or 'ministry'."""
    for old, new in _TRANSLIT:
        if old in token:
            token = token.replace(old, new)
    for old, new in _TRANSLIT_END:
        if token.endswith(old) and len(token) > 4:
            token = token[: -len(old)] + new
    return token


_INITIAL = re.compile(r"\b([^\W\d_])\.", re.UNICODE)


def person_tokens(text: str) -> list[str]:
    """Tokens of a person name: order-free, honorifics dropped, hyphenated parts split, dotted initials
    one letter each ('V.K. Surname', 'Surname V.K.')."""
    return [fold_person_token(w) for w in person_spellings(text)] + han_syllables(text)


def person_spellings(text: str) -> list[str]:
    """The words of a person name as written (before transliteration folding; Latin script only)."""
    folded = _NON_ALNUM.sub(" ", ascii_fold(_INITIAL.sub(r"\1 ", text)))
    return [w for w in folded.split() if w not in HONORIFICS]


_SYLLABLE = re.compile(r"[A-Z][a-z]*")


def han_syllables(text: str) -> list[str]:
    """A name in Han characters as its pinyin syllables ('张大伟' -> zhang da wei), so it meets the same
    name in Latin letters ('ZHANG, Dawei': the syllables of a given name are joined as other spellings)."""
    return [s.casefold() for run in _CJK.findall(text) for s in _SYLLABLE.findall(anyascii(run))]


def han_runs(text: str) -> list[list[str]]:
    """The pinyin syllables of each run of Han characters written together ('碧珠 陳' -> [bi, zhu], [chen]):
    a run is one name (a given name, or surname and given name), never a part of one."""
    return [[s.casefold() for s in _SYLLABLE.findall(anyascii(run))] for run in _CJK.findall(text)]


def is_particle(token: str) -> bool:
    """A particle or article of a person name ('al', 'bin', 'van')."""
    return token in PERSON_PARTICLES


def normalised(text: str, kind: str = "org") -> str:
    """The normalised form shown in explanations."""
    tokens = org_tokens(text) if kind != "person" else person_tokens(text)
    return " ".join(tokens)


def token_factor(token: str) -> float:
    """Weight multiplier of an organisation token: generic words count less than distinctive ones."""
    if token in ORG_TYPE_WORDS:
        return 0.3
    if token in GENERIC_WORDS:
        return 0.5
    return 1.0


def acronym_of(tokens: list[str]) -> str | None:
    """Initials of a multi-word name (stop words already dropped), e.g. NUDT; None if too short."""
    latin = [t for t in tokens if t.isascii() and t[0].isalpha()]
    if len(latin) < 3 or len(latin) != len(tokens):
        return None
    return "".join(t[0] for t in latin)


def own_abbreviation(acronym: str, long_form: str) -> bool:
    """True when every letter of `acronym` is an initial of a word of `long_form` (order-free).

    'Kohat University of Science and Technology (KUST)': KUST abbreviates the query's own name,
    so it must not match a listed KUST on its own.
    """
    spaced = re.sub(r"['’]", " ", long_form)  # d'Abomey: 'd' and 'Abomey' each give an initial
    initials = [w[0] for w in _NON_ALNUM.sub(" ", ascii_fold(spaced)).casefold().split() if w[0].isalpha()]
    for letter in acronym.casefold():
        if letter not in initials:
            return False
        initials.remove(letter)
    return True


@lru_cache(maxsize=65536)
def plain_words(text: str) -> tuple[str, ...]:
    """The transliterated, casefolded words of a text, nothing dropped or folded (the conflict
    checks ask it of one query and one listed name several times)."""
    return tuple(_NON_ALNUM.sub(" ", ascii_fold(text)).casefold().split())


@lru_cache(maxsize=65536)
def kind_words(text: str) -> tuple[bool, bool]:
    """(academic, commercial): whether a name says it is a university-like body or a company."""
    words = set(plain_words(text))
    return bool(words & ACADEMIC_WORDS), bool(words & COMMERCIAL_WORDS)


# The word that says what kind of body a name is; a 'Department of Applied Physics' is not an
# 'Institute of Applied Physics', nor a 'Wuhan Institute of Technology' the 'Wuhan University of Technology'.
BODY_WORDS = {
    "university": "university", "universities": "university", "universitat": "university", "universite": "university",
    "institute": "institute", "institut": "institute", "instituto": "institute", "institution": "institute",
    "college": "college", "academy": "academy", "academie": "academy", "center": "center", "centre": "center",
    "centers": "center", "centres": "center", "laboratory": "laboratory", "laboratories": "laboratory",
    "lab": "laboratory", "school": "school", "department": "department", "dept": "department",
    "faculty": "faculty", "hospital": "hospital", "polytechnic": "polytechnic",
}


@lru_cache(maxsize=65536)
def body_kinds(text: str) -> frozenset[str]:
    """The kinds of body a name's words say it is ('university', 'institute', ...), typos tolerated."""
    kinds: set[str] = set()
    for word in plain_words(text):
        kind = BODY_WORDS.get(word)
        if kind is None and len(word) >= 7:
            kind = next((k for w, k in _BODY_WORDS_NEAR_LENGTH.get(len(word), ()) if _one_edit(word, w)), None)
        if kind:
            kinds.add(kind)
    return frozenset(kinds)


# the body words of 7+ letters a word of each length may be a typo of (one edit changes the length
# by one at most), in BODY_WORDS order
_LONG_BODY_WORDS = [(w, k) for w, k in BODY_WORDS.items() if len(w) >= 7]
_BODY_WORDS_NEAR_LENGTH = {
    n: [(w, k) for w, k in _LONG_BODY_WORDS if abs(len(w) - n) <= 1]
    for n in range(7, max(len(w) for w, _ in _LONG_BODY_WORDS) + 2)
}


def _one_edit(a: str, b: str) -> bool:
    return OSA.distance(a, b, score_cutoff=1) <= 1


# Country words inside listed names ('Pasteur Institute of Iran'): low weight as tokens, but a query
# that never names the country is about another body ('Institut Pasteur', Paris).
COUNTRY_WORDS = frozenset(
    "china chinese prc iran iranian russia russian korea korean dprk belarus belarusian syria syrian cuba "
    "cuban pakistan pakistani venezuela venezuelan myanmar burma".split()
)


@lru_cache(maxsize=65536)
def country_words(text: str) -> frozenset[str]:
    """The country words of a name."""
    return frozenset(plain_words(text)) & COUNTRY_WORDS


@lru_cache(maxsize=65536)
def qualifiers(text: str) -> frozenset[str]:
    """The qualifier words of a name ('national', 'state', 'turkish', ...)."""
    return frozenset(plain_words(text)) & QUALIFIERS


def looks_like_acronym(text: str) -> bool:
    """True for an upper-case token of 2-8 letters/digits such as BUAA, HIT, CAEP, CETC."""
    stripped = text.strip().strip("()")
    return 2 <= len(stripped) <= 8 and stripped.isupper() and stripped.isalnum() and stripped.isascii()


_SEGMENT_SPLIT = re.compile(r"[,;()\[\]/|\n]+|\s+-\s+|\s+–\s+")


def last_segment(text: str) -> str:
    """The text after its last segment separator (the part a following name is written in)."""
    return _SEGMENT_SPLIT.split(text)[-1]


def segments(text: str) -> list[str]:
    """The parts of an affiliation string (department, institution, city...) plus the whole."""
    parts = [p.strip() for p in _SEGMENT_SPLIT.split(text) if p and p.strip()]
    return [text] + parts if len(parts) > 1 else [text]


_CACHED = (_org_words, _org_tokens, _shorthands, plain_words, fold_token, is_legal_form, is_closing_form_typo, kind_words, body_kinds, country_words, qualifiers)


def clear_caches() -> None:
    """Forget every memoised word and name (benchmarks measure first-time queries with it)."""
    for fn in _CACHED:
        fn.cache_clear()
