"""Reviewer use cases: start review, decide, documents received, close, dismiss, hold, history.

Each function is one DB transaction (workflow.case_ops.in_transaction) that judges the trigger on
the pure machine, writes the case and its audit record together, and maps a lost race to
ConcurrentUpdate: two reviewers deciding the same case get one decision and one conflict error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import ConcurrentUpdate, ErrorCode, NotFound, RsiError
from intake.records import Severity
from workflow import audit
from workflow.case_ops import context, in_transaction, latest_screening, load_case, move
from workflow.screening_service import dismissed_keys, stored_findings, strongest
from workflow.states import DECIDED_STATES, CaseFacts, State, check
from workflow.store import (
    AuditEventRow,
    CaseRow,
    DecisionRow,
    FindingDispositionRow,
    ScreeningRow,
    Store,
    utcnow,
)

# CLI/web outcome names -> machine triggers.
OUTCOMES: dict[str, str] = {
    "approve": "approve",
    "conditions": "approve_with_conditions",
    "deny": "deny",
    "request-info": "request_info",
}
_SETTLED = DECIDED_STATES | {State.CLOSED, State.INFO_REQUESTED}


@dataclass(frozen=True)
class Transitioned:
    """A case moved by a service call: where from, where to, its new version."""

    case_id: str
    from_state: str
    state: str
    version: int
    decision_id: int | None = None


@dataclass
class CaseHistory:
    """Everything an auditor asks about one case, oldest first."""

    case: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    screenings: list[dict[str, Any]] = field(default_factory=list)
    dispositions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)


def _effective_ranks(session: Session, case_id: str) -> dict[str, int]:
    findings = stored_findings(latest_screening(session, case_id))
    return strongest(findings, dismissed_keys(session, case_id))


def _already_decided(session: Session, case: CaseRow) -> ConcurrentUpdate:
    last = session.execute(
        select(DecisionRow).where(DecisionRow.case_id == case.id)
        .order_by(DecisionRow.id.desc()).limit(1)
    ).scalar()
    who = f" by {last.reviewer} at {last.decided_at:%Y-%m-%d %H:%M} UTC" if last else ""
    return ConcurrentUpdate(
        f"case {case.id} was already decided ({case.state}){who}; reload it before deciding"
    )


def _check_version(case: CaseRow, expected: int) -> None:
    if case.version != expected:
        raise ConcurrentUpdate(
            f"case {case.id} was changed by someone else (version {expected} -> {case.version}, "
            f"now {case.state}); reload it and decide again"
        )


def decide(
    store: Store,
    case_id: str,
    outcome: str,
    reviewer: str,
    rationale: str,
    conditions: list[str] | None = None,
    second_reviewer: str | None = None,
    override_rationale: str | None = None,
    expires_on: str | None = None,
    expected_version: int | None = None,
    items: list[str] | None = None,
) -> Transitioned:
    """Record a reviewer's decision (approve | conditions | deny | request-info) on a case.

    Args:
        expected_version: the case version the reviewer saw; defaults to the version read
            first, so a race lost while retrying is still reported as a conflict.
    """
    trigger = OUTCOMES.get(outcome)
    if trigger is None:
        raise RsiError(f"unknown outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
    seen: dict[str, int] = {}

    def work(session: Session) -> Transitioned:
        case = load_case(session, case_id)
        _check_version(case, seen.setdefault("v", expected_version or case.version))
        if case.state in _SETTLED:
            raise _already_decided(session, case)
        ranks = _effective_ranks(session, case_id)
        facts = CaseFacts(
            state=case.state, reviewer=reviewer, rationale=rationale,
            conditions=list(conditions or []), items=list(items or []),
            second_reviewer=second_reviewer, override_rationale=override_rationale,
            has_blocker=Severity.BLOCKER.rank in ranks.values(),
        )
        check(facts, trigger)  # before anything is written
        row = DecisionRow(
            case_id=case_id, outcome="", rationale=rationale.strip(),
            conditions=[c.strip() for c in conditions or [] if c.strip()],
            info_requested=[i.strip() for i in items or [] if i.strip()],
            reviewer=reviewer, second_reviewer=second_reviewer,
            override_rationale=override_rationale, expires_on=expires_on,
        )
        session.add(row)
        session.flush()
        payload = {
            "decision_id": row.id, "outcome": outcome, "rationale": row.rationale,
            "conditions": row.conditions, "info_requested": row.info_requested,
            "reviewer": reviewer, "second_reviewer": second_reviewer,
            "override_rationale": override_rationale, "expires_on": expires_on,
            "finding_keys": sorted(ranks), **context(session, case_id),
        }
        before = case.state
        row.outcome = move(session, case, trigger, facts, actor=reviewer, payload=payload)
        if row.outcome in DECIDED_STATES:
            case.decided_at = row.decided_at
        session.flush()  # the version check happens here: a stale case raises StaleDataError
        return Transitioned(case_id, before, case.state, case.version, row.id)

    return in_transaction(store, work, what=f"case {case_id}")


def _simple(store: Store, case_id: str, trigger: str, actor: str) -> Transitioned:
    def work(session: Session) -> Transitioned:
        case = load_case(session, case_id)
        before = case.state
        move(session, case, trigger, CaseFacts(state=before, reviewer=actor), actor=actor,
             payload=context(session, case_id))
        session.flush()
        return Transitioned(case_id, before, case.state, case.version)

    return in_transaction(store, work, what=f"case {case_id}")


def start_review(store: Store, case_id: str, reviewer: str) -> Transitioned:
    """A reviewer takes a flagged or reopened case: -> under_review."""
    return _simple(store, case_id, "start_review", reviewer)


def documents_received(store: Store, case_id: str, actor: str = "system") -> Transitioned:
    """New documents answered a request for information: info_requested -> under_review."""
    return _simple(store, case_id, "documents_received", actor)


def close(store: Store, case_id: str, actor: str) -> Transitioned:
    """Close a decided case (cleared, approved, approved with conditions, denied)."""
    return _simple(store, case_id, "close", actor)


def _known_keys(session: Session, case_id: str) -> set[str]:
    rows = session.execute(select(ScreeningRow).where(ScreeningRow.case_id == case_id)).scalars()
    return {f.key for row in rows for f in stored_findings(row)}


def dismiss_finding(
    store: Store, case_id: str, finding_key: str, actor: str, rationale: str,
    disposition: str = "false_positive",
) -> int:
    """Record a reviewer's disposition of a finding (superseding older ones); return its id."""
    if not rationale.strip():
        raise RsiError("a dismissal needs a written rationale (--reason TEXT)", ErrorCode.INVALID)

    def work(session: Session) -> int:
        case = load_case(session, case_id)
        if finding_key not in _known_keys(session, case_id):
            raise NotFound(f"case {case_id} has no finding {finding_key!r}")
        now = utcnow()
        live = session.execute(select(FindingDispositionRow).where(
            FindingDispositionRow.case_id == case_id,
            FindingDispositionRow.finding_key == finding_key,
            FindingDispositionRow.superseded_at.is_(None),
        )).scalars()
        superseded = [r.id for r in live]
        for old in session.execute(select(FindingDispositionRow).where(
                FindingDispositionRow.id.in_(superseded))).scalars():
            old.superseded_at = now  # never deleted: the judgement history stays readable
        row = FindingDispositionRow(case_id=case_id, finding_key=finding_key, actor=actor,
                                    disposition=disposition, rationale=rationale.strip())
        session.add(row)
        session.flush()
        ranks = _effective_ranks(session, case_id)
        case.highest_severity = _severity_name(max(ranks.values(), default=None))
        case.updated_at = now
        audit.append(session, actor=actor, action="dismiss_finding", case_id=case_id,
                     from_state=case.state, to_state=case.state, payload={
                         "finding_key": finding_key, "disposition": disposition,
                         "rationale": row.rationale, "disposition_id": row.id,
                         "superseded": superseded})
        return row.id

    return in_transaction(store, work, what=f"case {case_id}")


def _severity_name(rank: int | None) -> str | None:
    return next((s.value for s in Severity if s.rank == rank), None)


def set_legal_hold(store: Store, case_id: str, hold: bool, actor: str, reason: str) -> None:
    """Put a case under legal hold (its records cannot be purged) or release it; audited."""
    def work(session: Session) -> None:
        case = load_case(session, case_id)
        case.legal_hold = hold
        case.updated_at = utcnow()
        audit.append(session, actor=actor, action="legal_hold" if hold else "legal_hold_released",
                     case_id=case_id, from_state=case.state, to_state=case.state,
                     payload={"reason": reason})

    in_transaction(store, work, what=f"case {case_id}")


def _row_dict(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    cols = row.__table__.columns.keys()
    return {c: getattr(row, c) for c in cols if c not in skip}


def history(store: Store, case_id: str) -> CaseHistory:
    """The case's audit events, decisions, screenings and dispositions, oldest first."""
    with store.session() as session:
        case = load_case(session, case_id)

        def rows(model: Any, order: Any) -> list[Any]:
            return list(session.execute(
                select(model).where(model.case_id == case_id).order_by(order)).scalars())

        return CaseHistory(
            case=_row_dict(case, ("profile",)),
            events=[audit.export_record(r) for r in rows(AuditEventRow, AuditEventRow.seq)],
            decisions=[_row_dict(r) for r in rows(DecisionRow, DecisionRow.id)],
            screenings=[_row_dict(r, ("findings",)) for r in rows(ScreeningRow, ScreeningRow.id)],
            dispositions=[_row_dict(r) for r in rows(FindingDispositionRow,
                                                     FindingDispositionRow.id)],
        )
