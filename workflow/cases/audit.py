"""Append-only, hash-chained audit trail.

Each record's hash covers its own canonical JSON plus the previous record's hash, so editing,
deleting, inserting or reordering any record breaks the chain from that point on. Records are
written by `append` inside the caller's transaction, in the same commit as the change they describe.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TextIO

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from intake.errors import ErrorCode, RsiError
from workflow.cases.store import AuditEventRow, CaseRow, utcnow

GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 0x7253_4941  # "rSIA": the advisory-lock id of the audit chain on PostgreSQL


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept, datetimes as ISO strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_hash(
    *,
    seq: int,
    case_id: str | None,
    at: datetime,
    actor: str,
    action: str,
    from_state: str | None,
    to_state: str | None,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over the canonical JSON of a record's fields and the previous hash."""
    body = {
        "seq": seq,
        "case_id": case_id,
        # Normalised to UTC: PostgreSQL hands timestamps back in the session's time zone.
        "at": at.astimezone(UTC).isoformat(),
        "actor": actor,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appenders on PostgreSQL so two transactions never compute the same `seq`.

    The lock is held until the caller's transaction ends. SQLite needs none: it has one writer,
    and a writer whose snapshot went stale fails with "database is locked" and is retried by
    workflow.unit_of_work.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    case_id: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditEventRow:
    """Append one record to the chain in the caller's transaction and return it.

    The sequence number is the primary key, so two writers racing for the same `seq` cannot
    both commit: one gets an integrity error and its whole transaction (change + record) rolls back.
    """
    _lock_chain(session)
    last = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash).order_by(AuditEventRow.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    # Round-trip through JSON so the stored payload and the hashed payload are identical.
    clean_payload = json.loads(canonical_json(payload or {}))
    at = utcnow()
    row = AuditEventRow(
        seq=seq,
        case_id=case_id,
        at=at,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        payload=clean_payload,
        prev_hash=prev_hash,
    )
    row.hash = record_hash(
        seq=seq,
        case_id=case_id,
        at=at,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        payload=clean_payload,
        prev_hash=prev_hash,
    )
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- verify

_COLUMNS = (
    AuditEventRow.seq,
    AuditEventRow.case_id,
    AuditEventRow.at,
    AuditEventRow.actor,
    AuditEventRow.action,
    AuditEventRow.from_state,
    AuditEventRow.to_state,
    AuditEventRow.payload,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
)
CHECKPOINT_ACTION = "audit.purged"


class Tamper(StrEnum):
    """How a record breaks the chain."""

    EDITED = "edited"  # its content no longer matches its hash
    DELETED = "deleted"  # a sequence number is missing
    INSERTED = "inserted"  # forged or inserted: it links to no record, or sits at a wrong seq
    REORDERED = "reordered"  # it links to a record that comes after it


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the chain: ok, or the first bad record and how it is bad."""

    ok: bool
    checked: int
    head_seq: int | None = None
    head_hash: str | None = None
    first_bad_seq: int | None = None
    problem: Tamper | None = None
    message: str = "audit chain intact"


def _hash_row(row: Any) -> str:
    return record_hash(
        seq=row.seq, case_id=row.case_id, at=row.at, actor=row.actor, action=row.action,
        from_state=row.from_state, to_state=row.to_state, payload=row.payload,
        prev_hash=row.prev_hash,
    )


def _start(session: Session) -> tuple[int, str]:
    """Where the chain starts: seq 1 after genesis, or after the latest purge checkpoint."""
    payload = session.execute(
        select(AuditEventRow.payload)
        .where(AuditEventRow.action == CHECKPOINT_ACTION)
        .order_by(AuditEventRow.seq.desc())
        .limit(1)
    ).scalar()
    if not payload:
        return 1, GENESIS_HASH
    return int(payload["through_seq"]) + 1, str(payload["last_hash"])


def _owner_seq(session: Session, digest: str) -> int | None:
    return session.execute(
        select(AuditEventRow.seq).where(AuditEventRow.hash == digest)
    ).scalar()


def _diagnose(
    session: Session, row: Any, want_seq: int, want_prev: str, start: int
) -> VerifyResult | None:
    """Classify the first record that breaks the chain, or None if `row` is sound."""
    def bad(seq: int, problem: Tamper, message: str) -> VerifyResult:
        return VerifyResult(False, 0, first_bad_seq=seq, problem=problem, message=message)

    if row.seq != want_seq:
        if row.prev_hash == want_prev:  # links correctly, so it was put at a wrong seq
            return bad(row.seq, Tamper.INSERTED,
                       f"record {row.seq} follows record {want_seq - 1} but skips seq {want_seq}")
        last = row.seq - 1
        missing = f"record {want_seq}" if last == want_seq else f"records {want_seq}..{last}"
        return bad(want_seq, Tamper.DELETED, f"{missing} deleted (chain jumps to {row.seq})")
    if row.prev_hash != want_prev:
        owner = _owner_seq(session, row.prev_hash)
        if owner is not None and owner > row.seq:
            return bad(row.seq, Tamper.REORDERED,
                       f"record {row.seq} links to record {owner}, which comes after it")
        if owner is not None:
            return bad(owner + 1, Tamper.INSERTED,
                       f"record {row.seq} links to record {owner}: records "
                       f"{owner + 1}..{row.seq - 1} were inserted")
        if _hash_row(row) != row.hash:
            return bad(row.seq, Tamper.EDITED, f"record {row.seq} was edited (hash mismatch)")
        if row.seq == start:
            return bad(row.seq, Tamper.INSERTED, f"record {row.seq} links to no record: forged")
        # Ambiguous: the previous record was edited and re-hashed, or this one was forged with
        # a made-up link. Re-hashing an edit is the likelier tampering, so name the earlier one.
        return bad(row.seq - 1, Tamper.EDITED,
                   f"record {row.seq - 1} was edited and re-hashed (record {row.seq} links to a "
                   f"hash no record has), or record {row.seq} was forged")
    if _hash_row(row) != row.hash:
        return bad(row.seq, Tamper.EDITED, f"record {row.seq} was edited (hash mismatch)")
    return None


def verify(session: Session) -> VerifyResult:
    """Walk the chain in seq order and report the first edited, deleted, inserted or moved record.

    A chain cut off at its tail cannot be seen from inside; compare `head_seq`/`head_hash` with a
    copy kept elsewhere (e.g. the last export) to detect that.
    """
    start, genesis = _start(session)
    want_seq, want_prev = start, genesis
    checked = 0
    rows = session.execute(select(*_COLUMNS).order_by(AuditEventRow.seq).execution_options(
        yield_per=5000))
    for row in rows:
        problem = _diagnose(session, row, want_seq, want_prev, start)
        if problem is not None:
            rows.close()
            return VerifyResult(False, checked, None, None, problem.first_bad_seq,
                                problem.problem, problem.message)
        checked += 1
        want_seq, want_prev = row.seq + 1, row.hash
    head = (want_seq - 1, want_prev) if checked else (None, None)
    return VerifyResult(True, checked, head[0], head[1],
                        message=f"audit chain intact: {checked} records")


# ---------------------------------------------------------------- export

EXPORT_FIELDS = ["seq", "at", "case_id", "actor", "action", "from_state", "to_state",
                 "payload", "prev_hash", "hash"]


def export_record(row: Any) -> dict[str, Any]:
    """One record as a JSON-ready dict (times in UTC ISO 8601)."""
    return {
        "seq": row.seq, "at": row.at.astimezone(UTC).isoformat(), "case_id": row.case_id,
        "actor": row.actor, "action": row.action, "from_state": row.from_state,
        "to_state": row.to_state, "payload": row.payload, "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def write_export(session: Session, out: TextIO, *, case_id: str | None = None,
                 fmt: str = "csv") -> int:
    """Stream the records (all, or one case's) to `out` as CSV or JSON; return how many."""
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown export format {fmt!r} (csv or json)")
    query = select(*_COLUMNS).order_by(AuditEventRow.seq)
    if case_id is not None:
        query = query.where(AuditEventRow.case_id == case_id)
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    else:
        out.write("[")
    count = 0
    for row in session.execute(query.execution_options(yield_per=5000)):
        record = export_record(row)
        if writer is not None:
            writer.writerow({**record, "payload": canonical_json(record["payload"])})
        else:
            out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        count += 1
    if writer is None:
        out.write("\n]\n")
    return count


def export(session: Session, case_id: str | None = None, fmt: str = "csv") -> str:
    """The records (all, or one case's) as CSV or JSON text for auditors."""
    buffer = io.StringIO(newline="")
    write_export(session, buffer, case_id=case_id, fmt=fmt)
    return buffer.getvalue()


# ---------------------------------------------------------------- retention and legal hold
#
# The chain is global, so records can only leave it as a prefix: `purge` deletes records
# 1..N (all older than the retention period and none about a case under legal hold or still
# inside retention) and appends a checkpoint record carrying N and the hash of record N.
# `verify` starts from the latest checkpoint, so the rest of the chain still verifies.


@dataclass(frozen=True)
class PurgePlan:
    """What may be purged now: the chain prefix 1..through_seq, and what stops it going further."""

    through_seq: int
    count: int
    cutoff: datetime
    stopped_at: int | None = None
    reason: str = ""


def retention_cutoff(now: datetime, retention_years: int) -> datetime:
    """The instant before which records are out of retention (Feb 29 falls back to Feb 28)."""
    try:
        return now.replace(year=now.year - retention_years)
    except ValueError:
        return now.replace(year=now.year - retention_years, day=28)


def _case_blocks(session: Session, case_id: str, cutoff: datetime) -> str | None:
    """Why a case's records must be kept, or None when they are out of retention."""
    case = session.get(CaseRow, case_id)
    if case is None:
        return None
    if case.legal_hold:
        return f"case {case_id} is under legal hold"
    if case.state not in ("cleared", "approved", "approved_with_conditions", "denied", "closed"):
        return f"case {case_id} is still open ({case.state})"
    last = session.execute(
        select(AuditEventRow.at).where(AuditEventRow.case_id == case_id)
        .order_by(AuditEventRow.seq.desc()).limit(1)
    ).scalar()
    latest = max(t for t in (case.decided_at, case.updated_at, last) if t is not None)
    if latest > cutoff:
        return f"case {case_id} had activity on {latest.date()}, inside retention"
    return None


def purgeable(session: Session, *, now: datetime, retention_years: int) -> PurgePlan:
    """The longest chain prefix that is out of retention and holds no record under legal hold."""
    cutoff = retention_cutoff(now, retention_years)
    start, _ = _start(session)
    verdicts: dict[str, str | None] = {}
    through, count = start - 1, 0
    rows = session.execute(select(AuditEventRow.seq, AuditEventRow.at, AuditEventRow.case_id)
                           .order_by(AuditEventRow.seq).execution_options(yield_per=5000))
    for seq, at, case_id in rows:
        reason = f"record {seq} is inside retention ({at.date()})" if at > cutoff else None
        if reason is None and case_id is not None:
            if case_id not in verdicts:
                verdicts[case_id] = _case_blocks(session, case_id, cutoff)
            reason = verdicts[case_id]
        if reason is not None:
            rows.close()
            return PurgePlan(through, count, cutoff, seq, reason)
        through, count = seq, count + 1
    return PurgePlan(through, count, cutoff, None, "")


def purge(session: Session, *, actor: str, now: datetime, retention_years: int,
          through_seq: int) -> AuditEventRow:
    """Delete records up to `through_seq` and append the checkpoint; refuse anything kept.

    Raises RsiError when any record up to `through_seq` is under legal hold or inside retention.
    """
    plan = purgeable(session, now=now, retention_years=retention_years)
    start, _ = _start(session)
    if through_seq < start:
        raise RsiError(f"records up to {start - 1} are already purged", ErrorCode.INVALID)
    if through_seq > plan.through_seq:
        raise RsiError(f"cannot purge through record {through_seq}: {plan.reason or 'no record'}"
                       f" (purgeable through {plan.through_seq})", ErrorCode.INVALID)
    last_hash = session.execute(
        select(AuditEventRow.hash).where(AuditEventRow.seq == through_seq)).scalar_one()
    session.execute(delete(AuditEventRow).where(AuditEventRow.seq <= through_seq))
    return append(session, actor=actor, action=CHECKPOINT_ACTION, payload={
        "through_seq": through_seq, "last_hash": last_hash, "purged": through_seq - start + 1,
        "retention_years": retention_years, "cutoff": plan.cutoff.isoformat(),
    })
