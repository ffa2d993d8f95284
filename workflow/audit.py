"""Append-only, hash-chained audit trail.

Each record's hash covers its own canonical JSON plus the previous record's hash, so editing,
deleting, inserting or reordering any record breaks the chain from that point on. Records are
written by `append` inside the caller's transaction, in the same commit as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.store import AuditEventRow, utcnow

GENESIS_HASH = "0" * 64


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
        "at": at.isoformat(),
        "actor": actor,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


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
