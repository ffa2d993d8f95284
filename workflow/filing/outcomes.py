"""Intake records: the typed outcomes of filing a file, the context passed down, a claim's members.

Outcomes follow STYLE.md item 3: `Accepted | Duplicate | Failed(code, message)`, never None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from intake.records import Document
from intake.settings import Settings
from workflow.filing import claims
from workflow.filing.claims import WorkerId
from workflow.cases.store import Store

Reader = Callable[[Path, str, str], Document]  # (path, display name, sha256) -> Document
AfterFiled = Callable[[str], None]


@dataclass(frozen=True)
class Accepted:
    """The file was filed as a document of `case_id`."""

    file: str
    sha256: str
    case_id: str
    document_id: int
    archived_path: str


@dataclass(frozen=True)
class Duplicate:
    """The same content was filed before; this copy is linked to it, not processed again."""

    file: str
    sha256: str
    case_id: str
    duplicate_of: int
    linked: bool = False  # filed in another case, linked into `case_id` because the name gave its id


@dataclass(frozen=True)
class Failed:
    """The file could not be filed; it sits in failed/ next to a reason file."""

    file: str
    code: str
    message: str
    sha256: str | None = None
    failed_path: str | None = None


Outcome = Accepted | Duplicate | Failed


@dataclass(frozen=True)
class IntakeContext:
    """What the intake use case needs, built once at the edge and passed down."""

    settings: Settings
    store: Store
    worker: WorkerId
    read: Reader
    hash: Callable[[Path], str]
    after_filed: AfterFiled | None = None

    @property
    def actor(self) -> str:
        return f"intake@{self.worker.label}"

    @property
    def claim_dir(self) -> Path:
        return claims.worker_dir(self.settings.processing_dir, self.worker)


def make_context(
    settings: Settings, store: Store, *, after_filed: AfterFiled | None = None, reader: Reader | None = None
) -> IntakeContext:
    """The context for this process; the real document reader unless a test passes its own."""
    from intake.documents import ReadLimits, read_document, sha256_file

    if reader is None:
        limits = ReadLimits.from_settings(settings)

        def reader(path: Path, name: str, sha256: str) -> Document:
            return read_document(path, limits, display_name=name, sha256=sha256)

    return IntakeContext(settings, store, WorkerId.current(), reader, sha256_file, after_filed)


@dataclass
class Member:
    """One file of a claim: where it waits, its job row name and what became of it."""

    path: Path
    claim_name: str
    name: str  # as dropped, made printable (a folder member keeps its relative path)
    safe: str  # a flat safe name in the case's archive folder
    dup_name: str  # its name in archive/duplicates/ (unique: starts with the claim's uuid)
    failed_name: str  # its name in failed/ (a folder member keeps the folder's name in front)
    result: Document | Duplicate | Failed | None = None
    outcome: Outcome | None = None
    dest: Path | None = field(default=None, repr=False)
