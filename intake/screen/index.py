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
    person_candidates,
    person_may_reach,
)
from intake.screen.normalise import (
    CONNECTORS,
    ORG_TYPE_WORDS,
    QUALIFIERS,
    STOP_WORDS,
    acronym_of,
    cjk_text,
    org_tokens,
    org_words,
    person_tokens,
    segments,
    token_factor,
)

MIN_FUZZY_LEN = 4  # shorter tokens must match exactly: "hit" is not a typo of "hat"; 'Hill'/'Hilal' may be
MIN_FUZZY_LEN_PERSON = 4  # names: 'Ayub'/'Ayyub', 'Taha'/'Taah' are one person's spellings
MIN_FUZZY_SIM = 0.75  # one edit in a 4-letter word ('York'/'Yrok'); the model weighs short-word typos
MIN_FUZZY_SIM_PERSON = 0.75
SIMILAR_CACHE = 200_000  # query tokens whose similar vocabulary words are kept
PHONETIC_SIM = 0.79  # same transliteration key, more than one edit apart (Mohammed/Muhammad)
CONTAINMENT_SCORE = 90.0  # a listed name found whole inside a longer string
DERIVED_ACRONYM_SCORE = 90.0  # BUAA for Beijing University of Aeronautics and Astronautics


class Hit:
    """One scored candidate name (internal, slotted: converted to a Match at the boundary)."""

    __slots__ = ("name_id", "owner", "score", "method", "matched", "fuzzy", "missing", "query", "weight", "conflicts",
                 "n_query", "raw", "proba", "rarity")

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


_VOWELS = str.maketrans("", "", "aeiouy")
_STOP_ANAGRAMS = [sorted(w) for w in STOP_WORDS if len(w) >= 3]


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


def deletes(token: str) -> list[str]:
    """The token with each one character removed (SymSpell-style typo keys)."""
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


class _Query:
    """A query segment: its tokens, their weights and the vocabulary tokens similar to them."""

    __slots__ = ("text", "tokens", "counts", "words", "weights", "total", "sims", "reachable", "rejoined", "exact")

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
        for tid in set(ids):
            self.df[tid] += 1
            self.postings[tid].append(name_id)
        self.name_tokens.append(tuple(ids))
        self.name_owner.append(owner)
        self.name_text.append(shown or text)

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
            math.log(1.0 + n / df) * (1.0 if person else token_factor(w))
            for w, df in zip(self.words, self.df, strict=True)
        ]
        self.max_weight = math.log(1.0 + n)
        for tid, word in enumerate(self.words):
            if len(word) >= self._min_fuzzy_len and word.isascii():
                for key in deletes(word):
                    self.typo_keys.setdefault(key, []).append(tid)
            if self._phonetic_ok(word):
                self.skeletons.setdefault(skeleton(word), []).append(tid)
        self.name_weight = array("d", (sum(self.weights[t] for t in toks) for toks in self.name_tokens))
        for name_id, toks in enumerate(self.name_tokens):
            rarest = min(toks, key=self.df.__getitem__)
            self.signature.setdefault(rarest, []).append(name_id)
            if not person:
                acr = acronym_of([self.words[t] for t in toks])
                if acr and len(acr) >= 4:
                    self.derived.setdefault(acr, []).append(name_id)
        if person:
            self.arrays = PersonArrays(self.postings, self.weights, self.name_tokens, self.name_weight)

    def clear_caches(self) -> None:
        """Forget what queries taught the index (results stay the same; only speed changes)."""
        self._similar_cache.clear()
        self._query_cache.clear()

    def _phonetic_ok(self, word: str) -> bool:
        """Transliteration keys for name words of 4+ letters (persons) and 6+ letters (organisations)."""
        return word.isascii() and word.isalpha() and len(word) >= (4 if self.kind == "person" else 6)

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
                    sim = OSA.normalized_similarity(token, self.words[cid])
                    if sim >= (MIN_FUZZY_SIM_PERSON if self.kind == "person" else MIN_FUZZY_SIM):
                        out[cid] = sim
        if self._phonetic_ok(token):
            key = skeleton(token)
            if len(key) >= 3:  # two consonants say too little: Berry/Barre, Patty/Pate
                for cid in self.skeletons.get(key, ()):
                    if cid not in out and abs(len(self.words[cid]) - len(token)) <= 3:
                        out[cid] = PHONETIC_SIM
        return list(out.items())

    def _rejoined(self, tokens: list[str]) -> list[list[str]]:
        """Other readings of the query's tokens that the vocabulary knows: two words written as one
        ('Dafeng' for 'Da Feng', 'alaqsa') or one as two ('Cai Da Feng' for 'CAI, Dafeng')."""
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
                    if (head in vocab or rest in vocab) and all(p in vocab or self._dropped(p) for p in (head, rest)):
                        split = [*tokens[:i], head, rest, *tokens[i + 1 :]]
                        out.append(split if self.kind == "person" else self._tokens(" ".join(split)))
                        break
        return [t for t in out if t][:3]

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
            tokens = [t for t in tokens if t in self.vocab or sorted(t) not in _STOP_ANAGRAMS]
        words = org_words(text) if self.kind != "person" else tokens
        query = _Query(text, tokens, words)
        for tok in tokens:
            similar = self._similar(tok)
            best_w, best_sim = 0.0, 0.0
            for tid, sim in similar:
                if sim > query.sims.get(tid, (0.0, ""))[0]:
                    query.sims[tid] = (sim, tok)
                if sim > best_sim or (sim == best_sim and self.weights[tid] < best_w):
                    best_w, best_sim = self.weights[tid], sim
            # a rare spelling of a common word ('universty') weighs like the common word
            best_w = min([best_w, *(self.weights[t] for t, sim in similar if sim >= 0.85)])
            if not similar:
                best_w = self.max_weight * (token_factor(tok) if self.kind != "person" else 1.0)
                if self.kind == "person" and len(tok) == 1:
                    best_w = 0.0  # an initial: weighed when it meets a name
            query.weights.append(best_w)
        query.total = sum(query.weights)
        return query

    def _prefix_ids(self, query: _Query, tau: float) -> list[int]:
        """Vocabulary ids of the rarest query tokens: every passing name shares one of them."""
        order = sorted(range(len(query.tokens)), key=lambda i: -query.weights[i])
        if self.kind == "person":  # a passing person shares two parts: one is not the commonest
            chosen = {query.tokens[i] for i in order[: max(1, len(order) - 1)]}
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
        toks = self.name_tokens[name_id]
        n_matched = len(toks) - len(hit.missing)
        if n_matched < min(2, len(toks), len(query.tokens)) or (len(toks) == 1 and len(query.tokens) > 1):
            hit.score = 0.0  # a one-word alias ('MIKE', 'GREEN') does not name 'Mike Johnson' or 'Al Green'
            return hit
        got = hit.weight
        cand_total = self.name_weight[name_id]
        query_total = query.total + sum(
            self.weights[t] for t in toks if any(f.startswith(self.words[t][0] + ".~") for f in hit.fuzzy)
        )
        shorter = min(cand_total, query_total) or 1.0
        unmatched = len(hit.missing) + max(0, len(query.tokens) - n_matched)
        hit.score = max(0.0, 100.0 * min(1.0, got / shorter) - UNMATCHED_PENALTY * unmatched)
        return hit

    def _dice(self, query: _Query, name_id: int) -> Hit:
        """Weighted token Dice of query and name, with fuzzy token credit and initials."""
        hit = Hit(name_id, self.name_owner[name_id], 0.0, "tokens", query.text)
        matched = 0.0
        extra_q = 0.0
        initials = [t for t in query.tokens if len(t) == 1] if self.kind == "person" else []
        used: dict[str, int] = {}  # a query word stands for one listed word, not two
        for tid in self.name_tokens[name_id]:
            word = self.words[tid]
            sim, qtok = query.sims.get(tid, (0.0, ""))
            if sim > 0:
                times = used.get(qtok, 0)
                if times >= query.counts[qtok]:
                    sim = 0.0  # 'Anthony Gonzalez' is not 'Anthony Anthony'
                else:
                    used[qtok] = times + 1
            if sim >= 1.0:
                hit.matched.append(word)
                hit.rarity = max(hit.rarity, self.weights[tid] / self.max_weight)
            elif sim > 0:
                hit.fuzzy.append(f"{qtok}~{word}")
                if len(word) >= self._typo_len and OSA.distance(qtok, word) <= 1:
                    sim = 0.5 + 0.5 * sim  # one typo is nearly a match; short_fuzzy tells the model the word was short
                    if self.kind != "person":  # a retyped rare word ('Hnan', 'IHHAG') is evidence too,
                        # discounted by the typo (people: a retyped surname is most often another person)
                        hit.rarity = max(hit.rarity, sim * self.weights[tid] / self.max_weight)
            elif word[0] in initials:
                initials.remove(word[0])
                sim, extra_q = INITIAL_CREDIT, extra_q + self.weights[tid]
                hit.fuzzy.append(f"{word[0]}.~{word}")
            else:
                hit.missing.append(word)
            matched += sim * self.weights[tid]
        hit.weight = matched
        hit.n_query = len(query.tokens)
        one_typo_long = len(hit.fuzzy) == 1 and len(self.words[self.name_tokens[name_id][0]]) >= 5  # SAKATRANS, BAMEEX
        if len(self.name_tokens[name_id]) == 1 and self.kind != "person" and (
            (hit.fuzzy and not one_typo_long) or hit.missing or len(set(query.tokens)) > 1
        ):
            hit.score = 0.0  # a one-word listed name ('SATNA') must be the whole segment, spelt exactly
            return hit
        denom = query.total + extra_q + self.name_weight[name_id]
        hit.score = min(100.0, 100.0 * 2.0 * matched / denom) if denom else 0.0
        return hit

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
            if all(self._same(query, sig[start + k][1], toks[k]) for k in range(n)):
                end = sig[start + n - 1][0] + 1
                if end < len(query.words) and query.words[end] in CONNECTORS:
                    continue
                before = sig[start][0] - 1
                if before >= 0 and query.words[before] in QUALIFIERS:
                    continue  # 'National Tsinghua University', 'Turkish Naval Academy': another body
                hit = Hit(name_id, self.name_owner[name_id], CONTAINMENT_SCORE, "contained", query.text)
                for t in toks:
                    sim, qtok = query.sims[t]
                    if sim >= 1.0:
                        hit.matched.append(self.words[t])
                    else:
                        hit.fuzzy.append(f"{qtok}~{self.words[t]}")
                if len(hit.fuzzy) > max(1, n // 4):
                    return None  # one typo per four words at most
                hit.n_query = len(toks)
                return hit
        return None

    def _same(self, query: _Query, word: str, tid: int) -> bool:
        """The query word spells the listed word, exactly or with one typo in a long word."""
        sim, qtok = query.sims.get(tid, (0.0, ""))
        return qtok == word and (sim >= 1.0 or self._typo_ok(tid, sim))

    def _typo_ok(self, tid: int, sim: float) -> bool:
        return len(self.words[tid]) >= 6 and sim >= MIN_FUZZY_SIM and sim != PHONETIC_SIM

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
        if query.rejoined is None:
            query.rejoined = self._rejoined(query.tokens)
        for tokens in query.rejoined:
            found: dict[int, Hit] = {}
            self._search_dice(self._prepare(text, tokens), tau, found)
            for name_id, hit in found.items():
                if name_id not in hits or hit.score > hits[name_id].score:
                    hit.fuzzy.append("joined/split words")
                    hits[name_id] = hit
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
        high = query.total * (2.0 - tau) / tau
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

    def _reachable(self, query: _Query, tau: float) -> list[int]:
        """The posted names whose score bound reaches tau, in the order met (cached per query: the
        index does not change once frozen)."""
        prefix = self._prefix_ids(query, tau)
        credit = self._credit(query)
        if self.kind == "person":
            bounded = None if self.arrays is None else self._bounded_persons(query, prefix, tau, credit)
            if bounded is not None or query.total <= 0.0:
                return bounded if bounded is not None else self._posted(query, prefix, tau)
            # few candidates: the same bound, name by name
            earn = {t: c * self.weights[t] for t, c in credit.items()}
            n_initials = sum(1 for t in query.tokens if len(t) == 1)
            heaviest = self.arrays.heaviest if self.arrays is not None else None
            return [n for n in self._posted(query, prefix, tau)
                    if heaviest is None or person_may_reach(self.name_tokens[n], earn, self.name_weight[n], heaviest[n],
                                                            len(query.tokens), n_initials, query.total, 100.0 * tau)]
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

    def _bounded_persons(self, query: _Query, prefix: list[int], tau: float, credit: dict[int, float]) -> list[int] | None:
        """The prefix's people whose score bound reaches the floor (None: too few to bound)."""
        assert self.arrays is not None
        n_initials = sum(1 for t in query.tokens if len(t) == 1)
        return person_candidates(self.arrays, prefix, credit, len(query.tokens), n_initials, query.total, 100.0 * tau)

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
