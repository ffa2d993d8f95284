"""One-line builders for fictional screening profiles and list entries (tests only)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from intake.records import (
    Affiliation,
    DateRange,
    Disclosure,
    Evidence,
    ListEntry,
    Profile,
)
from intake.screen import ScreeningConfig
from intake.screen.lists import ReferenceData, load_reference

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)
EV = [Evidence(document_sha256="0" * 64, page=1, quote="(fictional)")]
FORM_EV = [Evidence(document_sha256="f" * 64, page=1, quote="(fictional form answer)")]  # another document


@lru_cache(maxsize=1)
def starter() -> ReferenceData:
    """The starter lists shipped in lists/ (built once per test session)."""
    return load_reference(REPO / "lists")


def config() -> ScreeningConfig:
    """Default screening configuration."""
    return ScreeningConfig()


def period(start: int, end: int | None = None, current: bool = False) -> DateRange:
    """Years to a DateRange (Jan 1 .. Dec 31)."""
    return DateRange(start=date(start, 1, 1), end=date(end, 12, 31) if end else None, current=current)


def aff(org: str, start: int = 2020, end: int | None = None, country: str | None = None, **kw: object) -> Affiliation:
    """An affiliation; current when no end year."""
    kw.setdefault("evidence", EV)
    return Affiliation(organisation=org, country=country, period=period(start, end, current=end is None),
                       **kw)  # type: ignore[arg-type]


def form(**answers: str) -> list[Disclosure]:
    """Form answers by field name (underscores become spaces)."""
    return [Disclosure(field=k.replace("_", " "), answer=v, evidence=FORM_EV) for k, v in answers.items()]


def profile(**kw: object) -> Profile:
    """A fictional person's profile."""
    return Profile(**kw)  # type: ignore[arg-type]


def entry(i: int, name: str, *aliases: str, kind: str = "organisation", source: str = "EL") -> ListEntry:
    """A fictional list entry."""
    return ListEntry(list_id="test", source_list=source, entry_id=str(i), name=name, aliases=list(aliases),
                     entity_type=kind)
