"""Plain text -> Parsed: decode by BOM, then UTF-8, then Windows-1252/Latin-1 with a warning.

Form feeds split pages (text exported from PDFs keeps them), so page numbers stay meaningful.
"""

from __future__ import annotations

import codecs

from intake.errors import ErrorCode
from intake.limits import ReadLimits
from intake.parsed import Parsed, ParsedPage, ReadFailure, TextBudget

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text and, when the encoding had to be guessed, a warning naming the guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                raise ReadFailure(
                    ErrorCode.CORRUPT,
                    f"starts like {encoding} text but is not valid {encoding} ({exc.reason})",
                ) from None
    if b"\x00" in data:
        raise ReadFailure(ErrorCode.UNSUPPORTED, "contains binary data, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "the text is not UTF-8; it was read as Windows-1252 (Western European)"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1"), "the text is not UTF-8; it was read as Latin-1 (ISO 8859-1)"


def read_text(data: bytes, limits: ReadLimits) -> Parsed:
    """Decode a text file into pages (split on form feeds), cut at max_text_chars."""
    text, warning = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadFailure(ErrorCode.EMPTY, "contains no text (only blank space)")
    budget = TextBudget(limits.max_text_chars)
    parsed = Parsed(warnings=[warning] if warning else [])
    for chunk in text.split("\f"):
        parsed.pages.append(ParsedPage(budget.take(chunk)))
        if budget.exhausted:
            break
    if budget.exhausted:
        parsed.warnings.append(budget.warning(limits.max_text_chars))
    return parsed
