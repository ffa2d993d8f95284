"""Case management: merge two cases of one person, withdraw a request, link a document into a case.

Issue 16: choosing a CV and a form separately made two cases of one person, and the only way to
retire the extra one was to deny it, which writes a denial letter. Now:
  * `merge_cases` moves the absorbed case's documents (and documents linked to it) to the survivor,
    carries over live finding dispositions, and ends the absorbed case in `merged` pointing to the
    survivor (case_merges); its own screenings, decisions and audit trail stay where they are, readable. The
    caller screens the survivor again (the screening service is not ours to import).
  * `withdraw_case` ends an open case in `withdrawn`: no decision row, so no letter.
  * `link_document_in` records that a file dropped with a case id belongs to that case even though
    its content is already filed in another one (sha256 is unique, so it is linked, not refiled).
Each is one transaction, audited, through ops.move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import ErrorCode, RsiError, TransitionNotAllowed
from workflow.cases import audit
from workflow.cases import pending
from workflow.cases.ops import context, in_transaction, load_case, move
from workflow.cases.states import RETIRED_STATES, CaseFacts, check
from workflow.cases.store import (
    CaseMergeRow,
    CaseRow,
    DocumentLinkRow,
    DocumentRow,
    FindingDispositionRow,
    Store,
    utcnow,
)


@dataclass(frozen=True)
class Merged:
    """A merge done: which case absorbed which, and what moved."""

    survivor: str
    absorbed: str
    documents: list[str] = field(default_factory=list)  # sha256 of the documents moved or linked
    dispositions: int = 0


@dataclass(frozen=True)
class Withdrawn:
    """A withdrawn case: from which state."""

    case_id: str
    from_state: str


def merged_into(session: Session, case_id: str) -> str | None:
    """The case that absorbed `case_id`, if it was merged."""
    row = session.get(CaseMergeRow, case_id)
    return row.survivor_id if row is not None else None


def live_case_id(session: Session, case_id: str) -> str:
    """The case a (possibly merged) case id stands for now: follows merges to the survivor."""
    seen = {case_id}
    current = case_id
    while (nxt := merged_into(session, current)) is not None and nxt not in seen:
        seen.add(nxt)
        current = nxt
    return current


def case_document_ids(session: Session, case_id: str) -> list[int]:
    """Ids of the documents a case holds: filed into it, or linked to it; in arrival order."""
    own = session.scalars(select(DocumentRow.id).where(DocumentRow.case_id == case_id)).all()
    linked = session.scalars(select(DocumentLinkRow.document_id).where(DocumentLinkRow.case_id == case_id)).all()
    return sorted(set(own) | set(linked))


def links_of(session: Session, case_id: str) -> list[DocumentLinkRow]:
    """The case's links to documents filed in another case, oldest first."""
    return list(session.scalars(select(DocumentLinkRow).where(DocumentLinkRow.case_id == case_id)
                                .order_by(DocumentLinkRow.id)))


def link_document_in(session: Session, case: CaseRow, document: DocumentRow, file_name: str,
                     actor: str, reason: str = "named_case") -> bool:
    """Link `document` (filed in another case) into `case`, audited on `case`; False if it already is."""
    if document.case_id == case.id or session.scalar(select(DocumentLinkRow.id).where(
            DocumentLinkRow.case_id == case.id, DocumentLinkRow.document_id == document.id)):
        return False
    session.add(DocumentLinkRow(case_id=case.id, document_id=document.id, file_name=file_name,
                                reason=reason))
    session.flush()
    audit.append(session, actor=actor, action="document_linked", case_id=case.id,
                 from_state=case.state, to_state=case.state,
                 payload={"file_name": file_name, "sha256": document.sha256, "document_id": document.id,
                          "filed_in": document.case_id, "reason": reason})
    return True


def _facts(case: CaseRow, actor: str, reason: str) -> CaseFacts:
    return CaseFacts(state=case.state, reviewer=actor, rationale=reason)


def merge_cases(store: Store, absorbed_id: str, survivor_id: str, actor: str, reason: str) -> Merged:
    """Merge `absorbed_id` into `survivor_id` (two cases of one person); see the module docstring."""
    absorbed_id, survivor_id = absorbed_id.strip().upper(), survivor_id.strip().upper()
    if absorbed_id == survivor_id:
        raise RsiError("a case cannot be merged into itself", ErrorCode.INVALID)

    def work(session: Session) -> Merged:
        absorbed, survivor = load_case(session, absorbed_id), load_case(session, survivor_id)
        if survivor.state in RETIRED_STATES:
            raise TransitionNotAllowed(f"case {survivor_id} is {survivor.state}; merge into a live case")
        check(_facts(absorbed, actor, reason), "merge")
        relied_on = context(session, absorbed.id)  # before its documents move
        moved = _move_documents(session, absorbed, survivor, actor)
        carried = _carry_dispositions(session, absorbed, survivor)
        payload = {"into": survivor.id, "reason": reason.strip(), "documents": moved,
                   "dispositions_carried": carried, **relied_on}
        move(session, absorbed, "merge", _facts(absorbed, actor, reason), actor=actor, payload=payload)
        session.add(CaseMergeRow(absorbed_id=absorbed.id, survivor_id=survivor.id, actor=actor,
                                 reason=reason.strip()))
        # the durable screening queue follows the documents: the survivor owes a screening
        pending.retire(session, absorbed.id)
        pending.enqueue(session, survivor.id)
        survivor.updated_at = utcnow()
        audit.append(session, actor=actor, action="case_merged_in", case_id=survivor.id,
                     from_state=survivor.state, to_state=survivor.state,
                     payload={"absorbed": absorbed.id, "reason": reason.strip(), "documents": moved,
                              "dispositions_carried": carried})
        session.flush()
        return Merged(survivor.id, absorbed.id, moved, carried)

    return in_transaction(store, work, what=f"cases {absorbed_id} and {survivor_id}")


def _move_documents(session: Session, absorbed: CaseRow, survivor: CaseRow, actor: str) -> list[str]:
    """The absorbed case's documents become the survivor's; its links too (files stay in place)."""
    moved = []
    for doc in session.scalars(select(DocumentRow).where(DocumentRow.case_id == absorbed.id)
                               .order_by(DocumentRow.id)):
        doc.case_id = survivor.id
        moved.append(doc.sha256)
        for link in session.scalars(select(DocumentLinkRow).where(
                DocumentLinkRow.case_id == survivor.id, DocumentLinkRow.document_id == doc.id)):
            session.delete(link)  # it is the survivor's own document now
    for link in links_of(session, absorbed.id):
        doc = session.get(DocumentRow, link.document_id)
        if doc is not None and link_document_in(session, survivor, doc, link.file_name, actor, "merge"):
            moved.append(doc.sha256)
    return moved


def _carry_dispositions(session: Session, absorbed: CaseRow, survivor: CaseRow) -> int:
    """Live judgements of the absorbed case's findings hold for the survivor (same person, same
    finding keys), unless the survivor already judged that finding itself."""
    judged = set(session.scalars(select(FindingDispositionRow.finding_key).where(
        FindingDispositionRow.case_id == survivor.id, FindingDispositionRow.superseded_at.is_(None))))
    count = 0
    for row in session.scalars(select(FindingDispositionRow).where(
            FindingDispositionRow.case_id == absorbed.id, FindingDispositionRow.superseded_at.is_(None))):
        if row.finding_key in judged:
            continue
        carried = FindingDispositionRow(
            case_id=survivor.id, finding_key=row.finding_key, disposition=row.disposition,
            rationale=f"{row.rationale} (carried over from merged case {absorbed.id})", actor=row.actor,
            created_at=row.created_at, confirmed_by=row.confirmed_by, confirmed_at=row.confirmed_at)
        session.add(carried)
        session.flush()  # its id, for the audit record that `rsi audit verify` ties it to
        audit.append(session, actor=row.confirmed_by or row.actor, action="carry_dismissal",
                     case_id=survivor.id, from_state=survivor.state, to_state=survivor.state,
                     payload={"disposition_id": carried.id, "finding_key": row.finding_key,
                              "disposition": row.disposition, "from_case": absorbed.id,
                              "carried_from": row.id})
        count += 1
    return count


def withdraw_case(store: Store, case_id: str, actor: str, reason: str) -> Withdrawn:
    """Withdraw an open case (the request was withdrawn or is a duplicate): no decision, no letter."""
    def work(session: Session) -> Withdrawn:
        case = load_case(session, case_id)
        before = case.state
        move(session, case, "withdraw", _facts(case, actor, reason), actor=actor,
             payload={"reason": reason.strip(), **context(session, case_id)})
        pending.retire(session, case.id)
        session.flush()
        return Withdrawn(case.id, before)

    return in_transaction(store, work, what=f"case {case_id}")


def merged_summary(session: Session, case: CaseRow) -> dict[str, Any]:
    """What the case page and `rsi show` say about merges: where it went, what it absorbed."""
    absorbed = session.scalars(select(CaseMergeRow.absorbed_id).where(CaseMergeRow.survivor_id == case.id)
                               .order_by(CaseMergeRow.merged_at)).all()
    return {"merged_into": merged_into(session, case.id), "merged_from": list(absorbed),
            "same_person": same_person_cases(session, case)}


def _person_keys(case: CaseRow) -> set[str]:
    """What identifies the person across cases: the name as read (folded) and the email."""
    keys = set()
    if case.subject_name.strip():
        keys.add("name:" + " ".join(case.subject_name.casefold().split()))
    email = ((case.profile or {}).get("person") or {}).get("email")
    if email:
        keys.add("email:" + email.strip().casefold())
    return keys


def same_person_cases(session: Session, case: CaseRow, limit: int = 200) -> list[str]:
    """Other live cases with the same subject name or email: candidates to merge (issue 16: a CV
    and a form dropped separately made two cases). The reviewer decides; nothing merges by itself."""
    mine = _person_keys(case)
    if not mine or case.state in RETIRED_STATES:
        return []
    retired = sorted(s.value for s in RETIRED_STATES)
    others = session.scalars(select(CaseRow).where(CaseRow.id != case.id, CaseRow.state.not_in(retired))
                             .order_by(CaseRow.created_at.desc()).limit(limit))
    return [other.id for other in others if _person_keys(other) & mine]
