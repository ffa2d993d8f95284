"""Isolated parsing: PDF and DOCX are read in a long-lived child process with capped memory and time.

Parent side, `parse_isolated(path, media_type, limits)`: borrow a worker from a small pool, send
one JSON request line, wait at most `limits.timeout_s` for one JSON reply line. A worker that
overruns is killed with its process group (tesseract included); a worker that dies is replaced.
Child side, `python -m intake.read_worker MEMORY_BYTES`: cap the address space (RLIMIT_AS), say
"ready", then answer requests until stdin closes. pdfium aborts when an allocation fails under the
cap, so a child killed by SIGABRT ran out of memory: a decompression bomb.
Workers are reused because spawning one (imports included) costs ~0.3 s, a warm request ~1 ms.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from intake.child_process import ChildProcess
from intake.errors import ErrorCode
from intake.limits import GIB, ReadLimits
from intake.parsed import Parsed, ReadFailure

STARTUP_TIMEOUT_S = 60.0
GRACE_S = 2.0  # the child enforces the deadline on OCR itself; the parent's kill is the backstop
MAX_IDLE_WORKERS = 4
_CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL}


class WorkerUnavailable(RuntimeError):
    """The reader process could not be started: a fault of this machine, not of the document."""


# ---------------------------------------------------------------- parent side


class _Worker(ChildProcess):
    """One child reader process and the line protocol to it."""

    def __init__(self, memory_bytes: int) -> None:
        super().__init__("intake.read_worker", memory_bytes)
        if self.read_line(time.monotonic() + STARTUP_TIMEOUT_S) != b"ready":
            self.kill()
            raise WorkerUnavailable("the document reader process did not start")

    def request(self, payload: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        """Send one request; the reply, None when the child died, TimeoutError when it overran."""
        stdin = self._pipe(self.proc.stdin)
        stdin.write(json.dumps(payload).encode() + b"\n")  # BrokenPipeError: it died while idle
        stdin.flush()
        line = self.read_line(time.monotonic() + timeout_s)
        return None if line is None else json.loads(line)


class _Pool:
    """Idle workers per memory cap, shared by threads; one worker serves one request at a time."""

    def __init__(self) -> None:
        self._idle: dict[int, list[_Worker]] = {}
        self._lock = threading.Lock()

    def acquire(self, memory_bytes: int) -> _Worker:
        """An idle live worker with this memory cap, or a new one."""
        with self._lock:
            idle = self._idle.setdefault(memory_bytes, [])
            while idle:
                worker = idle.pop()
                if worker.alive():
                    return worker
        return _Worker(memory_bytes)

    def release(self, worker: _Worker) -> None:
        """Keep a live worker for the next request (up to MAX_IDLE_WORKERS), close the rest."""
        if worker.alive():
            with self._lock:
                idle = self._idle.setdefault(worker.memory_bytes, [])
                if len(idle) < MAX_IDLE_WORKERS:
                    idle.append(worker)
                    return
            worker.close()

    def close_all(self) -> None:
        """Stop every idle worker (at exit, or to free memory)."""
        with self._lock:
            workers = [w for idle in self._idle.values() for w in idle]
            self._idle.clear()
        for worker in workers:
            worker.close()


_POOL = _Pool()
atexit.register(_POOL.close_all)


def shutdown_workers() -> None:
    """Stop the idle reader processes; the next read starts a fresh one."""
    _POOL.close_all()


def parse_isolated(path: Path, media_type: str, limits: ReadLimits) -> Parsed:
    """Parse `path` in a worker within limits.timeout_s and limits.max_memory_bytes."""
    request = {"path": str(path.resolve()), "media_type": media_type, "limits": limits.to_json()}
    worker, reply = _ask(request, limits)
    if reply is None:
        raise _death(worker, limits)
    if not reply["ok"]:
        raise ReadFailure(ErrorCode(reply["code"]), reply["cause"])
    return Parsed.from_json(reply["parsed"])


def _ask(request: dict[str, Any], limits: ReadLimits) -> tuple[_Worker, dict[str, Any] | None]:
    """Send one request to a pooled worker; one found dead before taking it is replaced once."""
    for attempt in range(2):
        worker = _POOL.acquire(limits.max_memory_bytes)
        try:
            reply = worker.request(request, limits.timeout_s + GRACE_S)
        except BrokenPipeError:  # it died while idle: not this file's fault
            worker.kill()
            if attempt:
                raise WorkerUnavailable("the document reader process keeps dying before reading") from None
            continue
        except TimeoutError:
            worker.kill()
            cause = f"took longer than {limits.timeout_s:g} s to read and was abandoned (read_timeout_s)"
            raise ReadFailure(ErrorCode.TIMEOUT, cause) from None
        if reply is None or reply.get("exit"):
            worker.proc.wait()  # reap it first, so the pool never hands out a dying worker
        _POOL.release(worker)
        return worker, reply
    raise AssertionError("unreachable")


def _death(worker: _Worker, limits: ReadLimits) -> ReadFailure:
    """Explain a child that died mid-read: a crash, or (most often) memory exhausted."""
    code = worker.proc.wait()
    if code < 0 and signal.Signals(-code) in _CRASH_SIGNALS:
        return ReadFailure(
            ErrorCode.CORRUPT,
            f"crashed the document reader ({signal.Signals(-code).name}); it is damaged or hostile",
        )
    return ReadFailure(ErrorCode.DECOMPRESSION_BOMB, bomb_cause(limits))


def bomb_cause(limits: ReadLimits) -> str:
    """The cause given for a file whose unpacking outgrew the memory cap."""
    return (
        f"needs more than {limits.max_memory_bytes / GIB:g} GiB of memory to unpack "
        "(a 'decompression bomb': small on disk, enormous when opened); it was not read"
    )


# ---------------------------------------------------------------- child side


def _serve(request: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Answer one request; the flag says the worker must exit afterwards (memory state unsure)."""
    limits = ReadLimits(**request["limits"])
    deadline = time.monotonic() + limits.timeout_s
    try:
        parsed = _read(Path(request["path"]), request["media_type"], limits, deadline)
        return {"ok": True, "parsed": parsed.to_json()}, False
    except ReadFailure as exc:
        return {"ok": False, "code": exc.code.value, "cause": exc.cause}, False
    except MemoryError:
        return {
            "ok": False,
            "code": ErrorCode.DECOMPRESSION_BOMB.value,
            "cause": bomb_cause(limits),
            "exit": True,
        }, True
    except Exception as exc:  # any reader bug on a hostile file is that file's failure, not the worker's
        return {
            "ok": False,
            "code": ErrorCode.CORRUPT.value,
            "cause": f"could not be read ({type(exc).__name__}: {exc})",
        }, False


def _read(path: Path, media_type: str, limits: ReadLimits, deadline: float) -> Parsed:
    """Dispatch to the format reader."""
    from intake.docx_reader import read_docx
    from intake.pdf_reader import read_pdf

    if media_type == "pdf":
        return read_pdf(path, limits, deadline)
    if media_type == "docx":
        return read_docx(path, limits)
    raise ReadFailure(
        ErrorCode.UNSUPPORTED, f"has type {media_type!r}, which the isolated reader does not handle"
    )


def _exit_with_parent(parent: int, interval_s: float = 0.5) -> None:
    """End this worker and its tesseract when the parent dies (kill -9 of the watcher): no orphans."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval_s)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str]) -> int:
    """Worker loop: cap memory, preload readers, answer one JSON line per request."""
    _exit_with_parent(os.getppid())
    memory = int(argv[0])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # C libraries that print to stdout must not corrupt the protocol

    replies.write(b"ready\n")
    replies.flush()
    for line in sys.stdin.buffer:
        reply, must_exit = _serve(json.loads(line))
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()
        if must_exit:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
