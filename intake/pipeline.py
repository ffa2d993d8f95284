"""The only place the intake stages are chained: file -> Document -> Profile -> Screening.

Each stage is a pure function of its inputs plus reference data:
    read_document(path, limits)                          intake/documents.py
    extract_profile(documents, gazetteer)                intake/extract/
    screen_profile(profile, reference, config, today, documents)    intake/screen/
`assess_bounded` runs stages 2 and 3 in a time- and memory-capped process (intake/extract_worker.py).
The workflow layer calls `read` when a file is filed and `assess` when a case is (re)screened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from intake.records import Document, ExtractionRefusal, Profile, Screening

if TYPE_CHECKING:
    from intake.documents import ReadLimits
    from intake.extract_limits import ExtractLimits
    from intake.screen import ScreeningConfig
    from intake.screen.lists import ReferenceData


def read(path: Path, limits: ReadLimits, *, display_name: str | None = None, sha256: str | None = None) -> Document:
    """Stage 1: a file into a Document (raises IntakeError for unreadable files)."""
    from intake.documents import read_document

    return read_document(path, limits, display_name=display_name, sha256=sha256)


def assess(
    documents: list[Document],
    reference: ReferenceData,
    config: ScreeningConfig,
    today: date,
    *,
    on_document: Callable[[int, Profile], None] | None = None,
    refusals: Sequence[ExtractionRefusal] = (),
) -> tuple[Profile, Screening]:
    """Stages 2 and 3: a case's documents into a Profile, the Profile into a Screening.

    on_document(i, profile so far) is called before document i is extracted and with len(documents)
    before the screening; `refusals` are documents left out for overrunning their bounds (extract_worker.py):
    they become warnings and EXTRACTION_REFUSED findings, so the gap is never silent."""
    from intake.extract import extract_profile
    from intake.screen import screen_profile

    profile = extract_profile(documents, reference.gazetteer(), on_document, reference.org_countries)
    for refusal in refusals:
        profile.extraction_refusals.append(refusal)
        profile.warnings.append(f"{refusal.file_name}: {refusal.code}: {refusal.message}")
    if on_document is not None:
        on_document(len(documents), profile)
    return profile, screen_profile(profile, reference, config, today, documents)


def assess_bounded(
    documents: list[Document], reference: ReferenceData, config: ScreeningConfig, today: date,
    limits: ExtractLimits,
) -> tuple[Profile, Screening]:
    """`assess` in the time- and memory-capped extraction process, each document's text capped."""
    from intake.extract_worker import assess_isolated

    return assess_isolated(documents, reference, config, today, limits)
