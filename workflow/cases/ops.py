"""Shared steps of the case services: one retried unit of work, load a case, move it and audit.

Every service function runs `in_transaction(store, work)`: the trigger is judged by the pure
machine (workflow/states.py), then the state column and the audit record are written in the
same DB transaction, so a failure anywhere rolls back both.
"""

from __future__ import annotations

import time
from dataclasses import replace
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from intake.errors import ConcurrentUpdate, NotFound
from workflow.cases import audit
from workflow.cases.states import CaseFacts, fire
from workflow.cases.store import CaseRow, DocumentRow, ScreeningRow, Store, utcnow

T = TypeVar("T")
ATTEMPTS = 5
# PostgreSQL: serialization_failure, deadlock_detected, unique_violation (a racing audit seq).
_RETRY_PGCODES = {"40001", "40P01", "23505"}


def _retryable(exc: DBAPIError) -> bool:
    """Errors after which re-running the whole transaction is safe and may succeed."""
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return True  # SQLite: another writer committed after our snapshot began (BUSY_SNAPSHOT)
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _RETRY_PGCODES:
        return code != "23505" or "audit_events" in str(exc.orig)
    return isinstance(exc, IntegrityError) and "audit_events.seq" in str(exc.orig)


def in_transaction(store: Store, work: Callable[[Session], T], *, what: str) -> T:
    """Run `work` in one transaction; retry races on the audit chain, map stale writes.

    Args:
        what: names the object for the conflict message, e.g. "case C-0001".
    """
    for attempt in range(ATTEMPTS):
        try:
            with store.session() as session:
                return work(session)
        except StaleDataError as exc:
            raise ConcurrentUpdate(
                f"{what} was changed by someone else while you worked on it; reload and retry"
            ) from exc
        except DBAPIError as exc:
            if not _retryable(exc):
                raise
            if attempt == ATTEMPTS - 1:
                raise ConcurrentUpdate(f"{what}: too many concurrent writers; retry") from exc
            time.sleep(0.05 * (attempt + 1))  # back off so the other writer can commit
    raise AssertionError("unreachable")


def load_case(session: Session, case_id: str) -> CaseRow:
    """The case row, or NotFound."""
    case = session.get(CaseRow, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    return case


def latest_screening(session: Session, case_id: str) -> ScreeningRow | None:
    """The most recent screening of a case, if any."""
    return session.execute(
        select(ScreeningRow)
        .where(ScreeningRow.case_id == case_id)
        .order_by(ScreeningRow.id.desc())
        .limit(1)
    ).scalar()


def context(session: Session, case_id: str) -> dict[str, Any]:
    """What a decision relied on: findings digest, list snapshot ids and documents' sha256."""
    screening = latest_screening(session, case_id)
    shas = session.execute(
        select(DocumentRow.sha256).where(DocumentRow.case_id == case_id).order_by(DocumentRow.id)
    ).scalars()
    return {
        "findings_digest": screening.findings_digest if screening else None,
        "snapshot_ids": list(screening.snapshot_ids) if screening else [],
        "documents_sha256": list(shas),
    }


def move(
    session: Session,
    case: CaseRow,
    trigger: str,
    facts: CaseFacts,
    *,
    actor: str,
    payload: dict[str, Any] | None = None,
) -> str:
    """Fire `trigger` on the machine, write the new state and its audit record; return the state."""
    before = case.state
    after = fire(replace(facts, state=before), trigger)
    case.state = after
    case.updated_at = utcnow()
    audit.append(
        session,
        actor=actor,
        action=trigger,
        case_id=case.id,
        from_state=before,
        to_state=after,
        payload=payload or {},
    )
    return after
