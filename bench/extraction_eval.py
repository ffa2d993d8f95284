"""Measured extraction quality: precision, recall and F1 per field on the synthetic CV corpus, and speed.

    python -m bench.extraction_eval [--n 60] [--seed 7] [--dir DIR] [--processes 1,2] [--errors PATH]

Generates the corpus (tests/corpus/generate.py) into a temporary folder, or uses DIR if it already
holds a manifest.json. Each case's files are read with the real pipeline (read_document, then
extract_profile with the gazetteer of the starter lists in lists/) and scored against the truth
(bench/extraction_score.py). Speed is CVs per second through reading + extraction, measured with a
pool of 1 and of 2 worker processes (each loads spaCy once, before timing); scanned CVs, which go
through OCR, are timed apart from CVs with a text layer. Corpus generation is not timed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.extraction_score import BARS, FIELDS, Counts, score_case  # noqa: E402

MAIN_FIELDS = ("person name", "affiliations", "funders", "talk countries", "patents", "talent programs")
_STATE: dict[str, Any] = {}


def _init_worker() -> None:
    """Load the gazetteer and the spaCy pipeline once per process (not timed).

    A failure is kept and raised by the first extract_case: a pool whose initializer raises
    replaces its workers forever instead of failing.
    """
    from intake import places
    from intake.documents import ReadLimits
    from intake.extract import extract_profile
    from intake.records import Document, Page
    from intake.screen.lists import load_reference

    try:
        reference = load_reference(REPO / "lists")
        _STATE["gazetteer"], _STATE["hosts"] = reference.gazetteer(), reference.org_countries
        _STATE["limits"] = ReadLimits()
        warm = Document(source_path="warm.txt", file_name="warm.txt", sha256="0" * 64, media_type="txt",
                        pages=[Page(number=1, text="Jane Doe\nEmployment\n2019-2021 Lecturer, University of Oxford")])
        extract_profile([warm], _STATE["gazetteer"])
        places.warm()  # the city gazetteer is loaded before any case is timed, as the extraction worker does
    except Exception as exc:  # noqa: BLE001  (re-raised in extract_case, where the pool reports it)
        _STATE["error"] = exc


def extract_case(root: str, files: list[str]) -> tuple[dict[str, Any], float, bool]:
    """(profile JSON, seconds, OCR used) for one case's files, through read_document + extract_profile."""
    from intake.documents import read_document
    from intake.extract import extract_profile

    if not _STATE:
        _init_worker()
    if "error" in _STATE:
        raise RuntimeError(f"extraction could not start: {_STATE['error']!r}") from _STATE["error"]
    start = time.perf_counter()
    documents = [read_document(Path(root) / f, _STATE["limits"]) for f in files]
    profile = extract_profile(documents, _STATE["gazetteer"], host_countries=_STATE["hosts"])
    return profile.model_dump(mode="json"), time.perf_counter() - start, any(d.ocr_used for d in documents)


def _run(root: Path, cases: list[dict[str, Any]], processes: int) -> tuple[list[Any], dict[str, float]]:
    """Extract every case with a pool of `processes`; returns results and wall seconds per group."""
    groups = {"text": [c for c in cases if c["layout"] != "scanned"],
              "scanned": [c for c in cases if c["layout"] == "scanned"]}
    results: dict[str, Any] = {}
    walls: dict[str, float] = {}
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes, initializer=_init_worker) as pool:
        pool.starmap(_noop, [()] * processes)  # wait until every worker has loaded spaCy
        for name, group in groups.items():
            start = time.perf_counter()
            outs = pool.starmap(extract_case, [(str(root), list(c["files"].values())) for c in group], chunksize=1)
            walls[name] = time.perf_counter() - start
            results.update({c["id"]: out for c, out in zip(group, outs, strict=True)})
    return [results[c["id"]] for c in cases], walls


def _noop() -> None:
    time.sleep(0.2)


def _row(name: str, c: Counts, bar: float | None) -> str:
    verdict = "" if bar is None else ("PASS" if c.f1 >= bar else "fail")
    bar_text = f"{bar:.2f}" if bar is not None else ""
    return (f"{name:<22} {c.tp:>5} {c.fp:>5} {c.fn:>5} {c.precision:>9.3f} {c.recall:>7.3f} {c.f1:>7.3f} "
            f"{bar_text:>5} {verdict:>5}")


def report(cases: list[dict[str, Any]], truths: dict[str, dict[str, Any]], profiles: list[dict[str, Any]],
           forms: dict[str, Counts] | None = None) -> tuple[str, list[dict[str, Any]], dict[str, Counts]]:
    """The figure table (overall and per layout), every error with its case, and the overall counts."""
    from intake.records import Profile

    total = {f: Counts() for f in FIELDS}
    by_layout: dict[str, dict[str, Counts]] = {}
    by_export: dict[str, Counts] = {}
    errors = []
    for case, data in zip(cases, profiles, strict=True):
        scored = score_case(truths[case["id"]], Profile.model_validate(data))
        layout = by_layout.setdefault(case["layout"], {f: Counts() for f in FIELDS})
        for fld, counts in scored.counts.items():
            total[fld].add(counts)
            layout[fld].add(counts)
        errors += [{"case": case["id"], **e} for e in scored.errors]
        export = truths[case["id"]].get("publist")
        if export:
            by_export.setdefault(export, Counts()).add(scored.counts["co-author orgs"])
    total.update(forms or {})
    head = (f"{'field':<22} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7} {'F1':>7} "
            f"{'bar':>5} {'pass':>5}")
    lines = [f"Extraction quality on {len(cases)} CVs", head, "-" * len(head)]
    lines += [_row(f, c, BARS.get(f)) for f, c in total.items()]
    layouts = sorted(by_layout)
    lines += ["", "F1 per layout (CVs: " + ", ".join(f"{k} {sum(1 for c in cases if c['layout'] == k)}"
                                                     for k in layouts) + ")",
              f"{'field':<22} " + " ".join(f"{k:>8}" for k in layouts)]
    lines += [f"{f:<22} " + " ".join(f"{by_layout[k][f].f1:>8.3f}" for k in layouts) for f in FIELDS]
    if by_export:
        lines.append("co-author orgs F1 per export: " + ", ".join(
            f"{k} {c.f1:.3f} ({c.tp}/{c.tp + c.fn})" for k, c in sorted(by_export.items())))
    return "\n".join(lines), errors, total


def speed_table(walls: dict[int, dict[str, float]], counts: Counter[str]) -> str:
    """CVs per second through reading + extraction, per pool size, text and scanned apart."""
    lines = ["", "Speed (read_document + extract_profile; spaCy loaded before timing)",
             f"{'processes':>9} {'text CVs/s':>11} {'scanned CVs/s':>14}"]
    for procs, wall in sorted(walls.items()):
        text = counts["text"] / wall["text"] if wall.get("text") else 0.0
        scan = counts["scanned"] / wall["scanned"] if wall.get("scanned") else 0.0
        lines.append(f"{procs:>9} {text:>11.2f} {scan:>14.3f}")
    return "\n".join(lines)


def evaluate(n: int = 60, seed: int = 7, directory: Path | None = None, processes: tuple[int, ...] = (1, 2),
             errors_path: Path | None = None, scanned: bool = True) -> dict[str, Counts]:
    """Generate (or reuse) the corpus, extract, score, print the tables; returns the overall counts."""
    from tests.corpus.generate import generate

    with tempfile.TemporaryDirectory(prefix="rsi-corpus-") as tmp:
        root = directory or Path(tmp)
        if not (root / "manifest.json").exists():
            generate(root, n=n, seed=seed)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        cases = [c for c in manifest["cases"] if scanned or c["layout"] != "scanned"]
        truths = {c["id"]: json.loads((root / c["truth"]).read_text(encoding="utf-8")) for c in cases}
        walls, profiles = {}, None
        for procs in processes:
            outs, walls[procs] = _run(root, cases, procs)
            profiles = profiles or [o[0] for o in outs]
        form_errors: list[dict[str, Any]] = []
        forms = _score_forms(root, manifest, form_errors)
        table, errors, total = report(cases, truths, profiles or [], forms)
        errors += form_errors
        print(table)
        print(_examples(errors, total))
        print(speed_table(walls, Counter("scanned" if c["layout"] == "scanned" else "text" for c in cases)))
        if errors_path:
            errors_path.write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
            print(f"\n{len(errors)} errors written to {errors_path}")
    return total


def _examples(errors: list[dict[str, Any]], total: dict[str, Counts], per_field: int = 3) -> str:
    """A few errors of each field below its bar: what to fix first."""
    lines = []
    for fld, counts in total.items():
        bar = BARS.get(fld)
        if bar is None or counts.f1 >= bar:
            continue
        mine = [e for e in errors if e["field"] == fld][:per_field]
        for e in mine:
            quote = f"  <- {e['quote'][:90]!r}" if e["quote"] else ""
            lines.append(f"  {fld} {e['kind']} [{e['case']}]: {e['value']}{quote}")
    return "\nExamples of errors (fields below their bar)\n" + "\n".join(lines) if lines else ""


def _score_forms(root: Path, manifest: dict[str, Any], errors: list[dict[str, Any]]) -> dict[str, Counts]:
    """Form-field counts of the filled and of the scanned forms (empty when the corpus has none)."""
    from tests.corpus.forms import score_forms

    out = {}
    for kind in ("filled", "scanned"):
        rows = [r for r in manifest.get("forms", []) if r["kind"] == kind]
        if rows:
            out[f"form fields ({kind})"] = score_forms(root, rows, errors)
    return out


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="use (or fill) this corpus folder")
    parser.add_argument("--processes", default="1,2", help="pool sizes to time, e.g. 1,2")
    parser.add_argument("--errors", type=Path, default=None, help="write every error as JSON here")
    parser.add_argument("--no-scanned", action="store_true", help="leave the OCR'd CVs out")
    args = parser.parse_args(argv)
    evaluate(args.n, args.seed, args.dir, tuple(int(p) for p in args.processes.split(",")), args.errors,
             scanned=not args.no_scanned)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
