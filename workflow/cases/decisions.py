"""Reviewer use cases: start review, decide, documents received, close, dismiss, hold, history.

Dismissing a blocker finding follows the two-person rule of approving over one: proposed by
one reviewer, confirmed by another (`dismiss_finding`, `confirm_dismissal`).

Each function is one DB transaction (workflow.cases.ops.in_transaction) that judges the trigger on
the pure machine, writes the case and its audit record together, and maps a lost race to
ConcurrentUpdate: two reviewers deciding the same case get one decision and one conflict error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import (
    ConcurrentUpdate,
    ErrorCode,
    NotFound,
    RsiError,
    TransitionNotAllowed,
)
from intake.records import Severity
from workflow.cases import audit
from workflow.cases.findings import dismissed_keys, resolve_key, stored_findings, strongest
from workflow.cases.ops import (
    context,
    in_transaction,
    latest_screening,
    load_case,
    move,
)
from workflow.cases.states import DECIDED_STATES, CaseFacts, State, check
from workflow.cases.store import (
    AuditEventRow,
    CaseRow,
    DecisionRow,
    FindingDispositionRow,
    PendingApprovalRow,
    ScreeningRow,
    Store,
    utcnow,
)
from workflow.cases.users import Role, require_role

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
    pending_approval: int | None = None  # recorded, waiting for a second reviewer's confirmation


@dataclass
class CaseHistory:
    """Everything an auditor asks about one case, oldest first."""

    case: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    screenings: list[dict[str, Any]] = field(default_factory=list)
    dispositions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)  # latest screening, with short keys

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
        has_blocker = Severity.BLOCKER.rank in ranks.values()
        needs_two = has_blocker and trigger in TWO_PERSON_TRIGGERS
        if second_reviewer and not needs_two:
            # Naming a colleague must never put their name on a record they did not act on.
            raise TransitionNotAllowed(
                "a second reviewer is only asked for when approving over a blocker finding, and "
                "confirms in their own session (web) or identity (rsi confirm-approval)")
        facts = CaseFacts(
            state=case.state, reviewer=reviewer, rationale=rationale,
            conditions=list(conditions or []), items=list(items or []),
            second_reviewer=second_reviewer, override_rationale=override_rationale,
            has_blocker=has_blocker,
        )
        if needs_two:
            return _propose_approval(session, case, outcome, trigger, facts, ranks, expires_on)
        check(facts, trigger)  # before anything is written
        return _record_decision(session, case, outcome, trigger, facts, ranks, expires_on)

    return in_transaction(store, work, what=f"case {case_id}")


TWO_PERSON_TRIGGERS = frozenset({"approve", "approve_with_conditions"})
AWAITING = "(awaiting a second reviewer)"  # stands in for the confirmer while a proposal is judged
PENDING, CONFIRMED, SUPERSEDED = "pending", "confirmed", "superseded"


def _record_decision(session: Session, case: CaseRow, outcome: str, trigger: str,
                     facts: CaseFacts, ranks: dict[str, int], expires_on: str | None,
                     *, actor: str | None = None, extra: dict[str, Any] | None = None
                     ) -> Transitioned:
    """Write the decision row, move the case and audit it (facts already checked)."""
    row = DecisionRow(
        case_id=case.id, outcome="", rationale=(facts.rationale or "").strip(),
        conditions=[c.strip() for c in facts.conditions if c.strip()],
        info_requested=[i.strip() for i in facts.items if i.strip()],
        reviewer=facts.reviewer or "", second_reviewer=facts.second_reviewer,
        override_rationale=facts.override_rationale, expires_on=expires_on,
    )
    session.add(row)
    session.flush()
    payload = {
        "decision_id": row.id, "outcome": outcome, "rationale": row.rationale,
        "conditions": row.conditions, "info_requested": row.info_requested,
        "reviewer": row.reviewer, "second_reviewer": row.second_reviewer,
        "override_rationale": row.override_rationale, "expires_on": expires_on,
        "finding_keys": sorted(ranks), **context(session, case.id), **(extra or {}),
    }
    before = case.state
    row.outcome = move(session, case, trigger, facts, actor=actor or row.reviewer, payload=payload)
    if row.outcome in DECIDED_STATES:
        case.decided_at = row.decided_at
    for waiting in _pending_approvals(session, case.id):
        waiting.status, waiting.settled_at = SUPERSEDED, row.decided_at  # the case moved on
    session.flush()  # the version check happens here: a stale case raises StaleDataError
    return Transitioned(case.id, before, case.state, case.version, row.id)


def _pending_approvals(session: Session, case_id: str) -> list[PendingApprovalRow]:
    return list(session.scalars(select(PendingApprovalRow).where(
        PendingApprovalRow.case_id == case_id, PendingApprovalRow.status == PENDING)
        .order_by(PendingApprovalRow.id)))


def _propose_approval(session: Session, case: CaseRow, outcome: str, trigger: str,
                      facts: CaseFacts, ranks: dict[str, int], expires_on: str | None
                      ) -> Transitioned:
    """Record an approval over a blocker as pending: it waits for a second reviewer's confirmation."""
    proposer = require_role(session, facts.reviewer, (Role.REVIEWER,),
                            what="approve over a blocker finding")
    nominated = None
    if _text(facts.second_reviewer):
        if _same_person(facts.second_reviewer, proposer):
            raise TransitionNotAllowed(f"cannot {trigger.replace('_', ' ')}: "
                                       "the second reviewer must be a different person from the reviewer")
        nominated = require_role(session, facts.second_reviewer, (Role.REVIEWER,),
                                 what="be the second reviewer")
    check(replace(facts, reviewer=proposer, second_reviewer=nominated or AWAITING), trigger)
    now = utcnow()
    for older in _pending_approvals(session, case.id):
        older.status, older.settled_by, older.settled_at = SUPERSEDED, proposer, now
    screening = context(session, case.id)
    request = {"state": case.state, "rationale": (facts.rationale or "").strip(),
               "conditions": [c.strip() for c in facts.conditions if c.strip()],
               "override_rationale": (facts.override_rationale or "").strip(),
               "expires_on": expires_on, "finding_keys": sorted(ranks)}
    row = PendingApprovalRow(case_id=case.id, outcome=outcome, proposed_by=proposer,
                             nominated=nominated, request=request, case_version=case.version,
                             findings_digest=screening["findings_digest"], created_at=now,
                             status=PENDING)
    session.add(row)
    session.flush()
    audit.append(session, actor=proposer, action="propose_approval", case_id=case.id,
                 from_state=case.state, to_state=case.state,
                 payload={"pending_id": row.id, "outcome": outcome, "nominated": nominated,
                          **request, **screening})
    return Transitioned(case.id, case.state, case.state, case.version, pending_approval=row.id)


@dataclass(frozen=True)
class PendingApproval:
    """An approval waiting for its second reviewer, as the edges show it."""

    id: int
    case_id: str
    outcome: str
    proposed_by: str
    nominated: str | None
    rationale: str
    override_rationale: str
    conditions: list[str]
    created_at: Any


def pending_approval(store: Store, case_id: str) -> PendingApproval | None:
    """The case's approval awaiting a second reviewer, if any."""
    with store.session() as session:
        rows = _pending_approvals(session, case_id)
        if not rows:
            return None
        r = rows[-1]
        return PendingApproval(r.id, r.case_id, r.outcome, r.proposed_by, r.nominated,
                               r.request.get("rationale", ""), r.request.get("override_rationale", ""),
                               list(r.request.get("conditions", [])), r.created_at)


def confirm_approval(store: Store, case_id: str, actor: str, note: str = "",
                     pending_id: int | None = None) -> Transitioned:
    """A second reviewer, in their own session or CLI identity, confirms a pending approval.

    Only then is the decision recorded (naming both), the case moved and audited. The proposer
    cannot confirm; when a reviewer was named, only they can; a case changed since the proposal
    (new findings, a dismissal, another decision) needs a new proposal.
    """
    def work(session: Session) -> Transitioned:
        case = load_case(session, case_id)
        rows = _pending_approvals(session, case_id)
        if not rows:
            raise NotFound(f"case {case_id} has no approval awaiting a second reviewer")
        row = rows[-1]
        if pending_id is not None and row.id != pending_id:
            raise ConcurrentUpdate(f"case {case_id}: the approval you saw was replaced by "
                                   f"proposal {row.id}; reload it")
        if _same_person(actor, row.proposed_by):
            raise TransitionNotAllowed(
                f"an approval over a blocker must be confirmed by a second reviewer, not by "
                f"{row.proposed_by}, who proposed it")
        confirmer = require_role(session, actor, (Role.REVIEWER,), what="confirm an approval")
        if row.nominated and not _same_person(confirmer, row.nominated):
            raise TransitionNotAllowed(f"{row.proposed_by} asked {row.nominated} to confirm this "
                                       f"approval, not {confirmer}")
        digest = context(session, case_id)["findings_digest"]
        if case.version != row.case_version or case.state != row.request.get("state") \
                or digest != row.findings_digest:
            raise ConcurrentUpdate(f"case {case_id} changed after {row.proposed_by} proposed "
                                   f"the approval; it must be proposed again")
        req = row.request
        ranks = _effective_ranks(session, case_id)
        trigger = OUTCOMES[row.outcome]
        facts = CaseFacts(state=case.state, reviewer=row.proposed_by, rationale=req["rationale"],
                          conditions=list(req.get("conditions", [])), items=[],
                          second_reviewer=confirmer,
                          override_rationale=req.get("override_rationale") or None,
                          has_blocker=Severity.BLOCKER.rank in ranks.values())
        check(facts, trigger)
        row.status, row.settled_by, row.settled_at = CONFIRMED, confirmer, utcnow()
        return _record_decision(session, case, row.outcome, trigger, facts, ranks,
                                req.get("expires_on"), actor=confirmer,
                                extra={"confirms": row.id, "proposed_by": row.proposed_by,
                                       "confirmation_note": note.strip() or None})

    return in_transaction(store, work, what=f"case {case_id}")


def _text(value: str | None) -> bool:
    return bool(value and value.strip())


def _simple_in(session: Session, case_id: str, trigger: str, actor: str,
               extra: dict[str, Any] | None = None) -> Transitioned:
    case = load_case(session, case_id)
    before = case.state
    move(session, case, trigger, CaseFacts(state=before, reviewer=actor), actor=actor,
         payload={**context(session, case_id), **(extra or {})})
    session.flush()
    return Transitioned(case_id, before, case.state, case.version)


def _simple(store: Store, case_id: str, trigger: str, actor: str) -> Transitioned:
    return in_transaction(store, lambda s: _simple_in(s, case_id, trigger, actor),
                          what=f"case {case_id}")


def start_review(store: Store, case_id: str, reviewer: str) -> Transitioned:
    """A reviewer takes a flagged or reopened case: -> under_review."""
    return _simple(store, case_id, "start_review", reviewer)


def documents_received(store: Store, case_id: str, actor: str = "system") -> Transitioned:
    """New documents answered a request for information: info_requested -> under_review."""
    return _simple(store, case_id, "documents_received", actor)


def documents_received_in(
    session: Session, case_id: str, actor: str, documents: list[dict[str, Any]]
) -> Transitioned:
    """`documents_received` inside the caller's transaction (intake files and moves at once).

    Args:
        documents: what arrived ({"file_name", "sha256"} each), recorded in the audit payload.
    """
    return _simple_in(session, case_id, "documents_received", actor, {"received": documents})


def close(store: Store, case_id: str, actor: str) -> Transitioned:
    """Close a decided case (cleared, approved, approved with conditions, denied)."""
    return _simple(store, case_id, "close", actor)


PENDING_FALSE_POSITIVE = "pending_false_positive"


@dataclass(frozen=True)
class Dismissal:
    """A recorded dismissal: its disposition row and whether it still awaits a second reviewer."""

    case_id: str
    finding_key: str
    disposition_id: int
    pending: bool
    proposed_by: str
    confirmed_by: str | None = None


def _same_person(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def full_key(session: Session, case_id: str, given: str) -> str:
    """The full finding key for a full or short key (`rsi show` prints the short one), or NotFound."""
    rows = session.execute(select(ScreeningRow).where(ScreeningRow.case_id == case_id)).scalars()
    key = resolve_key((f for row in rows for f in stored_findings(row)), given)
    if key is None:
        raise NotFound(f"case {case_id} has no finding {given!r} (keys: `rsi show {case_id}`)")
    return key


def _finding_severity(session: Session, case_id: str, finding_key: str) -> Severity:
    """The highest severity `finding_key` had in any screening of the case, or NotFound."""
    rows = session.execute(select(ScreeningRow).where(ScreeningRow.case_id == case_id)).scalars()
    found = [f.severity for row in rows for f in stored_findings(row) if f.key == finding_key]
    if not found:
        raise NotFound(f"case {case_id} has no finding {finding_key!r}")
    return max(found, key=lambda s: s.rank)


def _live_dispositions(session: Session, case_id: str, key: str) -> list[FindingDispositionRow]:
    return list(session.execute(select(FindingDispositionRow).where(
        FindingDispositionRow.case_id == case_id,
        FindingDispositionRow.finding_key == key,
        FindingDispositionRow.superseded_at.is_(None),
    )).scalars())


def _settle(session: Session, case: CaseRow, row: FindingDispositionRow, action: str,
            payload: dict[str, Any]) -> None:
    """Store `row`, recompute the case's highest severity and audit `action`, all in one go."""
    session.add(row)
    session.flush()
    ranks = _effective_ranks(session, case.id)
    case.highest_severity = _severity_name(max(ranks.values(), default=None))
    case.updated_at = row.created_at  # bumps the case version: a racing decision sees it
    audit.append(session, actor=row.confirmed_by or row.actor, action=action, case_id=case.id,
                 from_state=case.state, to_state=case.state,
                 payload={"finding_key": row.finding_key, "disposition": row.disposition,
                          "rationale": row.rationale, "disposition_id": row.id, **payload})


def dismiss_finding(
    store: Store, case_id: str, finding_key: str, actor: str, rationale: str,
    disposition: str = "false_positive",
) -> Dismissal:
    """Record a reviewer's disposition of a finding (superseding older ones).

    Dismissing a blocker as a false positive takes two people, like approving over one: the
    first reviewer's dismissal is only proposed (`pending_false_positive`, audited as
    `propose_dismissal`), and the finding counts as a blocker until a different reviewer
    confirms it with `confirm_dismissal`. Any other disposition is recorded at once.
    """
    if not rationale.strip():
        raise RsiError("a dismissal needs a written rationale (--reason TEXT)", ErrorCode.INVALID)

    given = finding_key

    def work(session: Session) -> Dismissal:
        case = load_case(session, case_id)
        finding_key = full_key(session, case_id, given)
        severity = _finding_severity(session, case_id, finding_key)
        pending = disposition == "false_positive" and severity == Severity.BLOCKER
        if pending and not actor.strip():
            raise TransitionNotAllowed("dismissing a blocker finding needs a named reviewer (--as USER)")
        if pending:
            require_role(session, actor, (Role.REVIEWER,), what="propose dismissing a blocker")
        now = utcnow()
        superseded = _live_dispositions(session, case_id, finding_key)
        for old in superseded:
            old.superseded_at = now  # never deleted: the judgement history stays readable
        row = FindingDispositionRow(
            case_id=case_id, finding_key=finding_key, actor=actor, rationale=rationale.strip(),
            disposition=PENDING_FALSE_POSITIVE if pending else disposition, created_at=now)
        _settle(session, case, row, "propose_dismissal" if pending else "dismiss_finding",
                {"severity": severity.value, "superseded": [r.id for r in superseded],
                 "needs_confirmation": pending})
        return Dismissal(case_id, finding_key, row.id, pending, actor)

    return in_transaction(store, work, what=f"case {case_id}")


def confirm_dismissal(
    store: Store, case_id: str, finding_key: str, actor: str, note: str = ""
) -> Dismissal:
    """A second reviewer confirms a proposed blocker dismissal; only then is the finding dismissed."""
    given = finding_key

    def work(session: Session) -> Dismissal:
        case = load_case(session, case_id)
        finding_key = full_key(session, case_id, given) if _has_any_screening(session, case_id) else given
        live = _live_dispositions(session, case_id, finding_key)
        proposal = next((r for r in live if r.disposition == PENDING_FALSE_POSITIVE), None)
        if proposal is None:
            raise NotFound(f"case {case_id} has no dismissal of {finding_key!r} awaiting confirmation")
        if not actor.strip():
            raise TransitionNotAllowed("a reviewer must be named (--as USER)")
        if not _same_person(actor, proposal.actor):
            require_role(session, actor.strip(), (Role.REVIEWER,), what="confirm a dismissal")
        if _same_person(actor, proposal.actor):
            raise TransitionNotAllowed(
                f"the dismissal of a blocker finding must be confirmed by a second reviewer, "
                f"not by {proposal.actor}, who proposed it")
        now = utcnow()
        proposal.superseded_at = now
        row = FindingDispositionRow(
            case_id=case_id, finding_key=finding_key, actor=proposal.actor,
            rationale=proposal.rationale, disposition="false_positive", created_at=now,
            confirmed_by=actor, confirmed_at=now)
        _settle(session, case, row, "confirm_dismissal",
                {"proposed_by": proposal.actor, "confirms": proposal.id,
                 "note": note.strip() or None})
        return Dismissal(case_id, finding_key, row.id, False, proposal.actor, actor)

    return in_transaction(store, work, what=f"case {case_id}")


def _has_any_screening(session: Session, case_id: str) -> bool:
    return latest_screening(session, case_id) is not None


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
            findings=_finding_keys(session, case_id),
        )


def _finding_keys(session: Session, case_id: str) -> list[dict[str, Any]]:
    """The latest screening's findings with the keys `rsi dismiss` takes, and their live disposition."""
    live = {r.finding_key: r.disposition for r in session.execute(select(FindingDispositionRow).where(
        FindingDispositionRow.case_id == case_id, FindingDispositionRow.superseded_at.is_(None))).scalars()}
    return [{"short_key": f.short_key, "key": f.key, "severity": f.severity.value, "rule_id": f.rule_id,
             "title": f.title, "disposition": live.get(f.key)}
            for f in stored_findings(latest_screening(session, case_id))]
