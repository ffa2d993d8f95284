"""Bounded extraction: a case's documents are extracted and screened in a time- and memory-capped child.

Parent side, `assess_isolated(documents, reference, config, today, limits)`: cap each document's text
(max_chars), borrow a worker, send the request, and wait at most `limits.timeout_s` per document
(the child says which document it starts, and when it starts screening). A worker that overruns is
killed with its process group; one that runs out of memory dies or answers so. The document it was
on is then left out - recorded on the profile as an ExtractionRefusal with a coded reason, which
the rule EXTRACTION_REFUSED turns into a finding - and the rest of the case is extracted again, so
one hostile file never costs a case its other documents, and never holds the watcher longer than
its limit. When the screening overruns (its cost grows with the facts: some rules compare every pair
of appointments), the document that gave the most facts is left out the same way; with no facts to
blame, ExtractionRefused says the case could not be screened.

Child side, `python -m intake.extract_worker MEMORY_BYTES`: cap the address space (RLIMIT_AS), import
spaCy and the screening stack, say "ready", then answer requests until stdin closes. Requests come
from the parent as length-prefixed pickles (the parent is trusted); replies go back as JSON lines
(the child has handled hostile input, so the parent only parses data from it). The reference data
is sent once per worker and kept, with its spaCy pipeline, for the next cases.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import json
import os
import pickle
import resource
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from intake.child_process import ChildProcess
from intake.errors import ErrorCode, ExtractionRefused
from intake.extract_limits import GIB, ExtractLimits, cap_documents
from intake.records import Document, ExtractionRefusal, Profile, Screening

if TYPE_CHECKING:
    from intake.screen import ScreeningConfig
    from intake.screen.lists import ReferenceData

STARTUP_TIMEOUT_S = 120.0  # importing spaCy, and building the gazetteer pipeline for a new list version
GRACE_S = 1.0
MAX_IDLE_WORKERS = 2  # each holds a spaCy model and the lists: a few hundred MB
_LENGTH = struct.Struct(">Q")


class WorkerUnavailable(RuntimeError):
    """The extraction process could not be started: a fault of this machine, not of a document."""


class _Overrun(Exception):
    """The child overran on document `at` (len(documents) = while screening); `facts[i]` is how many
    facts the profile held when document i began (and, last, when the screening began)."""

    def __init__(self, at: int | None, code: ErrorCode, cause: str, facts: list[int] | None = None) -> None:
        super().__init__(cause)
        self.at, self.code, self.cause, self.facts = at, code, cause, facts or []

    def culprit(self, documents: int) -> int | None:
        """The document to leave out: the one overrun, or while screening the one with the most facts."""
        if self.at is not None and self.at < documents:
            return self.at
        if self.at == documents and len(self.facts) == documents + 1:
            gained = [self.facts[i + 1] - self.facts[i] for i in range(documents)]
            if gained and max(gained) > 0:
                return gained.index(max(gained))
        return None


# ---------------------------------------------------------------- parent side


class _Worker(ChildProcess):
    """One child extraction process and the protocol to it."""

    def __init__(self, memory_bytes: int) -> None:
        # one NER thread: BLAS thread pools reserve address space under the cap
        super().__init__("intake.extract_worker", memory_bytes,
                         {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
        self.reference_key: str | None = None
        try:
            ready = self.read_line(time.monotonic() + STARTUP_TIMEOUT_S)
        except TimeoutError:
            ready = None
        if ready is None or json.loads(ready).get("ready") is not True:
            self.kill()
            raise WorkerUnavailable(
                f"the extraction process did not start within max_extract_memory_bytes="
                f"{memory_bytes / GIB:g} GiB and {STARTUP_TIMEOUT_S:g} s"
            )

    def send(self, payload: dict[str, Any]) -> None:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        stdin = self._pipe(self.proc.stdin)
        stdin.write(_LENGTH.pack(len(data)) + data)
        stdin.flush()


class _Pool:
    """Idle workers per memory cap; one worker serves one case at a time."""

    def __init__(self) -> None:
        self._idle: dict[int, list[_Worker]] = {}
        self._lock = threading.Lock()

    def acquire(self, memory_bytes: int, reference_key: str) -> _Worker:
        """An idle live worker, preferably one that already holds this reference data."""
        with self._lock:
            idle = [w for w in self._idle.get(memory_bytes, []) if w.alive()]
            idle.sort(key=lambda w: w.reference_key == reference_key)
            if idle:
                worker = idle.pop()
                self._idle[memory_bytes] = idle
                return worker
        return _Worker(memory_bytes)

    def release(self, worker: _Worker) -> None:
        if worker.alive():
            with self._lock:
                idle = self._idle.setdefault(worker.memory_bytes, [])
                if len(idle) < MAX_IDLE_WORKERS:
                    idle.append(worker)
                    return
            worker.close()

    def close_all(self) -> None:
        with self._lock:
            workers = [w for idle in self._idle.values() for w in idle]
            self._idle.clear()
        for worker in workers:
            worker.close()


_POOL = _Pool()
atexit.register(_POOL.close_all)
_reference_cache: dict[int, tuple[Any, str, bytes]] = {}  # id(reference) -> (reference, key, pickle)


def shutdown_workers() -> None:
    """Stop the idle extraction processes; the next case starts a fresh one."""
    _POOL.close_all()


def assess_isolated(
    documents: list[Document],
    reference: ReferenceData,
    config: ScreeningConfig,
    today: date,
    limits: ExtractLimits,
) -> tuple[Profile, Screening]:
    """Profile and screening of a case, each document extracted within limits (see module doc)."""
    docs = cap_documents(documents, limits.max_chars)
    key, packed = _packed_reference(reference)
    kept = list(range(len(docs)))
    refusals: list[ExtractionRefusal] = []
    while True:
        request = {
            "kind": "assess",
            "documents": [docs[i].model_dump(mode="json") for i in kept],
            "refusals": [r.model_dump(mode="json") for r in refusals],
            "config": config,
            "today": today,
        }
        try:
            reply = _run(request, key, packed, limits)
        except _Overrun as exc:
            culprit = exc.culprit(len(kept))
            if culprit is None:
                raise ExtractionRefused(f"screening the extracted profile {exc.cause}", exc.code) from None
            doc = docs[kept.pop(culprit)]
            what = "extracting this document" if exc.at == culprit else (
                f"screening the {exc.facts[culprit + 1] - exc.facts[culprit]:,} facts read from this document")
            refusals.append(ExtractionRefusal(
                file_name=doc.file_name, document_sha256=doc.sha256, code=exc.code.value,
                message=f"{what} {exc.cause}; it was left out, so its facts are missing",
            ))
            continue
        return Profile.model_validate(reply["profile"]), Screening.model_validate(reply["screening"])


def _packed_reference(reference: ReferenceData) -> tuple[str, bytes]:
    """The reference data pickled without its built matchers, and a key naming its content."""
    cached = _reference_cache.get(id(reference))
    if cached is not None and cached[0] is reference:
        return cached[1], cached[2]
    bare = dataclasses.replace(reference)  # a fresh instance: cached matchers are rebuilt in the child
    packed = pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL)
    key = hashlib.sha256(packed).hexdigest()
    _reference_cache.clear()  # one list version at a time, as the spaCy pipelines
    _reference_cache[id(reference)] = (reference, key, packed)
    return key, packed


def _run(request: dict[str, Any], key: str, packed: bytes, limits: ExtractLimits) -> dict[str, Any]:
    """One assess request on a pooled worker; _Overrun names the document at fault."""
    for attempt in range(2):
        worker = _POOL.acquire(limits.max_memory_bytes, key)
        try:
            if worker.reference_key != key:
                _load_reference(worker, key, packed)
            worker.send(request)
        except BrokenPipeError:  # it died while idle: not this case's fault
            worker.kill()
            if attempt:
                raise WorkerUnavailable("the extraction process keeps dying before extracting") from None
            continue
        return _await(worker, limits)
    raise AssertionError("unreachable")


def _load_reference(worker: _Worker, key: str, packed: bytes) -> None:
    """Give the worker this reference data (and let it build its pipeline) outside the case's clock."""
    worker.send({"kind": "reference", "reference": packed})
    try:
        line = worker.read_line(time.monotonic() + STARTUP_TIMEOUT_S)
    except TimeoutError:
        line = None
    if line is None or not json.loads(line).get("ok"):
        worker.kill()
        raise WorkerUnavailable(
            "the extraction process could not load the reference lists within "
            f"max_extract_memory_bytes={worker.memory_bytes / GIB:g} GiB"
        )
    worker.reference_key = key


def _await(worker: _Worker, limits: ExtractLimits) -> dict[str, Any]:
    """Progress lines until the reply; each document (and the screening) gets limits.timeout_s."""
    at: int | None = None
    facts: list[int] = []
    while True:
        try:
            line = worker.read_line(time.monotonic() + limits.timeout_s + GRACE_S)
        except TimeoutError:
            worker.kill()
            raise _Overrun(at, ErrorCode.EXTRACTION_TIMEOUT,
                           f"took longer than {limits.timeout_s:g} s and was stopped (extract_timeout_s)",
                           facts) from None
        if line is None:
            raise _death(worker, at, limits, facts)
        message = json.loads(line)
        if "at" in message and "ok" not in message:
            at = message["at"]
            facts.append(message["facts"])
            continue
        if message.get("exit"):
            worker.proc.wait()
        _POOL.release(worker)
        if not message["ok"]:
            raise _Overrun(message.get("at", at), ErrorCode(message["code"]), message["cause"], facts)
        return message


def _death(worker: _Worker, at: int | None, limits: ExtractLimits, facts: list[int]) -> _Overrun:
    """A child that died mid-case: out of memory (the usual cause under RLIMIT_AS) or crashed."""
    code = worker.proc.wait()
    if code < 0 and signal.Signals(-code) in {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL}:
        return _Overrun(at, ErrorCode.EXTRACTION_FAILED,
                        f"crashed the extraction process ({signal.Signals(-code).name})", facts)
    return _Overrun(at, ErrorCode.EXTRACTION_MEMORY, _memory_cause(limits.max_memory_bytes), facts)


def _memory_cause(memory_bytes: int) -> str:
    return f"needed more than {memory_bytes / GIB:g} GiB of memory and was stopped (max_extract_memory_bytes)"


# ---------------------------------------------------------------- child side


@dataclasses.dataclass
class _State:
    reference: Any = None


def _serve(request: dict[str, Any], state: _State, emit: Callable[[dict[str, Any]], None]) -> bool:
    """Answer one request; True when the worker must exit afterwards (memory state unsure)."""
    memory = resource.getrlimit(resource.RLIMIT_AS)[0]
    if request["kind"] == "reference":
        try:
            state.reference = pickle.loads(request["reference"])
            _warm(state.reference)
            emit({"ok": True})
            return False
        except MemoryError:
            emit({"ok": False, "code": ErrorCode.EXTRACTION_MEMORY.value, "cause": _memory_cause(memory)})
            return True
    from intake.pipeline import assess

    at: list[int] = []

    def progress(i: int, profile: Profile) -> None:
        at[:] = [i]
        emit({"at": i, "facts": _facts(profile)})

    try:
        documents = [Document.model_validate(d) for d in request["documents"]]
        refusals = [ExtractionRefusal.model_validate(r) for r in request["refusals"]]
        profile, screening = assess(documents, state.reference, request["config"], request["today"],
                                    on_document=progress, refusals=refusals)
        emit({"ok": True, "profile": profile.model_dump(mode="json"),
              "screening": screening.model_dump(mode="json")})
        return False
    except MemoryError:
        emit({"ok": False, "code": ErrorCode.EXTRACTION_MEMORY.value, "cause": _memory_cause(memory),
              "at": at[0] if at else None, "exit": True})
        return True
    except Exception as exc:  # an extractor bug on a hostile file is that file's refusal, not the case's
        emit({"ok": False, "code": ErrorCode.EXTRACTION_FAILED.value,
              "cause": f"failed ({type(exc).__name__}: {exc})", "at": at[0] if at else None})
        return False


def _facts(profile: Profile) -> int:
    """How many facts a profile holds (every list of it but its warnings and refusals)."""
    return sum(len(v) for k, v in profile if isinstance(v, list) and k not in {"warnings", "extraction_refusals"})


def _warm(reference: Any) -> None:
    """Build the spaCy pipeline for this gazetteer, the place gazetteer and the list matchers before any
    case is timed."""
    from intake import places
    from intake.extract.nlp import pipeline

    pipeline(reference.gazetteer())
    places.warm()
    for name in ("matcher", "program_matcher", "funder_matcher", "org_countries"):
        getattr(reference, name, None)


def _read_request(stream: IO[bytes]) -> dict[str, Any] | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    return pickle.loads(data)  # from the parent, which started this process


def _exit_with_parent(parent: int, interval_s: float = 0.5) -> None:
    """End this worker when the parent dies (kill -9 of the watcher): no orphans."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval_s)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str]) -> int:
    """Worker loop: cap memory, import the stages, answer requests until stdin closes."""
    _exit_with_parent(os.getppid())
    memory = int(argv[0])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # libraries that print must not corrupt the protocol

    def emit(message: dict[str, Any]) -> None:
        replies.write(json.dumps(message).encode() + b"\n")
        replies.flush()

    import warnings

    warnings.filterwarnings("ignore", module="spacy")  # an empty gazetteer's ruler warns per document
    try:
        import importlib

        for heavy in ("intake.extract.cv", "intake.pipeline", "intake.screen.rules"):
            importlib.import_module(heavy)  # before the first case is timed
        from intake.extract.nlp import pipeline

        pipeline([])
    except MemoryError:
        return 1
    emit({"ready": True})
    state = _State()
    stdin = sys.stdin.buffer
    while (request := _read_request(stdin)) is not None:
        if _serve(request, state, emit):
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
