"""Documents for extraction tests, built in code: a CV's text becomes a Document (pages split at form feeds)."""

from __future__ import annotations

from pathlib import Path

from intake.layout_rows import Word
from intake.records import Document, DocumentKind, Page

REAL_LAYOUTS = Path(__file__).resolve().parent.parent / "corpus" / "real_layouts"


def words(line: str, x: float, top: float, size: float = 10.0, bold: bool = False) -> list[Word]:
    """One line of text as words at x, 0.55 em per character, one space between words."""
    out = []
    for token in line.split():
        width = 0.55 * size * len(token)
        out.append(Word(token, x, x + width, top, top + size, size, bold))
        x += width + 0.3 * size
    return out


def cv_document(text: str, name: str = "cv.txt", sha256: str = "c" * 64) -> Document:
    """A CV document whose pages are the text's form-feed-separated parts (page numbers from 1)."""
    pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1)]
    return Document(source_path=name, file_name=name, sha256=sha256, media_type="txt", kind=DocumentKind.CV,
                    pages=pages)
