"""Stage 3: Profile -> Screening. Pure: the profile, reference data, configuration and today in,
findings with evidence and the list snapshots consulted out.

    screening = screen_profile(profile, reference, ScreeningConfig.from_settings(settings), today, documents)
    recommend(screening.findings)  # 'mitigation required', ...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from intake.records import Document, Finding, Profile, Screening
from intake.screen.context import Ctx, ScreeningConfig

if TYPE_CHECKING:
    from intake.screen.lists import ReferenceData

__all__ = ["ScreeningConfig", "screen_profile", "recommend", "split_dismissed"]


def screen_profile(
    profile: Profile, reference: ReferenceData, config: ScreeningConfig, today: date,
    documents: Sequence[Document] = (),
) -> Screening:
    """Run every registered rule over the profile (and the documents' full text, when given);
    findings strongest first, each with its snapshots."""
    from intake.screen.rules import RULES

    ctx = Ctx(profile, reference, config, today, documents)
    snapshot_ids = reference.snapshot_ids
    findings: dict[str, Finding] = {}
    # Structured rules first: a fallback rule's finding about an entry they already name is a copy.
    for registered in sorted(RULES, key=lambda r: r.fallback):
        explained = _entries(findings.values()) if registered.fallback else set()
        for found in registered.fn(ctx):
            if explained and found.matches and _entries([found]) & explained:
                continue
            found = found.model_copy(update={"snapshot_ids": snapshot_ids})
            if found.key not in findings or found.severity.rank > findings[found.key].severity.rank:
                findings[found.key] = found
    ordered = sorted(findings.values(), key=lambda f: (-f.severity.rank, f.rule_id, f.title))
    return Screening(
        findings=ordered,
        snapshots=list(reference.snapshots),
        screened_at=datetime.combine(today, time(0), tzinfo=UTC),
    )


def _entries(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """The list entries findings name: by id, and by list code + name (duplicate rows of a list)."""
    from intake.screen.rules_text import entry_key

    out: set[tuple[str, str]] = set()
    for f in findings:
        for m in f.matches:
            out.add((m.entry.list_id, m.entry.entry_id))
            out.add(entry_key(m))
    return out


def recommend(findings: Iterable[Finding]) -> str:
    """Case recommendation derived from the findings (see rules.recommend)."""
    from intake.screen.rules import recommend as derive

    return derive(findings)


def split_dismissed(findings: Iterable[Finding], dismissed: set[str]) -> tuple[list[Finding], list[Finding]]:
    """(active, dismissed): a finding is dismissed when its key (rule, entry and the entry's content
    hash) was dismissed; a changed list entry has a new key, so its finding is active again."""
    active, gone = [], []
    for f in findings:
        (gone if f.key in dismissed else active).append(f)
    return active, gone
