"""Pending screenings: the durable record that a case still has to be screened.

The record is written in the filing's own transaction (`enqueue`), so no crash can leave a filed
case without it. Any screening worker takes it with `claim`: a compare-and-set on the row that
leases it to one owner for `lease_s`, so two watchers on one PostgreSQL database never screen
one case at the same time. A lease whose owner died (same host, pid gone) or whose time ran out
is taken over. The screening's own transaction ends the record (`resolve`); a failure records
its reason and the time of the next attempt (`fail`), with doubling back-off: an explicit
`failed` state that is still retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake.errors import ConcurrentUpdate
from workflow.cases import audit
from workflow.cases.store import PendingScreeningRow, Store, utcnow

PENDING, RUNNING, FAILED, DONE = "pending", "running", "failed", "done"
OwnerDead = Callable[[str], bool]


class LeaseLost(ConcurrentUpdate):
    """Another worker took this screening over (our lease ran out); our result is dropped."""


@dataclass(frozen=True)
class Lease:
    """This worker's right to screen one case: the filing generation it saw, and its attempt."""

    case_id: str
    seq: int
    owner: str
    attempt: int


def enqueue(session: Session, case_id: str) -> None:
    """Record (in the filing's transaction) that `case_id` must be screened; due at once.

    A case already screened or failing is simply due again with a new generation; a screening
    running meanwhile keeps its lease but, having read older documents, will not end the record.
    """
    row = session.scalar(select(PendingScreeningRow).where(PendingScreeningRow.case_id == case_id))
    now = utcnow()
    if row is None:
        session.add(PendingScreeningRow(case_id=case_id, status=PENDING, seq=1, next_attempt_at=now,
                                        created_at=now, updated_at=now))
        session.flush()  # two workers filing into one new case collide here, on the unique key
        return
    row.seq += 1
    row.attempts = 0
    row.next_attempt_at = now
    row.updated_at = now
    if row.status != RUNNING:
        row.status = PENDING


def _claimable(row: PendingScreeningRow, now: datetime, owner: str, owner_dead: OwnerDead) -> bool:
    if row.status == DONE or row.next_attempt_at > now:
        return False
    free = row.lease_owner is None or row.lease_until is None or row.lease_until < now
    return free or row.lease_owner == owner or owner_dead(row.lease_owner or "")


def claim(store: Store, case_id: str, *, owner: str, lease_s: float, owner_dead: OwnerDead) -> Lease | None:
    """Lease the case's pending screening to `owner`; None if there is none, or it is not due or taken."""
    now = utcnow()
    with store.session() as s:
        row = s.scalar(select(PendingScreeningRow).where(PendingScreeningRow.case_id == case_id))
        if row is None or not _claimable(row, now, owner, owner_dead):
            return None
        seen_owner, attempt = row.lease_owner, row.attempts + 1
        # Compare-and-set on the owner we saw: of two workers taking over one dead lease, the
        # second's UPDATE re-reads the row after the first commits and matches nothing.
        owner_is = (PendingScreeningRow.lease_owner.is_(None) if seen_owner is None
                    else PendingScreeningRow.lease_owner == seen_owner)
        done = s.execute(
            update(PendingScreeningRow)
            .where(PendingScreeningRow.id == row.id, owner_is, PendingScreeningRow.status != DONE,
                   PendingScreeningRow.attempts == row.attempts)
            .values(status=RUNNING, lease_owner=owner, lease_until=now + timedelta(seconds=lease_s),
                    attempts=attempt, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            return None
        return Lease(case_id, row.seq, owner, attempt)


def current_seq(store: Store, case_id: str) -> int | None:
    """The filing generation a screening starting now covers (read before the documents)."""
    with store.session() as s:
        return s.scalar(select(PendingScreeningRow.seq).where(PendingScreeningRow.case_id == case_id))


def resolve(session: Session, case_id: str, seq: int | None, lease: Lease | None) -> None:
    """In the screening's transaction: end the record if no filing came after `seq`.

    With a lease, the lease must still be ours (else LeaseLost rolls the screening back); a
    later filing leaves the record pending for the next pass. Without a lease (a reviewer's
    `rsi rescreen`), a matching record is ended too, so a failed screening done by hand is
    no longer shown as failed.
    """
    row = session.scalar(select(PendingScreeningRow).where(PendingScreeningRow.case_id == case_id)
                         .with_for_update())
    if row is None:
        return
    if lease is not None and (row.lease_owner != lease.owner or row.status == DONE):
        raise LeaseLost(f"the screening of case {case_id} was taken over by {row.lease_owner}")
    if lease is None and row.status == RUNNING and row.lease_until and row.lease_until > utcnow():
        return  # a worker is on it; its own result ends the record
    now = utcnow()
    row.status = DONE if seq is not None and row.seq == seq else PENDING
    if row.status == PENDING:
        row.next_attempt_at = now
    else:
        row.last_error = None
    row.lease_owner, row.lease_until, row.updated_at = None, None, now


def retire(session: Session, case_id: str) -> None:
    """A merged or withdrawn case is never screened again: end its record, whoever holds it (a
    worker still on it loses its lease, so its late result is rolled back)."""
    row = session.scalar(select(PendingScreeningRow).where(PendingScreeningRow.case_id == case_id)
                         .with_for_update())
    if row is not None:
        row.status, row.last_error, row.updated_at = DONE, None, utcnow()
        row.lease_owner, row.lease_until = None, None


def fail(session: Session, lease: Lease, reason: str, delay_s: float, *, actor: str) -> datetime | None:
    """Record a failed attempt and when to try again (None if the lease is no longer ours)."""
    row = session.scalar(select(PendingScreeningRow).where(PendingScreeningRow.case_id == lease.case_id)
                         .with_for_update())
    if row is None or row.lease_owner != lease.owner:
        return None
    now = utcnow()
    row.status, row.last_error = FAILED, reason[:4000]
    row.next_attempt_at = now + timedelta(seconds=delay_s)
    row.lease_owner, row.lease_until, row.updated_at = None, None, now
    audit.append(session, actor=actor, action="screening_failed", case_id=lease.case_id,
                 payload={"error": reason[:1000], "attempt": lease.attempt,
                          "next_attempt_at": row.next_attempt_at.isoformat()})
    return row.next_attempt_at


def due(store: Store, *, owner: str, owner_dead: OwnerDead, limit: int = 20) -> list[str]:
    """Case ids whose screening can be claimed now, longest waiting first."""
    now = utcnow()
    with store.session() as s:
        rows = s.scalars(
            select(PendingScreeningRow)
            .where(PendingScreeningRow.status != DONE, PendingScreeningRow.next_attempt_at <= now)
            .order_by(PendingScreeningRow.next_attempt_at, PendingScreeningRow.id)
            .limit(limit * 5)
        ).all()
    return [r.case_id for r in rows if _claimable(r, now, owner, owner_dead)][:limit]


def describe(row: PendingScreeningRow | None) -> dict[str, Any] | None:
    """What `rsi show`, the case page and the queue say about a screening not yet done."""
    if row is None or row.status == DONE:
        return None
    return {
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "next_attempt_at": row.next_attempt_at.isoformat(),
        "since": row.created_at.isoformat(),
    }


def status_of(session: Session, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """`describe` for each of `case_ids` whose screening is not done."""
    if not case_ids:
        return {}
    rows = session.scalars(select(PendingScreeningRow).where(
        PendingScreeningRow.case_id.in_(case_ids), PendingScreeningRow.status != DONE))
    return {r.case_id: d for r in rows if (d := describe(r)) is not None}


def counts(store: Store) -> dict[str, int]:
    """Pending screening records by status (for tests, `rsi` summaries and the crash reports)."""
    with store.session() as s:
        return dict(s.execute(select(PendingScreeningRow.status, func.count())
                              .group_by(PendingScreeningRow.status)).all())

