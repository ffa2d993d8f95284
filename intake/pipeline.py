"""The only place the intake stages are chained: file -> Document -> Profile -> Screening.

Each stage is a pure function of its inputs plus reference data:
    read_document(path, limits)                          intake/documents.py
    extract_profile(documents, gazetteer)                intake/extract/
    screen_profile(profile, reference, config, today, documents)    intake/screen/
The workflow layer calls `read` when a file is filed and `assess` when a case is (re)screened.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from intake.records import Document, Profile, Screening

if TYPE_CHECKING:
    from intake.documents import ReadLimits
    from intake.screen import ScreeningConfig
    from intake.screen.lists import ReferenceData


def read(path: Path, limits: ReadLimits, *, display_name: str | None = None, sha256: str | None = None) -> Document:
    """Stage 1: a file into a Document (raises IntakeError for unreadable files)."""
    from intake.documents import read_document

    return read_document(path, limits, display_name=display_name, sha256=sha256)


def assess(
    documents: list[Document], reference: ReferenceData, config: ScreeningConfig, today: date
) -> tuple[Profile, Screening]:
    """Stages 2 and 3: a case's documents into a Profile, the Profile into a Screening."""
    from intake.extract import extract_profile
    from intake.screen import screen_profile

    profile = extract_profile(documents, reference.gazetteer())
    return profile, screen_profile(profile, reference, config, today, documents)
