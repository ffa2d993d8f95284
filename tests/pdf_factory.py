"""Build real test documents in code: text, scanned, encrypted, fillable and hostile PDFs, DOCX.

Every function writes one file at `path` and returns that path, so tests read like
`read_document(text_pdf(tmp_path / "cv.pdf", ["page one", "page two"]), limits)`.
People named in fixtures are fictional.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FieldValue = str | bool


# ---------------------------------------------------------------- ordinary PDFs


def text_pdf(path: Path, pages: Sequence[str], *, title: str | None = None) -> Path:
    """A PDF with one text page per string (newlines start lines; ~55 fit; Latin-1 characters only)."""
    path.write_bytes(text_pdf_bytes(pages, title=title))
    return path


def text_pdf_bytes(pages: Sequence[str], *, title: str | None = None) -> bytes:
    """The bytes of `text_pdf`, for building other PDFs in memory."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    if title:
        pdf.setTitle(title)
    for page_text in pages:
        text = pdf.beginText(72, 720)
        text.setFont("Helvetica", 11)
        for line in page_text.splitlines() or [""]:
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def text_image(lines: Sequence[str], *, font_size: int = 40) -> Image.Image:
    """A white page image with black text, as a scanner would produce."""
    font = ImageFont.load_default(size=font_size)
    height = 120 + len(lines) * int(font_size * 1.6)
    image = Image.new("L", (1700, max(height, 400)), color=255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 80 + i * int(font_size * 1.6)), line, fill=0, font=font)
    return image


def image_only_pdf(path: Path, lines: Sequence[str], *, text_pages: Sequence[str] = ()) -> Path:
    """A PDF whose first page is a scanned image of `lines` (no text layer), then any text pages."""
    image = text_image(lines)
    pdf = canvas.Canvas(str(path), pagesize=letter)
    width_pt = 8.5 * 72 - 72
    height_pt = width_pt * image.height / image.width
    pdf.drawImage(ImageReader(image), 36, 792 - 36 - height_pt, width=width_pt, height=height_pt)
    pdf.showPage()
    for page_text in text_pages:
        pdf.drawString(72, 720, page_text)
        pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(path: Path, pages: Sequence[str], *, user_password: str = "secret") -> Path:
    """A text PDF encrypted with AES-256; an empty `user_password` opens without one."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf_bytes(pages))))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-256")
    with path.open("wb") as out:
        writer.write(out)
    return path


# ---------------------------------------------------------------- fillable forms


def form_pdf(path: Path, fields: dict[str, FieldValue], *, title: str = "Screening Form") -> Path:
    """A fillable AcroForm PDF (text fields for str, checkboxes for bool), filled with `fields`."""
    blank = io.BytesIO()
    pdf = canvas.Canvas(blank, pagesize=letter)
    pdf.setTitle(title)
    pdf.drawString(72, 750, title)
    for i, (name, value) in enumerate(fields.items()):
        y = 700 - i * 40
        pdf.drawString(72, y + 5, name)
        if isinstance(value, bool):
            pdf.acroForm.checkbox(name=name, x=300, y=y, size=16, buttonStyle="check")
        else:
            pdf.acroForm.textfield(name=name, x=300, y=y, width=250, height=20)
    pdf.showPage()
    pdf.save()
    return _fill_form(blank.getvalue(), path, fields)


def _fill_form(blank: bytes, path: Path, fields: dict[str, FieldValue]) -> Path:
    """Fill the blank form's fields as a person would in a PDF viewer."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    values = {n: ("/Yes" if v else "/Off") if isinstance(v, bool) else v for n, v in fields.items()}
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    with path.open("wb") as out:
        writer.write(out)
    return path


# ---------------------------------------------------------------- hand-written (hostile) PDFs


def raw_pdf(path: Path, objects: Sequence[bytes], *, root: int = 1) -> Path:
    """A PDF from raw object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A raw stream object body with the right /Length."""
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def many_pages_pdf(path: Path, count: int) -> Path:
    """A valid PDF with `count` pages sharing one tiny content stream (fast to write)."""
    content = 3 + count
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % content
    objects += [page] * count
    objects.append(stream(b"BT ET"))
    return raw_pdf(path, objects)


def zeros_deflate(total_bytes: int, chunk: int = 1 << 20) -> bytes:
    """A zlib stream that inflates to `total_bytes` zero bytes, built without inflating it here."""
    c = zlib.compressobj(9)
    zero = bytes(chunk)
    first = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    middle = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)  # a full flush makes every later chunk identical
    tail = c.flush()[:-4]  # final empty block, without the checksum of only two chunks
    chunks = max(total_bytes // chunk, 2)
    adler = ((chunks * chunk) % 65521) << 16 | 1  # adler32 of n zero bytes: a = 1, b = n mod 65521
    return first + middle * (chunks - 1) + tail + adler.to_bytes(4, "big")


def content_bomb_pdf(path: Path, inflated_bytes: int = 6 << 30) -> Path:
    """A one-page PDF whose FlateDecode content stream inflates to `inflated_bytes` (default 6 GiB)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(zeros_deflate(inflated_bytes), b"/Filter /FlateDecode"),
    ]
    return raw_pdf(path, objects)


def image_bomb_pdf(path: Path, side: int = 60_000) -> Path:
    """A one-page PDF with no text whose grey image is side x side pixels (default 3.6 GB inflated)."""
    image = stream(
        zeros_deflate(side * side),
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side),
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q"),
        image,
    ]
    return raw_pdf(path, objects)


# ---------------------------------------------------------------- Word documents


def docx_file(path: Path, paragraphs: Sequence[str], *, table: Sequence[Sequence[str]] = ()) -> Path:
    """A DOCX with the paragraphs, then a table of `table` rows when given."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
    document.save(str(path))
    return path


def columns_pdf(path: Path, pages: Sequence[Sequence[Sequence[str]]], *, gap: float = 250) -> Path:
    """A PDF whose pages are laid out in columns: pages[i][c] are the lines of column c, side by side
    (a two-column CV, whose lines a text extractor reads interleaved)."""
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for columns in pages:
        for c, lines in enumerate(columns):
            text = pdf.beginText(54 + c * gap, 720)
            text.setFont("Helvetica", 10)
            for line in lines:
                text.textLine(line)
            pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return path
