"""Screening as durable work: take a case's pending screening under a lease, run it, record the end.

`screen_pending` is what a watcher (or `rsi process`) calls right after filing a case and, for
anything left over (a crash, a database restart, a failed attempt whose back-off has passed),
for each case `workflow.cases.pending.due` names. It never raises for a screening that fails:
the reason goes on the pending record (shown by `rsi show`, the case page and the queue) and in
the audit trail, and the next attempt waits 10 s, 20 s, 40 s ... up to `screening_retry_max_s`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from intake.errors import RsiError
from intake.settings import Settings
from workflow.cases import pending
from workflow.cases.ops import in_transaction
from workflow.cases.retry import backoff, is_transient, retry_transient
from workflow.cases.store import Store
from workflow.screening.service import ScreeningOutcome, screen_case

log = logging.getLogger("rsi.screening")


@dataclass(frozen=True)
class PendingResult:
    """What one call did: screened (with its outcome), failed (with the reason), or nothing to do."""

    case_id: str
    status: str  # screened | failed | skipped
    outcome: ScreeningOutcome | None = None
    error: str | None = None


def screen_pending(
    store: Store,
    settings: Settings,
    case_id: str,
    *,
    owner: str,
    owner_dead: pending.OwnerDead,
    reference: Any = None,
    actor: str = "intake",
) -> PendingResult:
    """Screen `case_id` if its pending screening is due and we get the lease; never raises for it."""
    try:
        lease = retry_transient(
            lambda: pending.claim(store, case_id, owner=owner, lease_s=settings.screening_lease_s,
                                  owner_dead=owner_dead),
            budget_s=settings.db_retry_s, what=f"claiming the screening of {case_id}")
    except Exception as exc:
        log.warning("screening of %s not claimed: %s; it stays pending", case_id, _reason(exc))
        return PendingResult(case_id, "skipped", error=_reason(exc))
    if lease is None:
        return PendingResult(case_id, "skipped")
    try:
        outcome = screen_case(store, settings, case_id, reference, actor=actor, trigger="intake",
                              lease=lease)
    except pending.LeaseLost as exc:
        log.warning("screening of %s: %s", case_id, exc.message)
        return PendingResult(case_id, "skipped", error=exc.message)
    except Exception as exc:  # any failure is recorded on the case and retried, never lost
        return _failed(store, settings, lease, exc, actor)
    log.info("screened %s: %d finding(s), highest %s, state %s", case_id, outcome.finding_count,
             outcome.highest_severity or "none", outcome.state)
    return PendingResult(case_id, "screened", outcome)


def _failed(store: Store, settings: Settings, lease: pending.Lease, exc: Exception, actor: str) -> PendingResult:
    reason = _reason(exc)
    delay = backoff(lease.attempt, settings.screening_retry_s, settings.screening_retry_max_s)
    if not is_transient(exc):
        log.error("screening of %s failed (attempt %d): %s", lease.case_id, lease.attempt, reason,
                  exc_info=exc)
    try:
        retry_transient(
            lambda: in_transaction(store, lambda s: pending.fail(s, lease, reason, delay, actor=actor),
                                   what=f"case {lease.case_id}"),
            budget_s=settings.db_retry_s, what=f"recording the failed screening of {lease.case_id}")
    except Exception as second:  # the lease is ours: a later pass of this worker claims it again
        log.warning("could not record the failed screening of %s: %s", lease.case_id, _reason(second))
    log.warning("screening of %s failed (attempt %d): %s; next attempt in %.0f s",
                lease.case_id, lease.attempt, reason, delay)
    return PendingResult(lease.case_id, "failed", error=reason)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RsiError):
        return exc.message
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:500] if text else ''}"


def drain(store: Store, settings: Settings, *, owner: str, owner_dead: pending.OwnerDead,
          limit: int = 5) -> list[PendingResult]:
    """Screen up to `limit` cases whose pending screening is due (a watcher's periodic pass)."""
    ids = pending.due(store, owner=owner, owner_dead=owner_dead, limit=limit)
    return [screen_pending(store, settings, i, owner=owner, owner_dead=owner_dead) for i in ids]
