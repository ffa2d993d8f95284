"""`make bench`: extraction quality (P/R/F1 per field against the bars of issue 3) and CVs per second.

Runs bench/extraction_eval.py with its defaults: 60 synthetic CVs in five layouts plus filled and
scanned screening forms, timed on pools of 1 and 2 processes.
"""

from __future__ import annotations

from bench.extraction_eval import evaluate


def main() -> None:
    """Generate the corpus, extract, print the figure and speed tables."""
    evaluate()


if __name__ == "__main__":
    main()
