"""Upper bounds on person scores, for all candidates of a query at once (numpy).

A common given name ('Mohammed', 'Ali') posts to thousands of listed people, and scoring each in
Python was most of a person query's time. Every name's score is bounded from above by what its
words could earn at best: each listed word the query spells (exactly or fuzzily) at full weight,
each query initial standing for the name's heaviest word. Only names whose bound reaches the floor
are scored exactly, in the order the scan met them, so the results are those of the full scan.
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

    __slots__ = ("postings", "times", "weights", "name_weight", "n_tokens", "heaviest", "n_names")

    def __init__(self, postings: list[array], weights: list[float], name_tokens: list[tuple[int, ...]],
                 name_weight: array) -> None:
        self.postings = [np.frombuffer(p, dtype=np.int32) if len(p) else np.zeros(0, np.int32) for p in postings]
        # postings list each name once per distinct word, in name order; a name may repeat a word ('AL ... AL')
        times: list[list[int]] = [[] for _ in postings]
        for toks in name_tokens:
            for tid, n in Counter(toks).items():
                times[tid].append(n)
        self.times = [np.asarray(t, dtype=np.float64) for t in times]
        self.weights = np.asarray(weights, dtype=np.float64)
        self.name_weight = np.frombuffer(name_weight, dtype=np.float64) if len(name_weight) else np.zeros(0)
        self.n_tokens = np.fromiter((len(t) for t in name_tokens), dtype=np.int64, count=len(name_tokens))
        self.heaviest = np.fromiter((max((weights[t] for t in toks), default=0.0) for toks in name_tokens),
                                    dtype=np.float64, count=len(name_tokens))
        self.n_names = len(name_tokens)


def person_candidates(arrays: PersonArrays, prefix_ids: list[int], credit: dict[int, float], n_query: int,
                      n_initials: int, query_total: float, floor: float) -> list[int] | None:
    """Names posted under `prefix_ids` whose score may reach `floor`, in first-posting order.

    Args:
        credit: every vocabulary id the query spells (exactly, with a typo or a transliteration),
            with the most a listed occurrence of it can earn (1.0 exact, less for a typo).
        n_initials: one-letter query words, each of which may stand for one word of a name.

    Returns None when the bound is not worth computing (few postings, or a query of initials only).
    """
    lists = [arrays.postings[t] for t in prefix_ids]
    if sum(len(p) for p in lists) < MIN_POSTINGS or query_total <= 0.0:
        return None
    seen, first = np.unique(np.concatenate(lists), return_index=True)
    ids = list(credit)
    posted = np.concatenate([arrays.postings[t] for t in ids])
    times = np.concatenate([arrays.times[t] for t in ids])
    per_word = np.repeat(arrays.weights[ids] * np.fromiter(credit.values(), np.float64, len(ids)),
                         [len(arrays.postings[t]) for t in ids])
    got = np.bincount(posted, weights=times * per_word, minlength=arrays.n_names)[seen]
    spelt = np.bincount(posted, weights=times, minlength=arrays.n_names)[seen]
    n_tokens = arrays.n_tokens[seen]
    by_initial = np.minimum(n_initials, n_tokens - spelt)  # initials take words the query does not spell
    got = got + by_initial * INITIAL_CREDIT * arrays.heaviest[seen]
    matched = spelt + by_initial
    shorter = np.minimum(arrays.name_weight[seen], query_total)
    unmatched = (n_tokens - matched) + np.maximum(0, n_query - matched)
    bound = 100.0 * np.minimum(1.0, got / shorter) - UNMATCHED_PENALTY * unmatched
    # the score is zero when fewer than two parts agree, or a one-word name meets a longer query
    zero = (matched < np.minimum(np.minimum(2, n_tokens), n_query)) | ((n_tokens == 1) & (n_query > 1))
    keep = (bound >= floor - EPSILON) & ~zero
    kept, order = seen[keep], first[keep]
    return kept[np.argsort(order, kind="stable")].tolist()


def person_may_reach(toks: tuple[int, ...], earn: dict[int, float], weight: float, heaviest: float, n_query: int,
                     n_initials: int, query_total: float, floor: float) -> bool:
    """The bound of person_candidates for one name (a query with few candidates).

    Args:
        earn: credit x weight of each vocabulary id the query spells.
        weight, heaviest: the name's total word weight and its heaviest word's.
    """
    spelt = sum(1 for t in toks if t in earn)
    got = sum(earn[t] for t in toks if t in earn)
    by_initial = min(n_initials, len(toks) - spelt)
    matched = spelt + by_initial
    if matched < min(2, len(toks), n_query) or (len(toks) == 1 and n_query > 1):
        return False
    got += by_initial * INITIAL_CREDIT * heaviest
    unmatched = (len(toks) - matched) + max(0, n_query - matched)
    return 100.0 * min(1.0, got / min(weight, query_total)) - UNMATCHED_PENALTY * unmatched >= floor - EPSILON
