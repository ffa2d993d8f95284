"""PDF -> Parsed with pypdfium2 (text per page, ~1 ms/page), pypdf for AcroForm values, OCR fallback.

Runs inside the isolated worker (intake/read_worker.py): memory and time are bounded there.
Encryption policy: a PDF that opens with an empty user password (only an owner password is set,
as many "protected" PDFs are) is readable and is read; one that needs a password is ENCRYPTED.
"""

from __future__ import annotations

import ctypes
import re
import time
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from intake.errors import ErrorCode
from intake.extract.dates import HYPHENS
from intake.glyphs import SPACING_ACCENTS, capitals, letter_spacing_undone, overlaps, small_capitals_joined
from intake.layout import SOFT_HYPHEN, reading_order
from intake.layout_rows import Word
from intake.limits import ReadLimits
from intake.ocr import OcrFailed, ocr_page, tesseract_path
from intake.parsed import Parsed, ParsedPage, ReadFailure, TextBudget

# pdfium's FPDF_GetLastError codes (fpdfview.h).
_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: (
        ErrorCode.ENCRYPTED,
        "is password-protected; ask the sender for a copy without a password",
    ),
    pdfium_c.FPDF_ERR_SECURITY: (ErrorCode.ENCRYPTED, "uses an encryption scheme that cannot be opened"),
    pdfium_c.FPDF_ERR_FORMAT: (ErrorCode.CORRUPT, "is damaged: its PDF structure cannot be read"),
    pdfium_c.FPDF_ERR_FILE: (ErrorCode.CORRUPT, "could not be opened as a PDF file"),
}


def read_pdf(path: Path, limits: ReadLimits, deadline: float) -> Parsed:
    """Read every page's text (OCR for scanned pages) and the filled form fields of a PDF."""
    pdf = open_pdf(path)
    try:
        count = len(pdf)
        if count == 0:
            raise ReadFailure(ErrorCode.EMPTY, "is a PDF with no pages")
        if count > limits.max_pages:
            raise ReadFailure(
                ErrorCode.TOO_MANY_PAGES,
                f"has {count:,} pages, over the limit of {limits.max_pages:,} (max_pages)",
            )
        parsed = Parsed(title=_title(pdf))
        _read_pages(pdf, parsed, limits, deadline)
        if pdf.get_formtype() != pdfium_c.FORMTYPE_NONE:
            parsed.form_fields = _form_fields(path, parsed.warnings)
        return parsed
    finally:
        pdf.close()


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open with pdfium (an empty password is tried implicitly), mapping failures to codes."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code, cause = _OPEN_ERRORS.get(
            getattr(exc, "err_code", None), (ErrorCode.CORRUPT, "could not be read as a PDF")
        )
        raise ReadFailure(code, cause) from exc


def _title(pdf: pdfium.PdfDocument) -> str:
    """The document title from its metadata ('' when absent or unreadable)."""
    try:
        return str(pdf.get_metadata_value("Title")).strip()
    except Exception:  # metadata is optional decoration; never fail a read over it
        return ""


def _read_pages(pdf: pdfium.PdfDocument, parsed: Parsed, limits: ReadLimits, deadline: float) -> None:
    """Extract text page by page in order; collect scanned pages for OCR; honour max_text_chars."""
    budget = TextBudget(limits.max_text_chars)
    scanned: list[int] = []
    heading_type: list = []  # the headings' type (size, bold, capitals) found so far
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            headings: list[str] = []
            plain: list[str] = []
            text = page_text(page, first_page=index == 0, warnings=parsed.warnings, number=index + 1,
                             headings=headings, plain=plain, heading_type=heading_type)
            ocr_used = False
            if not text.strip() and _has_image(page):
                scanned.append(index + 1)
                ocr_text = (
                    _ocr(page, index + 1, parsed.warnings, limits, deadline) if _can_ocr(limits) else None
                )
                text, ocr_used = (ocr_text, True) if ocr_text is not None else (text, False)
            parsed.pages.append(ParsedPage(budget.take(text), ocr_used=ocr_used, headings=[] if ocr_used else headings,
                                           not_headings=[] if ocr_used else plain))
        finally:
            page.close()
        if budget.exhausted:
            parsed.warnings.append(budget.warning(limits.max_text_chars))
            break
    if scanned and not _can_ocr(limits):
        parsed.warnings.append(_no_ocr_warning(scanned, limits))


def page_text(page: pdfium.PdfPage, *, first_page: bool, warnings: list[str] | None = None,
              number: int = 1, headings: list[str] | None = None, plain: list[str] | None = None,
              heading_type: list | None = None) -> str:
    """A page's text in reading order (intake/layout.py); pdfium's own order when geometry fails,
    with a warning: columns may then be mixed."""
    textpage = page.get_textpage()
    try:
        try:
            words = page_words(page, textpage)
            if words:
                return clean_text(reading_order(words, page.get_width(), first_page=first_page, headings=headings,
                                                plain=plain, heading_type=heading_type))
        except Exception as exc:  # noqa: BLE001  (odd fonts or boxes: drawing order, never lose the text)
            if warnings is not None:
                warnings.append(f"page {number}: its layout could not be analysed ({type(exc).__name__}); "
                                "its text was read in drawing order, so columns may be mixed")
        return clean_text(textpage.get_text_range())
    finally:
        textpage.close()


def clean_text(text: str) -> str:
    """Normalise pdfium text: Unix newlines, no NULs or pdfium's soft-hyphen markers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").replace("\x02", "").replace("\ufffe", "")


def _has_image(page: pdfium.PdfPage) -> bool:
    """True when the page draws at least one image (also inside form XObjects)."""
    objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)
    return next(objects, None) is not None


def _can_ocr(limits: ReadLimits) -> bool:
    """OCR is possible when it is switched on and tesseract is installed."""
    return limits.ocr_enabled and tesseract_path() is not None


def _ocr(
    page: pdfium.PdfPage, number: int, warnings: list[str], limits: ReadLimits, deadline: float
) -> str | None:
    """OCR one scanned page (None when tesseract failed: a warning); running out of time raises."""
    try:
        text, note = ocr_page(
            page,
            max_pixels=limits.max_image_pixels,
            language=limits.ocr_language,
            timeout_s=deadline - time.monotonic(),
        )
    except OcrFailed as exc:
        warnings.append(f"page {number} is a scanned image and OCR failed: {exc}")
        return None
    if note:
        warnings.append(f"page {number}: {note}")
    if not text:
        warnings.append(f"page {number} is a scanned image but OCR found no text on it")
    return text


def _no_ocr_warning(pages: list[int], limits: ReadLimits) -> str:
    """Say which scanned pages went unread and why."""
    listed = ", ".join(map(str, pages[:20])) + (" ..." if len(pages) > 20 else "")
    why = "OCR is switched off (ocr_enabled)" if not limits.ocr_enabled else "tesseract is not installed"
    return f"page(s) {listed} are scanned images without a text layer and were not read: {why}"


def _form_fields(path: Path, warnings: list[str]) -> dict[str, str]:
    """The AcroForm fields (name -> value) read with pypdf; unreadable forms become a warning."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")  # pdfium already opened it with the empty password
        fields = reader.get_fields() or {}
    except Exception as exc:  # a broken form must not hide the readable text
        warnings.append(f"the form fields could not be read ({type(exc).__name__}: {exc})")
        return {}
    names = list(fields)
    return {
        name: field_value(field)
        for name, field in fields.items()
        if not any(other.startswith(name + ".") for other in names)  # skip parents of named kids
    }


def field_value(field: dict[str, object]) -> str:
    """A field's value as text: checkboxes 'Yes'/'No' or their export value, lists joined."""
    value = field.get("/V")
    if field.get("/FT") == "/Btn":
        state = str(value or "/Off").lstrip("/")
        return "No" if state == "Off" else state
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return _text(value)


def _text(value: object) -> str:
    """One PDF value as a clean string."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return str(value).replace("\x00", "").strip()


def page_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Word]:
    """The page's words with boxes (top-down), font size and boldness, from pdfium's characters.

    One ctypes call per character (its box); size, baseline and font once per word.
    """
    tp = textpage.raw
    height = page.get_height()
    count = pdfium_c.FPDFText_CountChars(tp)
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: one call per character instead
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i) or 32) for i in range(count))
    text = text.translate(HYPHENS)  # one character for one: indexes still match pdfium's
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    font_of: dict[int, tuple[bool, bool, bool]] = {}
    words: list[Word] = []
    chars: list[str] = []
    x0 = x1 = y0 = y1 = 0.0  # the box of the word being built
    size = base = 0.0
    last_at = 0
    bold = italic = False

    mark: tuple[str, float, float] | None = None  # an accent set apart from its letter, and its box
    boxes: list[tuple[float, float]] = []  # each of chars' left and right (a char may carry its accent)
    glyphs: list[list[tuple[str, float, float]]] = []  # per word: its characters and their boxes

    def close() -> None:
        _redrawn_dropped(chars, boxes, size)
        if any(ch.isprintable() and not ch.isspace() and ch not in "\u200b\ufeff" for ch in chars):
            words.append(Word(capitals(unicodedata.normalize("NFC", "".join(chars))), x0, x1, y0, y1, size, bold,
                              base, italic))
            glyphs.append([(ch, a, b) for ch, (a, b) in zip(chars, boxes)])
        chars.clear()
        boxes.clear()

    for index, char in enumerate(text):
        if char in SPACING_ACCENTS:
            # TeX without T1 fonts draws 'ş' as an 's' and a cedilla placed over or under it, and
            # pdfium reads them as two characters ('Demirta¸s'): the accent goes back on its letter
            pdfium_c.FPDFText_GetCharBox(tp, index, left, right, bottom, top)
            if chars and overlaps((left.value, right.value), boxes[-1]):
                chars[-1] += SPACING_ACCENTS[char]
            else:
                mark = (SPACING_ACCENTS[char], left.value, right.value)
            continue
        if char.isspace() and mark is not None and chars and mark[1] - x1 < 0.5 * size:
            continue  # the letter under the accent comes next, in this word
        if char.isspace() and chars and index + 1 < count and text[index + 1] in SPACING_ACCENTS:
            # ... or a space pdfium put before the accent ('DEMIRTA ¸S-HALE'): the accent's box
            # starts at this word's end, so its letter is this word's next one
            pdfium_c.FPDFText_GetCharBox(tp, index + 1, left, right, bottom, top)
            if left.value - x1 < 0.5 * size:
                continue
        if char == "\ufffe" and chars:  # pdfium's mark of a word hyphenated at the line's end
            chars[-1] += SOFT_HYPHEN
        if char in "\r\n" and chars and _line_goes_on(tp, text, index, x1, base, size, height):
            continue  # a break pdfium wrote after an accent drawn above the line: the word goes on
        if char.isspace() or char in "\x00\x02\ufffe":  # pdfium's generated characters are spaces and breaks
            close()
            continue
        if "\ue000" <= char <= "\uf8ff":  # a private-use glyph: an icon, no text
            close()
            continue
        pdfium_c.FPDFText_GetCharBox(tp, index, left, right, bottom, top)
        c0, c1, t, b = left.value, right.value, height - top.value, height - bottom.value
        # pdfium writes a space where it sees a word gap; tight glyph boxes ('1', ligatures) leave
        # small gaps inside words, so only a jump back, a wide gap or another baseline ends a word here
        apart = c0 - boxes[-1][1] > 0.15 * size and _space_between(tp, last_at, index, size) if chars else False
        if chars and c1 - c0 > 0.01 and (c0 < x0 - 0.5 or c0 - x1 > size * 0.8 or b < y0 or t > y1 or apart):
            close()
        if not chars:  # a new word: its size, baseline (first character's origin) and font
            x0, x1, y0, y1 = c0, c1, t, b
            size = pdfium_c.FPDFText_GetFontSize(tp, index)
            pdfium_c.FPDFText_GetCharOrigin(tp, index, origin_x, origin_y)
            base = height - origin_y.value
            bold, italic, icon = _font_flags(pdfium_c.FPDFText_GetTextObject(tp, index), font_of)
            if icon:
                # icons (Font Awesome, marvosym) are pictures of a phone or an envelope, whatever
                # Unicode the font maps them to ('Ħ', 'MOBILE-ALT'): no text, and no part of a word
                continue
        else:
            x1, y0, y1 = max(x1, c1), min(y0, t), max(y1, b)
        chars.append(char)
        if c1 >= x1:  # the character that ends furthest right, not an accent drawn over a letter
            last_at = index
        boxes.append((c0, c1))
        if mark is not None:
            if overlaps(mark[1:], boxes[-1]):
                chars[-1] += mark[0]
            mark = None
    close()
    return letter_spacing_undone(*small_capitals_joined(words, glyphs))


def _redrawn_dropped(chars: list[str], boxes: list[tuple[float, float]], size: float) -> None:
    """Drop a glyph that repeats the one before it inside its box: Typst maps each glyph of a cluster
    to the cluster's text, so the acute drawn over 'ọ' reads 'ọ́' again ('Nwọ́ọ́sụ̀'). A glyph's
    characters share one box; a letter repeated in a word ('oo') stands beside the first, not in it."""
    groups: list[tuple[int, int]] = []  # (start, end) of the characters of one glyph
    for i, box in enumerate(boxes):
        if groups and boxes[groups[-1][0]] == box:
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    slack = 0.06 * size
    dropped = [False] * len(chars)
    kept: tuple[int, int] | None = None
    for start, end in groups:
        if kept is not None and chars[start:end] == chars[kept[0]:kept[1]]:
            (a0, a1), (b0, b1) = boxes[kept[0]], boxes[start]
            if b0 >= a0 - slack and b1 <= a1 + slack and b1 - b0 > 0:
                dropped[start:end] = [True] * (end - start)
                continue
        kept = (start, end)
    if any(dropped):
        chars[:] = [c for c, d in zip(chars, dropped) if not d]
        boxes[:] = [b for b, d in zip(boxes, dropped) if not d]


def _line_goes_on(tp, text: str, index: int, x1: float, base: float, size: float, height: float) -> bool:
    """Whether the character after pdfium's line break at `index` sits on the word's baseline right
    after its end: pdfium breaks the line where a glyph (an accent) is drawn above it."""
    after = index
    while after < len(text) and text[after] in "\r\n":
        after += 1
    if after >= len(text) or text[after].isspace():
        return False
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(tp, after, left, right, bottom, top)
    pdfium_c.FPDFText_GetCharOrigin(tp, after, origin_x, origin_y)
    return abs(height - origin_y.value - base) < 0.1 * size and -0.05 * size <= left.value - x1 <= 0.12 * size


def _space_between(tp, before_at: int, index: int, size: float) -> bool:
    """Whether a space's width lies between a character and the one before it though pdfium wrote
    none ('Niels BohrInstitute' in Lato Light, whose space is a fifth of an em): asked only where the
    glyphs' tight boxes stand apart. Their advance boxes touch inside a word, kerned or not."""
    before, this = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    if not (pdfium_c.FPDFText_GetLooseCharBox(tp, before_at, before)
            and pdfium_c.FPDFText_GetLooseCharBox(tp, index, this)):
        return False
    return abs(before.bottom - this.bottom) < 0.2 * size and this.left - before.right > 0.12 * size


def _font_flags(obj, cache: dict[int, tuple[bool, bool, bool]]) -> tuple[bool, bool, bool]:
    """Whether a text object's font is bold, italic, an icon font; looked up once per font."""
    if not obj:
        return False, False, False
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    key = ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0
    if key not in cache:
        cache[key] = (_bold_font(font), _italic_font(font), _icon_font(font)) if font else (False, False, False)
    return cache[key]


_ICON_NAME = re.compile(r"fontawesome|awesome\d|marvosym|academicons|ionicons|material\W?icons|octicons|"
                        r"simple\W?icons|entypo|dingbats|wingdings", re.IGNORECASE)


def _icon_font(font) -> bool:
    buffer = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 128)
    return bool(_ICON_NAME.search(buffer.value.decode("latin-1", "replace") if length else ""))



_ITALIC_NAME = re.compile(r"italic|oblique|cmti|cmsl|-it$|\+\w*ti\d", re.IGNORECASE)


def _italic_font(font) -> bool:
    """Whether a font is italic or slanted: its italic angle, else its name."""
    angle = ctypes.c_int(0)
    if pdfium_c.FPDFFont_GetItalicAngle(font, angle) and angle.value != 0:
        return True
    buffer = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 128)
    return bool(_ITALIC_NAME.search(buffer.value.decode("latin-1", "replace") if length else ""))


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|cmbx|cmb\d|bx\d|-b$|\+\w*bx", re.IGNORECASE)


def _bold_font(font) -> bool:
    """Whether a font is bold: its weight, else its name ('CMBX10', 'LMRoman10-Bold')."""
    weight = pdfium_c.FPDFFont_GetWeight(font)
    if weight >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 128)
    name = buffer.value.decode("latin-1", "replace") if length else ""
    return bool(_BOLD_NAME.search(name))
