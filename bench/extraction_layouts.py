"""Extraction quality on CVs rendered from public templates (tests/corpus/real_layouts/), and the cost
of layout-aware reading per page.

    python -m bench.extraction_layouts [--errors] [--only TEMPLATE]

`--errors` lists the development templates' misses only: the held-out ones are scored, never shown.

Each committed CV is read with the real pipeline (read_document, extract_profile with the starter
lists' gazetteer) and scored with bench/extraction_score.py against its truth JSON. Figures are given
per template, and summed apart for the development templates and the held-out ones (HELD_OUT in
tests/corpus/real_layouts/build.py, never looked at while tuning). Speed: milliseconds per PDF page
for pdfium's plain text and for the layout pass (words, rows, columns), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.extraction_score import FIELDS, Counts, score_case  # noqa: E402
from tests.corpus.real_layouts import HELD_OUT  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "real_layouts"
MAIN = ("person name", "affiliations", "funders", "talk countries", "patents", "talent programs")


def cases(only: str | None = None) -> list[tuple[str, Path, dict]]:
    """(template, file, truth) for every committed CV."""
    out = []
    for truth_path in sorted(CORPUS.glob("*/*.truth.json")):
        template = truth_path.parent.name
        if only and template != only:
            continue
        truth = json.loads(truth_path.read_text())
        out.append((template, truth_path.parent / truth["files"]["cv"], truth))
    return out


def score(only: str | None = None, show_errors: bool = False) -> tuple[str, dict[str, dict[str, Counts]]]:
    from intake.documents import ReadLimits, read_document
    from intake.extract import extract_profile
    from intake.screen.lists import load_reference

    reference = load_reference(REPO / "lists")
    gazetteer = reference.gazetteer()
    per: dict[str, dict[str, Counts]] = {}
    errors = []
    for template, path, truth in cases(only):
        profile = extract_profile([read_document(path, ReadLimits())], gazetteer,
                                  host_countries=reference.org_countries)
        scored = score_case(truth, profile)
        bucket = per.setdefault(template, {f: Counts() for f in FIELDS})
        for fld, counts in scored.counts.items():
            bucket[fld].add(counts)
        errors += [f"{template}/{path.name} {e['field']} {e['kind']}: {e['value']}  <{e['quote'][:90]}>"
                   for e in scored.errors if e["field"] in MAIN and template not in HELD_OUT]
    return _table(per) + ("\n\n" + "\n".join(errors) if show_errors else ""), per


def _table(per: dict[str, dict[str, Counts]]) -> str:
    groups = {"dev": [t for t in per if t not in HELD_OUT], "held-out": [t for t in per if t in HELD_OUT]}
    head = f"{'template':<22} {'CVs':>3} " + " ".join(f"{f[:12]:>12}" for f in MAIN)
    lines = ["Recall (found / true) per field on real layouts", head, "-" * len(head)]
    counts = {t: sum(1 for c in cases() if c[0] == t) for t in per}
    for group, templates in groups.items():
        total = {f: Counts() for f in FIELDS}
        for template in sorted(templates):
            row = per[template]
            for f in FIELDS:
                total[f].add(row[f])
            lines.append(f"{template:<22} {counts[template]:>3} " + " ".join(_cell(row[f]) for f in MAIN))
        if templates:
            lines.append(f"{'= ' + group:<22} {sum(counts[t] for t in templates):>3} "
                         + " ".join(_cell(total[f]) for f in MAIN))
            lines.append(f"{'  precision':<26} " + " ".join(f"{total[f].precision:>12.2f}" for f in MAIN))
    return "\n".join(lines)


def _cell(c: Counts) -> str:
    return f"{c.tp:>3}/{c.tp + c.fn:<3} {c.recall:4.2f}"


def speed(repeat: int = 5) -> str:
    """ms per page: pdfium plain text vs the layout pass, over every committed PDF."""
    import pypdfium2 as pdfium

    from intake.pdf_reader import page_text

    pdfs = [path for _, path, _ in cases() if path.suffix == ".pdf"]
    plain = layout = 0.0
    pages = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            page = pdf[index]
            for _ in range(repeat):
                start = time.perf_counter()
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                plain += time.perf_counter() - start
                start = time.perf_counter()
                # as read_pdf calls it: the typographic headings pass included
                page_text(page, first_page=index == 0, headings=[], plain=[], heading_type=[])
                layout += time.perf_counter() - start
            pages += 1
            page.close()
        pdf.close()
    n = pages * repeat
    return (f"\nCost per PDF page over {pages} pages x {repeat}: pdfium text {1000 * plain / n:.2f} ms, "
            f"layout-aware {1000 * layout / n:.2f} ms (ratio {layout / plain if plain else 0:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--only")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    table, _ = score(args.only, args.errors)
    print(table)
    if not args.no_speed:
        print(speed())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
