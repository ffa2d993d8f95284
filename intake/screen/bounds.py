"""Upper bounds on person scores, for all candidates of a query at once (numpy).

A common given name ('Mohammed', 'Ali') posts to thousands of listed people, and scoring each in
Python was most of a person query's time. index._person scores a name

    100 x min(1, got / min(name total, query total + weight of words met by an initial))
    - 5 x (missing name words that are no particle + max(0, n_query - matched parts)),

zero when fewer than two parts agree or a one-word name meets a longer query. Each term is bounded
at its most favourable: every listed occurrence of a word the query spells (exactly, with a typo, by
its transliteration key, or by another query word once the best one is used) earns its credit, each
query initial meets an uncredited word at the name's heaviest weight; matched parts are at most the
credited occurrences plus the initials (of the name's words that are no particle: the same);
n_query is at least the query's words that are no particle (a particle counts only when it agrees);
the denominator is at least min(name total, query total). Particles weigh nothing on either side.
Only names whose bound reaches the floor are scored exactly, in the order the scan met them, so the
results are those of the full scan (tests/screen/test_matcher_speedups.py).
"""

from __future__ import annotations

from array import array
from collections import Counter

import numpy as np

# Fewer candidate postings than this are scored directly: numpy's per-call cost would exceed the saving.
MIN_POSTINGS = 48
# Rounding margin on the 0-100 scale: the bound sums the same weights in another order.
EPSILON = 1e-6
# The person score (index._person): 100 x coverage of the shorter name, minus this per unmatched part.
UNMATCHED_PENALTY = 5.0
INITIAL_CREDIT = 0.8  # what a listed word met only by a query initial earns (index._dice)


class PersonArrays:
    """A frozen person index as arrays: postings, how often each posted word occurs in its name,
    token weights and per-name totals."""

    __slots__ = ("postings", "times", "weights", "name_weight", "n_tokens", "n_words", "heaviest", "n_names",
                 "particle", "particle_of")

    def __init__(self, postings: list[array], weights: list[float], name_tokens: list[tuple[int, ...]],
                 name_weight: array, particle: list[bool]) -> None:
        self.postings = [np.frombuffer(p, dtype=np.int32) if len(p) else np.zeros(0, np.int32) for p in postings]
        # postings list each name once per distinct word, in name order; a name may repeat a word ('AL ... AL')
        times: list[list[int]] = [[] for _ in postings]
        for toks in name_tokens:
            for tid, n in Counter(toks).items():
                times[tid].append(n)
        self.times = [np.asarray(t, dtype=np.float64) for t in times]
        self.weights = np.asarray(weights, dtype=np.float64)
        self.particle = np.asarray(particle, dtype=bool)
        self.particle_of = particle  # the same, for the name-by-name path
        self.name_weight = np.frombuffer(name_weight, dtype=np.float64) if len(name_weight) else np.zeros(0)
        self.n_tokens = np.fromiter((len(t) for t in name_tokens), dtype=np.int64, count=len(name_tokens))
        # name words that are no particle: only they count as missing
        self.n_words = np.fromiter((sum(1 for t in toks if not particle[t]) for toks in name_tokens),
                                   dtype=np.int64, count=len(name_tokens))
        self.heaviest = np.fromiter((max((weights[t] for t in toks), default=0.0) for toks in name_tokens),
                                    dtype=np.float64, count=len(name_tokens))
        self.n_names = len(name_tokens)


class PersonQuery:
    """What the bound needs of a prepared person query (index._person's terms, at their most favourable)."""

    __slots__ = ("credit", "n_tokens", "n_words", "n_initials", "total", "floor")

    def __init__(self, credit: dict[int, float], n_tokens: int, n_words: int, n_initials: int, total: float,
                 floor: float) -> None:
        self.credit = credit  # vocabulary id -> the most a listed occurrence of it can earn (a share of its weight)
        self.n_tokens = n_tokens  # every query token (the 'two parts agree' rule counts particles)
        self.n_words = n_words  # query tokens that are no particle: n_query is at least this
        self.n_initials = n_initials  # one-letter words, each of which may stand for one listed word
        self.total = total  # the query's weight (particles and initials weigh nothing)
        self.floor = floor


def person_candidates(arrays: PersonArrays, prefix_ids: list[int], q: PersonQuery) -> list[int] | None:
    """Names posted under `prefix_ids` whose score may reach the floor, in first-posting order.

    Returns None when the bound is not worth computing (few postings) or cannot be trusted (a query
    that weighs nothing, a floor a zero score reaches).
    """
    lists = [arrays.postings[t] for t in prefix_ids]
    if sum(len(p) for p in lists) < MIN_POSTINGS or q.total <= 0.0 or q.floor <= 0.0:
        return None
    seen, first = np.unique(np.concatenate(lists), return_index=True)
    ids = list(q.credit)
    counts = [len(arrays.postings[t]) for t in ids]
    posted = np.concatenate([arrays.postings[t] for t in ids])
    times = np.concatenate([arrays.times[t] for t in ids])
    per_word = np.repeat(arrays.weights[ids] * np.fromiter(q.credit.values(), np.float64, len(ids)), counts)
    is_word = np.repeat(~arrays.particle[ids], counts)
    got = np.bincount(posted, weights=times * per_word, minlength=arrays.n_names)[seen]
    spelt = np.bincount(posted, weights=times, minlength=arrays.n_names)[seen]
    spelt_words = np.bincount(posted, weights=times * is_word, minlength=arrays.n_names)[seen]
    n_tokens, n_words = arrays.n_tokens[seen], arrays.n_words[seen]
    by_initial = np.minimum(q.n_initials, n_tokens - spelt)  # initials take words the query does not spell
    got = got + by_initial * INITIAL_CREDIT * arrays.heaviest[seen]
    matched = spelt + by_initial
    words_matched = spelt_words + np.minimum(q.n_initials, n_words - spelt_words)
    shorter = np.minimum(arrays.name_weight[seen], q.total)
    # a name that weighs nothing (particles only) earns nothing: index._person divides by 1 then
    ratio = np.divide(got, shorter, out=np.zeros_like(got), where=shorter > 0.0)
    unmatched = (n_words - words_matched) + np.maximum(0, q.n_words - matched)
    bound = 100.0 * np.minimum(1.0, ratio) - UNMATCHED_PENALTY * unmatched
    # the score is zero when fewer than two parts agree (a name lists at least its words that are no
    # particle), or a one-word name meets a longer query
    zero = (matched < np.minimum(np.minimum(2, n_words), q.n_tokens)) | ((n_tokens == 1) & (q.n_tokens > 1))
    keep = (bound >= q.floor - EPSILON) & ~zero
    kept, order = seen[keep], first[keep]
    return kept[np.argsort(order, kind="stable")].tolist()


def person_may_reach(toks: tuple[int, ...], earn: dict[int, float], particle: list[bool], weight: float,
                     heaviest: float, q: PersonQuery) -> bool:
    """The bound of person_candidates for one name (a query with few candidates).

    Args:
        earn: credit x weight of each vocabulary id the query spells.
        particle: whether each vocabulary id is a particle.
        weight, heaviest: the name's total word weight and its heaviest word's.
    """
    if q.total <= 0.0 or q.floor <= 0.0:
        return True
    spelt = sum(1 for t in toks if t in earn)
    spelt_words = sum(1 for t in toks if t in earn and not particle[t])
    n_words = sum(1 for t in toks if not particle[t])
    by_initial = min(q.n_initials, len(toks) - spelt)
    matched = spelt + by_initial
    if matched < min(2, n_words, q.n_tokens) or (len(toks) == 1 and q.n_tokens > 1):
        return False
    got = sum(earn[t] for t in toks if t in earn) + by_initial * INITIAL_CREDIT * heaviest
    words_matched = spelt_words + min(q.n_initials, n_words - spelt_words)
    shorter = min(weight, q.total)
    ratio = got / shorter if shorter > 0.0 else 0.0
    unmatched = (n_words - words_matched) + max(0, q.n_words - matched)
    return 100.0 * min(1.0, ratio) - UNMATCHED_PENALTY * unmatched >= q.floor - EPSILON
