"""Screening results applied to cases: first screening routes the case, re-screening may reopen it.

A re-screening reopens a decided or closed case when it produces a *new or stronger* finding:
a finding key (Finding.key: rule + list entry) absent from the previous screening, or present
with a higher severity rank. Findings dismissed as false positives are ignored on both sides,
so a dismissed pair stays dismissed. Open cases are never moved by a re-screening; the new
screening is recorded and audited, and the reviewer sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake.errors import ExtractionRefused, RsiError
from intake.records import Document, Finding, Profile, Screening, Severity
from intake.settings import Settings
from workflow.cases import audit, pending
from workflow.cases.findings import (
    dismissed_keys,
    findings_digest,
    new_or_stronger,
    stored_findings,
    strongest,
)
from workflow.cases.manage import case_document_ids
from workflow.cases.ops import (
    context,
    in_transaction,
    latest_screening,
    load_case,
    move,
)
from workflow.cases.states import DECIDED_STATES, OPEN_STATES, CaseFacts, State
from workflow.cases.store import (
    CaseRow,
    DecisionRow,
    DocumentRow,
    ScreeningRow,
    Store,
    utcnow,
)
from workflow.screening.lists import load_active_reference

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ScreeningOutcome:
    """What applying one screening did to a case."""

    case_id: str
    from_state: str
    state: str
    screening_id: int
    finding_count: int
    highest_severity: str | None
    new_or_stronger: list[str] = field(default_factory=list)
    reopened: bool = False


@dataclass
class RescreenReport:
    """The result of re-screening many cases: counts, reopened cases, failures by case."""

    total: int = 0
    screened: int = 0
    reopened: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _highest(ranks: dict[str, int], findings: list[Finding]) -> Severity | None:
    kept = [f.severity for f in findings if f.key in ranks]
    return max(kept, key=lambda s: s.rank) if kept else None


def _store_row(session: Session, case_id: str, screening: Screening, trigger: str) -> ScreeningRow:
    dumps = [f.model_dump(mode="json") for f in screening.findings]
    snapshot_ids = {s.snapshot_id for s in screening.snapshots}
    snapshot_ids.update(i for f in screening.findings for i in f.snapshot_ids)
    at = screening.screened_at
    row = ScreeningRow(
        case_id=case_id,
        screened_at=at if at.tzinfo else at.replace(tzinfo=UTC),
        snapshot_ids=sorted(snapshot_ids),
        findings=dumps,
        findings_digest=findings_digest(dumps),
        trigger=trigger,
    )
    session.add(row)
    session.flush()
    return row


def _route_first(session: Session, case: CaseRow, facts: CaseFacts, actor: str) -> None:
    """received -> screened -> flagged | cleared | under_review (policy for no findings)."""
    move(session, case, "screen", facts, actor=actor, payload={"screening": "first"})
    if facts.has_findings():
        trigger = "flag"
    else:
        trigger = "clear" if facts.auto_clear else "request_signoff"
    policy = {"auto_clear_without_findings": facts.auto_clear, "finding_count": facts.finding_count}
    move(session, case, trigger, facts, actor=actor, payload=policy)
    if trigger == "clear":
        case.decided_at = utcnow()
        session.add(DecisionRow(
            case_id=case.id, outcome=State.CLEARED.value, reviewer=actor,
            rationale="No findings; cleared automatically (auto_clear_without_findings).",
        ))


def apply_in_session(
    session: Session,
    case_id: str,
    screening: Screening,
    settings: Settings,
    *,
    actor: str = "system",
    trigger: str = "intake",
    profile: Profile | None = None,
) -> ScreeningOutcome:
    """`apply_screening` inside the caller's transaction (used by screen_case and ingest)."""
    case = load_case(session, case_id)
    if profile is not None:
        case.profile = profile.model_dump(mode="json")
        case.subject_name = profile.person.name or case.subject_name
    dismissed = dismissed_keys(session, case_id)
    previous = latest_screening(session, case_id)
    before = strongest(stored_findings(previous), dismissed)
    row = _store_row(session, case_id, screening, trigger)
    now = strongest(screening.findings, dismissed)
    changed = new_or_stronger(before, now)
    highest = _highest(now, screening.findings)
    case.highest_severity = highest.value if highest else None
    facts = CaseFacts(
        state=case.state, finding_count=len(now), auto_clear=settings.auto_clear_without_findings,
        has_blocker=highest == Severity.BLOCKER, new_or_stronger=bool(changed),
    )
    payload = {
        **context(session, case_id), "screening_id": row.id, "trigger": trigger,
        "finding_count": len(now), "highest_severity": case.highest_severity,
        "new_or_stronger": changed,
    }
    from_state = case.state
    reopened = False
    if case.state == State.RECEIVED:
        audit.append(session, actor=actor, action="screening", case_id=case_id,
                     from_state=from_state, to_state=from_state, payload=payload)
        _route_first(session, case, facts, actor)
    elif case.state in DECIDED_STATES | {State.CLOSED} and changed:
        move(session, case, "reopen", facts, actor=actor, payload=payload)
        case.reopened = reopened = True
    else:
        audit.append(session, actor=actor, action="rescreen", case_id=case_id,
                     from_state=from_state, to_state=from_state, payload=payload)
    return ScreeningOutcome(case_id, from_state, case.state, row.id, len(now),
                            case.highest_severity, changed, reopened)


def apply_screening(
    store: Store,
    case_id: str,
    screening: Screening,
    settings: Settings,
    actor: str = "system",
    trigger: str = "intake",
) -> ScreeningOutcome:
    """Store a screening, route a new case or reopen a decided one; one transaction, audited."""
    return in_transaction(
        store,
        lambda s: apply_in_session(s, case_id, screening, settings, actor=actor, trigger=trigger),
        what=f"case {case_id}",
    )


def _documents(store: Store, case_id: str) -> list[Document]:
    with store.session() as session:
        load_case(session, case_id)
        ids = case_document_ids(session, case_id)  # its own and those linked into it (issue 16)
        rows = session.execute(
            select(DocumentRow.document).where(DocumentRow.id.in_(ids)).order_by(DocumentRow.id)
        ).scalars()
        return [Document.model_validate(d) for d in rows]


def screen_case(
    store: Store,
    settings: Settings,
    case_id: str,
    reference: Any = None,
    actor: str = "system",
    trigger: str = "intake",
    lease: pending.Lease | None = None,
) -> ScreeningOutcome:
    """Extract the case's profile from its documents, screen it and apply the result.

    The pending-screening record (workflow/cases/pending.py) is ended in the same transaction,
    unless a document was filed after this screening read them.
    """
    # Imported here: these stages are written in parallel and are heavy (spaCy) to import.
    from intake.screen import ScreeningConfig

    seq = lease.seq if lease is not None else pending.current_seq(store, case_id)
    if reference is None:
        reference = load_active_reference(store, settings)
    try:
        profile, screening = _assess(
            _documents(store, case_id), reference, ScreeningConfig.from_settings(settings), settings
        )
    except ExtractionRefused as exc:
        refused = exc  # bound for the closure: `exc` is unbound when the except block ends
        in_transaction(store, lambda s: _mark_refused(s, case_id, refused, actor), what=f"case {case_id}")
        raise

    def work(s: Session) -> ScreeningOutcome:
        pending.resolve(s, case_id, seq, lease)
        return apply_in_session(s, case_id, screening, settings, actor=actor, trigger=trigger,
                                profile=profile)

    return in_transaction(store, work, what=f"case {case_id}")


def _mark_refused(session: Session, case_id: str, exc: ExtractionRefused, actor: str) -> None:
    """Say on the case (its profile warnings, the audit trail) that it could not be screened."""
    case = load_case(session, case_id)
    warning = f"not screened: {exc.code.value}: {exc.message}"
    profile = dict(case.profile or Profile().model_dump(mode="json"))  # a re-screening keeps the last profile
    profile["warnings"] = [*profile.get("warnings", []), warning]
    case.profile = profile
    audit.append(session, actor=actor, action="extraction_refused", case_id=case_id,
                 payload={"code": exc.code.value, "message": exc.message})


def _assess(documents: list[Document], reference: Any, config: Any, settings: Settings) -> tuple[Profile, Screening]:
    """Extraction and screening within the extraction limits (a worker process unless switched off)."""
    from intake.extract import extract_profile
    from intake.extract_limits import ExtractLimits, cap_documents
    from intake.pipeline import assess_bounded
    from intake.screen import screen_profile

    limits = ExtractLimits.from_settings(settings)
    if settings.extract_isolated:
        return assess_bounded(documents, reference, config, utcnow().date(), limits)
    capped = cap_documents(documents, limits.max_chars)
    profile = extract_profile(capped, reference.gazetteer(), host_countries=reference.org_countries)
    return profile, screen_profile(profile, reference, config, utcnow().date(), capped)


def rescreen_targets(store: Store, settings: Settings) -> list[str]:
    """Every open case and every case decided within the re-screening window, oldest first."""
    since = utcnow() - timedelta(days=settings.rescreen_window_days)
    settled = sorted(s.value for s in DECIDED_STATES | {State.CLOSED})
    with store.session() as session:
        ids = session.execute(
            select(CaseRow.id)
            .where(or_(
                CaseRow.state.in_(sorted(s.value for s in OPEN_STATES)),
                CaseRow.state.in_(settled) & (CaseRow.decided_at >= since),
            ))
            .order_by(CaseRow.created_at, CaseRow.id)
        ).scalars()
        return list(ids)


def rescreen(
    store: Store,
    settings: Settings,
    case_ids: list[str] | None = None,
    *,
    reference: Any = None,
    progress: Progress | None = None,
    actor: str = "system",
) -> RescreenReport:
    """Screen the given cases (default: `rescreen_targets`) again; one failure does not stop the rest."""
    ids = case_ids if case_ids is not None else rescreen_targets(store, settings)
    if reference is None and ids:
        reference = load_active_reference(store, settings)
    report = RescreenReport(total=len(ids))
    for done, case_id in enumerate(ids, start=1):
        try:
            outcome = screen_case(store, settings, case_id, reference, actor, trigger="rescreen")
            report.screened += 1
            if outcome.reopened:
                report.reopened.append(case_id)
        except RsiError as exc:
            report.failed[case_id] = exc.message
        except Exception as exc:  # one unreadable case must not stop a list-change re-screening
            report.failed[case_id] = f"{type(exc).__name__}: {exc}"
        if progress is not None:
            progress(done, len(ids), case_id)
    return report


def rescreen_after_list_change(
    store: Store, settings: Settings, created: bool, *, progress: Progress | None = None, actor: str = "system",
) -> RescreenReport | None:
    """When a list got a new snapshot, screen open and recently decided cases again (else None)."""
    if not created:
        return None
    return rescreen(store, settings, progress=progress, actor=actor)
