"""Documents for extraction tests, built in code: a CV's text becomes a Document (pages split at form feeds)."""

from __future__ import annotations

from intake.records import Document, DocumentKind, Page


def cv_document(text: str, name: str = "cv.txt", sha256: str = "c" * 64) -> Document:
    """A CV document whose pages are the text's form-feed-separated parts (page numbers from 1)."""
    pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1)]
    return Document(source_path=name, file_name=name, sha256=sha256, media_type="txt", kind=DocumentKind.CV,
                    pages=pages)
