"""Text extraction speed: pdfplumber vs pypdfium2 vs rsi's read_document, on a generated 20-page PDF.

Prints pages/second (median of several repeats) side by side, the ratio, and what the isolated
worker costs: a cold start (spawn + imports) and the per-document overhead once warm.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the PDF factory the tests use

PAGES = 20
REPEATS = 7
LINE = "2019-2023  Professor of Materials Science, University of Nowhere, Example City (fictional)"


def cv_pages(count: int) -> list[str]:
    """Dense CV-like pages: 45 lines of ~90 characters each."""
    return ["\n".join(f"{page + 1}.{line:02d} {LINE}" for line in range(45)) for page in range(count)]


def with_pdfplumber(path: Path) -> int:
    """Extract every page's text with pdfplumber; returns characters read."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def with_pypdfium2(path: Path) -> int:
    """Extract every page's text with pypdfium2 in-process; returns characters read."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


def with_read_document(path: Path) -> int:
    """rsi's path: checks, hash, isolated worker (warm), Document record; returns characters read."""
    from intake.documents import ReadLimits, read_document

    return len(read_document(path, ReadLimits()).text)


def median_seconds(run: Callable[[Path], int], path: Path, repeats: int = REPEATS) -> float:
    """Median wall time of `repeats` runs after one warm-up."""
    run(path)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_worker_seconds(path: Path) -> float:
    """Time of a read that must first start a fresh worker process."""
    from intake.read_worker import shutdown_workers

    shutdown_workers()
    start = time.perf_counter()
    with_read_document(path)
    return time.perf_counter() - start


def main() -> None:
    """Generate the PDF, time the three paths, print the table."""
    from pdf_factory import text_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = text_pdf(Path(tmp) / "cv20.pdf", cv_pages(PAGES))
        rows = [
            (name, median_seconds(run, path))
            for name, run in [
                ("pdfplumber", with_pdfplumber),
                ("pypdfium2 (in-process)", with_pypdfium2),
                ("read_document (isolated, warm)", with_read_document),
            ]
        ]
        cold = cold_worker_seconds(path)
    baseline = rows[0][1]
    print(f"{PAGES}-page text PDF, median of {REPEATS} runs")
    print(f"{'path':34} {'ms/doc':>9} {'ms/page':>9} {'pages/s':>10} {'vs pdfplumber':>14}")
    for name, seconds in rows:
        per_page = seconds * 1000 / PAGES
        speed = f"{PAGES / seconds:10.0f} {baseline / seconds:13.0f}x"
        print(f"{name:34} {seconds * 1000:9.1f} {per_page:9.2f} {speed}")
    print(f"read_document with a cold worker (spawn + imports): {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
