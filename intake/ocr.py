"""OCR of scanned pages: render with pdfium at ~300 dpi (pixel-capped), read with tesseract."""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

from intake.errors import ErrorCode
from intake.parsed import ReadFailure

if TYPE_CHECKING:
    import pypdfium2 as pdfium

TARGET_DPI = 300
LOW_DPI = 150  # below this tesseract's accuracy drops sharply, so say so


def tesseract_path() -> str | None:
    """Where tesseract is installed, or None when it is missing."""
    return shutil.which("tesseract")


def render_scale(width_pt: float, height_pt: float, max_pixels: int) -> float:
    """The render scale for 300 dpi, lowered so the image stays within `max_pixels`."""
    scale = TARGET_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > max_pixels > 0:
        scale *= math.sqrt(max_pixels / pixels)
    return scale


def ocr_page(
    page: pdfium.PdfPage, *, max_pixels: int, language: str, timeout_s: float
) -> tuple[str, str | None]:
    """The page's text read by tesseract, and a warning when the render had to be coarse."""
    width, height = page.get_size()
    scale = render_scale(width, height, max_pixels)
    image = page.render(scale=scale, grayscale=True).to_pil()
    png = io.BytesIO()
    image.save(png, format="PNG")
    text = run_tesseract(png.getvalue(), language=language, timeout_s=timeout_s)
    dpi = scale * 72
    warning = (
        f"rendered at only {dpi:.0f} dpi (limit max_image_pixels), OCR may be poor" if dpi < LOW_DPI else None
    )
    return text, warning


def run_tesseract(image: bytes, *, language: str, timeout_s: float) -> str:
    """Run tesseract on PNG bytes (stdin to stdout); a failure raises ReadFailure."""
    if timeout_s <= 0:
        raise ReadFailure(ErrorCode.TIMEOUT, "ran out of time before OCR of its scanned pages finished")
    # One thread: the machine is shared and the worker is already one of several processes.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [tesseract_path() or "tesseract", "stdin", "stdout", "-l", language]
    try:
        done = subprocess.run(
            command, input=image, capture_output=True, timeout=timeout_s, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadFailure(ErrorCode.TIMEOUT, f"OCR took longer than {timeout_s:.0f} s") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise OcrFailed(f"tesseract failed ({detail[0]})")
    return ocr_fixed(done.stdout.decode("utf-8", "replace").replace("\f", "").strip())


# tesseract reads a capital I at a word's end as a bar ('SZ DJ| Technology'); its own output has no
# cell bars, so a bar glued to a letter is that letter
_GLUED_BAR = re.compile(r"(?<=[A-Za-z])\|(?=[\s,.;:)]|$)|(?:(?<=[\s(])|^)\|(?=[A-Za-z])", re.MULTILINE)


def ocr_fixed(text: str) -> str:
    """OCR text with the slips that read as separators undone."""
    return _GLUED_BAR.sub("I", text)


class OcrFailed(Exception):
    """tesseract ran but could not read the page (bad language data, unreadable image)."""
