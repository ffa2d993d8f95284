"""One CV text (text.py) written as a file in one of five layouts.

single   one-column PDF (reportlab platypus), headings in bold
columns  two-column PDF: the sections flow down the left column, then the right, page after page; or a
         narrow sidebar (name, contact, education, honours, service) beside the main column
table    PDF whose sections are tables: period column | entry column, contact facts as label | value
docx     Word document with real Title/Heading styles; entries as paragraphs or as period | entry tables
scanned  image-only PDF: the text drawn with Pillow at 200 dpi (no text layer), at most two pages

PDFs use DejaVu Sans (fonts-dejavu-core) so names like "Rezā" survive; Chinese characters are only
written into DOCX unless a CJK font is installed (text.render(cjk=...) keeps them out otherwise).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph,
                                SimpleDocTemplate, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import Flowable

from tests.corpus.text import CvText, Section

LAYOUTS = ("single", "columns", "table", "docx", "scanned")
SUFFIX = {"docx": ".docx"}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SCAN_DPI = 200
MAX_SCAN_PAGES = 2
SIDEBAR = frozenset({"education", "honors", "service"})  # what a sidebar CV puts beside the main column


def cjk_capable(layout: str) -> bool:
    """Whether Chinese characters written in this layout reach the reader (no CJK font for PDFs here)."""
    return layout == "docx"


def write_cv(layout: str, cv: CvText, path: Path, rng: random.Random) -> Path:
    """Write `cv` at `path` in `layout`; returns the path."""
    writers: dict[str, Callable[[CvText, Path, random.Random], None]] = {
        "single": _single, "columns": _columns, "table": _table, "docx": _docx, "scanned": _scanned}
    writers[layout](cv, path, rng)
    return path


# ---------------------------------------------------------------- reportlab


@cache
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans registered with reportlab, or Helvetica (Latin-1 only)."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def _styles(size: float = 10) -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "name": ParagraphStyle("name", fontName=bold, fontSize=18, leading=22, spaceAfter=4),
        "title": ParagraphStyle("title", fontName=regular, fontSize=11, leading=14),
        "contact": ParagraphStyle("contact", fontName=regular, fontSize=size - 1, leading=size + 2),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=size + 2, leading=size + 6, spaceBefore=8,
                                  spaceAfter=3),
        "entry": ParagraphStyle("entry", fontName=regular, fontSize=size, leading=size + 3, spaceAfter=3,
                                leftIndent=12, firstLineIndent=-12),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _lines_p(lines: list[str], style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def _flow(cv: CvText, size: float = 10, sections: list[Section] | None = None) -> list[Flowable]:
    """Header and sections (all, or those given) as flowing paragraphs (the single- and two-column layouts)."""
    st = _styles(size)
    story: list[Flowable] = [_p(cv.title, st["title"])] if cv.title else []
    story += [_p(cv.name, st["name"]), *[_p(line, st["contact"]) for line in cv.contact], Spacer(1, 6)]
    return story + _sections_flow(cv.sections if sections is None else sections, st)


def _sections_flow(sections: list[Section], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for section in sections:
        story.append(_p(section.heading, st["heading"]))
        story += [_lines_p(entry.lines, st["entry"]) for entry in section.entries]
    return story


def _single(cv: CvText, path: Path, rng: random.Random) -> None:
    doc = SimpleDocTemplate(str(path), pagesize=letter, leftMargin=0.8 * inch, rightMargin=0.8 * inch,
                            topMargin=0.7 * inch, bottomMargin=0.7 * inch, title=f"CV {cv.name}")
    doc.build(_flow(cv, rng.choice([9.5, 10, 10.5, 11])))


def _columns(cv: CvText, path: Path, rng: random.Random) -> None:
    """Two equal columns on every page, or (40%) a narrow sidebar beside the main column on page one."""
    width, height = letter
    margin, gap = 0.6 * inch, 0.3 * inch
    doc = BaseDocTemplate(str(path), pagesize=letter, title=f"CV {cv.name}")
    size = rng.choice([8.5, 9, 9.5])
    if rng.random() < 0.6:
        col = (width - 2 * margin - gap) / 2
        frames = [Frame(margin + i * (col + gap), margin, col, height - 2 * margin, id=f"col{i}") for i in range(2)]
        doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
        doc.build(_flow(cv, size))
        return
    side, top = 2.1 * inch, 0.9 * inch  # the name runs across the top, above both columns
    main, body = width - 2 * margin - gap - side, height - 2 * margin - top
    first = [Frame(margin, height - margin - top, width - 2 * margin, top, id="top"),
             Frame(margin, margin, side, body, id="side"), Frame(margin + side + gap, margin, main, body, id="main")]
    later = [Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="page")]
    doc.addPageTemplates([PageTemplate(id="first", frames=first), PageTemplate(id="later", frames=later)])
    st = _styles(size)
    story: list[Flowable] = [NextPageTemplate("later"), *([_p(cv.title, st["title"])] if cv.title else []),
                             _p(cv.name, st["name"]), FrameBreak(), *[_p(line, st["contact"]) for line in cv.contact]]
    story += [*_sections_flow([s for s in cv.sections if s.key in SIDEBAR], st), FrameBreak()]
    story += _sections_flow([s for s in cv.sections if s.key not in SIDEBAR], st)
    doc.build(story)


def _table(cv: CvText, path: Path, rng: random.Random) -> None:
    st = _styles(rng.choice([9, 9.5, 10]))
    plain = ParagraphStyle("cell", parent=st["entry"], leftIndent=0, firstLineIndent=0, spaceAfter=0)
    grid = rng.random() < 0.5
    style = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        *([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)] if grid else [])])
    widths = [1.6 * inch, 5.3 * inch]
    story: list[Flowable] = [_p(cv.title, st["title"])] if cv.title else []
    story.append(_p(cv.name, st["name"]))
    rows = [[_p(label.strip(), plain), _p(value.strip(), plain)]
            for label, _, value in (line.partition(":") for line in cv.contact)]
    if rows:
        story.append(Table(rows, colWidths=widths, style=style))
    for section in cv.sections:
        story.append(_p(section.heading, st["heading"]))
        rows = [[_p(entry.when, plain), _lines_p(entry.body, plain)] for entry in section.entries]
        story.append(Table(rows, colWidths=widths, style=style))
    SimpleDocTemplate(str(path), pagesize=letter, leftMargin=0.7 * inch, rightMargin=0.7 * inch,
                      topMargin=0.7 * inch, bottomMargin=0.7 * inch, title=f"CV {cv.name}").build(story)


# ---------------------------------------------------------------- Word


def _docx(cv: CvText, path: Path, rng: random.Random) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = f"Curriculum Vitae - {cv.name}"
    if cv.title:
        document.add_paragraph(cv.title)
    document.add_paragraph(cv.name, style="Title")
    for line in cv.contact:
        document.add_paragraph(line)
    tables = rng.random() < 0.4
    for section in cv.sections:
        document.add_heading(section.heading.rstrip(":"), level=rng.choice([1, 1, 2]))
        dated = any(entry.when for entry in section.entries)
        if tables and dated:
            table = document.add_table(rows=0, cols=2)
            for entry in section.entries:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = entry.when, "\n".join(entry.body)
            continue
        for entry in section.entries:
            first = "\t".join(entry.lines[0].split("  ", 1)) if entry.when else entry.lines[0]  # date<TAB>entry
            paragraph = document.add_paragraph(first)
            for line in entry.lines[1:]:
                paragraph.add_run().add_break()
                paragraph.add_run(line)
    document.save(str(path))


# ---------------------------------------------------------------- scanned


@cache
def _pil_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    file = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(file), size) if file.exists() else ImageFont.load_default(size=size)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and font.getlength(trial) > width:
            out.append(line)
            line = word
        else:
            line = trial
    return [*out, line] if line else out


def _scan_rows(cv: CvText, size: int, width: int) -> list[tuple[str, bool, int]]:
    """(text, bold, indent px) rows of the scanned page, wrapped to `width` pixels."""
    regular = _pil_font(size)
    rows: list[tuple[str, bool, int]] = [(cv.title, False, 0)] if cv.title else []
    rows += [(cv.name, True, 0), *[(line, False, 0) for line in cv.contact], ("", False, 0)]
    for section in cv.sections:
        rows.append((section.heading, True, 0))
        for entry in section.entries:
            for line in entry.lines:
                wrapped = _wrap(line, regular, width - size)
                rows += [(part, False, 0 if i == 0 else size) for i, part in enumerate(wrapped)]
        rows.append(("", False, 0))
    return rows


def _scanned(cv: CvText, path: Path, rng: random.Random) -> None:
    """Pages drawn as a 200-dpi scan: Letter size, dark grey text, a slight skew, no text layer."""
    page_w, page_h, margin = int(8.5 * SCAN_DPI), int(11 * SCAN_DPI), int(0.7 * SCAN_DPI)
    for size in (28, 26, 24, 22):  # 10pt at 200 dpi, smaller until the CV fits on two pages
        leading = int(size * 1.45)
        per_page = (page_h - 2 * margin) // leading
        rows = _scan_rows(cv, size, page_w - 2 * margin)
        if len(rows) <= per_page * MAX_SCAN_PAGES:
            break
    pages = []
    for first in range(0, len(rows), per_page):
        image = Image.new("L", (page_w, page_h), color=rng.randint(238, 250))
        draw = ImageDraw.Draw(image)
        for i, (text, bold, indent) in enumerate(rows[first:first + per_page]):
            font = _pil_font(size + 4 if bold and i + first == (1 if cv.title else 0) else size, bold)
            draw.text((margin + indent, margin + i * leading), text, fill=rng.randint(15, 50), font=font)
        angle = rng.uniform(-0.4, 0.4)
        pages.append(image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=245))
    if len(pages) > MAX_SCAN_PAGES:  # the truth would name facts the scan does not show
        raise ValueError(f"{cv.name}: scanned CV needs {len(pages)} pages (at most {MAX_SCAN_PAGES})")
    pages[0].save(str(path), "PDF", resolution=float(SCAN_DPI), save_all=True, append_images=pages[1:])
