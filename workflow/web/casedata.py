"""Read models for the pages: the queue and one case, loaded from the store in one session.

Only reads live here; every change goes through the service modules (decisions, ingest, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake.errors import NotFound
from intake.records import Finding, Profile, Severity
from workflow.service import PENDING_FALSE_POSITIVE
from workflow.service import DECISION_TRIGGERS, Trigger, allowed_triggers
from workflow.service import (
    AuditEventRow,
    CaseRow,
    DecisionRow,
    DocumentRow,
    FindingDispositionRow,
    LetterRow,
    ScreeningRow,
    Store,
)
from workflow.service import Role, list_users
from workflow.service import manage, missing_for_letter, pending, request_of, views

# Decision form outcomes as the decision service names them, by the trigger each one fires.
OUTCOME_BY_TRIGGER = {
    Trigger.APPROVE: "approve",
    Trigger.APPROVE_WITH_CONDITIONS: "conditions",
    Trigger.DENY: "deny",
    Trigger.REQUEST_INFO: "request-info",
}
SIMPLE_TRIGGERS = (Trigger.START_REVIEW, Trigger.CLOSE)


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters as given in the query string (empty = no filter)."""

    state: str = ""
    severity: str = ""
    q: str = ""
    sort: str = "severity"


@dataclass
class FindingView:
    """A finding plus its current disposition (a false-positive dismissal, say)."""

    finding: Finding
    disposition: FindingDispositionRow | None = None

    @property
    def dismissed(self) -> bool:
        return self.disposition is not None and self.disposition.disposition == "false_positive"

    @property
    def pending(self) -> bool:
        """A blocker's dismissal was proposed and awaits a second reviewer (still counts)."""
        return self.disposition is not None and self.disposition.disposition == PENDING_FALSE_POSITIVE


@dataclass
class CaseView:
    """Everything the case page shows."""

    case: CaseRow
    documents: list[DocumentRow]
    profile: Profile | None
    profile_error: str | None
    screening: ScreeningRow | None
    findings: list[FindingView]
    decisions: list[DecisionRow]
    letters: list[LetterRow]
    timeline: list[AuditEventRow]
    doc_ids: dict[str, int] = field(default_factory=dict)  # sha256 -> document id for links
    summary: Any = None  # intake.screen.summary.CaseSummary, shown first (issue 16)
    linked: list[tuple[Any, DocumentRow]] = field(default_factory=list)  # (link, document filed elsewhere)
    merged_into: str | None = None
    merged_from: list[str] = field(default_factory=list)
    same_person: list[str] = field(default_factory=list)  # other live cases, same name or email

    @property
    def retired(self) -> bool:
        """Merged or withdrawn: nothing more happens to the case."""
        return self.case.state in ("merged", "withdrawn")

    @property
    def can_withdraw(self) -> bool:
        return "withdraw" in self.triggers

    @property
    def can_merge(self) -> bool:
        return "merge" in self.triggers

    def by_key(self) -> dict[str, FindingView]:
        """Finding views by short key, for the findings grouped by organisation."""
        return {v.finding.short_key: v for v in self.findings}
    pending: dict[str, Any] | None = None  # a screening not done yet, or failed (issue 16)

    @property
    def has_blocker(self) -> bool:
        return any(f.finding.severity == Severity.BLOCKER and not f.dismissed for f in self.findings)

    @property
    def triggers(self) -> list[str]:
        """Reviewer triggers leaving the current state (buttons; guards explain on failure)."""
        return allowed_triggers(self.case.state)

    @property
    def outcomes(self) -> list[str]:
        """The decision outcomes whose trigger leaves the current state."""
        triggers = set(self.triggers) & DECISION_TRIGGERS
        return [o for t, o in OUTCOME_BY_TRIGGER.items() if t in triggers]

    @property
    def request(self) -> dict[str, Any]:
        """Who asked for the screening and for what (editable by staff and reviewers)."""
        return request_of(self.case)

    @property
    def letter_missing(self) -> list[str]:
        """What the decision letter lacks (no requester email), shown before deciding."""
        return missing_for_letter(self.case)

    @property
    def current_letter(self) -> LetterRow | None:
        """The letter of the latest decision, if it was drafted."""
        if not self.decisions:
            return None
        latest = self.decisions[-1].id
        return next((row for row in self.letters if row.decision_id == latest), None)

    @property
    def simple_actions(self) -> list[str]:
        """Reviewer triggers without a form (start review, close), as buttons."""
        return [t for t in self.triggers if t in SIMPLE_TRIGGERS]


def queue(store: Store, filters: QueueFilter, limit: int = 500) -> list[CaseRow]:
    """Cases matching the filters, most severe first (or oldest first / by state)."""
    query = select(CaseRow)
    if filters.state:
        query = query.where(CaseRow.state == filters.state)
    if filters.severity:
        query = query.where(CaseRow.highest_severity == filters.severity)
    if filters.q:
        like = f"%{filters.q.strip()}%"
        query = query.where(or_(CaseRow.subject_name.ilike(like), CaseRow.id.ilike(like),
                                CaseRow.source_name.ilike(like)))
    with store.session() as session:
        rows = list(session.scalars(query.order_by(CaseRow.created_at).limit(limit)))
    return sorted(rows, key=_sort_key(filters.sort))


def screening_status(store: Store, cases: list[CaseRow]) -> dict[str, dict[str, Any]]:
    """For the queue: the cases whose screening is not done yet or failed, by id."""
    with store.session() as session:
        return pending.status_of(session, [c.id for c in cases])


def _sort_key(sort: str) -> Any:
    if sort == "age":
        return lambda c: c.created_at
    if sort == "state":
        return lambda c: (c.state, c.created_at)
    # Most severe first; within a severity the oldest waits longest, so it comes first.
    return lambda c: (-_rank(c.highest_severity), c.created_at)


def _rank(severity: str | None) -> int:
    try:
        return Severity(severity).rank if severity else -1
    except ValueError:
        return -1


def load_case(store: Store, case_id: str, sanctioned: frozenset[str] | None = None) -> CaseView:
    """The case page's read model; NotFound for an unknown id."""
    with store.session() as session:
        case = session.get(CaseRow, case_id)
        if case is None:
            raise NotFound(f"case {case_id} does not exist")
        documents = list(case.documents)
        profile, error = _profile(case.profile)
        screening = _latest(session, ScreeningRow, case_id)
        linked = [(link, doc) for link in manage.links_of(session, case_id)
                  if (doc := session.get(DocumentRow, link.document_id)) is not None]
        merges = manage.merged_summary(session, case)
        counting = views.counting_findings(session, case_id, screening.findings) if screening else []
        return CaseView(
            summary=views.summary_of(case.profile, counting, case.kind, sanctioned) if screening else None,
            linked=linked, merged_into=merges["merged_into"], merged_from=merges["merged_from"],
            same_person=merges["same_person"],
            case=case, documents=documents, profile=profile, profile_error=error,
            screening=screening, findings=_findings(session, case_id, screening),
            decisions=_all(session, DecisionRow, case_id),
            letters=_all(session, LetterRow, case_id),
            timeline=list(session.scalars(select(AuditEventRow)
                                          .where(AuditEventRow.case_id == case_id)
                                          .order_by(AuditEventRow.seq))),
            doc_ids={d.sha256: d.id for d in [*documents, *(doc for _, doc in linked)]},
            pending=pending.status_of(session, [case_id]).get(case_id),
        )


def _profile(raw: dict[str, Any] | None) -> tuple[Profile | None, str | None]:
    if raw is None:
        return None, None
    try:
        return Profile.model_validate(raw), None
    except ValidationError as exc:  # show the page anyway; the raw JSON is still there
        return None, f"stored profile does not match the current record format: {exc.error_count()} errors"


def _latest(session: Session, model: Any, case_id: str) -> Any:
    return session.scalar(select(model).where(model.case_id == case_id)
                          .order_by(model.id.desc()).limit(1))


def _all(session: Session, model: Any, case_id: str) -> list[Any]:
    return list(session.scalars(select(model).where(model.case_id == case_id).order_by(model.id)))


def _findings(session: Session, case_id: str, screening: ScreeningRow | None) -> list[FindingView]:
    if screening is None:
        return []
    live = {d.finding_key: d for d in session.scalars(
        select(FindingDispositionRow).where(FindingDispositionRow.case_id == case_id,
                                            FindingDispositionRow.superseded_at.is_(None)))}
    views = [FindingView(f, live.get(f.key)) for f in _parse_findings(screening.findings)]
    return sorted(views, key=lambda v: (v.dismissed, -v.finding.severity.rank))


def _parse_findings(raw: list[Any]) -> list[Finding]:
    found = []
    for item in raw:
        try:
            found.append(Finding.model_validate(item))
        except ValidationError:
            continue  # a malformed stored finding must not hide the others
    return found


def document_page(store: Store, case_id: str, doc_id: int, number: int) -> tuple[DocumentRow, str]:
    """One page's extracted text of a case's document; NotFound when it has no such page."""
    with store.session() as session:
        doc = session.get(DocumentRow, doc_id)
        if doc is not None and doc.case_id != case_id and doc_id not in manage.case_document_ids(session, case_id):
            doc = None  # neither filed in nor linked into this case
        if doc is None:
            raise NotFound(f"case {case_id} has no document {doc_id}")
        for p in (doc.document or {}).get("pages", []):
            if p.get("number") == number:
                return doc, str(p.get("text", ""))
    raise NotFound(f"document {doc_id} has no page {number}")


def reviewer_names(store: Store, excluding: str) -> list[str]:
    """Other active reviewers, for the second-reviewer field."""
    return [u.name for u in list_users(store)
            if u.active and u.role == Role.REVIEWER and u.name != excluding]

