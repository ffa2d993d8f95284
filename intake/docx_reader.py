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
    headings = _styled_headings(document) + _typographic_headings(document)
    parsed = Parsed(pages=[ParsedPage(text, headings=headings)],
                    title=(document.core_properties.title or "").strip())
    if budget.exhausted:
        parsed.warnings.append(budget.warning(limits.max_text_chars))
    return parsed


def _styled_headings(document: Any) -> list[str]:
    """Paragraphs in a Heading style, whatever their words: each opens a section. The style is read
    by its id from each paragraph's XML (python-docx's style lookup per paragraph costs half the read
    of a long document)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    heading_ids = {s.style_id for s in document.styles if (s.name or "").startswith("Heading")}
    out = []
    for element in document.element.body.iterchildren(qn("w:p")):
        if element.style in heading_ids:
            text = Paragraph(element, document).text.strip()
            if text:
                out.append(text)
    return out


_TYPE_SCAN = 3000  # paragraphs whose type is read: a CV's headings are among its first thousands


def _typographic_headings(document: Any) -> list[str]:
    """Paragraphs set in the type of the document's worded headings, whatever their words, as the PDF
    reader finds them (intake/layout.py typographic_headings): many people type a CV in Normal with
    headings in bold or small capitals ('Positions held', 'Invited talks'). A type counts only when
    set apart from the body (larger, bold or capitals) and worn mostly by paragraphs worded like
    headings, so a bold post or grant title in body type is never one."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from intake.extract.headings import heading_section, heading_shaped

    try:
        normal = document.styles["Normal"].font
    except KeyError:
        normal = None
    body = normal.size.pt if normal is not None and normal.size else 11.0
    typed: list[tuple[str, tuple[float, bool, bool]]] = []
    for index, element in enumerate(document.element.body.iterchildren(qn("w:p"))):
        if index >= _TYPE_SCAN:
            break
        if element.find(f"{qn('w:r')}/{qn('w:tab')}") is not None:
            continue  # cells after tab stops: an entry's row
        paragraph = Paragraph(element, document)
        text = paragraph.text.strip()
        if not text or len(text.split()) > 6:
            continue
        kind = _type(paragraph, body)
        if kind is not None:
            typed.append((text, kind))

    def named(text: str) -> bool:
        return heading_section(text) is not None or heading_section(_title_case(text)) is not None

    styles = []
    for kind in {k for text, k in typed if named(text)}:
        if not (kind[0] >= 1.1 * body or kind[1] or kind[2]):
            continue
        in_type = [text for text, k in typed if k == kind]
        if 2 * sum(1 for text in in_type if named(text)) >= len(in_type):
            styles.append(kind)
    return [text for text, kind in typed if kind in styles
            and (heading_shaped(text) or heading_shaped(_title_case(text)))]


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


def _title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


_HEAD_PARAGRAPHS = 12  # the name is among the first paragraphs


def _name_first(document: Any, lines: list[str]) -> list[str]:
    """The paragraph styled as the document's Title, or set in the largest type near the top, first:
    that is the name however the page is laid out (a contact line may come before it)."""
    from intake.extract.sections import heading_section
    from intake.layout import looks_like_name

    try:
        normal = document.styles["Normal"].font.size
    except KeyError:
        normal = None
    body = normal.pt if normal else 11.0
    best, best_size = None, 1.2 * body  # clearly larger than the body text
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
