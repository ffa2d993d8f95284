"""intake/read_worker.py: the isolated reader keeps its time bound and leaves no orphan processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pdf_factory as pf
import pytest

from intake import read_worker
from intake.documents import ReadLimits, read_document
from intake.errors import ErrorCode, IntakeError
from intake.ocr import tesseract_path

REPO = Path(__file__).resolve().parent.parent
LIMITS = ReadLimits(max_memory_bytes=512 << 20, timeout_s=30)
needs_tesseract = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")


def refused(path: Path, limits: ReadLimits) -> IntakeError:
    """The IntakeError reading `path` raises."""
    with pytest.raises(IntakeError) as caught:
        read_document(path, limits)
    return caught.value


# ---------------------------------------------------------------- time bounds and the worker pool


@needs_tesseract
def test_ocr_beyond_the_time_limit_times_out(tmp_path: Path) -> None:
    error = refused(
        pf.image_only_pdf(tmp_path / "scan.pdf", ["Jane Quill"]),
        ReadLimits(timeout_s=0.0, max_memory_bytes=LIMITS.max_memory_bytes),
    )
    assert error.code == ErrorCode.TIMEOUT


def test_hung_worker_is_killed_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_worker, "GRACE_S", 0.0)  # the parent's own deadline, not the child's
    bomb = pf.content_bomb_pdf(tmp_path / "slow.pdf", inflated_bytes=2 << 30)
    error = refused(bomb, ReadLimits(timeout_s=0.05, max_memory_bytes=LIMITS.max_memory_bytes))
    assert error.code == ErrorCode.TIMEOUT and "0.05 s" in error.message
    assert read_document(pf.text_pdf(tmp_path / "ok.pdf", ["Jane Quill"]), LIMITS).page_count == 1


def test_parallel_reads_use_separate_workers(tmp_path: Path) -> None:
    paths = [pf.text_pdf(tmp_path / f"cv{i}.pdf", [f"Person {i}"]) for i in range(4)]
    texts: dict[int, str] = {}

    def read(i: int) -> None:
        texts[i] = read_document(paths[i], LIMITS).text.strip()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert texts == {i: f"Person {i}" for i in range(4)}


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    pdf = pf.text_pdf(tmp_path / "cv.pdf", ["Jane Quill"])
    script = (
        "import sys, time; from pathlib import Path; from intake.documents import ReadLimits, read_document;"
        f"read_document(Path({str(pdf)!r}), ReadLimits()); print('read', flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=REPO)
    try:
        assert parent.stdout is not None and parent.stdout.readline() == b"read\n"
        workers = psutil.Process(parent.pid).children()
        assert workers, "the parent should have a reader worker"
        parent.kill()  # like kill -9 of the watcher: no atexit runs
        parent.wait()
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive
    finally:
        parent.kill()


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGABRT, ErrorCode.DECOMPRESSION_BOMB), (signal.SIGSEGV, ErrorCode.CORRUPT)]
)
def test_a_worker_death_is_explained_by_its_signal(sig: signal.Signals, code: ErrorCode) -> None:
    worker = read_worker._Worker(LIMITS.max_memory_bytes)
    os.kill(worker.proc.pid, sig)  # pdfium aborts when an allocation fails under RLIMIT_AS
    assert read_worker._death(worker, LIMITS).code == code


def test_a_worker_that_died_while_idle_is_replaced(tmp_path: Path) -> None:
    read_worker.shutdown_workers()
    pdf = pf.text_pdf(tmp_path / "cv.pdf", ["Jane Quill"])
    read_document(pdf, LIMITS)
    idle = read_worker._POOL._idle[LIMITS.max_memory_bytes]
    assert len(idle) == 1
    idle[0].proc.kill()
    idle[0].proc.wait()
    assert read_document(pdf, LIMITS).text.strip() == "Jane Quill"  # not blamed on the file
