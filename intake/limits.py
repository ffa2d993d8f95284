"""Bounds on reading one document (size, pages, text, pixels, time, memory); re-exported by documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from intake.settings import Settings

GIB = 1 << 30


@dataclass(frozen=True)
class ReadLimits:
    """How much work one document may cost before it is refused or cut off."""

    max_pages: int = 2000
    max_file_bytes: int = 100 * 1024 * 1024
    max_text_chars: int = 20_000_000
    max_image_pixels: int = 60_000_000
    timeout_s: float = 120.0
    ocr_enabled: bool = True
    ocr_language: str = "eng"
    # Address-space cap of the isolated reader process; a PDF needing more is a decompression bomb.
    max_memory_bytes: int = 2 * GIB

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        """The limits configured in settings (RSI_MAX_PAGES, RSI_READ_TIMEOUT_S, ...)."""
        return cls(
            max_pages=settings.max_pages,
            max_file_bytes=settings.max_file_bytes,
            max_text_chars=settings.max_text_chars,
            max_image_pixels=settings.max_image_pixels,
            timeout_s=settings.read_timeout_s,
            ocr_enabled=settings.ocr_enabled,
            ocr_language=settings.ocr_language,
            max_memory_bytes=settings.max_read_memory_bytes,
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict for the worker request."""
        return asdict(self)
