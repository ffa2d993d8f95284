"""Watch the inbox: find dropped files and folders, wait until they are complete, hand them over.

Follows paperless-ngx's consumer (STYLE.md item 6): a scan of what is already there at start-up,
watchdog events, a periodic full rescan because watchers miss files (paperless GH #13011), a
stability check (size and mtime unchanged for `settle_seconds`, still there, and on Linux not
open for writing), ignore lists for temporary and hidden files, and one pending entry per path so
nothing is queued twice (GH #13511). No database here: a ready path goes to the `handle` callback,
which claims it; a folder dropped into the inbox is handed over as one unit once all of it settled.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import queue
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

log = logging.getLogger("rsi.watcher")

IGNORED_NAMES = frozenset(
    {"thumbs.db", "desktop.ini", "ehthumbs.db", "@eadir", ".ds_store", ".stfolder", ".stversions"}
)
IGNORED_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp", ".swx", "~")


def is_ignored(name: str) -> bool:
    """True for names that are never documents: hidden, temporary, lock and OS metadata files."""
    low = name.lower()
    return (
        low in IGNORED_NAMES
        or low.startswith((".", "~$"))
        or low.endswith(IGNORED_SUFFIXES)
    )


# ---------------------------------------------------------------- is it complete?


@dataclass(frozen=True)
class Snapshot:
    """What a path looks like now: a signature that changes with any write, and its newest mtime."""

    signature: tuple[tuple[str, int, int], ...]
    newest_mtime: float
    files: tuple[Path, ...]  # regular files to check for open writers
    has_documents: bool  # false for a folder holding only temporary or hidden files


def snapshot(path: Path) -> Snapshot | None:
    """A snapshot of a dropped file or folder (without following links), None if it is gone."""
    try:
        st = path.lstat()
        if not stat.S_ISDIR(st.st_mode):
            regular = (path,) if stat.S_ISREG(st.st_mode) else ()
            return Snapshot((("", st.st_size, st.st_mtime_ns),), st.st_mtime, regular, True)
        entries = [("", 0, st.st_mtime_ns)]
        files: list[Path] = []
        has_documents = False
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames + filenames:
                full = Path(dirpath, name)
                est = full.lstat()
                entries.append((full.relative_to(path).as_posix(), est.st_size, est.st_mtime_ns))
                if stat.S_ISREG(est.st_mode):
                    files.append(full)
                    has_documents = has_documents or not is_ignored(name)
        newest = max(e[2] for e in entries) / 1e9
        return Snapshot(tuple(sorted(entries)), newest, tuple(files), has_documents)
    except FileNotFoundError:
        return None


def open_for_writing(path: Path) -> bool:
    """True when some process holds `path` open for writing (Linux read lease); False if unknown."""
    if not hasattr(fcntl, "F_SETLEASE"):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        # EAGAIN: a writer has it open. EACCES/EINVAL (not our file, no lease support): can't tell.
        return exc.errno in (errno.EAGAIN, errno.EBUSY)
    else:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


class SettleTracker:
    """Decides when a path has stopped changing: same signature for `settle_seconds`."""

    def __init__(self, settle_seconds: float) -> None:
        self.settle_seconds = settle_seconds
        self._seen: dict[Path, tuple[tuple[tuple[str, int, int], ...], float]] = {}

    def observe(self, path: Path, snap: Snapshot, now: float, wall_now: float) -> bool:
        """Record a snapshot taken at monotonic `now`; True once the path counts as settled.

        On first sight, something whose newest mtime is already `settle_seconds` old is settled
        (files found at start-up need no extra wait); otherwise it must stay unchanged that long.
        """
        previous = self._seen.get(path)
        if previous is None or previous[0] != snap.signature:
            self._seen[path] = (snap.signature, now)
            return previous is None and wall_now - snap.newest_mtime >= self.settle_seconds
        return now - previous[1] >= self.settle_seconds

    def forget(self, path: Path) -> None:
        """Drop what was recorded about `path` (it was handled or disappeared)."""
        self._seen.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._seen


# ---------------------------------------------------------------- the watcher


class InboxWatcher:
    """Finds inbox entries, waits for them to settle, and calls `handle(path)` for each, in order."""

    def __init__(
        self,
        inbox: Path,
        handle: Callable[[Path], None],
        *,
        settle_seconds: float,
        rescan_interval_s: float,
        skip: Iterable[Path] = (),
        on_rescan: Callable[[], None] | None = None,
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        self.inbox = inbox.absolute()
        self.handle = handle
        self.rescan_interval_s = rescan_interval_s
        self.on_rescan = on_rescan
        self.on_tick = on_tick  # between two entries, every tick (the caller throttles it)
        self.tracker = SettleTracker(settle_seconds)
        self.tick_s = min(0.5, max(0.05, settle_seconds / 4))
        self._skip = {p.name for p in skip if p.absolute().parent == self.inbox}
        self._pending: dict[Path, None] = {}  # the `queued` set, in arrival order
        self._events: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._oneshot = False

    def stop(self) -> None:
        """Ask the loop to finish after the entry being handled (safe from signal handlers)."""
        self._stop.set()

    def run(self, *, oneshot: bool = False) -> None:
        """Handle everything already there, then (unless `oneshot`) watch until stopped."""
        self._oneshot = oneshot
        self._install_signal_handlers()
        log.info("watching %s%s", self.inbox, " once" if oneshot else "")
        # Start the observer before the first scan: anything dropped in between is then seen by
        # one or the other (scanning first left a window in which a new folder was missed).
        observer = None if oneshot else self._start_observer()
        self.scan()
        next_rescan = time.monotonic() + self.rescan_interval_s
        try:
            while not self._stop.is_set():
                self._drain_events()
                if time.monotonic() >= next_rescan:
                    self._rescan()
                    next_rescan = time.monotonic() + self.rescan_interval_s
                self.handle_ready()
                self._tick()
                if oneshot and not self._pending:
                    return
                self._stop.wait(self.tick_s)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)

    def scan(self) -> None:
        """Queue every candidate entry of the inbox (start-up and periodic rescans)."""
        try:
            names = sorted(os.listdir(self.inbox))
        except FileNotFoundError:
            return
        for name in names:
            self._queue(self.inbox / name)

    def handle_ready(self) -> None:
        """Check each pending entry once; hand over those that settled, drop those that went."""
        for path in list(self._pending):
            if self._stop.is_set():
                return
            snap = snapshot(path)
            if snap is None:
                self._done(path)  # gone: claimed by another worker, or deleted
                continue
            if not snap.has_documents:
                if self._oneshot:
                    self._done(path)
                continue  # a folder with only temporary files so far: keep watching it
            if not self.tracker.observe(path, snap, time.monotonic(), time.time()):
                continue
            if any(open_for_writing(f) for f in snap.files):
                continue
            self._done(path)
            try:
                self.handle(path)
            except Exception:  # one bad entry must never stop the watcher
                # A failure here is the machine's (e.g. a locked database), not the file's, which
                # ingest would have quarantined: keep it pending so it is retried once settled again.
                log.exception("handling %s failed; it will be retried", path.name)
                self._pending.setdefault(path, None)

    def _queue(self, path: Path) -> None:
        name = path.name
        if name in self._skip or is_ignored(name) or path.parent != self.inbox:
            return
        self._pending.setdefault(path, None)

    def _done(self, path: Path) -> None:
        self._pending.pop(path, None)
        self.tracker.forget(path)

    def _tick(self) -> None:
        if self.on_tick is None or self._stop.is_set():
            return
        try:
            self.on_tick()
        except Exception:  # e.g. the database is down: the next tick tries again
            log.exception("periodic work failed")

    def _rescan(self) -> None:
        if self.on_rescan is not None:
            try:
                self.on_rescan()
            except Exception:
                log.exception("periodic recovery failed")
        self.scan()

    def _drain_events(self) -> None:
        while True:
            try:
                raw = self._events.get_nowait()
            except queue.Empty:
                return
            try:
                rel = Path(raw).relative_to(self.inbox)
            except ValueError:
                continue
            if rel.parts:
                self._queue(self.inbox / rel.parts[0])

    def _start_observer(self) -> BaseObserver:
        events = self._events

        class Forward(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                events.put(os.fsdecode(event.src_path))
                if getattr(event, "dest_path", ""):
                    events.put(os.fsdecode(event.dest_path))

        observer = Observer()
        # Top level only: a pending folder is re-walked on every tick anyway, and a recursive
        # watch would follow every claim into .processing/.
        observer.schedule(Forward(), str(self.inbox), recursive=False)
        observer.start()
        return observer

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda _signum, _frame: self.stop())
