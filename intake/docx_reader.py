"""DOCX -> Parsed with python-docx: paragraphs and table rows in body order, as one page.

Runs inside the isolated worker; the zip's declared sizes were already checked by the caller.
Word has no fixed pages, so the whole body is page 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from intake.errors import ErrorCode
from intake.limits import ReadLimits
from intake.parsed import Parsed, ParsedPage, ReadFailure, TextBudget

CELL_SEPARATOR = " | "


def read_docx(path: Path, limits: ReadLimits) -> Parsed:
    """Read a Word document's text, tables included, and its title property."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReadFailure(
            ErrorCode.CORRUPT, f"is damaged: it is not a readable Word document ({exc})"
        ) from exc
    budget = TextBudget(limits.max_text_chars)
    text = budget.take("\n".join(_name_first(document, list(block_lines(document)))))
    parsed = Parsed(pages=[ParsedPage(text, headings=_headings(document))],
                    title=(document.core_properties.title or "").strip())
    if budget.exhausted:
        parsed.warnings.append(budget.warning(limits.max_text_chars))
    return parsed


_TYPE_SCAN = 3000  # paragraphs whose type is read: a CV's headings are among its first thousands


def _headings(document: Any) -> list[str]:
    """Paragraphs that open a section: those in a Heading style, whatever their words, and those set
    in the type of the document's worded headings, as the PDF reader finds them (heading_types):
    many people type a CV in Normal with headings in bold or small capitals ('Positions held').
    Styles are read by their ids from each paragraph's XML (python-docx's style lookup per paragraph
    costs half the read of a long document)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from intake.extract.headings import heading_types, shaped_as_heading, worded_as_heading

    body = _body_size(document)
    heading_ids = {s.style_id for s in document.styles if (s.name or "").startswith("Heading")}
    tab = f"{qn('w:r')}/{qn('w:tab')}"
    styled, typed = [], []
    for index, element in enumerate(document.element.body.iterchildren(qn("w:p"))):
        if element.style in heading_ids:
            if text := Paragraph(element, document).text.strip():
                styled.append(text)
        elif index < _TYPE_SCAN and element.find(tab) is None:  # cells after tab stops: an entry's row
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            if text and len(text.split()) <= 6 and (kind := _type(paragraph, body)) is not None:
                typed.append((text, kind))
    kinds = heading_types([k for _, k in typed], [worded_as_heading(t) for t, _ in typed], body)
    return styled + [text for text, kind in typed if kind in kinds and shaped_as_heading(text)]


def _body_size(document: Any) -> float:
    """The Normal style's size in points (Word's default when it sets none)."""
    try:
        size = document.styles["Normal"].font.size
    except KeyError:
        size = None
    return size.pt if size else 11.0


def _type(paragraph: Any, body: float) -> tuple[float, bool, bool] | None:
    """(size, bold, capitals) of a paragraph's text, each run's own setting or its style's."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return None
    font = paragraph.style.font if paragraph.style is not None else None
    style_size = font.size.pt if font is not None and font.size else body
    size = max(r.font.size.pt if r.font.size else style_size for r in runs)
    bold = all(r.bold if r.bold is not None else bool(font is not None and font.bold) for r in runs)
    letters = "".join(ch for ch in paragraph.text if ch.isalpha())
    capitals = (len(letters) > 1 and letters.isupper()) or all(r.font.small_caps or r.font.all_caps for r in runs)
    return round(size, 1), bold, capitals


_HEAD_PARAGRAPHS = 12  # the name is among the first paragraphs


def _name_first(document: Any, lines: list[str]) -> list[str]:
    """The paragraph styled as the document's Title, or set in the largest type near the top, first:
    that is the name however the page is laid out (a contact line may come before it)."""
    from intake.extract.sections import heading_section
    from intake.layout_name import looks_like_name

    best, best_size = None, 1.2 * _body_size(document)  # clearly larger than the body text
    for paragraph in document.paragraphs[:_HEAD_PARAGRAPHS]:
        text = paragraph.text.strip()
        style = paragraph.style
        if (not text or not looks_like_name(text) or heading_section(text) is not None
                or (style is not None and style.name.startswith("Heading"))):
            continue
        size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=0.0)
        size = size or (style.font.size.pt if style is not None and style.font.size else 0.0)
        if style is not None and style.name == "Title":
            size = max(size, 100.0)
        if size > best_size:
            best, best_size = text, size
    if best is None or best not in lines or lines[0] == best:
        return lines
    return [best, *(line for line in lines if line != best)]


def block_lines(container: Any) -> Iterator[str]:
    """Lines of a body or table cell: each paragraph, and each table row as 'a | b | c'."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        elif block.text.strip():
            yield tabbed_line(block.text)


def tabbed_line(text: str) -> str:
    """A paragraph laid out with tab stops ('Professor, MIT<tab>2019 - present') read as cells, a
    right-hand date first, as the PDF reader does (intake/layout.py)."""
    if "\t" not in text:
        return text
    from intake.layout import date_first_text

    return date_first_text([cell.strip() for cell in text.split("\t") if cell.strip()])


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, merged cells once; a nested table is flattened into its cell."""
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in block_lines(cell)))
        line = CELL_SEPARATOR.join(c for c in cells if c)
        if line:
            yield line
