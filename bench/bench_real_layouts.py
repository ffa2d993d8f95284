"""`make bench`: extraction on CVs rendered from public templates (dev and held-out templates apart),
and the cost per PDF page of layout-aware reading against pdfium's plain text, in the same run."""

from __future__ import annotations

from bench.extraction_layouts import main as run


def main() -> None:
    run([])


if __name__ == "__main__":
    main()
