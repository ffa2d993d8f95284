"""File -> Document: detect the type by content, refuse hostile input, read text per page.

Cheap checks run here, in-process, before any parsing: existence, size (TOO_LARGE, EMPTY), magic
bytes (NOT_A_PDF, UNSUPPORTED), the PDF end marker (truncated -> CORRUPT) and a Word file's declared
unpacked size. PDF and DOCX are then parsed in an isolated worker with capped memory and time
(intake/read_worker.py); plain text is decoded here. Every refusal is an IntakeError whose message
names the file and the cause in words a research-security clerk understands.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from intake.errors import ErrorCode, IntakeError
from intake.limits import ReadLimits
from intake.parsed import Parsed, ReadFailure
from intake.records import Document, DocumentKind, Page
from intake.text_reader import read_text

__all__ = ["SUPPORTED_SUFFIXES", "ReadLimits", "guess_kind", "read_document", "sha256_file", "sniff"]

PUBLICATION_LISTS = {".bib": "bibtex", ".ris": "ris", ".csv": "csv"}
TEXT_SUFFIXES = frozenset({".txt", ".md", *PUBLICATION_LISTS})
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", *TEXT_SUFFIXES})
HEAD_BYTES = 8192
EOF_WINDOW = 16 * 1024  # %%EOF must appear this close to the end; allows trailing junk after it
_MAGIC = [
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
]
_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream Office adds to protected files
OLE_SCAN_BYTES = 1 << 20  # where to look for that stream's directory entry


def sha256_file(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """The file's SHA-256 (hex), read in chunks so large files never sit in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(head: bytes) -> str:
    """What the first bytes say the file is: 'pdf', 'zip', 'ole', 'html', a description, or 'other'."""
    if b"%PDF-" in head[:1024]:  # the spec allows leading junk before the header
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "other"


def read_document(
    path: Path, limits: ReadLimits, *, display_name: str | None = None, sha256: str | None = None
) -> Document:
    """Read a supported file into a Document, or raise IntakeError saying why it cannot be read."""
    name = display_name or path.name
    try:
        media_type, parsed = _read(path, limits)
    except ReadFailure as exc:
        raise IntakeError(f"'{name}' {exc.cause}.", exc.code) from None
    return build_document(path, name, sha256 or sha256_file(path), media_type, parsed)


def _read(path: Path, limits: ReadLimits) -> tuple[str, Parsed]:
    """Check the file, pick the reader by content, and parse it."""
    size = _checked_size(path, limits)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    content, suffix = sniff(head), path.suffix.lower()
    if content == "pdf":
        _check_pdf_end(path, size)
        return "pdf", _isolated(path, "pdf", limits)
    if suffix == ".pdf":
        raise ReadFailure(
            ErrorCode.NOT_A_PDF, f"is named .pdf but is not a PDF: its content is {_describe(content, head)}"
        )
    if content == "zip" and (suffix == ".docx" or _is_docx(path)):
        _check_docx(path, limits)
        return "docx", _isolated(path, "docx", limits)
    if suffix == ".docx":
        raise _not_docx(path, content, head)
    if suffix in TEXT_SUFFIXES:
        media_type = PUBLICATION_LISTS.get(suffix, "txt")
        with path.open("rb") as handle:  # capped: the file may have grown since it was measured
            return media_type, read_text(handle.read(limits.max_file_bytes), limits)
    raise ReadFailure(ErrorCode.UNSUPPORTED, _unsupported_cause(suffix, _describe(content, head)))


def _checked_size(path: Path, limits: ReadLimits) -> int:
    """The file size, refusing missing, non-regular, empty and oversized files."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ReadFailure(
            ErrorCode.NOT_FOUND, "does not exist (it was moved or deleted before it could be read)"
        ) from None
    if not path.is_file():
        raise ReadFailure(ErrorCode.UNSUPPORTED, "is not a regular file")
    if stat.st_size == 0:
        raise ReadFailure(ErrorCode.EMPTY, "is empty (0 bytes)")
    if stat.st_size > limits.max_file_bytes:
        raise ReadFailure(
            ErrorCode.TOO_LARGE,
            f"is {_mb(stat.st_size)}, over the {_mb(limits.max_file_bytes)} limit "
            "for one document (max_file_bytes)",
        )
    return stat.st_size


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _check_pdf_end(path: Path, size: int) -> None:
    """A PDF must end with %%EOF; without it the file was cut off (partial upload or copy)."""
    with path.open("rb") as handle:
        handle.seek(max(0, size - EOF_WINDOW))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise ReadFailure(
            ErrorCode.CORRUPT,
            "is incomplete: it stops before the end-of-file marker a PDF must have, "
            "so it was probably cut off during upload or copying; ask the sender for it again",
        )


def _is_docx(path: Path) -> bool:
    """True when a zip holds word/document.xml (a Word file whatever its name)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _check_docx(path: Path, limits: ReadLimits) -> None:
    """Refuse a Word file that is no Word file, or whose parts unpack to more than memory allows."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadFailure(
            ErrorCode.CORRUPT, f"is damaged: its Word (zip) structure cannot be read ({exc})"
        ) from None
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ReadFailure(
            ErrorCode.UNSUPPORTED, "is a zip archive but not a Word document (no word/document.xml inside)"
        )
    # python-docx loads every part, so the declared sizes bound its memory (zipfile stops at them).
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_memory_bytes // 2:
        raise ReadFailure(
            ErrorCode.DECOMPRESSION_BOMB,
            f"unpacks to {_mb(unpacked)}, far more than a Word document needs "
            "(a 'decompression bomb'); it was not read",
        )


def _not_docx(path: Path, content: str, head: bytes) -> ReadFailure:
    """Why a file named .docx cannot be read as one."""
    with path.open("rb") as handle:
        start = handle.read(OLE_SCAN_BYTES)
    if content == "ole" and _OLE_ENCRYPTED in start:
        return ReadFailure(
            ErrorCode.ENCRYPTED,
            "is a password-protected Word document; ask the sender for a copy without a password",
        )
    if content == "ole":
        return ReadFailure(
            ErrorCode.UNSUPPORTED, "is in the old Word 97-2003 format; ask for a .docx or PDF instead"
        )
    return ReadFailure(
        ErrorCode.CORRUPT,
        f"is named .docx but is not a Word document: its content is {_describe(content, head)}",
    )


def _describe(content: str, head: bytes) -> str:
    """The sniffed content in words, for 'its content is ...'."""
    if content == "zip":
        return "a zip archive (perhaps an Office file)"
    if content == "ole":
        return "an old-format Office file (.doc, .xls)"
    if content == "html":
        return "a web page (HTML), probably a failed download"
    if content != "other":
        return content
    return "plain text" if _looks_textual(head) else "unrecognised binary data"


def _looks_textual(head: bytes) -> bool:
    """True for UTF-8 (or 8-bit) text without control bytes other than layout ones."""
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f")
    try:
        head[:-4].decode("utf-8")  # the sample may end inside a multi-byte character
    except UnicodeDecodeError:
        return controls == 0 and sum(1 for b in head if b >= 128) < len(head) // 4
    return controls == 0


def _unsupported_cause(suffix: str, described: str) -> str:
    """Why a file of another type is refused, listing what is read."""
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    shown = suffix or "no extension"
    return (
        f"has type '{shown}' (its content is {described}), which rsi does not read; supported types: {kinds}"
    )


def _isolated(path: Path, media_type: str, limits: ReadLimits) -> Parsed:
    """Parse in the memory- and time-capped worker (imported late: text files never need it)."""
    from intake.read_worker import parse_isolated

    return parse_isolated(path, media_type, limits)


def guess_kind(media_type: str, parsed: Parsed) -> DocumentKind:
    """screening_form for filled forms or 'Screening Form' documents, publication_list, cv, or other."""
    if media_type in PUBLICATION_LISTS.values():
        return DocumentKind.PUBLICATION_LIST
    text = "\n".join(p.text for p in parsed.pages)
    filled = any(v and v != "No" for v in parsed.form_fields.values())
    if filled or "screening form" in f"{parsed.title}\n{text}".lower():
        return DocumentKind.SCREENING_FORM
    if text.strip():
        return DocumentKind.CV
    return DocumentKind.OTHER


def build_document(path: Path, name: str, sha256: str, media_type: str, parsed: Parsed) -> Document:
    """Assemble the Document record from a reader's output (pages numbered from 1)."""
    warnings = list(parsed.warnings)
    if not any(p.text.strip() for p in parsed.pages):
        warnings.append("no text could be read from this document")
    return Document(
        source_path=str(path),
        file_name=name,
        sha256=sha256,
        media_type=media_type,
        kind=guess_kind(media_type, parsed),
        pages=[Page(number=i, text=p.text, ocr_used=p.ocr_used, headings=p.headings,
                    not_headings=p.not_headings) for i, p in enumerate(parsed.pages, start=1)],
        form_fields=parsed.form_fields,
        warnings=warnings,
    )
