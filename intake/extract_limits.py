"""Bounds on extracting and screening one case: time and memory of the worker, text per document.

Extraction costs grow with the text (spaCy NER and the entry readers run over every line: about
30-140 KB of text per CPU second here), so the text one document hands to extraction is capped
first (`max_extract_chars`), and the worker process that runs extraction and screening is capped in
time and memory (intake/extract_worker.py). A cut or refused document is said on the profile.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from intake.records import Document, Page
from intake.settings import Settings

GIB = 1 << 30


@dataclass(frozen=True)
class ExtractLimits:
    """How much work extracting and screening one case may cost."""

    timeout_s: float = 60.0
    max_memory_bytes: int = 4 * GIB
    max_chars: int = 300_000

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractLimits:
        """The limits configured in settings (RSI_EXTRACT_TIMEOUT_S, RSI_MAX_EXTRACT_CHARS, ...)."""
        return cls(
            timeout_s=settings.extract_timeout_s,
            max_memory_bytes=settings.max_extract_memory_bytes,
            max_chars=settings.max_extract_chars,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def cap_text(document: Document, max_chars: int) -> Document:
    """The document with at most max_chars of page text (cut at a line end), and a warning if cut."""
    total = sum(len(page.text) for page in document.pages)
    if total <= max_chars:
        return document
    pages: list[Page] = []
    left = max_chars
    for page in document.pages:
        if left <= 0:
            break
        text = page.text
        if len(text) > left:  # the last page read: cut at its last whole line within the cap
            cut = text.rfind("\n", 0, left)
            pages.append(page.model_copy(update={"text": text[: cut if cut > 0 else left]}))
            break
        pages.append(page)
        left -= len(text)
    kept = sum(len(p.text) for p in pages)
    last = pages[-1].number if pages else 0
    warning = (
        f"only the first {kept:,} of {total:,} characters were extracted (up to page {last} of "
        f"{len(document.pages)}; max_extract_chars); facts after that point are missing"
    )
    return document.model_copy(update={"pages": pages, "warnings": [*document.warnings, warning]})


def cap_documents(documents: list[Document], max_chars: int) -> list[Document]:
    """Every document capped to max_chars of text (see cap_text)."""
    return [cap_text(d, max_chars) for d in documents]
