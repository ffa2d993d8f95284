"""Documents per second through intake: `rsi process` on 100 three-page CVs, and watchers.

Baseline (same run): `read_document` alone on the same files, in one process, no database. The
ratio shows what claiming, hashing, the transaction, the audit chain and the archive move cost.
With PostgreSQL (RSI_TEST_POSTGRES_URL, default the test server) two `rsi watch` processes share
one inbox; that database's rsi tables are dropped first, so never point it at real data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parent.parent
RSI = REPO / ".venv" / "bin" / "rsi"
PG_URL = os.environ.get("RSI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
COUNT = 100


def make_cvs(folder: Path, count: int = COUNT) -> list[Path]:
    """`count` fictional three-page CVs."""
    sys.path.insert(0, str(REPO / "tests"))
    from pdf_factory import text_pdf

    folder.mkdir(parents=True, exist_ok=True)
    pages = ["{name}\nCurriculum Vitae\nProfessor of Materials Science, Example University",
             "Education\nPhD 2009, Example Institute of Technology\nBSc 2003",
             "Publications\n1. A study of examples (2021)\n2. More examples (2023)"]
    return [text_pdf(folder / f"cv-{i:03d}.pdf", [p.format(name=f"Fictional Person {i:03d}") for p in pages])
            for i in range(count)]


def env_for(root: Path, database_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(RSI_INBOX=str(root / "inbox"), RSI_DATA_DIR=str(root / "var"),
               RSI_CONFIG=str(root / "none.toml"), RSI_SETTLE_SECONDS="0.2", RSI_OCR_ENABLED="false")
    env.pop("RSI_DATABASE_URL", None)
    if database_url:
        env["RSI_DATABASE_URL"] = database_url
    return env


def bench_read_only(files: list[Path]) -> float:
    """Seconds for read_document alone over `files` (the baseline)."""
    from intake.documents import ReadLimits, read_document
    from intake.settings import Settings

    limits = ReadLimits.from_settings(Settings(ocr_enabled=False))
    start = time.perf_counter()
    for path in files:
        read_document(path, limits)
    return time.perf_counter() - start


def bench_rsi_process(root: Path, files: list[Path]) -> float:
    """Seconds for one `rsi process --json` over all files (process start-up included)."""
    start = time.perf_counter()
    proc = subprocess.run([str(RSI), "process", "--json", *map(str, files)], env=env_for(root),
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    processed = proc.stdout.count('"status": "processed"')
    if processed != len(files):
        raise RuntimeError(f"only {processed} of {len(files)} processed: {proc.stderr[-500:]}")
    return elapsed


def bench_watchers(root: Path, count: int, workers: int, database_url: str | None) -> float:
    """Seconds from starting `workers` watchers on a full inbox until every file is filed."""
    make_cvs(root / "inbox", count)
    env = env_for(root, database_url)
    url = database_url or f"sqlite:///{root / 'var' / 'rsi.db'}"
    subprocess.run([str(RSI), "init"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    procs = [subprocess.Popen([str(RSI), "watch"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for _ in range(workers)]
    try:
        engine = create_engine(url)
        while _finished(engine) < count:
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        engine.dispose()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    return elapsed


def _finished(engine: object) -> int:
    from workflow.cases.store import IntakeJobRow

    try:
        with engine.connect() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                select(func.count()).where(IntakeJobRow.status != "claimed")
            ).scalar() or 0
    except Exception:
        return 0  # tables not created yet


def _reset_postgres() -> bool:
    from workflow.cases.store import Base

    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 2})
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        return True
    except Exception:
        return False


def main() -> None:
    """Print documents per second for each configuration, with the ratio to the baseline."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_cvs(root / "cvs")
        base = bench_read_only(files)
        rows = [("read_document only (baseline, in-process)", base)]
        rows.append(("rsi process --json, SQLite (incl. start-up)", bench_rsi_process(root / "p", files)))
        rows.append(("rsi watch x1, SQLite", bench_watchers(root / "w1", COUNT, 1, None)))
        if _reset_postgres():
            rows.append(("rsi watch x2, PostgreSQL", bench_watchers(root / "w2", COUNT, 2, PG_URL)))
        else:
            print(f"(PostgreSQL not reachable at {PG_URL}: two-watcher run skipped)")
    print(f"{COUNT} three-page CVs")
    print(f"{'configuration':<46} {'seconds':>8} {'docs/s':>8} {'x baseline':>10}")
    for label, seconds in rows:
        print(f"{label:<46} {seconds:>8.2f} {COUNT / seconds:>8.1f} {base / seconds:>10.2f}")


if __name__ == "__main__":
    main()
