"""Stage 3: Profile -> Screening. Pure: the profile, reference data, configuration and today in,
findings with evidence and the list snapshots consulted out.

    screening = screen_profile(profile, reference, ScreeningConfig.from_settings(settings), today)
    recommend(screening.findings)  # 'mitigation required', ...
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from intake.records import Finding, Profile, Screening
from intake.screen.context import Ctx, ScreeningConfig

if TYPE_CHECKING:
    from intake.screen.lists import ReferenceData

__all__ = ["ScreeningConfig", "screen_profile", "recommend", "split_dismissed"]


def screen_profile(profile: Profile, reference: ReferenceData, config: ScreeningConfig, today: date) -> Screening:
    """Run every registered rule over the profile; findings strongest first, each with its snapshots."""
    from intake.screen.rules import RULES

    ctx = Ctx(profile, reference, config, today)
    snapshot_ids = reference.snapshot_ids
    findings: dict[str, Finding] = {}
    for registered in RULES:
        for found in registered.fn(ctx):
            found = found.model_copy(update={"snapshot_ids": snapshot_ids})
            if found.key not in findings or found.severity.rank > findings[found.key].severity.rank:
                findings[found.key] = found
    ordered = sorted(findings.values(), key=lambda f: (-f.severity.rank, f.rule_id, f.title))
    return Screening(
        findings=ordered,
        snapshots=list(reference.snapshots),
        screened_at=datetime.combine(today, time(0), tzinfo=UTC),
    )


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
