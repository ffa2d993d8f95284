"""Bounded work per document (issue 13): how long each hostile input holds the intake, under the defaults.

Each input of the issue is generated in a temporary folder at the issue's size (tests/hostile.py: a DOCX
with 300,000 short paragraphs, a 24 MB BibTeX, a 48 MB CSV, a 93 MB text file) and taken through the
watcher's path: read (reader process), filed, then extracted and screened (extraction process, text cut
at max_extract_chars, per-document time limit extract_timeout_s). Reported per input: seconds held in
reading and in extraction + screening, the limit that applies, and what the reviewer sees. The baseline,
in the same run, is an ordinary one-page CV through the same path.

`python -m bench limits`; RSI_BENCH_LIMITS_SCALE=0.1 runs the inputs at a tenth of their size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CV = """Ilse Marrowby
ilse.marrowby@example.org

Academic Positions
2018-2022  Research Fellow, National University of Defense Technology, Changsha, China
"""


def _held(path: Path, root: Path) -> tuple[float, float, str]:
    """(seconds reading + filing, seconds extracting + screening, what the case or failure says)."""
    from intake.settings import Settings
    from workflow.cases.store import CaseRow, open_store
    from workflow.filing.ingest import process_file
    from workflow.filing.outcomes import Accepted
    from workflow.screening.service import screen_case

    settings = Settings(inbox=root / "inbox", data_dir=root / "var", outbox=root / "outbox",
                        ocr_enabled=False, _env_file=None)  # type: ignore[call-arg]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(settings.effective_database_url)
    start = time.perf_counter()
    outcome = process_file(path, settings, store)  # file only: screening timed on its own below
    read_s = time.perf_counter() - start
    if not isinstance(outcome, Accepted):
        return read_s, 0.0, f"refused at reading: {getattr(outcome, 'code', '?')}"
    start = time.perf_counter()
    try:
        screen_case(store, settings, outcome.case_id)
    except Exception as exc:  # reported, not raised: the bench shows what the reviewer would see
        return read_s, time.perf_counter() - start, f"not screened: {type(exc).__name__}: {exc}"[:90]
    extract_s = time.perf_counter() - start
    with store.session() as s:
        profile = s.get(CaseRow, outcome.case_id).profile or {}
    refused = [f"{r['code']} ({r['message'].split(';')[0]})" for r in profile.get("extraction_refusals", [])]
    cut = any("max_extract_chars" in w for w in profile.get("warnings", []))
    facts = sum(len(profile.get(k, [])) for k in ("affiliations", "publications"))
    said = f"refused: {', '.join(refused)}" if refused else ("cut at max_extract_chars" if cut else "complete")
    return read_s, extract_s, f"{said}; {facts} facts"


def main() -> None:
    sys.path.insert(0, str(REPO / "tests"))
    import hostile

    from intake.settings import Settings

    scale = float(os.environ.get("RSI_BENCH_LIMITS_SCALE", "1"))
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    print(f"limits: read_timeout_s={defaults.read_timeout_s:g}, extract_timeout_s={defaults.extract_timeout_s:g} "
          f"per document, max_extract_chars={defaults.max_extract_chars:,}, scale={scale:g}")
    print(f"{'input':28} {'size':>9} {'read s':>7} {'extract s':>9} {'x CV':>6}  outcome")
    with tempfile.TemporaryDirectory(prefix="rsi-bench-limits-") as tmp:
        root = Path(tmp)
        cv = root / "cv.txt"
        cv.write_text(CV)
        cold_read, cold_extract, said = _held(cv, root / "case-cv-cold")  # starts the extraction process
        print(f"{'ordinary CV, first (cold)':28} {cv.stat().st_size:>9,} {cold_read:7.1f} {cold_extract:9.1f} "
              f"{'':>6}  {said}")
        cv.write_text(CV.replace("Ilse", "Liesel"))  # new content: not a duplicate
        base_read, base_extract, said = _held(cv, root / "case-cv")
        base = base_read + base_extract
        print(f"{'ordinary CV (baseline)':28} {cv.stat().st_size:>9,} {base_read:7.1f} {base_extract:9.1f} "
              f"{1:6.1f}  {said}")
        for label, file_name, build in hostile.ISSUE_INPUTS:
            path = root / file_name
            if build is hostile.many_paragraphs_docx:
                build(path, int(300_000 * scale))
            else:
                build(path, int({"huge.bib": 24, "huge.csv": 48, "huge.txt": 93}[file_name] * scale * (1 << 20)))
            read_s, extract_s, said = _held(path, root / f"case-{file_name}")
            print(f"{label:28} {path.stat().st_size:>9,} {read_s:7.1f} {extract_s:9.1f} "
                  f"{(read_s + extract_s) / base:6.1f}  {said}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
