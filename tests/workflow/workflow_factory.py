"""One-line builders for workflow tests: fictional cases, findings and screenings."""

from __future__ import annotations

from intake.records import Finding, ListEntry, Match, Screening, Severity
from workflow.cases import audit
from workflow.screening.service import apply_screening
from workflow.cases.store import CaseRow, DocumentRow, Store, utcnow


def finding(entry_id: str = "E1", severity: str = "high", rule: str = "RPL_AFFILIATION") -> Finding:
    """A finding about fictional list entry `entry_id` (same entry and rule -> same key)."""
    entry = ListEntry(list_id="csl", entry_id=entry_id, name=f"Fictional Institute {entry_id}")
    match = Match(query=entry.name, entry=entry, score=97.0, matched_name=entry.name,
                  query_normalised=entry.name.lower(), candidate_normalised=entry.name.lower(),
                  why="all tokens equal")
    return Finding(rule_id=rule, title="Affiliation with a listed party", severity=Severity(severity),
                   explanation="The CV names a listed organisation.", matches=[match],
                   snapshot_ids=["csl@0123456789ab"])


def screening(*findings: Finding) -> Screening:
    """A screening with the given findings, screened now."""
    return Screening(findings=list(findings), snapshots=[], screened_at=utcnow())


def new_case(store: Store, case_id: str = "C-0001", *, name: str = "Dr. Ada Fictional") -> str:
    """A received case with one document and its intake audit record, as ingest files it."""
    with store.session() as s:
        s.add(CaseRow(id=case_id, subject_name=name, state="received"))
        s.flush()
        s.add(DocumentRow(case_id=case_id, sha256=f"{case_id:0>64}"[-64:], file_name="cv.pdf",
                          archived_path="archive/cv.pdf", media_type="pdf", kind="cv",
                          document={"source_path": "cv.pdf", "file_name": "cv.pdf",
                                    "sha256": f"{case_id:0>64}"[-64:], "media_type": "pdf"}))
        audit.append(s, actor="watcher", action="received", case_id=case_id, to_state="received")
    return case_id


def case_in(store: Store, settings, state: str, case_id: str = "C-0001", *findings: Finding) -> str:
    """A case driven through the service to `state` (flagged by default findings)."""
    from workflow.cases import decisions

    new_case(store, case_id)
    apply_screening(store, case_id, screening(*(findings or (finding(),))), settings)
    if state == "flagged":
        return case_id
    decisions.start_review(store, case_id, "alice")
    if state == "under_review":
        return case_id
    outcome = {"approved": "approve", "denied": "deny", "info_requested": "request-info",
               "approved_with_conditions": "conditions", "closed": "deny"}[state]
    blocker = any(f.severity == "blocker" for f in findings)
    if blocker and outcome in ("approve", "conditions"):  # two people: proposed, then confirmed
        reviewers(store, "alice", "bob")
    decisions.decide(store, case_id, outcome, "alice", "Reviewed the CV.",
                     conditions=["Escort in controlled areas"], items=["Contract translation"],
                     override_rationale="Namesake, verified by ID" if blocker else None)
    if blocker and outcome in ("approve", "conditions"):
        decisions.confirm_approval(store, case_id, "bob", "ID checked")
    if state == "closed":
        decisions.close(store, case_id, "alice")
    return case_id


PASSWORD = "correct horse battery staple"


def reviewers(store: Store, *names: str) -> None:
    """Reviewer accounts (fictional people) for two-person actions; existing ones are kept."""
    from workflow.cases import users

    for name in names:
        if users.get_user(store, name) is None:
            users.add_user(store, name, users.Role.REVIEWER, PASSWORD)


def state_of(store: Store, case_id: str) -> str:
    """The stored state of a case."""
    with store.session() as s:
        return s.get(CaseRow, case_id).state
