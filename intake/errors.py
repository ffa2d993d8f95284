"""The error tree. Each error carries a machine code and a human message; edges map them once.

    RsiError(code, message)
    ├── IntakeError          a file could not be read (code says why: encrypted, corrupt, ...)
    ├── DuplicateDocument    same sha256 already filed (carries the existing case id)
    ├── ListFormatError      a reference list file is malformed
    ├── ListDownloadError    a list could not be fetched from its publisher
    ├── ListShrinkError      a new list version would remove more than a tenth of the entries
    ├── TransitionNotAllowed a case trigger is not allowed from its state or a guard failed
    ├── ConcurrentUpdate     another reviewer changed the case first (optimistic locking)
    ├── NotFound             a case, user or letter does not exist
    ├── LetterError          a letter could not be rendered or sent
    └── ExtractionRefused    extraction or screening of a case overran its time or memory bound
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine codes; the CLI prints them and the web maps them to HTTP statuses."""

    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    EMPTY = "empty"
    NOT_A_PDF = "not_a_pdf"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    DECOMPRESSION_BOMB = "decompression_bomb"
    UNSUPPORTED = "unsupported_type"
    TIMEOUT = "timeout"
    DUPLICATE = "duplicate"
    LIST_FORMAT = "list_format"
    LIST_DOWNLOAD = "list_download"
    LIST_SHRINK = "list_shrink"
    TRANSITION = "transition_not_allowed"
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    LETTER = "letter"
    LETTER_UNCERTAIN = "letter_uncertain"  # a send may have arrived; a person checks before --force
    INVALID = "invalid"
    INTERNAL = "internal"  # an unexpected exception while reading a file
    # Extraction of one document overran its bounds (intake/extract_worker.py); the case shows it.
    EXTRACTION_TIMEOUT = "extraction_timeout"
    EXTRACTION_MEMORY = "extraction_memory"
    EXTRACTION_FAILED = "extraction_failed"


class RsiError(Exception):
    """Base error: `code` for machines, `message` for people."""

    code: ErrorCode = ErrorCode.INVALID

    def __init__(self, message: str, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"


class IntakeError(RsiError):
    """A document could not be read."""

    code = ErrorCode.CORRUPT


class DuplicateDocument(RsiError):
    """The same content (sha256) was already filed."""

    code = ErrorCode.DUPLICATE

    def __init__(self, message: str, existing_case_id: str) -> None:
        super().__init__(message)
        self.existing_case_id = existing_case_id


class ListFormatError(RsiError):
    """A reference list file does not have the expected format."""

    code = ErrorCode.LIST_FORMAT


class ListDownloadError(RsiError):
    """A reference list could not be downloaded."""

    code = ErrorCode.LIST_DOWNLOAD


class ListShrinkError(RsiError):
    """A new list version would remove more than a tenth of the list's entries (refused unless allowed)."""

    code = ErrorCode.LIST_SHRINK


class TransitionNotAllowed(RsiError):
    """A case trigger is not allowed from its state, or one of its guards failed."""

    code = ErrorCode.TRANSITION


class ConcurrentUpdate(RsiError):
    """Another actor changed the case since it was read."""

    code = ErrorCode.CONFLICT


class NotFound(RsiError):
    """The requested object does not exist."""

    code = ErrorCode.NOT_FOUND


class LetterError(RsiError):
    """A letter could not be rendered, written or sent."""

    code = ErrorCode.LETTER


class ExtractionRefused(RsiError):
    """Extracting or screening a case's documents overran its time or memory bound."""

    code = ErrorCode.EXTRACTION_TIMEOUT
