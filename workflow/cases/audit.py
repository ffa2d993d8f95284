"""Append-only, hash-chained audit trail, keyed and anchored outside the database.

Each record's hash is an HMAC-SHA256, with the audit key (workflow/cases/anchor.py, never stored in
the database), over its own canonical JSON plus the previous record's hash, so editing, deleting,
inserting or reordering any record breaks the chain from that point on, and nobody without the key
can re-hash an edit or forge a record. After each commit the signed chain head (last seq and hash,
count, purge point) is written outside the database, so truncation and an emptied table are seen
too. `verify` also checks that each case's state, legal hold and decisions agree with its trail, and
that purge checkpoints respected retention and legal hold. Records are written by `append` inside
the caller's transaction, in the same commit as the change they describe.

Records from before migration 0003 carry plain SHA-256 hashes (`mac_scheme` NULL). They verify as
before; they may only form the chain's prefix, and the first keyed record's MAC covers the link to
the last of them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TextIO

import hmac
from datetime import timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from intake.errors import ErrorCode, RsiError
from workflow.cases.anchor import SCHEME, Anchor, Head, HeadForged, read_head
from workflow.cases.store import (
    HEAD_INFO_KEY,
    PENDING_HEAD_KEY,
    AuditEventRow,
    CaseRow,
    DecisionRow,
    FindingDispositionRow,
    utcnow,
)

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
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 with `key` (plain SHA-256 without: legacy records) over a record and its link."""
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
    message = canonical_json(body).encode("utf-8")
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def anchor_of(session: Session) -> Anchor:
    """The audit key and head file of the store this session belongs to."""
    anchor = session.info.get(HEAD_INFO_KEY)
    if anchor is None:
        raise RsiError("this session has no audit key (open it through workflow.cases.store.Store)")
    return anchor  # type: ignore[no-any-return]


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
    anchor = anchor_of(session)
    _lock_chain(session)
    last = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash, AuditEventRow.mac_scheme)
        .order_by(AuditEventRow.seq.desc()).limit(1)
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
        key=anchor.key,
    )
    row.mac_scheme = SCHEME
    session.add(row)
    session.flush()
    pending = session.info.setdefault(PENDING_HEAD_KEY, {})
    if "extends" not in pending:
        pending["extends"] = _extends_head(session, anchor, seq - 1)
    pending.update(seq=seq, hash=row.hash)
    if last is None or last[2] is None:
        # A new chain, or the first keyed record after legacy ones: the only times a head file
        # may be created. Otherwise a missing head stays missing, for verify to report.
        pending["create"] = True
        pending["legacy_through"] = last[0] if last is not None else 0
    return row


def _extends_head(session: Session, anchor: Anchor, last_seq: int) -> bool:
    """True when the chain still holds the record the signed head names, so moving the head on
    cannot paper over a cut-off tail or a rewrite (the head then stays put, for verify)."""
    try:
        head = read_head(anchor)
    except HeadForged:
        return False
    if head is None:
        return True
    if head.seq > last_seq:
        return False
    found = session.execute(select(AuditEventRow.hash).where(AuditEventRow.seq == head.seq)).scalar()
    return found == head.hash or (found is None and head.seq <= _start(session)[0] - 1)


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
    AuditEventRow.mac_scheme,
)
CHECKPOINT_ACTION = "audit.purged"
HEAD_RESET_ACTION = "audit.head_reset"
DECISION_ACTIONS = frozenset({"approve", "approve_with_conditions", "deny", "request_info"})
# carry_dismissal: a merge carries a dismissal of the absorbed case over to the survivor
DISPOSITION_ACTIONS = frozenset({"dismiss_finding", "propose_dismissal", "confirm_dismissal", "carry_dismissal"})
CLOCK_SKEW = timedelta(minutes=10)


class Tamper(StrEnum):
    """How a record breaks the chain."""

    EDITED = "edited"  # its content no longer matches its hash
    DELETED = "deleted"  # a sequence number is missing
    INSERTED = "inserted"  # forged or inserted: it links to no record, or sits at a wrong seq
    REORDERED = "reordered"  # it links to a record that comes after it
    TRUNCATED = "truncated"  # records the signed head names are gone (cut off or emptied)
    UNANCHORED = "unanchored"  # the signed head is missing or not signed by this key
    PURGE = "purge"  # a purge checkpoint breaks retention or legal hold
    MISMATCH = "mismatch"  # a case's state, hold or decisions disagree with its trail


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
    problems: tuple[str, ...] = ()  # every case/decision disagreement, not only the first
    anchored_seq: int | None = None  # the seq the signed head vouches for


def _hash_row(row: Any, key: bytes | None = None) -> str:
    return record_hash(
        seq=row.seq, case_id=row.case_id, at=row.at, actor=row.actor, action=row.action,
        from_state=row.from_state, to_state=row.to_state, payload=row.payload,
        prev_hash=row.prev_hash, key=key,
    )


def _unsound(row: Any, key: bytes, keyed_seen: bool) -> str | None:
    """None when the record's hash is right; "unkeyed" or "edited" otherwise."""
    if row.mac_scheme == SCHEME:
        return None if hmac.compare_digest(_hash_row(row, key), row.hash) else "edited"
    if row.mac_scheme is None:
        if keyed_seen:
            return "unkeyed"  # legacy records only come before the first keyed one
        return None if _hash_row(row) == row.hash else "edited"
    return "edited"


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
    session: Session, row: Any, want_seq: int, want_prev: str, start: int, key: bytes,
    keyed_seen: bool,
) -> VerifyResult | None:
    """Classify the first record that breaks the chain, or None if `row` is sound."""
    def bad(seq: int, problem: Tamper, message: str) -> VerifyResult:
        return VerifyResult(False, 0, first_bad_seq=seq, problem=problem, message=message)

    def unsound() -> VerifyResult | None:
        why = _unsound(row, key, keyed_seen)
        if why == "unkeyed":
            return bad(row.seq, Tamper.INSERTED,
                       f"record {row.seq} carries no audit-key MAC after keyed records: forged, "
                       f"or re-hashed by someone without the key")
        if why == "edited":
            return bad(row.seq, Tamper.EDITED,
                       f"record {row.seq} was edited (its MAC does not match the audit key)")
        return None

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
        found = unsound()
        if found is not None:
            return found
        if row.seq == start:
            return bad(row.seq, Tamper.INSERTED, f"record {row.seq} links to no record: forged")
        # A record with a valid MAC whose link no record has: its predecessor was replaced.
        return bad(row.seq - 1, Tamper.EDITED,
                   f"record {row.seq - 1} was replaced (record {row.seq} links to a hash no "
                   f"record has)")
    return unsound()


@dataclass
class _Trail:
    """What the walk learns about cases, for the consistency checks after it."""

    state: dict[str, tuple[int, str]] = field(default_factory=dict)  # case -> (seq, to_state)
    hold: dict[str, bool] = field(default_factory=dict)
    hold_after: dict[str, int] = field(default_factory=dict)  # case -> seq of its last hold record
    decisions: dict[int, tuple[int, str | None, dict[str, Any]]] = field(default_factory=dict)
    checkpoints: list[Any] = field(default_factory=list)
    cases_seen: set[str] = field(default_factory=set)
    dispositions: dict[int, tuple[int, str, dict[str, Any]]] = field(default_factory=dict)
    proposals: dict[int, tuple[int, str]] = field(default_factory=dict)  # pending id -> (seq, actor)

    def add(self, row: Any) -> None:
        if row.action == CHECKPOINT_ACTION:
            self.checkpoints.append(row)
        if row.case_id is None:
            return
        self.cases_seen.add(row.case_id)
        if row.to_state is not None:
            self.state[row.case_id] = (row.seq, row.to_state)
        if row.action in ("legal_hold", "legal_hold_released"):
            self.hold[row.case_id] = row.action == "legal_hold"
            self.hold_after[row.case_id] = row.seq
        payload = row.payload or {}
        decision_id = payload.get("decision_id")
        if row.action in DECISION_ACTIONS and isinstance(decision_id, int):
            self.decisions[decision_id] = (row.seq, row.to_state, payload)
        if row.action in DISPOSITION_ACTIONS and isinstance(payload.get("disposition_id"), int):
            self.dispositions[payload["disposition_id"]] = (row.seq, row.actor, payload)
        if row.action == "propose_approval" and isinstance(payload.get("pending_id"), int):
            self.proposals[payload["pending_id"]] = (row.seq, row.actor)


def verify(session: Session, *, heads: list[Head] | None = None,
           retention_years: int | None = None, check_cases: bool = True) -> VerifyResult:
    """Walk the chain in seq order and report the first edited, deleted, inserted or moved record.

    Then compare it with the signed head file (and with `heads`, e.g. a notary's copy), check the
    purge checkpoints against retention (`retention_years`, the minimum in force) and legal hold,
    and check that each case's state, hold and decisions agree with its trail.
    """
    anchor = anchor_of(session)
    try:
        file_head = read_head(anchor)
    except HeadForged as exc:
        return VerifyResult(False, 0, problem=Tamper.UNANCHORED,
                            message=f"{exc.message} ({anchor.head_path})")
    start, genesis = _start(session)
    want_seq, want_prev = start, genesis
    checked, keyed_seen, legacy_last = 0, False, 0
    trail = _Trail()
    hashes: dict[int, str] = {}
    wanted = {h.seq for h in [file_head, *(heads or [])] if h is not None}
    rows = session.execute(select(*_COLUMNS).order_by(AuditEventRow.seq).execution_options(
        yield_per=5000))
    for row in rows:
        problem = _diagnose(session, row, want_seq, want_prev, start, anchor.key, keyed_seen)
        if problem is not None:
            rows.close()
            return VerifyResult(False, checked, None, None, problem.first_bad_seq,
                                problem.problem, problem.message)
        checked += 1
        if row.mac_scheme == SCHEME:
            keyed_seen = True
        else:
            legacy_last = row.seq
        if row.seq in wanted:
            hashes[row.seq] = row.hash
        trail.add(row)
        want_seq, want_prev = row.seq + 1, row.hash
    last_seq = want_seq - 1 if checked else start - 1
    head = (want_seq - 1, want_prev) if checked else (None, None)

    failure = _check_heads(file_head, heads or [], anchor, start, last_seq, hashes, keyed_seen,
                           legacy_last, trail)
    if failure is None:
        failure = _check_purges(session, trail, retention_years)
    if failure is None and check_cases:
        failure = _check_cases(session, trail)
    if failure is not None:
        return VerifyResult(False, checked, head[0], head[1], failure.first_bad_seq,
                            failure.problem, failure.message, failure.problems,
                            file_head.seq if file_head else None)
    anchored = file_head.seq if file_head else None
    note = ""
    if file_head is not None and last_seq > file_head.seq:
        note = f"; {last_seq - file_head.seq} record(s) after the signed head (keyed)"
    if legacy_last and keyed_seen:
        note += f"; records up to {legacy_last} are legacy SHA-256, sealed by the first keyed record"
    elif legacy_last:
        note += "; legacy SHA-256 records only: not yet keyed or anchored"
    return VerifyResult(True, checked, head[0], head[1], anchored_seq=anchored,
                        message=f"audit chain intact: {checked} records{note}")


def _fail(seq: int | None, problem: Tamper, message: str,
          problems: tuple[str, ...] = ()) -> VerifyResult:
    return VerifyResult(False, 0, first_bad_seq=seq, problem=problem, message=message,
                        problems=problems or (message,))


def _check_heads(file_head: Head | None, extra: list[Head], anchor: Anchor, start: int,
                 last_seq: int, hashes: dict[int, str], keyed_seen: bool, legacy_last: int,
                 trail: _Trail) -> VerifyResult | None:
    """The database must still hold every record a signed head (file or notary) vouches for."""
    if file_head is None:
        if keyed_seen:
            return _fail(None, Tamper.UNANCHORED,
                         f"the signed chain head {anchor.head_path} is missing: it is written with "
                         f"every record, so it was deleted or moved (compare with the notary's copy, "
                         f"then `rsi audit anchor --reset`)")
        if start > 1 or last_seq:
            pass  # a legacy database before its first keyed record: nothing to compare yet
    last_checkpoint = trail.checkpoints[-1].seq if trail.checkpoints else 0
    for which, head in [("signed head", file_head), *(("notary's head", h) for h in extra)]:
        if head is None:
            continue
        if head.seq > last_seq:
            first = max(last_seq + 1, start)
            if last_seq < start:
                what = (f"the audit table holds no records, but the {which} vouches for "
                        f"{head.count} through record {head.seq}: emptied")
            else:
                what = (f"records {first}..{head.seq} are missing: the chain was cut off after "
                        f"record {last_seq} (the {which} names record {head.seq})")
            return _fail(first, Tamper.TRUNCATED, what)
        if head.seq >= start:
            if hashes.get(head.seq) != head.hash:
                return _fail(head.seq, Tamper.EDITED,
                             f"record {head.seq} is not the one the {which} vouches for: the chain "
                             f"was rewritten from there on")
        elif head.seq < start - 1 and which != "signed head":
            continue  # a notary's line from before a later purge: that part is gone lawfully
        if which == "signed head" and head.seq >= last_checkpoint and head.purged_through != start - 1:
            return _fail(start, Tamper.DELETED,
                         f"the chain starts at record {start}, but the signed head says records up "
                         f"to {head.purged_through} were purged")
        if which == "signed head" and keyed_seen and legacy_last > head.legacy_through:
            return _fail(head.legacy_through + 1, Tamper.INSERTED,
                         f"records up to {legacy_last} are unkeyed, but the signed head says keyed "
                         f"records start after {head.legacy_through}")
    return None


def _check_purges(session: Session, trail: _Trail,
                  retention_years: int | None) -> VerifyResult | None:
    """Each checkpoint kept retention (no future clock, old enough) and spared held cases."""
    for cp in trail.checkpoints:
        p = cp.payload or {}
        if "purged_at" not in p:
            continue  # a checkpoint from before migration 0003 carries only its link
        years = int(p.get("retention_years", 0))
        purged_at = datetime.fromisoformat(p["purged_at"])
        cutoff = datetime.fromisoformat(p["cutoff"])
        last_at = datetime.fromisoformat(p["last_at"]) if p.get("last_at") else None
        if retention_years is not None and years < retention_years:
            return _fail(cp.seq, Tamper.PURGE, f"purge checkpoint {cp.seq} used a retention of "
                         f"{years} years, below the {retention_years} in force")
        if purged_at > cp.at.astimezone(UTC) + CLOCK_SKEW:
            return _fail(cp.seq, Tamper.PURGE, f"purge checkpoint {cp.seq} claims it ran at "
                         f"{purged_at:%Y-%m-%d}, after it was written: a moved clock purged "
                         f"records inside retention")
        if abs((retention_cutoff(purged_at, years) - cutoff).total_seconds()) > 1:
            return _fail(cp.seq, Tamper.PURGE, f"purge checkpoint {cp.seq}: its cutoff "
                         f"{cutoff:%Y-%m-%d} is not {years} years before it ran")
        if last_at is not None and last_at > cutoff:
            return _fail(cp.seq, Tamper.PURGE, f"purge checkpoint {cp.seq} removed a record of "
                         f"{last_at:%Y-%m-%d}, inside retention")
        for case_id in p.get("cases", {}):
            case = session.get(CaseRow, case_id)
            if case is not None and case.legal_hold and trail.hold_after.get(case_id, 0) < cp.seq:
                return _fail(cp.seq, Tamper.PURGE, f"purge checkpoint {cp.seq} removed records of "
                             f"case {case_id}, which is under legal hold")
    return None


def _check_dispositions(session: Session, trail: _Trail,
                        purged: bool) -> list[tuple[int | None, str]]:
    """Each finding disposition (a dismissal) matches the audit record that made it."""
    problems: list[tuple[int | None, str]] = []
    rows = session.execute(select(FindingDispositionRow.id, FindingDispositionRow.case_id,
                                  FindingDispositionRow.finding_key,
                                  FindingDispositionRow.disposition, FindingDispositionRow.actor,
                                  FindingDispositionRow.confirmed_by)).all()
    for did, case_id, key, disposition, actor, confirmed_by in rows:
        record = trail.dispositions.get(did)
        if record is None:
            if not purged:
                problems.append((None, f"dismissal {did} of {key} on case {case_id} has no audit "
                                       f"record: inserted directly"))
            continue
        seq, recorded_actor, p = record
        if (p.get("finding_key"), p.get("disposition"), recorded_actor) != (
                key, disposition, confirmed_by or actor):
            problems.append((seq, f"dismissal {did} on case {case_id} ({disposition} by "
                                  f"{confirmed_by or actor}) differs from its audit record {seq}"))
    return problems


def _check_cases(session: Session, trail: _Trail) -> VerifyResult | None:
    """Each case's state, legal hold and decisions agree with what its trail records."""
    purged: dict[str, dict[str, Any]] = {}
    purged_decisions: set[int] = set()
    legacy_purge = False
    for cp in trail.checkpoints:
        p = cp.payload or {}
        if "cases" not in p:
            legacy_purge = True
        purged.update(p.get("cases", {}))
        purged_decisions.update(int(d) for d in p.get("decisions", []))
    problems: list[tuple[int | None, str]] = []
    cases = session.execute(select(CaseRow.id, CaseRow.state, CaseRow.legal_hold)).all()
    known = set()
    for case_id, state, legal_hold in cases:
        known.add(case_id)
        last = trail.state.get(case_id)
        if last is None:
            if case_id in purged:
                if purged[case_id].get("state") != state:
                    problems.append((None, f"case {case_id} is {state}, but its trail (purged) "
                                           f"ended {purged[case_id].get('state')}"))
            elif not legacy_purge:
                problems.append((None, f"case {case_id} has no audit trail: written into the "
                                       f"cases table directly"))
        elif last[1] != state:
            problems.append((last[0], f"case {case_id} is {state}, but its trail (record "
                                      f"{last[0]}) says {last[1]}: the case was edited directly"))
        held = trail.hold.get(case_id, bool(purged.get(case_id, {}).get("legal_hold", False)))
        if bool(legal_hold) != held:
            problems.append((trail.hold_after.get(case_id),
                             f"case {case_id} legal hold is {'on' if legal_hold else 'off'}, but "
                             f"its trail says {'on' if held else 'off'}"))
    for case_id in sorted(trail.cases_seen - known):
        if case_id in trail.state:
            problems.append((trail.state[case_id][0],
                             f"case {case_id} has a trail but no longer exists: deleted"))
    rows = session.execute(select(DecisionRow.id, DecisionRow.case_id, DecisionRow.outcome,
                                  DecisionRow.reviewer, DecisionRow.second_reviewer,
                                  DecisionRow.rationale)).all()
    seen = set()
    for did, case_id, outcome, reviewer, second, rationale in rows:
        seen.add(did)
        record = trail.decisions.get(did)
        if record is None:
            if did not in purged_decisions and not legacy_purge:
                problems.append((None, f"decision {did} on case {case_id} has no audit record: "
                                       f"inserted directly"))
            continue
        seq, to_state, p = record
        recorded = (to_state, p.get("reviewer"), p.get("second_reviewer"), p.get("rationale"))
        if (outcome, reviewer, second, rationale) != recorded:
            problems.append((seq, f"decision {did} on case {case_id} ({outcome} by {reviewer}"
                                  f"{' and ' + second if second else ''}) differs from its audit "
                                  f"record {seq} ({to_state} by {p.get('reviewer')}"
                                  f"{' and ' + str(p['second_reviewer']) if p.get('second_reviewer') else ''})"))
    for did, (seq, _to, p) in trail.decisions.items():
        confirms = p.get("confirms")
        if isinstance(confirms, int):
            proposal = trail.proposals.get(confirms)
            if proposal is None and did not in purged_decisions and not legacy_purge:
                problems.append((seq, f"decision {did} confirms approval proposal {confirms}, "
                                      f"which no audit record proposed"))
            elif proposal is not None and proposal[1] != p.get("reviewer"):
                problems.append((seq, f"decision {did} names {p.get('reviewer')} as reviewer, but "
                                      f"proposal {confirms} was made by {proposal[1]}"))
    problems.extend(_check_dispositions(session, trail, legacy_purge or bool(purged)))
    for did in sorted(set(trail.decisions) - seen):
        seq = trail.decisions[did][0]
        problems.append((seq, f"decision {did} (audit record {seq}) is missing from the "
                              f"decisions table: deleted"))
    if not problems:
        return None
    first_seq, first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return _fail(first_seq, Tamper.MISMATCH, first + more, tuple(m for _s, m in problems))


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


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: formula starters get a leading apostrophe.

    OWASP's advice for CSV injection; the JSON export keeps the values exactly as recorded.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
            cells = {**record, "payload": canonical_json(record["payload"])}
            writer.writerow({k: csv_cell(v) for k, v in cells.items()})
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
    last_seq = session.execute(select(AuditEventRow.seq).order_by(AuditEventRow.seq.desc())
                               .limit(1)).scalar()
    if last_seq is not None and through_seq >= last_seq:
        # The checkpoint must follow a surviving record's seq, or the chain would restart at 1.
        raise RsiError(f"record {through_seq} is the chain's last; purge through {through_seq - 1} "
                       f"at most", ErrorCode.INVALID)
    last_hash, last_at = session.execute(
        select(AuditEventRow.hash, AuditEventRow.at)
        .where(AuditEventRow.seq == through_seq)).one()
    # What the purged records said about each case, so verify can still check those cases.
    summary: dict[str, dict[str, Any]] = {}
    decisions: list[int] = []
    for case_id, action, to_state, payload in session.execute(
            select(AuditEventRow.case_id, AuditEventRow.action, AuditEventRow.to_state,
                   AuditEventRow.payload)
            .where(AuditEventRow.seq >= start, AuditEventRow.seq <= through_seq,
                   AuditEventRow.case_id.is_not(None)).order_by(AuditEventRow.seq)):
        entry = summary.setdefault(case_id, {"state": None, "legal_hold": False})
        if to_state is not None:
            entry["state"] = to_state
        if action in ("legal_hold", "legal_hold_released"):
            entry["legal_hold"] = action == "legal_hold"
        if action in DECISION_ACTIONS and isinstance((payload or {}).get("decision_id"), int):
            decisions.append(payload["decision_id"])
    previous = session.execute(select(AuditEventRow.payload).where(
        AuditEventRow.action == CHECKPOINT_ACTION).order_by(AuditEventRow.seq.desc()).limit(1)
    ).scalar() or {}
    cases = {**previous.get("cases", {}), **summary}
    session.execute(delete(AuditEventRow).where(AuditEventRow.seq <= through_seq))
    row = append(session, actor=actor, action=CHECKPOINT_ACTION, payload={
        "through_seq": through_seq, "last_hash": last_hash, "purged": through_seq - start + 1,
        "retention_years": retention_years, "cutoff": plan.cutoff.isoformat(),
        "purged_at": now.astimezone(UTC).isoformat(), "last_at": last_at.astimezone(UTC).isoformat(),
        "cases": cases, "decisions": sorted({*previous.get("decisions", []), *decisions}),
    })
    session.info.setdefault(PENDING_HEAD_KEY, {})["purged_through"] = through_seq
    return row


def reset_head(store: Any) -> Head | None:
    """Re-sign the chain head from the database as it is now (`rsi audit anchor --reset`).

    Only after a verify that found nothing but the missing head: the caller checks, and records
    who reset it in the chain first.
    """
    from workflow.cases.anchor import advance_head

    with store.session() as session:
        start, _ = _start(session)
        last = session.execute(select(AuditEventRow.seq, AuditEventRow.hash)
                               .order_by(AuditEventRow.seq.desc()).limit(1)).first()
        legacy = session.execute(select(AuditEventRow.seq).where(AuditEventRow.mac_scheme.is_(None))
                                 .order_by(AuditEventRow.seq.desc()).limit(1)).scalar() or 0
    if last is None:
        return None
    return advance_head(store.anchor, last[0], last[1], purged_through=start - 1,
                        legacy_through=legacy, force=True)
