"""The candidate index behind the matcher: tokens -> names, with IDF weights and a typo index.

Scoring is a weighted token Dice coefficient (order-free), computed only for candidates found
through the inverted index. Prefix filtering keeps that set small: a name can only reach the
threshold if it shares one of the query's rarest tokens (or a typo of one), so only those posting
lists are read. A second path finds listed names contained in a longer affiliation string.
"""

from __future__ import annotations

from collections import Counter

import math
from array import array
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from intake.screen.bounds import (
    EPSILON,
    INITIAL_CREDIT,
    UNMATCHED_PENALTY,
    PersonArrays,
    PersonQuery,
    person_candidates,
    person_may_reach,
)
from intake.screen.normalise import (
    ARTICLES,
    PLURALS,
    VARIANTS,
    CONNECTORS,
    JOINED_ARTICLES,
    ORG_TYPE_WORDS,
    QUALIFIERS,
    STOP_WORDS,
    acronym_of,
    cjk_text,
    fold_token,
    fold_person_token,
    han_runs,
    han_syllables,
    is_cjk,
    is_particle,
    org_tokens,
    org_words,
    person_spellings,
    person_tokens,
    segments,
    shorthands,
    token_factor,
    unfolded_endings,
)

MIN_FUZZY_LEN = 4  # shorter tokens must match exactly: "hit" is not a typo of "hat"; 'Hill'/'Hilal' may be
MIN_FUZZY_LEN_PERSON = 4  # names: 'Ayub'/'Ayyub', 'Taha'/'Taah' are one person's spellings
MIN_FUZZY_SIM = 0.75  # one edit in a 4-letter word ('York'/'Yrok'); the model weighs short-word typos
MIN_FUZZY_SIM_PERSON = 0.75
SIMILAR_CACHE = 200_000  # query tokens whose similar vocabulary words are kept
PHONETIC_SIM = 0.79  # same transliteration key, more than one edit apart (Mohammed/Muhammad)
CONTAINMENT_SCORE = 90.0  # a listed name found whole inside a longer string
DERIVED_ACRONYM_SCORE = 90.0  # BUAA for Beijing University of Aeronautics and Astronautics
ARTICLE_SIM = 0.9  # a word written with or without its Arabic article ('MOUKHTAR' for 'AL MOUKHTAR')
RESPACED_SCORE = 95.0  # a person's name with its letters spaced otherwise ('MYONGC-HIN' for 'MYONG-CHIN')
# a word in more names than this finds too many to re-read one by one (respaced persons, retyped short words)
SCAN_MAX_DF = 2000


class Hit:
    """One scored candidate name (internal, slotted: converted to a Match at the boundary)."""

    __slots__ = ("name_id", "owner", "score", "method", "matched", "fuzzy", "missing", "query", "weight", "conflicts",
                 "n_query", "raw", "proba", "rarity", "evidence", "lead_missing")

    def __init__(self, name_id: int, owner: int, score: float, method: str, query: str) -> None:
        self.name_id = name_id
        self.owner = owner
        self.score = score
        self.method = method
        self.query = query
        self.matched: list[str] = []
        self.fuzzy: list[str] = []
        self.missing: list[str] = []
        self.weight = 0.0  # matched weight
        self.conflicts: list[str] = []  # why the score was lowered (kind of body, qualifier)
        self.n_query = 0  # significant tokens of the query segment
        self.raw = score  # the token score before calibration
        self.proba = 0.0  # the calibrated probability of a true match
        self.rarity = 0.0  # IDF of the rarest exactly matched word, over the highest IDF (0-1)
        self.evidence = 0.0  # persons: the IDF of all agreeing words, summed (over the highest IDF)
        self.lead_missing = 0  # persons: the first given name or the (first) surname, missing


_VOWELS = str.maketrans("", "", "aeiouy")
_STOP_ANAGRAMS = [sorted(w) for w in STOP_WORDS if len(w) >= 3]
_LONG_STOPS = [w for w in STOP_WORDS if len(w) >= 3]


def _stop_slip(word: str) -> bool:
    """One edit from a stop word of three letters or more ('annd', 'ad', 'fo', 'teh')."""
    return word.isalpha() and word not in STOP_WORDS and any(OSA.distance(word, s) == 1 for s in _LONG_STOPS)


def skeleton(token: str) -> str:
    """A transliteration key: first letter, then consonants without repeats (Mohammed/Muhammad -> mhmd,
    Said/Saeed -> sd, Yusuf/Yousef -> ysf)."""
    t = token.replace("ph", "f").replace("q", "k").replace("c", "k").replace("w", "v").replace("z", "s")
    rest = t[1:].translate(_VOWELS)
    out = t[:1]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def person_skeleton(token: str) -> str:
    """The transliteration key of a name word: as `skeleton`, with a 'ch' inside a word read as the 'kh'
    it transliterates (folded to 'h'): Michael/Mikhail -> mhl."""
    return skeleton(token[:1] + token[1:].replace("ch", "h"))


def deletes(token: str) -> list[str]:
    """The token with each one character removed (SymSpell-style typo keys)."""
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


class _Query:
    """A query segment: its tokens, their weights and the vocabulary tokens similar to them."""

    __slots__ = ("text", "tokens", "counts", "words", "weights", "total", "sims", "alts", "reachable", "rejoined",
                 "exact", "respaced", "shorthands")

    def __init__(self, text: str, tokens: list[str], words: list[str]) -> None:
        self.text = text
        self.tokens = tokens
        self.counts = Counter(tokens)
        self.words = words
        self.weights: list[float] = []
        self.total = 0.0
        self.sims: dict[int, tuple[float, str]] = {}  # vocab id -> (similarity, query token)
        self.reachable: dict[float, list[int]] = {}  # NameIndex._reachable per tau, once asked
        self.rejoined: list[list[str]] | None = None  # NameIndex._rejoined of the tokens, once asked
        self.exact: set[int] | None = None  # vocabulary ids a containment may use, once asked
        self.respaced: list[tuple[int, int]] | None = None  # persons: (name, edits) spaced otherwise, once asked
        self.shorthands: list[tuple[str, list[str]]] | None = None  # organisations: _shorthand_readings, once asked
        self.alts: dict[int, list[tuple[float, str]]] = {}  # persons: every query token similar to a vocab id


class NameIndex:
    """Inverted index of names of one kind ("org" or "person") with IDF token weights."""

    def __init__(self, kind: str = "org") -> None:
        self.kind = kind
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self.df: list[int] = []
        self.weights: list[float] = []
        self.name_tokens: list[tuple[int, ...]] = []
        self.name_owner = array("i")
        self.name_text: list[str] = []
        self.name_weight = array("d")
        self.postings: list[array[int]] = []
        self.typo_keys: dict[str, list[int]] = {}
        self.signature: dict[int, list[int]] = {}
        self.derived: dict[str, list[int]] = {}
        self.skeletons: dict[str, list[int]] = {}
        self.comma_names: set[int] = set()  # names written with a segment separator inside
        self.surnames: dict[int, frozenset[int]] = {}  # person names written 'SURNAME, Given': the surname's ids
        self.leads: dict[int, tuple[str, ...]] = {}  # and the words people keep: first given name, first surname
        self.given: dict[int, tuple[str, ...]] = {}  # and the given names
        self.spellings: dict[int, set[str]] = {}  # persons: a folded word's spellings as listed ('khanani')
        self._similar_cache: dict[str, list[tuple[int, float]]] = {}
        self._query_cache: dict[tuple[str, tuple[str, ...] | None], _Query] = {}
        self.max_weight = 1.0
        self.arrays: PersonArrays | None = None  # set by freeze() for persons
        self.bounded = True  # False: score every posted person (the reference path the tests compare with)

    def _tokens(self, text: str) -> list[str]:
        return person_tokens(text) if self.kind == "person" else org_tokens(text)

    def add(self, owner: int, text: str, shown: str | None = None) -> None:
        """Add one name (entry name or alias) belonging to entry number `owner`; `shown` is the
        listed spelling when `text` is another word order of it."""
        tokens = self._tokens(text)
        if not tokens:
            return
        ids = []
        for tok in tokens:
            tid = self.vocab.get(tok)
            if tid is None:
                tid = self.vocab[tok] = len(self.words)
                self.words.append(tok)
                self.df.append(0)
                self.postings.append(array("i"))
            ids.append(tid)
        name_id = len(self.name_tokens)
        if self.kind != "person" and len(segments(shown or text)) > 1:
            # the name spans a segment separator (',', ' - ', '/', brackets): found only in the whole string
            self.comma_names.add(name_id)
        if self.kind == "person":
            self._note_surname(name_id, shown or text)
            for raw in person_spellings(text):
                folded = fold_person_token(raw)
                if folded != raw and folded in self.vocab:
                    self.spellings.setdefault(self.vocab[folded], set()).add(raw)
        for tid in set(ids):
            self.df[tid] += 1
            self.postings[tid].append(name_id)
        self.name_tokens.append(tuple(ids))
        self.name_owner.append(owner)
        self.name_text.append(shown or text)

    def _note_surname(self, name_id: int, text: str) -> None:
        """Remember which words of a 'SURNAME, Given' name are the surname (an initial never stands for it)."""
        head, comma, given = text.partition(",")
        if comma and given.strip():
            surname = [t for t in person_tokens(head) if not is_particle(t)]
            ids = {self.vocab[t] for t in surname if t in self.vocab}
            if ids:
                self.surnames[name_id] = frozenset(ids)
            # people drop middle names and second surnames, seldom the first given name or first surname
            self.given[name_id] = tuple(t for t in person_tokens(given) if not is_particle(t))
            firsts = list(self.given[name_id][:1]) + surname[:1]
            if firsts:
                self.leads[name_id] = tuple(firsts)

    def add_many(self, names: Iterable[tuple[int, str]]) -> None:
        """Add (owner, name) pairs."""
        for owner, text in names:
            self.add(owner, text)

    def freeze(self) -> None:
        """Compute weights, name totals, typo keys, signatures and derived acronyms."""
        self.clear_caches()
        n = max(1, len(self.name_tokens))
        person = self.kind == "person"
        self.weights = [
            math.log(1.0 + n / df) * (self._person_factor(w) if person else token_factor(w))
            for w, df in zip(self.words, self.df, strict=True)
        ]
        self.max_weight = math.log(1.0 + n)
        for tid, word in enumerate(self.words):
            if len(word) >= self._min_fuzzy_len and word.isascii():
                for key in deletes(word):
                    self.typo_keys.setdefault(key, []).append(tid)
            if self._phonetic_ok(word):
                self.skeletons.setdefault(self._skeleton(word), []).append(tid)
        if not person:
            self._index_spellings()
        # a typo is one edit of the listed spelling, not of its folded form ('Kranani' is 'KHANANI' retyped)
        for tid, raws in self.spellings.items():
            for raw in raws:
                for key in [raw, *deletes(raw)]:
                    self.typo_keys.setdefault(key, []).append(tid)
        self.name_weight = array("d", (sum(self.weights[t] for t in toks) for toks in self.name_tokens))
        for name_id, toks in enumerate(self.name_tokens):
            rarest = min(toks, key=self.df.__getitem__)
            self.signature.setdefault(rarest, []).append(name_id)
            if not person:
                acr = acronym_of([self.words[t] for t in toks])
                if acr and len(acr) >= 4:
                    self.derived.setdefault(acr, []).append(name_id)
        if person:
            self.arrays = PersonArrays(self.postings, self.weights, self.name_tokens, self.name_weight,
                                       [is_particle(w) for w in self.words])

    def clear_caches(self) -> None:
        """Forget what queries taught the index (results stay the same; only speed changes)."""
        self._similar_cache.clear()
        self._query_cache.clear()

    def _index_spellings(self) -> None:
        """Organisations: the written forms of folded words (plurals, old spellings: 'Peking' -> beijing,
        'systems' -> system), so a slip in the spelling as written ('Peing', 'Systmes') is one edit."""
        for raw in [*VARIANTS, *PLURALS]:
            tid = self.vocab.get(fold_token(raw))
            if tid is not None and raw != self.words[tid] and len(raw) >= MIN_FUZZY_LEN:
                self.spellings.setdefault(tid, set()).add(raw)

    @staticmethod
    def _person_factor(word: str) -> float:
        """A particle ('al', 'bin', 'van') weighs nothing: people drop, join and change them."""
        return 0.0 if is_particle(word) else 1.0

    def _skeleton(self, word: str) -> str:
        return person_skeleton(word) if self.kind == "person" else skeleton(word)

    def _phonetic_ok(self, word: str) -> bool:
        """Transliteration keys for name words of 4+ letters (persons) and 6+ letters (organisations)."""
        return word.isascii() and word.isalpha() and len(word) >= (4 if self.kind == "person" else 6)

    def n_words(self, name_id: int) -> int:
        """How many words a listed name has for scoring (a person's particles do not count)."""
        toks = self.name_tokens[name_id]
        if self.kind != "person":
            return len(toks)
        return sum(1 for t in toks if not is_particle(self.words[t])) or len(toks)

    @property
    def _typo_len(self) -> int:
        """Words this long earn 0.5 + 0.5 x similarity for one typo (shorter ones: the similarity)."""
        return 5 if self.kind == "person" else 4

    @property
    def _min_fuzzy_len(self) -> int:
        return MIN_FUZZY_LEN_PERSON if self.kind == "person" else MIN_FUZZY_LEN

    # ------------------------------------------------------------ query side

    def _similar(self, token: str) -> list[tuple[int, float]]:
        """Vocabulary tokens equal to or one edit away from `token`, with their similarity (cached:
        the words of affiliation lines repeat, and the index does not change once frozen)."""
        found = self._similar_cache.get(token)
        if found is None:
            if len(self._similar_cache) >= SIMILAR_CACHE:
                self._similar_cache.clear()
            found = self._similar_cache[token] = self._similar_uncached(token)
        return found

    def _similar_uncached(self, token: str) -> list[tuple[int, float]]:
        out: dict[int, float] = {}
        tid = self.vocab.get(token)
        if tid is not None:
            out[tid] = 1.0
        if self.kind != "person" and len(token) == MIN_FUZZY_LEN - 1 and token.isalpha() and token.isascii():
            # a 3-letter word missing one letter of a listed 4-letter word ('MIL', 'PRS'): a short-word
            # typo, weighed by the model (short_fuzzy), not switched off
            for cid in self.typo_keys.get(token, ()):
                if cid not in out and len(self.words[cid]) == len(token) + 1:
                    out[cid] = MIN_FUZZY_SIM
        if len(token) >= self._min_fuzzy_len and token.isascii():
            cands: set[int] = set(self.typo_keys.get(token, ()))
            for key in deletes(token):
                kid = self.vocab.get(key)
                if kid is not None:
                    cands.add(kid)
                cands.update(self.typo_keys.get(key, ()))
            for cid in cands:
                if cid not in out:
                    sim = max(OSA.normalized_similarity(token, w) for w in (self.words[cid], *self.spellings.get(cid, ())))
                    if sim >= (MIN_FUZZY_SIM_PERSON if self.kind == "person" else MIN_FUZZY_SIM):
                        out[cid] = sim
            if self.kind != "person" and tid is None:
                for written in unfolded_endings(token):  # 'universiy' was folded to 'universy'
                    for key in [written, *deletes(written)]:
                        for cid in self.typo_keys.get(key, ()):
                            sim = OSA.normalized_similarity(written, self.words[cid])
                            if sim >= MIN_FUZZY_SIM and sim > out.get(cid, 0.0):
                                out[cid] = sim
        if self.kind != "person":
            for cid in self._article_variants(token):
                out[cid] = max(out.get(cid, 0.0), ARTICLE_SIM)
        if self._phonetic_ok(token):
            key = self._skeleton(token)
            if len(key) >= 3:  # two consonants say too little: Berry/Barre, Patty/Pate
                for cid in self.skeletons.get(key, ()):
                    if cid not in out and abs(len(self.words[cid]) - len(token)) <= 3:
                        out[cid] = PHONETIC_SIM
        return list(out.items())

    def _article_variants(self, token: str) -> list[int]:
        """Listed words that are the token with an Arabic article joined ('mouhtar' -> 'almouhtar', the
        article dropped or moved: 'MOUKHTAR AL PRODUCTS' for 'AL MOUKHTAR PRODUCTS') or without the one it
        was joined to ('alproducts' -> 'product')."""
        if len(token) < 4 or not token.isalpha() or not token.isascii():
            return []
        out = [cid for a in ARTICLES if (cid := self.vocab.get(a + token)) is not None]
        if token not in self.vocab:
            for a in ARTICLES:
                if token.startswith(a) and len(token) - len(a) >= 4:
                    cid = self.vocab.get(fold_token(token[len(a):]))
                    if cid is not None:
                        out.append(cid)
        return out

    def _is_article_variant(self, token: str, tid: int) -> bool:
        """The listed word is the token with or without an Arabic article (one word as written, no typo)."""
        word = self.words[tid]
        return any(word == a + token or (token.startswith(a) and fold_token(token[len(a):]) == word) for a in ARTICLES)

    def _shorthand_readings(self, text: str, tokens: list[str]) -> list[tuple[str, list[str]]]:
        """(written word, tokens) readings of the query with one expanded abbreviation or dropped legal
        form put back as written, when that word is one slip from a listed word: 'MIL' may be 'military'
        or 'MILL' retyped, 'CIA' a legal form or 'CIMA' retyped."""
        out = []
        for written, abbreviated in shorthands(text):
            if written in self.vocab or not any(sim < 1.0 for _, sim in self._similar(written)):
                continue
            expanded = fold_token(written)  # as the tokeniser read it
            if abbreviated is None:
                reading = [*tokens, written]
            elif expanded in tokens:
                i = tokens.index(expanded)
                reading = [*tokens[:i], written, *tokens[i + 1 :]]
            else:
                continue
            out.append((written, reading))
        return out[:2]

    def _rejoined(self, tokens: list[str]) -> list[list[str]]:
        """Other readings of the query's tokens that the vocabulary knows: two words written as one
        ('Dafeng' for 'Da Feng', 'alaqsa') or one as two ('Cai Da Feng' for 'CAI, Dafeng')."""
        if self.kind == "person":
            return self._person_readings(tokens)
        out: list[list[str]] = []
        vocab = self.vocab
        for i in range(len(tokens) - 1):
            joined = tokens[i] + tokens[i + 1]
            if joined in vocab and tokens[i].isalpha() and tokens[i + 1].isalpha():
                out.append(tokens[:i] + [joined] + tokens[i + 2 :])
        for i, tok in enumerate(tokens):
            if len(tok) >= 5 and tok not in vocab and tok.isalpha():
                for cut in range(2, len(tok) - 1):
                    head, rest = tok[:cut], tok[cut:]
                    # each part a listed word or a word names drop (stop word, legal form: 'PARTSand',
                    # 'STOCKcompany', 'ofhygiene'), one of them listed; the whole re-read for legal phrases
                    # parts as the tokeniser folds them ('ALELtechnologies': alel + technology)
                    head_f, rest_f = fold_token(head), fold_token(rest)
                    if head in ARTICLES and rest_f in vocab and len(rest) >= 4:
                        # an article the tokeniser joined to the next word ('AD PRODUCTION', a slip of 'AND',
                        # read 'adproduction'): the words apart, not re-joined; a slipped connector then goes
                        out.append([*tokens[:i], head, rest_f, *tokens[i + 1 :]])
                        break
                    if (head_f in vocab or rest_f in vocab) and all(
                            f in vocab or self._dropped(p) for p, f in ((head, head_f), (rest, rest_f))):
                        split = [*tokens[:i], head, rest, *tokens[i + 1 :]]
                        out.append(split if self.kind == "person" else self._tokens(" ".join(split)))
                        break
        return [t for t in out if t][:3]

    def _person_readings(self, tokens: list[str]) -> list[list[str]]:
        """Other spacings of a person's name that the vocabulary knows: two words as one ('Cai Da Feng' for
        'CAI, Dafeng', 'Mil Orad'), one as two ('Alimohamad' for 'Ali Mohamad'), an article joined to its
        word or to the word before ('Alzaydi' for 'al-Zaydi', 'Abdal Rahman' for 'Abd al-Rahman')."""
        vocab = self.vocab
        out: list[list[str]] = []
        for i in range(len(tokens) - 1):
            joined = tokens[i] + tokens[i + 1]
            if joined in vocab and tokens[i].isalpha() and tokens[i + 1].isalpha() and not is_particle(joined):
                out.append(tokens[:i] + [joined] + tokens[i + 2 :])
        for i, tok in enumerate(tokens):
            if len(tok) < 5 or not tok.isalpha():
                continue
            for cut in range(2, len(tok) - 1):
                head, rest = tok[:cut], tok[cut:]
                if tok in vocab and head not in JOINED_ARTICLES and rest not in JOINED_ARTICLES:
                    continue  # a listed word is split only at an article ('Abdal' may be 'Abd al')
                if head in JOINED_ARTICLES:
                    ok = len(rest) >= 3 and rest in vocab
                elif rest in JOINED_ARTICLES:
                    ok = head in vocab and i + 1 < len(tokens)  # the article belongs to the next word
                else:
                    ok = head in vocab and rest in vocab and not is_particle(head) and not is_particle(rest)
                if ok:
                    out.append([*tokens[:i], head, rest, *tokens[i + 1 :]])
                    break
        return out[:3]

    def _dropped(self, word: str) -> bool:
        """A word the tokeniser drops (a stop word; for organisations also a legal form)."""
        return word in STOP_WORDS or (self.kind != "person" and len(word) >= 2 and not self._tokens(word))

    def _prepare(self, text: str, tokens: list[str] | None = None) -> _Query:
        """The query's tokens, weights and similar vocabulary (cached: a prepared query is never
        changed, and the segments and lines of CVs recur)."""
        key = (text, None if tokens is None else tuple(tokens))
        query = self._query_cache.get(key)
        if query is None:
            if len(self._query_cache) >= SIMILAR_CACHE:
                self._query_cache.clear()
            query = self._query_cache[key] = self._prepare_uncached(text, tokens)
        return query

    def _prepare_uncached(self, text: str, tokens: list[str] | None) -> _Query:
        tokens = self._tokens(text) if tokens is None else tokens
        if self.kind != "person":  # 'adn', 'fro', 'teh': a stop word with two letters swapped, not a name word
            tokens = self._without_slips([t for t in tokens if t in self.vocab or sorted(t) not in _STOP_ANAGRAMS])
        words = self._without_slips(org_words(text)) if self.kind != "person" else tokens
        query = _Query(text, tokens, words)
        # syllables read from Han characters are spelt by the transliterator: no typos, no sound-alikes
        exact_only = set(han_syllables(text)) if self.kind == "person" and is_cjk(text) else set()
        for tok in tokens:
            similar = self._similar(tok)
            if tok in exact_only:
                similar = [(tid, sim) for tid, sim in similar if sim >= 1.0]
            best_w, best_sim = 0.0, 0.0
            for tid, sim in similar:
                if sim > query.sims.get(tid, (0.0, ""))[0]:
                    query.sims[tid] = (sim, tok)
                if self.kind == "person":
                    query.alts.setdefault(tid, []).append((sim, tok))
                if sim > best_sim or (sim == best_sim and self.weights[tid] < best_w):
                    best_w, best_sim = self.weights[tid], sim
            # a rare spelling of a common word ('universty') weighs like the common word
            best_w = min([best_w, *(self.weights[t] for t, sim in similar if sim >= 0.85)])
            if not similar:
                best_w = self.max_weight * (token_factor(tok) if self.kind != "person" else 1.0)
            if self.kind == "person" and (len(tok) == 1 or is_particle(tok)):
                best_w = 0.0  # an initial is weighed when it meets a name; a particle never
            query.weights.append(best_w)
        query.total = sum(query.weights)
        return query

    def _without_slips(self, words: list[str]) -> list[str]:
        """Words between two others that are a stop word retyped ('Science annd Technology', 'AD')
        and no listed word: connectors, not name words."""
        return [w for i, w in enumerate(words)
                if not (0 < i < len(words) - 1 and w not in self.vocab and _stop_slip(w))]

    def _prefix_ids(self, query: _Query, tau: float) -> list[int]:
        """Vocabulary ids of the rarest query tokens: every passing name shares one of them."""
        order = sorted(range(len(query.tokens)), key=lambda i: -query.weights[i])
        if self.kind == "person":  # a passing person shares two parts: one is not the commonest
            # initials and particles never find a name: the bound counts the name words only
            words = [i for i in order if len(query.tokens[i]) > 1 and not is_particle(query.tokens[i])] or order
            chosen = {query.tokens[i] for i in words[: max(1, len(words) - 1)]}
            return [tid for tid, (_, tok) in query.sims.items() if tok in chosen]
        need = tau * query.total / (2.0 - tau)
        remaining = query.total
        chosen: set[str] = set()
        for i in order:
            if remaining < need:
                break
            chosen.add(query.tokens[i])
            remaining -= query.weights[i]
        return [tid for tid, (_, tok) in query.sims.items() if tok in chosen]

    def _person(self, query: _Query, name_id: int) -> Hit:
        """Person score: coverage of the shorter name, minus 5 per unmatched name part."""
        hit = self._dice(query, name_id)
        # a particle ('al', 'bin', 'van') one side lacks is no missing word: people drop and join them; one
        # both sides write agrees ('XU, Bin' and 'Bin Xu')
        dropped = [w for w in hit.missing if is_particle(w)]
        hit.missing = [w for w in hit.missing if not is_particle(w)]
        agreeing = {w for w in hit.matched} | {f.split("~")[-1] for f in hit.fuzzy}
        n_listed = len(self.name_tokens[name_id]) - len(dropped)
        n_query = sum(1 for t in query.tokens if not is_particle(t) or t in agreeing)
        hit.n_query = n_query
        # two common words together ('Hamid Abdallah Ahmad Ali') say more than the rarest of them alone
        hit.evidence = min(4.0, hit.weight / self.max_weight)
        hit.lead_missing = sum(1 for w in self.leads.get(name_id, ()) if w in hit.missing)
        hit.conflicts.extend(self._initial_conflicts(query, name_id, hit))
        if is_cjk(query.text):
            hit.conflicts.extend(self._han_part_conflicts(query, hit))
        n_matched = n_listed - len(hit.missing)
        # two name words must agree unless a name has only one; the query's particles count as words here
        # ('Van Taylor' is not 'TAYLOR, Mark'; 'Al Green' is not 'GREEN'; 'Zachary Ward' is not 'AL-WARD')
        one_word = n_listed <= 1 and len(query.tokens) > 1
        if n_matched < min(2, n_listed, len(query.tokens)) or one_word:
            hit.score = 0.0  # a one-word alias ('MIKE', 'GREEN') does not name 'Mike Johnson' or 'Al Green'
            return hit
        got = hit.weight
        cand_total = self.name_weight[name_id]
        query_total = query.total + sum(
            self.weights[t] for t in self.name_tokens[name_id] if f"{self.words[t][0]}.~{self.words[t]}" in hit.fuzzy
        )
        shorter = min(cand_total, query_total) or 1.0
        unmatched = len(hit.missing) + max(0, n_query - n_matched)
        hit.score = max(0.0, 100.0 * min(1.0, got / shorter) - UNMATCHED_PENALTY * unmatched)
        return hit

    @staticmethod
    def _han_part_conflicts(query: _Query, hit: Hit) -> list[str]:
        """Han names of which the listed name spells only some syllables: '碧珠 陳' (Chen Bizhu) is not
        'CHEN, Zhu', '京助 松田' not 'SONG, Jing'. Characters written together are one name; its syllables
        meet a listed word one by one or joined ('ZHANG, Dawei' for '张大伟'), all of them or none."""
        agreeing = [*hit.matched, *(f.split("~")[-1] for f in hit.fuzzy if "~" in f)]
        out = []
        for run in han_runs(query.text):
            if len(run) < 2:
                continue
            used = [False] * len(run)
            for word in agreeing:
                span = next(((i, j) for i in range(len(run)) for j in range(i + 1, len(run) + 1)
                             if not any(used[i:j]) and fold_person_token("".join(run[i:j])) == word), None)
                if span is not None:
                    used[span[0] : span[1]] = [True] * (span[1] - span[0])
            if any(used) and not all(used):
                out.append(f"the listed name spells only part of the Han name '{''.join(run)}'")
        return out

    def _initial_conflicts(self, query: _Query, name_id: int, hit: Hit) -> list[str]:
        """Initials that disagree with a given name: 'O. P. Kovalenko' has an 'O.' where the listed name
        has an unmatched 'Ivan' (an initial with no listed word to meet, 'I. P.' for 'KOVALENKO, Ivan', is
        only an extra word)."""
        used = [f.split("~")[0][0] for f in hit.fuzzy if f.split("~")[0].endswith(".")]
        spare = [t for t in query.tokens if len(t) == 1 and t.isalpha()]
        for letter in used:
            if letter in spare:
                spare.remove(letter)
        names = self.given.get(name_id)
        given = [w for w in hit.missing if names is None or w in names]
        return [f"initial '{a}.' where the listed name has '{w}'" for a, w in zip(spare, given, strict=False)]

    def _edits(self, token: str, tid: int) -> int:
        """Edits from a query word (for organisations also its written ending: 'universiy' folded to
        'universy') to a listed word, as folded or as a listed spelling of it."""
        written = [token, *unfolded_endings(token)] if self.kind != "person" else [token]
        return min(OSA.distance(t, w) for t in written for w in (self.words[tid], *self.spellings.get(tid, ())))

    @staticmethod
    def _unused_reading(query: _Query, tid: int, used: dict[str, int]) -> tuple[float, str]:
        """The best query word similar to a listed word that no other listed word has taken yet."""
        free = [(sim, tok) for sim, tok in query.alts.get(tid, ()) if used.get(tok, 0) < query.counts[tok]]
        return max(free) if free else (0.0, "")

    def _dice(self, query: _Query, name_id: int) -> Hit:
        """Weighted token Dice of query and name, with fuzzy token credit and initials."""
        hit = Hit(name_id, self.name_owner[name_id], 0.0, "tokens", query.text)
        matched = 0.0
        extra_q = 0.0
        initials = [t for t in query.tokens if len(t) == 1] if self.kind == "person" else []
        used: dict[str, int] = {}  # a query word stands for one listed word, not two
        missing: list[int] = []
        for tid in self.name_tokens[name_id]:
            word = self.words[tid]
            sim, qtok = query.sims.get(tid, (0.0, ""))
            if sim > 0:
                times = used.get(qtok, 0)
                if times >= query.counts[qtok]:
                    # 'Anthony Gonzalez' is not 'Anthony Anthony'; but a person's other word may spell
                    # the repeated one ('Uribee Uribe' for 'URIBE URIBE')
                    sim, qtok = self._unused_reading(query, tid, used) if self.kind == "person" else (0.0, qtok)
                if sim > 0:
                    used[qtok] = used.get(qtok, 0) + 1
            if sim >= 1.0:
                hit.matched.append(word)
                hit.rarity = max(hit.rarity, self.weights[tid] / self.max_weight)
            elif sim > 0:
                hit.fuzzy.append(f"{qtok}~{word}")
                if len(word) >= self._typo_len and (self._edits(qtok, tid) <= 1 or (
                        self.kind != "person" and sim == ARTICLE_SIM and self._is_article_variant(qtok, tid))):
                    sim = 0.5 + 0.5 * sim  # one typo is nearly a match; short_fuzzy tells the model the word was short
                    if self.kind != "person":  # a retyped rare word ('Hnan', 'IHHAG') is evidence too,
                        # discounted by the typo (people: a retyped surname is most often another person)
                        hit.rarity = max(hit.rarity, sim * self.weights[tid] / self.max_weight)
            elif word[0] in initials and tid not in self.surnames.get(name_id, ()):
                # an initial stands for a given name: 'Gary L. Ackerman' is not 'LAM, Gary'
                initials.remove(word[0])
                sim, extra_q = INITIAL_CREDIT, extra_q + self.weights[tid]
                hit.fuzzy.append(f"{word[0]}.~{word}")
            else:
                hit.missing.append(word)
                missing.append(tid)
            matched += sim * self.weights[tid]
        reweigh = 0.0
        if self.kind != "person" and missing and hit.matched:
            earned, reweigh = self._align_leftovers(query, missing, used, hit)
            matched += earned
        hit.weight = matched
        hit.n_query = len(query.tokens)
        one_typo_long = len(hit.fuzzy) == 1 and len(self.words[self.name_tokens[name_id][0]]) >= 5  # SAKATRANS, BAMEEX
        if len(self.name_tokens[name_id]) == 1 and self.kind != "person" and (
            (hit.fuzzy and not one_typo_long) or hit.missing or len(set(query.tokens)) > 1
        ):
            hit.score = 0.0  # a one-word listed name ('SATNA') must be the whole segment, spelt exactly
            return hit
        denom = query.total + reweigh + extra_q + self.name_weight[name_id]
        hit.score = min(100.0, 100.0 * 2.0 * matched / denom) if denom else 0.0
        return hit

    def _align_leftovers(self, query: _Query, missing: list[int], used: dict[str, int], hit: Hit) -> tuple[float, float]:
        """Pair listed words the query lacks with query words no listed word took, one edit apart, short
        words too ('OL'/'OIL', 'DM'/'DOM', 'TO'/'TCO'): typos the model weighs by the words that agree.
        Returns (credit earned, change of the query's weight: a paired word weighs as the word it spells)."""
        free = []
        left = dict(used)
        for i, tok in enumerate(query.tokens):
            if left.get(tok, 0) > 0:
                left[tok] -= 1
            elif tok.isalpha() and tok.isascii():
                free.append(i)
        earned = reweigh = 0.0
        for tid in missing:
            word = self.words[tid]
            if not free or not word.isalpha() or len(word) < 2:
                continue
            pair = next((i for i in free if max(len(word), len(query.tokens[i])) >= 3
                         and OSA.distance(query.tokens[i], word, score_cutoff=1) <= 1), None)
            if pair is None:
                continue
            free.remove(pair)
            tok = query.tokens[pair]
            sim = OSA.normalized_similarity(tok, word)
            hit.missing.remove(word)
            hit.fuzzy.append(f"{tok}~{word}")
            earned += sim * self.weights[tid]
            reweigh += self.weights[tid] - query.weights[pair]
        return earned, reweigh

    def _search_aligned(self, query: _Query, tau: float, hits: dict[int, Hit]) -> None:
        """Names with as many words as the query that hold its rarest exact word: found by their other
        words when a short word is retyped (the bound of _reachable gives a retyped short word no credit)."""
        if not any(len(t) <= 3 and t.isalpha() for t in query.tokens) or len(query.tokens) < 2:
            return
        exact = [(self.df[tid], tid) for tid, (sim, tok) in query.sims.items() if sim >= 1.0 and len(tok) > 3]
        if not exact:
            return
        df, rarest = min(exact)
        if df > SCAN_MAX_DF:
            return
        n = len(query.tokens)
        for name_id in self.postings[rarest]:
            if name_id in hits or len(self.name_tokens[name_id]) != n:
                continue
            hit = self._dice(query, name_id)
            if hit.score >= 100.0 * tau and any("~" in f and len(f.split("~")[1]) <= 3 for f in hit.fuzzy):
                hits[name_id] = hit

    def _contained(self, query: _Query, name_id: int) -> Hit | None:
        """The listed name as a whole run of words inside the query, not followed by 'of'/'and'."""
        toks = self.name_tokens[name_id]
        if not self.words[toks[0]].isascii():
            return self._contained_cjk(query, name_id)
        words = [self.words[t] for t in toks]
        # Only names that say what they are ('... University', 3+ words) are safe inside longer text.
        if len(toks) < 2 or (len(toks) < 3 and not any(w in ORG_TYPE_WORDS for w in words)):
            return None
        sig = [(i, w) for i, w in enumerate(query.words) if w not in STOP_WORDS]
        n = len(toks)
        for start in range(len(sig) - n + 1):
            window = [w for _, w in sig[start : start + n]]
            ordered = all(self._same(query, window[k], toks[k], n) for k in range(n))
            # a long name retyped in another word order ('State China Shipbuilding Corporation'): the
            # same words in a run of the same length
            spelt = window if ordered else self._covers(query, window, toks, n) if n >= 3 else None
            if spelt is not None:
                end = sig[start + n - 1][0] + 1
                if end < len(query.words) and query.words[end] in CONNECTORS:
                    continue
                before = sig[start][0] - 1
                if before >= 0 and query.words[before] in QUALIFIERS:
                    continue  # 'National Tsinghua University', 'Turkish Naval Academy': another body
                hit = Hit(name_id, self.name_owner[name_id], CONTAINMENT_SCORE, "contained", query.text)
                for t, written in zip(toks, spelt, strict=True):
                    if written == self.words[t]:
                        hit.matched.append(written)
                    else:
                        hit.fuzzy.append(f"{written}~{self.words[t]}")
                if len(hit.fuzzy) > max(1, n // 4):
                    return None  # one typo per four words at most
                if not ordered:
                    hit.fuzzy.append("words in another order")
                hit.n_query = len(toks)
                return hit
        return None

    def _covers(self, query: _Query, window: list[str], toks: tuple[int, ...], n: int) -> list[str] | None:
        """The window's word that spells each listed word, each used once, in any order (None: not all)."""
        left = Counter(window)
        spelt = []
        for tid in toks:
            # the exact spelling first, so a retyped copy is not taken for the word written right
            word = self.words[tid] if left[self.words[tid]] > 0 else next(
                (w for w in left if left[w] > 0 and self._same(query, w, tid, n)), None)
            if word is None:
                return None
            left[word] -= 1
            spelt.append(word)
        return spelt

    def _same(self, query: _Query, word: str, tid: int, n: int) -> bool:
        """The query word spells the listed word of an `n`-word name, exactly or with one typo in a
        long word."""
        sim, qtok = query.sims.get(tid, (0.0, ""))
        if qtok != word:
            # a word the text writes twice, once retyped ('Medical ..., Institute of Medicaal'): the
            # best spelling stands for the first; this one is measured by itself
            sim = self._word_sim(word, tid)
        return sim >= 1.0 or self._typo_ok(tid, sim, n)

    def _word_sim(self, word: str, tid: int) -> float:
        return next((sim for cid, sim in self._similar(word) if cid == tid), 0.0)

    def _typo_ok(self, tid: int, sim: float, n: int = 4) -> bool:
        # a slip in a 5-letter word ('Chhina') is evidence enough when three more words agree
        return len(self.words[tid]) >= (5 if n >= 4 else 6) and sim >= MIN_FUZZY_SIM and sim != PHONETIC_SIM

    def _contained_cjk(self, query: _Query, name_id: int) -> Hit | None:
        name = cjk_text(self.name_text[name_id])
        if len(name) >= 3 and name in cjk_text(query.text):
            hit = Hit(name_id, self.name_owner[name_id], CONTAINMENT_SCORE, "contained", query.text)
            hit.matched = [self.words[t] for t in self.name_tokens[name_id]]  # every bigram of the name
            hit.n_query = len(hit.matched)
            return hit
        return None

    def search(self, text: str, threshold: float, limit: int = 10, contain: bool = True) -> list[Hit]:
        """Names scoring at least `threshold` (0-100) against `text`, best first.

        `contain=False` skips the containment path (for a whole string that has segments).
        """
        query = self._prepare(text)
        if not query.tokens:
            return []
        tau = min(threshold / 100.0, 0.999)
        hits: dict[int, Hit] = {}
        self._search_dice(query, tau, hits)
        if self.kind != "person":
            self._search_aligned(query, tau, hits)
        if query.rejoined is None:
            query.rejoined = self._rejoined(query.tokens)
        for tokens in query.rejoined:
            found: dict[int, Hit] = {}
            reread = self._prepare(text, tokens)
            self._search_dice(reread, tau, found)
            if self.kind != "person":  # 'ACMresearch (Shanghai)': a listed name found whole once split
                reread.words = tokens  # without stop words: kept only when the name needs the re-read word
                whole: dict[int, Hit] = {}
                self._search_contained(reread, threshold, whole, only=None if contain else self.comma_names)
                original = set(query.tokens)
                found.update({i: h for i, h in whole.items()
                              if any(self.words[t] not in original for t in self.name_tokens[i])})
            # a person's other spacing counts only when the words it makes are the listed ones, spelt
            # exactly ('Kosmas' read as 'Kos Mas' must find a 'Kos' and a 'Mas')
            made = [t for t in tokens if t not in query.tokens and not is_particle(t)] if self.kind == "person" else []
            for name_id, hit in found.items():
                if made and not all(t in hit.matched for t in made):
                    continue
                if name_id not in hits or hit.score > hits[name_id].score:
                    hit.fuzzy.append("joined/split words")
                    hits[name_id] = hit
        if self.kind != "person":
            if query.shorthands is None:
                query.shorthands = self._shorthand_readings(text, query.tokens)
            for written, tokens in query.shorthands:
                # the slip reading counts only where it spells a listed word ('mil~mill'), competing with
                # the abbreviation or legal form the tokeniser read
                found = {}
                self._search_dice(self._prepare(text, tokens), tau, found)
                for name_id, hit in found.items():
                    if any(f.startswith(written + "~") for f in hit.fuzzy) and (
                            name_id not in hits or hit.score > hits[name_id].score):
                        hits[name_id] = hit
        if self.kind == "person":
            self._search_respaced(query, hits)
        if self.kind != "person" and contain:
            self._search_contained(query, threshold, hits)
            self._search_acronym(text, hits)
        elif self.kind != "person":
            # a listed name that itself spans a comma ('Chinese Academy of Sciences, Institute of
            # Physics') can only be found in the whole string, not in one of its segments
            self._search_contained(query, threshold, hits, only=self.comma_names)
        out = [h for h in hits.values() if h.score >= threshold]
        out.sort(key=lambda h: -h.score)
        return out[:limit]

    def _search_dice(self, query: _Query, tau: float, hits: dict[int, Hit]) -> None:
        if not self.bounded:  # the reference path: every posted name scored
            reachable = self._posted(query, self._prefix_ids(query, tau), tau)
        else:
            reachable = query.reachable.get(tau)
            if reachable is None:
                reachable = query.reachable[tau] = self._reachable(query, tau)
        score = self._person if self.kind == "person" else self._dice
        for name_id in reachable:
            hit = score(query, name_id)
            if name_id not in hits or hit.score > hits[name_id].score:
                hits[name_id] = hit

    def _posted(self, query: _Query, prefix: list[int], tau: float) -> list[int]:
        """Names posted under the prefix, once each in the order met (organisations: within the
        name weights whose Dice can reach tau)."""
        low = query.total * tau / (2.0 - tau)
        high = self._most_earned(query) * (2.0 - tau) / tau
        seen: set[int] = set()
        out = []
        weights = self.name_weight
        person = self.kind == "person"
        for tid in prefix:
            for name_id in self.postings[tid]:
                if name_id not in seen and (person or low <= weights[name_id] <= high):
                    seen.add(name_id)
                    out.append(name_id)
        return out

    def _most_earned(self, query: _Query) -> float:
        """The most the query's words can earn in _dice: each word the weight of the heaviest listed word it
        spells, which may outweigh the word itself (a listed word exactly written weighs like a commoner
        word one slip from it, 'INTERPAL' like 'INTERPOL', yet earns its own listed weight)."""
        heaviest: dict[str, float] = {}
        for tid, (_, tok) in query.sims.items():
            heaviest[tok] = max(heaviest.get(tok, 0.0), self.weights[tid])
        return sum(max(w, heaviest.get(t, 0.0)) for t, w in zip(query.tokens, query.weights, strict=True))

    def _reachable(self, query: _Query, tau: float) -> list[int]:
        """The posted names whose score bound reaches tau, in the order met (cached per query: the
        index does not change once frozen)."""
        prefix = self._prefix_ids(query, tau)
        credit = self._credit(query)
        if self.kind == "person":
            if self.arrays is None:
                return self._posted(query, prefix, tau)
            bounds = PersonQuery(credit, len(query.tokens), sum(1 for t in query.tokens if not is_particle(t)),
                                 sum(1 for t in query.tokens if len(t) == 1), query.total, 100.0 * tau)
            bounded = person_candidates(self.arrays, prefix, bounds)
            if bounded is not None:
                return bounded
            # few candidates: the same bound, name by name
            earn = {t: c * self.weights[t] for t, c in credit.items()}
            particle, heaviest = self.arrays.particle_of, self.arrays.heaviest
            return [n for n in self._posted(query, prefix, tau)
                    if person_may_reach(self.name_tokens[n], earn, particle, self.name_weight[n], heaviest[n], bounds)]
        # an organisation's Dice can reach the floor only if its words the query spells weigh enough
        earn = {t: c * self.weights[t] for t, c in credit.items()}
        floor = 100.0 * tau - EPSILON
        tokens, weights = self.name_tokens, self.name_weight
        return [name_id for name_id in self._posted(query, prefix, tau)
                if 200.0 * sum([earn.get(t, 0.0) for t in tokens[name_id]]) >= floor * (query.total + weights[name_id])]

    def _credit(self, query: _Query) -> dict[int, float]:
        """The most one listed occurrence of each vocabulary word the query spells can earn in _dice
        (a share of its weight): 1 exact, 0.5 + 0.5 x similarity for a typo in a long word, the
        similarity otherwise; for people, a word the query has used up may still meet an initial."""
        initials = {t for t in query.tokens if len(t) == 1} if self.kind == "person" else set()
        credit = {}
        for tid, (sim, _) in query.sims.items():
            word = self.words[tid]
            best = 1.0 if sim >= 1.0 else (0.5 + 0.5 * sim if len(word) >= self._typo_len else sim)
            credit[tid] = max(best, INITIAL_CREDIT) if word[0] in initials else best
        return credit

    def _search_respaced(self, query: _Query, hits: dict[int, Hit]) -> None:
        """Persons whose name is the query's letters spaced otherwise ('CHANG MYONGC-HIN', 'Genn Adiy', 'HAN
        YYU-RO'): the names sharing one of the query's two rarest exact words, compared as one string of letters in
        the listed order or with the surname moved last, one typo allowed in 7 letters or more."""
        if query.respaced is None:  # the comparison is the costly part and depends on the query only
            query.respaced = self._respaced_names(query)
        for name_id, edits in query.respaced:
            if name_id in hits and hits[name_id].score >= RESPACED_SCORE:
                continue
            listed = [self.words[t] for t in self.name_tokens[name_id]]
            hit = Hit(name_id, self.name_owner[name_id], RESPACED_SCORE - 5.0 * edits, "tokens", query.text)
            present = set(query.tokens)
            for word in listed:
                if is_particle(word):
                    continue
                if word in present:
                    hit.matched.append(word)
                else:
                    hit.fuzzy.append(f"(spacing)~{word}")
            hit.fuzzy.append("respaced words")
            hit.n_query = len(hit.matched) + len(hit.fuzzy) - 1  # the same letters: as many words as listed
            hit.weight = self.name_weight[name_id] * (1.0 - 0.1 * edits)
            hit.evidence = min(4.0, hit.weight / self.max_weight)
            hit.rarity = max((self.weights[self.vocab[w]] for w in hit.matched), default=0.0) / self.max_weight
            hits[name_id] = hit

    def _respaced_names(self, query: _Query) -> list[tuple[int, int]]:
        """(name, edits) of the names _search_respaced finds for the query, in name order."""
        exact = [(self.weights[tid], tid) for tid, (sim, tok) in query.sims.items()
                 if sim >= 1.0 and len(tok) > 1 and not is_particle(tok) and self.df[tid] <= SCAN_MAX_DF]
        if len(query.tokens) < 2 or not exact:
            return []
        words = [t for t in query.tokens if len(t) > 1]
        forms = {"".join(words), "".join(t for t in words if not is_particle(t))}
        # the two rarest: a piece of a re-spaced word may itself be a listed word ('hin' in 'MYONGC-HIN')
        found = {n for _, tid in sorted(exact, reverse=True)[:2] for n in self.postings[tid]}
        out = []
        typos = not is_cjk(query.text)
        for name_id in sorted(found):
            listed = [self.words[t] for t in self.name_tokens[name_id]]
            if len(listed) < 2 or sorted(listed) == sorted(words):  # spaced alike: the token score has said it
                continue
            edits = self._respaced_edits(forms, listed, typos=typos)
            if edits is not None:
                out.append((name_id, edits))
        return out

    @staticmethod
    def _respaced_edits(forms: set[str], listed: list[str], typos: bool = True) -> int | None:
        """Edits between the query's letters and the listed name's, in its order or any rotation of it
        (the surname moved to the end), with and without particles; None above the allowance."""
        best = None
        for words in (listed, [w for w in listed if not is_particle(w)]):
            n = sum(map(len, words))
            if all(abs(len(form) - n) > 1 for form in forms):
                continue  # every rotation has as many letters, and one edit at most is allowed
            for r in range(len(words)):
                letters = "".join(words[r:] + words[:r])
                for form in forms:
                    allowed = 1 if typos and min(len(form), len(letters)) >= 7 else 0
                    if abs(len(form) - len(letters)) > allowed:
                        continue
                    d = OSA.distance(form, letters, score_cutoff=allowed)
                    if d <= allowed and (best is None or d < best):
                        best = d
        return best

    def _search_contained(self, query: _Query, threshold: float, hits: dict[int, Hit],
                          only: set[int] | None = None) -> None:
        if CONTAINMENT_SCORE < threshold or (only is not None and not only):
            return
        # every word of the listed name in the text, spelt exactly or (long words) with one typo
        if query.exact is None:
            query.exact = {tid for tid, (sim, _) in query.sims.items() if sim >= 1.0 or self._typo_ok(tid, sim)}
        exact = query.exact
        tokens = self.name_tokens
        for tid in exact:
            for name_id in self.signature.get(tid, ()):
                if name_id in hits and hits[name_id].score >= CONTAINMENT_SCORE:
                    continue
                if only is not None and name_id not in only:
                    continue
                if not exact.issuperset(tokens[name_id]):
                    continue  # containment needs every word of the listed name
                hit = self._contained(query, name_id)
                if hit is not None:
                    hits[name_id] = hit

    def _search_acronym(self, text: str, hits: dict[int, Hit]) -> None:
        token = text.strip()
        if not (4 <= len(token) <= 8 and token.isupper() and token.isalpha()):
            return
        spelt = self.derived.get(token.casefold(), ())
        for name_id in spelt:
            if name_id not in hits or hits[name_id].score < DERIVED_ACRONYM_SCORE:
                hit = Hit(name_id, self.name_owner[name_id], DERIVED_ACRONYM_SCORE, "acronym", text)
                hit.matched = [token]
                # evidence as for a word: an acronym few listed names spell is rare, one many spell is not
                hit.rarity = math.log(1.0 + len(self.name_tokens) / len(spelt)) / self.max_weight
                hit.n_query = 1
                hits[name_id] = hit
