"""Calibrated match probability: a logistic combination of the features of one candidate hit.

The coefficients live in match_model.json beside this file, fitted offline by bench/fit_matcher.py
on public labelled data (list alias files, nomenklatura's name pairs, yente's UN people against
synthetic people, benign organisation names) and never on the held-out dev sets the bench reports.
The file also holds the default threshold per kind, chosen on the fitting data.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from intake.screen.slips import odd_substitution

if TYPE_CHECKING:
    from intake.screen.index import Hit

MODEL_FILE = Path(__file__).with_name("match_model.json")

FEATURES = (
    "token_score",  # the weighted token Dice / person coverage, 0-1
    "contained",  # the listed name stands whole in a longer text
    "acronym",  # an acronym spelt by the listed name's initials
    "conflicts",  # signs of another body: kind of body, country, qualifier
    "fuzzy",  # tokens matched with a typo or a transliteration
    "short_fuzzy",  # of those, words of 4-5 letters (weaker evidence)
    "missing",  # listed words the text lacks
    "extra",  # text words the listed name lacks
    "initials",  # given names matched by an initial only
    "single_token",  # a one-word listed name
    "n_matched",  # exactly matched words (more agreeing words, more evidence)
    "coverage",  # agreeing words over the words of the longer of the two names
    "one_part",  # either name has a single word ('Kovalenko'): little evidence
    "rarity",  # how rare the rarest exactly matched word is in the lists ('Tsybulskiy', not 'Zhang')
    "initials_x_rarity",  # initials weigh by the rarity of the name they come with
    "evidence",  # persons: the rarity of every agreeing word summed ('Patrick Ryan' says less than 'Ali Koraki')
    "lead_missing",  # persons: the listed first given name or (first) surname is missing ('Thomas Dixon')
    "typo_share",  # retyped words over the agreeing words: one slip in two words is not one in six
    "odd_typo",  # typos that are no keystroke slip: a letter for one far from it ('Hefei' for 'Hebei')
)


def features(hit: Hit, n_listed: int) -> list[float]:
    """The feature vector of a hit (see FEATURES)."""
    fuzzy = [f for f in hit.fuzzy if "~" in f]
    initials = sum(1 for f in fuzzy if f.split("~")[0].endswith("."))
    typos = [f for f in fuzzy if not f.split("~")[0].endswith(".")]
    short = sum(1 for f in typos if len(f.split("~")[1]) <= 5)
    n_matched = len(hit.matched)
    extra = max(0, hit.n_query - n_matched - len(typos) - initials) if hit.method == "tokens" else 0
    return [
        hit.raw / 100.0,
        float(hit.method == "contained"),
        float(hit.method == "acronym"),
        float(len(hit.conflicts)),
        float(len(typos)),
        float(short),
        float(len(hit.missing)),
        float(min(extra, 4)),
        float(initials),
        float(n_listed == 1),
        float(min(n_matched, 5)),
        (n_matched + len(typos) + initials) / max(1, n_listed, hit.n_query),
        float(min(n_listed, hit.n_query or n_listed) <= 1),
        hit.rarity,
        min(initials, 3) * hit.rarity,
        hit.evidence,
        float(hit.lead_missing),
        len(typos) / max(1, n_matched + len(typos)),
        float(sum(1 for f in typos if odd_substitution(*f.split("~", 1)))),
    ]


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted coefficients and thresholds (see bench/fit_matcher.py)."""
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def probability(kind: str, x: list[float]) -> float:
    """P(true match) for a feature vector of one kind ('org' or 'person')."""
    m = model()[kind]
    z = m["bias"] + sum(w * v for w, v in zip(m["weights"], x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def default_threshold(kind: str) -> float:
    """The default threshold (0-100) fitted for a kind."""
    return float(model()[kind]["threshold"])
