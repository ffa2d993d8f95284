"""`python -m tests.corpus.generate OUTDIR [--n 60] [--seed 7]`: a synthetic CV corpus with ground truth.

Writes, per case, OUTDIR/<id>/cv.<pdf|docx> (+ a publication-list export for some), the truth at
OUTDIR/truth/<id>.json and OUTDIR/manifest.json listing every case's files. The n CVs are spread
evenly over the five layouts of layouts.py; the same seed gives the same people, facts and texts.
Screening forms (filled and scanned) are added by forms.py when the product's form generator exists.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.corpus.facts import FLAGS, CvSpec, sample_cv
from tests.corpus.layouts import LAYOUTS, SUFFIX, cjk_capable, write_cv
from tests.corpus.publist import SUFFIX as PUBLIST_SUFFIX
from tests.corpus.publist import write_publist
from tests.corpus.text import CvText, render
from tests.corpus.truth import truth_of

PUBLISTS = ("bib-scopus", "bib-wos", "ris", "csv")


@dataclass
class Case:
    """One generated case: its truth and, for tests, the text it was written from."""

    id: str
    layout: str
    files: dict[str, str]
    truth: dict[str, Any]
    text: CvText


def plan(n: int, seed: int) -> list[CvSpec]:
    """The specs of n CVs: layouts round-robin; about half carry red flags; some are sparse or have exports."""
    rng = random.Random(f"plan:{seed}")
    specs = []
    for i in range(n):
        layout = LAYOUTS[i % len(LAYOUTS)]
        flags: tuple[str, ...] = ()
        if rng.random() < 0.55:
            flags = tuple(sorted(rng.sample(FLAGS, rng.randint(1, 3))))
            if rng.random() < 0.35 and "talent_program" not in flags:  # programs and patents are the 0.98 bars
                flags = (*flags, "talent_program")
        publist = PUBLISTS[i // len(LAYOUTS) % len(PUBLISTS)] if rng.random() < 0.45 else None
        specs.append(CvSpec(f"cv{i:03d}-{layout}", layout, flags, rng.random() < 0.15, publist))
    return specs


def make_case(spec: CvSpec, seed: int, outdir: Path | None) -> Case:
    """Sample one CV's facts, write its text in its layout (when `outdir` is given) and its truth."""
    rng = random.Random(f"cv:{seed}:{spec.id}")
    cv = sample_cv(spec, rng)
    text = render(cv, rng, cjk=cjk_capable(spec.layout))
    files = {"cv": f"{spec.id}/cv{SUFFIX.get(spec.layout, '.pdf')}"}
    if spec.publist:
        files["publist"] = f"{spec.id}/publications{PUBLIST_SUFFIX[spec.publist]}"
    if outdir is not None:
        (outdir / spec.id).mkdir(parents=True, exist_ok=True)
        write_cv(spec.layout, text, outdir / files["cv"], random.Random(f"layout:{seed}:{spec.id}"))
        if spec.publist:
            write_publist(spec.publist, cv.publist_papers, outdir / files["publist"])
    return Case(spec.id, spec.layout, files, truth_of(cv, files), text)


def generate(outdir: Path, n: int = 60, seed: int = 7, forms: bool = True) -> dict[str, Any]:
    """Write the corpus into `outdir`; returns the manifest (also written as manifest.json)."""
    import reportlab.rl_config

    reportlab.rl_config.invariant = True  # no timestamps or random ids: the same seed gives the same PDFs
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "truth").mkdir(exist_ok=True)
    cases = []
    for spec in plan(n, seed):
        case = make_case(spec, seed, outdir)
        (outdir / "truth" / f"{case.id}.json").write_text(json.dumps(case.truth, indent=1, ensure_ascii=False),
                                                          encoding="utf-8")
        cases.append({"id": case.id, "layout": case.layout, "files": case.files, "truth": f"truth/{case.id}.json"})
    manifest: dict[str, Any] = {"seed": seed, "n": n, "cases": cases, "forms": []}
    if forms:
        from tests.corpus.forms import generate_forms

        manifest["forms"] = generate_forms(outdir, seed)
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """The command line: write the corpus and say how many CVs and forms it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-forms", action="store_true")
    args = parser.parse_args(argv)
    manifest = generate(args.outdir, args.n, args.seed, forms=not args.no_forms)
    print(f"{len(manifest['cases'])} CVs and {len(manifest['forms'])} forms written to {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
