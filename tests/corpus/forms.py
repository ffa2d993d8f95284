"""Filled and scanned screening forms with their true values, and their field-level score.

The forms are the product's own (intake/forms: FORMS, filled_form, scanned_form, sample_values); the
values are fictional (a person from world.NAMES at a real institution), Yes/No answers as "Yes"/"No",
country fields as country names. Without the intake.forms package this writes nothing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tests.corpus import world

FILLED, SCANNED = 10, 4


def form_values(form_key: str, seed: int, index: int) -> dict[str, str]:
    """One form's values: the product's sample answers, with a corpus person and a real institution."""
    from intake.forms.generate import sample_values

    rng = random.Random(f"form:{seed}:{index}")
    values = sample_values(form_key, rng.randint(0, 1 << 30))
    origin = rng.choice([o for o in world.NAMES if o != "zh" or rng.random() < 0.5])
    given, surnames = world.NAMES[origin]
    values["full_name"] = f"{rng.choice(given)} {rng.choice(surnames)}"
    org = rng.choice([o for o in world.all_orgs() if o.name.isascii() and o.kind != "company"])
    if values.get("home_institution"):
        values["home_institution"] = org.name
        if values.get("institution_city"):
            values["institution_city"] = org.city.split(",")[0]
        if values.get("institution_country"):
            values["institution_country"] = world.COUNTRY_NAMES[org.country][0]
    return values


def generate_forms(outdir: Path, seed: int, filled: int = FILLED, scanned: int = SCANNED) -> list[dict[str, Any]]:
    """Write `filled` fillable and `scanned` image-only forms under outdir/forms; returns manifest rows."""
    try:
        from intake.forms.generate import filled_form, scanned_form
    except ImportError:
        return []
    (outdir / "forms").mkdir(parents=True, exist_ok=True)
    (outdir / "truth").mkdir(exist_ok=True)
    rows = []
    for i in range(filled + scanned):
        key = ("collaboration", "visitor")[i % 2]
        kind = "filled" if i < filled else "scanned"
        values = form_values(key, seed, i)
        name = f"forms/form{i:02d}-{kind}-{key}.pdf"
        if kind == "filled":
            filled_form(key, values, outdir / name)
        else:
            scanned_form(key, values, outdir / name, seed=seed * 100 + i)
        truth = f"truth/form{i:02d}.json"
        (outdir / truth).write_text(json.dumps({"form": key, "kind": kind, "values": values}, indent=1),
                                    encoding="utf-8")
        rows.append({"id": f"form{i:02d}", "form": key, "kind": kind, "file": name, "truth": truth})
    return rows


def read_values(path: Path) -> dict[str, str]:
    """The field values the product reads from a form file (read_document + read_form)."""
    from intake.documents import ReadLimits, read_document
    from intake.extract.forms import read_form

    return read_form(read_document(path, ReadLimits())).values


def score_forms(root: Path, rows: list[dict[str, Any]], errors: list[dict[str, Any]] | None = None) -> Any:
    """Counts(tp, fp, fn) of form fields over every form (the product's score_form_values)."""
    from bench.extraction_score import Counts
    from intake.forms import normalise_value, score_form_values

    total = Counts()
    for row in rows:
        truth = json.loads((root / row["truth"]).read_text(encoding="utf-8"))["values"]
        read = read_values(root / row["file"])
        tp, fp, fn = score_form_values(truth, read)
        total.add(Counts(tp, fp, fn))
        if errors is not None:
            for name, want in truth.items():
                got = read.get(name, "")
                if normalise_value(got) != normalise_value(want) and (want.strip() or got.strip()):
                    errors.append({"case": row["id"], "field": "form fields", "kind": row["kind"],
                                   "value": f"{name}: truth {want!r} read {got!r}", "quote": ""})
    return total
