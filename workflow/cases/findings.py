"""The findings a case holds and what reviewers made of them: the false-positive memory.

Shared by decisions (which findings still count) and screening (what a re-screening changed), so
neither needs the other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.records import Finding, Severity
from workflow.cases import audit
from workflow.cases.store import FindingDispositionRow, ScreeningRow


def findings_digest(findings: list[dict[str, Any]]) -> str:
    """SHA-256 of the findings' canonical JSON: the fingerprint recorded in the audit trail."""
    return hashlib.sha256(audit.canonical_json(findings).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Dismissed:
    """The case's live false-positive dismissals.

    A blocker stays a blocker unless two reviewers agreed: a dismissal made by one reviewer while
    the finding was weaker does not cover it once a re-screening raises it to blocker.
    """

    confirmed: frozenset[str] = frozenset()  # a second reviewer confirmed
    single: frozenset[str] = frozenset()  # one reviewer (allowed for non-blockers)

    def __contains__(self, key: object) -> bool:
        return key in self.confirmed or key in self.single

    def covers(self, finding: Finding) -> bool:
        if finding.key in self.confirmed:
            return True
        return finding.key in self.single and finding.severity != Severity.BLOCKER


def dismissed_keys(session: Session, case_id: str) -> Dismissed:
    """Finding keys a reviewer dismissed as false positives (live dispositions only)."""
    rows = session.execute(
        select(FindingDispositionRow.finding_key, FindingDispositionRow.confirmed_by).where(
            FindingDispositionRow.case_id == case_id,
            FindingDispositionRow.disposition == "false_positive",
            FindingDispositionRow.superseded_at.is_(None),
        )
    ).all()
    return Dismissed(
        confirmed=frozenset(key for key, by in rows if by),
        single=frozenset(key for key, by in rows if not by),
    )


def strongest(findings: Iterable[Finding], dismissed: Dismissed) -> dict[str, int]:
    """Finding key -> highest severity rank, leaving out dismissed findings."""
    ranks: dict[str, int] = {}
    for f in findings:
        if not dismissed.covers(f):
            ranks[f.key] = max(ranks.get(f.key, -1), f.severity.rank)
    return ranks


def new_or_stronger(previous: dict[str, int], current: dict[str, int]) -> list[str]:
    """Keys that are new in `current` or carry a higher rank than in `previous`."""
    return sorted(k for k, rank in current.items() if rank > previous.get(k, -1))


def stored_findings(row: ScreeningRow | None) -> list[Finding]:
    """The findings of a stored screening as records."""
    return [Finding.model_validate(f) for f in row.findings] if row else []


def resolve_key(findings: Iterable[Finding], given: str) -> str | None:
    """The full key of the finding `given` names: its full key, or its short key (or a prefix of
    at least 6 digits of it, as long as only one finding has it); None when none or several do."""
    wanted = given.strip()
    keys = {f.key: f.short_key for f in findings}
    if wanted in keys:
        return wanted
    folded = wanted.casefold()
    hits = {k for k, short in keys.items() if len(folded) >= 6 and short.startswith(folded)}
    return hits.pop() if len(hits) == 1 else None
