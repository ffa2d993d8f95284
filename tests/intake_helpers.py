"""Helpers for the intake tests: a small fake reader, a dead worker, subprocess environments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from intake.errors import ErrorCode, IntakeError
from intake.records import Document, Page
from intake.settings import Settings
from workflow.filing import claims
from workflow.filing.claims import WorkerId
from workflow.filing.outcomes import IntakeContext
from workflow.cases.store import DocumentRow, IntakeJobRow, Store

REPO = Path(__file__).resolve().parent.parent
RSI = REPO / ".venv" / "bin" / "rsi"


class FakeReader:
    """Reads any file starting with %PDF as one page of its bytes; refuses everything else."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: Path, name: str, sha256: str) -> Document:
        self.calls.append(name)
        data = path.read_bytes()
        if not data.startswith(b"%PDF"):
            raise IntakeError(f"{name} is not a PDF (no %PDF header)", ErrorCode.NOT_A_PDF)
        text = data.decode("latin-1")
        return Document(source_path=str(path), file_name=name, sha256=sha256, media_type="pdf",
                        pages=[Page(number=1, text=text)])


def fake_pdf(path: Path, text: str) -> Path:
    """A file the FakeReader accepts (not a real PDF: these tests are about intake, not reading)."""
    path.write_bytes(b"%PDF-fake\n" + text.encode())
    return path


def context(
    settings: Settings, store: Store, reader: object = None, *, worker: WorkerId | None = None,
    after_filed: object = None,
) -> IntakeContext:
    """An intake context (this process unless `worker` is given) with the fake reader."""
    for d in (settings.inbox, settings.failed_dir, settings.processing_dir):
        d.mkdir(parents=True, exist_ok=True)
    return IntakeContext(settings, store, worker or WorkerId.current(), reader or FakeReader(),  # type: ignore[arg-type]
                         claims.sha256_file, after_filed)  # type: ignore[arg-type]


def dead_worker() -> WorkerId:
    """A worker id of this host whose process has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return WorkerId(WorkerId.current().host, proc.pid, "1")


def counts(store: Store) -> dict[str, int]:
    """Documents and job rows by status."""
    with store.session() as s:
        docs = s.scalar(select(func.count(DocumentRow.id))) or 0
        jobs = dict(s.execute(select(IntakeJobRow.status, func.count()).group_by(IntakeJobRow.status)).all())
    return {"documents": docs, **jobs}


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder` (recursively), error reports excluded."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".error.txt"))


def rsi_env(settings: Settings, database_url: str | None = None) -> dict[str, str]:
    """The environment for an `rsi` subprocess using the test's folders and database."""
    env = dict(os.environ)
    env.update(
        RSI_INBOX=str(settings.inbox),
        RSI_DATA_DIR=str(settings.data_dir),
        RSI_OUTBOX=str(settings.outbox),
        RSI_DATABASE_URL=database_url or settings.effective_database_url,
        RSI_SETTLE_SECONDS="0.2",
        RSI_RESCAN_INTERVAL_S="2",
        RSI_OCR_ENABLED="false",
        RSI_CONFIG=str(settings.data_dir / "no-such-rsi.toml"),
    )
    return env
