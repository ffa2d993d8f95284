"""What a format reader hands back before it becomes a Document, and the one error it may raise.

Readers run inside the isolated worker (intake/read_worker.py), so these types travel as JSON.
Their messages name the cause only; read_document adds the file name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from intake.errors import ErrorCode


class ReadFailure(Exception):
    """A reader's refusal: a code and a clerk-readable cause, without the file name."""

    def __init__(self, code: ErrorCode, cause: str) -> None:
        super().__init__(cause)
        self.code = code
        self.cause = cause


@dataclass
class ParsedPage:
    """One page's text and whether tesseract produced it."""

    text: str
    ocr_used: bool = False
    # lines set in the type of the page's headings, whatever their words (intake/layout.py)
    headings: list[str] = field(default_factory=list)
    not_headings: list[str] = field(default_factory=list)  # worded like headings, set as body text


@dataclass
class Parsed:
    """A format reader's output: pages in order, filled form fields, title and warnings."""

    pages: list[ParsedPage] = field(default_factory=list)
    form_fields: dict[str, str] = field(default_factory=dict)
    title: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict for the worker's reply."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Parsed:
        """Rebuild from the worker's reply."""
        pages = [ParsedPage(**p) for p in data["pages"]]
        return cls(pages, dict(data["form_fields"]), data["title"], list(data["warnings"]))


class TextBudget:
    """Counts extracted characters and cuts text off at the limit (max_text_chars)."""

    def __init__(self, max_chars: int) -> None:
        self.left = max_chars
        self.exhausted = False

    def take(self, text: str) -> str:
        """Return as much of `text` as the budget allows, and note when it ran out."""
        if len(text) > self.left:
            text = text[: self.left]
            self.exhausted = True
        self.left -= len(text)
        return text

    def warning(self, max_chars: int) -> str:
        """The warning recorded on a document whose text was cut off."""
        return (
            f"text was cut off after {max_chars:,} characters (limit max_text_chars); the rest was not read"
        )
