"""The inbox watcher: settle check, ignore lists, folders, rescans, bad inputs, clean shutdown."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from intake.settings import Settings
from workflow.filing.watcher import InboxWatcher, SettleTracker, Snapshot, is_ignored, open_for_writing
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import Accepted, Outcome
from workflow.cases.store import Store

from intake_helpers import RSI, context, counts, fake_pdf, files_under, rsi_env


def make_watcher(settings: Settings, handle: Callable[[Path], None], **kw: float) -> InboxWatcher:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    return InboxWatcher(
        settings.inbox, handle,
        settle_seconds=kw.get("settle", settings.settle_seconds),
        rescan_interval_s=kw.get("rescan", 300.0),
        skip=[settings.failed_dir, settings.processing_dir],
    )


@contextmanager
def running(watcher: InboxWatcher) -> Iterator[None]:
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        watcher.stop()
        thread.join(10)
        assert not thread.is_alive()


def wait_for(condition: Callable[[], bool], limit_s: float = 30.0) -> None:
    """Poll until `condition` holds; the limit only guards against a hang."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def ingesting(settings: Settings, store: Store, outcomes: list[Outcome]) -> Callable[[Path], None]:
    ctx = context(settings, store)
    return lambda path: outcomes.extend(ingest_entry(path, ctx))


@pytest.mark.parametrize(
    ("name", "ignored"),
    [("cv.pdf", False), ("cv.pdf.part", True), ("cv.pdf.crdownload", True), ("~$cv.docx", True),
     ("x.tmp", True), (".cv.pdf.swp", True), (".hidden.pdf", True), ("Thumbs.db", True),
     (".DS_Store", True), ("._cv.pdf", True), ("@eaDir", True), ("Ada Example", False)],
)
def test_ignore_list(name: str, ignored: bool) -> None:
    assert is_ignored(name) is ignored


def snap(size: int, mtime: float) -> Snapshot:
    return Snapshot((("", size, int(mtime * 1e9)),), mtime, (), True)


def test_settle_tracker_waits_for_an_unchanged_signature() -> None:
    tracker = SettleTracker(2.0)
    p = Path("x")
    assert not tracker.observe(p, snap(10, 100.0), now=0.0, wall_now=100.5)  # fresh file
    assert not tracker.observe(p, snap(10, 100.0), now=1.0, wall_now=101.5)
    assert not tracker.observe(p, snap(20, 102.0), now=1.9, wall_now=102.4)  # grew: start again
    assert not tracker.observe(p, snap(20, 102.0), now=3.8, wall_now=104.3)
    assert tracker.observe(p, snap(20, 102.0), now=3.9, wall_now=104.4)


def test_settle_tracker_accepts_an_old_file_on_first_sight() -> None:
    tracker = SettleTracker(2.0)
    assert tracker.observe(Path("x"), snap(10, 100.0), now=0.0, wall_now=105.0)


def test_open_for_writing_sees_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    path.write_bytes(b"x")
    with path.open("ab"):
        writing = open_for_writing(path)
    if not writing:
        pytest.skip("this file system does not support leases")
    assert open_for_writing(path) is False


@pytest.mark.parametrize("keep_open", [True, False])
def test_a_slowly_written_file_is_read_only_when_complete(
    settings: Settings, store: Store, keep_open: bool
) -> None:
    outcomes: list[Outcome] = []
    watcher = make_watcher(settings, ingesting(settings, store, outcomes), settle=0.6)
    chunks = [b"%PDF-slow\n"] + [os.urandom(32 * 1024) for _ in range(30)]
    path = settings.inbox / "big.pdf"

    def write() -> None:
        handle = path.open("wb") if keep_open else None
        for chunk in chunks:
            with (handle if keep_open else path.open("ab")) as fh:  # type: ignore[union-attr]
                fh.write(chunk)
                fh.flush()
                if keep_open:
                    handle = path.open("ab")  # reopen at once: the file is never closed for long
            time.sleep(0.03)
        if handle:
            handle.close()

    with running(watcher):
        writer = threading.Thread(target=write)
        writer.start()
        writer.join()
        wait_for(lambda: bool(outcomes))
    full = b"".join(chunks)
    [outcome] = outcomes
    assert isinstance(outcome, Accepted)
    assert outcome.sha256 == hashlib.sha256(full).hexdigest()
    assert hashlib.sha256(Path(outcome.archived_path).read_bytes()).hexdigest() == outcome.sha256
    assert counts(store) == {"documents": 1, "processed": 1}


def test_temporary_and_hidden_files_are_left_alone(settings: Settings) -> None:
    handled: list[str] = []
    watcher = make_watcher(settings, lambda p: handled.append(p.name), settle=0.1)
    inbox = settings.inbox
    for name in ["cv.pdf.part", "cv.crdownload", "~$cv.docx", "x.tmp", ".hidden.pdf", "a.swp",
                 "Thumbs.db", ".DS_Store"]:
        (inbox / name).write_bytes(b"%PDF tmp")
    for folder in (settings.failed_dir, settings.processing_dir, inbox / "only-temp"):
        folder.mkdir()
        (folder / "x.pdf" if folder != inbox / "only-temp" else folder / "x.pdf.part").write_bytes(b"x")
    fake_pdf(inbox / "cv.pdf", "real")
    watcher.run(oneshot=True)
    assert handled == ["cv.pdf"]
    assert (inbox / "cv.pdf.part").exists() and (inbox / "only-temp" / "x.pdf.part").exists()


def test_a_folder_is_handed_over_once_all_of_it_settled(settings: Settings, store: Store) -> None:
    outcomes: list[Outcome] = []
    watcher = make_watcher(settings, ingesting(settings, store, outcomes), settle=0.8)
    folder = settings.inbox / "Ada Example"

    def copy_in() -> None:
        folder.mkdir()
        for i in range(6):
            fake_pdf(folder / f"doc{i}.pdf", f"document {i}")
            time.sleep(0.1)

    with running(watcher):
        copy_in()
        wait_for(lambda: bool(outcomes))
    assert len(outcomes) == 6 and all(isinstance(o, Accepted) for o in outcomes)
    assert len({o.case_id for o in outcomes if isinstance(o, Accepted)}) == 1


def test_the_periodic_rescan_finds_what_events_missed(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes: list[Outcome] = []
    watcher = make_watcher(settings, ingesting(settings, store, outcomes), settle=0.1, rescan=0.3)

    class Deaf:  # an observer that never reports anything
        def stop(self) -> None: ...
        def join(self, timeout: float) -> None: ...

    monkeypatch.setattr(watcher, "_start_observer", lambda: Deaf())
    with running(watcher):
        fake_pdf(settings.inbox / "late.pdf", "late")
        wait_for(lambda: bool(outcomes))
    assert [o.file for o in outcomes] == ["late.pdf"]


def test_a_handler_error_does_not_stop_the_watcher(settings: Settings) -> None:
    handled: list[str] = []

    def handle(path: Path) -> None:
        handled.append(path.name)
        if path.name == "a.pdf":
            raise RuntimeError("boom")
        path.unlink()

    watcher = make_watcher(settings, handle, settle=0.1)
    fake_pdf(settings.inbox / "a.pdf", "a")
    fake_pdf(settings.inbox / "b.pdf", "b")
    with running(watcher):
        wait_for(lambda: "b.pdf" in handled)
    assert handled[:2] == ["a.pdf", "b.pdf"]


# ---------------------------------------------------------------- with the real reader


def bad_inputs(inbox: Path) -> dict[str, str]:
    """Each bad file and a word its reason must contain."""
    from pdf_factory import encrypted_pdf, text_pdf_bytes

    encrypted_pdf(inbox / "encrypted.pdf", ["secret CV"])
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "not-a-pdf.pdf").write_bytes(b"PK\x03\x04 this is a zip, not a PDF")
    (inbox / "truncated.pdf").write_bytes(text_pdf_bytes(["Ada Example"] * 3)[:400])
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    return {"encrypted.pdf": "encrypt", "empty.pdf": "empty", "not-a-pdf.pdf": "pdf",
            "truncated.pdf": "", "corrupt.pdf": ""}


def test_bad_inputs_end_in_failed_and_the_watcher_keeps_going(settings: Settings, store: Store) -> None:
    pytest.importorskip("intake.documents")
    from pdf_factory import text_pdf

    settings.inbox.mkdir(parents=True)
    expected = bad_inputs(settings.inbox)
    text_pdf(settings.inbox / "zz-good-cv.pdf", ["Ada Example", "Curriculum vitae"])
    env = rsi_env(settings)
    proc = subprocess.run([str(RSI), "watch", "--no-screen", "--oneshot"], env=env, capture_output=True, text=True,
                          timeout=240)
    assert proc.returncode == 0, proc.stderr
    for name, word in expected.items():
        reason = (settings.failed_dir / f"{name}.error.txt").read_text()
        assert (settings.failed_dir / name).exists()
        assert "error: " in reason and word in reason.lower(), reason
    assert counts(store)["processed"] == 1 and counts(store)["failed"] == len(expected)


def test_sigterm_stops_the_watcher_cleanly(settings: Settings, store: Store) -> None:
    pytest.importorskip("intake.documents")
    settings.inbox.mkdir(parents=True)
    proc = subprocess.Popen([str(RSI), "watch", "--no-screen"], env=rsi_env(settings), stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:  # type: ignore[union-attr]
            if "watching" in line:
                break
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert files_under(settings.processing_dir) == []
