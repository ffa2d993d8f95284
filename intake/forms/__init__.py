"""The screening forms rsi ships: their fields as data (spec.py), the PDFs (generate.py), scoring.

    FORMS["visitor"].fields -> FieldSpec(name, label, kind, section), in print order
    score_form_values(truth, read) -> (tp, fp, fn) over non-empty field values
"""

from __future__ import annotations

from intake.forms.spec import FORMS, FieldKind, FieldSpec, FormSpec

__all__ = ["FORMS", "FieldKind", "FieldSpec", "FormSpec", "normalise_value", "score_form_values"]


def normalise_value(value: str) -> str:
    """A value as compared for scoring: whitespace collapsed, case folded (layout is not content)."""
    return " ".join(value.split()).casefold()


def score_form_values(truth: dict[str, str], read: dict[str, str]) -> tuple[int, int, int]:
    """Field-level (tp, fp, fn): a read value is right when it equals the truth after normalising.

    Blank values count as absent. A wrong value is both a false positive (what was read) and a
    false negative (what was missed), as in slot-filling evaluations.
    """
    gold = {k: normalise_value(v) for k, v in truth.items() if v.strip()}
    got = {k: normalise_value(v) for k, v in read.items() if v.strip()}
    tp = sum(1 for k, v in got.items() if gold.get(k) == v)
    return tp, len(got) - tp, len(gold) - tp
