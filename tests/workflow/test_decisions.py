"""Reviewer use cases through the service, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from workflow_factory import case_in, finding, new_case, reviewers, screening, state_of

from intake.errors import ConcurrentUpdate, NotFound, RsiError, TransitionNotAllowed
from intake.settings import Settings
from workflow.cases import audit
from workflow.cases import decisions, users
from workflow.screening.service import apply_screening
from workflow.cases.store import AuditEventRow, CaseRow, DecisionRow, FindingDispositionRow, Store


def _actions(store: Store, case_id: str) -> list[str]:
    return [e["action"] for e in decisions.history(store, case_id).events]


def test_full_path_with_conditions(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    result = decisions.decide(any_store, case_id, "conditions", "alice", "Low risk overall.",
                              conditions=["No access to export-controlled data"],
                              expires_on="2027-06-30")
    assert (result.from_state, result.state) == ("under_review", "approved_with_conditions")
    closed = decisions.close(any_store, case_id, "alice")
    assert closed.state == "closed"
    assert _actions(any_store, case_id) == [
        "received", "screening", "screen", "flag", "start_review", "approve_with_conditions",
        "close"]
    with any_store.session() as s:
        decision = s.query(DecisionRow).one()
        assert decision.outcome == "approved_with_conditions"
        assert decision.conditions == ["No access to export-controlled data"]
        assert s.get(CaseRow, case_id).decided_at is not None
        event = s.query(AuditEventRow).filter_by(action="approve_with_conditions").one()
        assert event.payload["decision_id"] == decision.id
        assert event.payload["documents_sha256"] and event.payload["findings_digest"]
        assert audit.verify(s).ok


def test_request_info_then_documents_received(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    decisions.decide(any_store, case_id, "request-info", "alice", "Need the contract.",
                     items=["Signed contract with Fictional Institute E1"])
    assert state_of(any_store, case_id) == "info_requested"
    assert decisions.documents_received(any_store, case_id).state == "under_review"
    decisions.decide(any_store, case_id, "deny", "alice", "Contract shows a listed party.")
    assert state_of(any_store, case_id) == "denied"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "override rationale"),  # approving a blocker with one reviewer
        ({"override_rationale": "Namesake", "second_reviewer": "alice"}, "different person"),
        ({"override_rationale": "Namesake", "second_reviewer": " Alice "}, "different person"),
        ({"override_rationale": "Namesake", "second_reviewer": "ghost"}, "no active rsi account"),
        ({"override_rationale": "Namesake", "second_reviewer": "sam"}, "sam is staff"),
    ],
)
def test_blocker_approval_needs_two_reviewers(any_store: Store, settings: Settings,
                                              kwargs: dict, words: str) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    reviewers(any_store, "alice")
    users.add_user(any_store, "sam", users.Role.STAFF, "correct horse battery staple")
    with pytest.raises(TransitionNotAllowed, match=words):
        decisions.decide(any_store, case_id, "approve", "alice", "Looks fine.", **kwargs)
    assert state_of(any_store, case_id) == "under_review"
    with any_store.session() as s:
        assert s.query(DecisionRow).count() == 0
        assert s.query(AuditEventRow).filter_by(action="approve").count() == 0


def test_blocker_approval_with_second_reviewer(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    reviewers(any_store, "alice", "bob", "carol")
    proposed = decisions.decide(any_store, case_id, "approve", "alice", "Verified identity.",
                                second_reviewer="bob", override_rationale="Namesake; passport checked.")
    # Recorded, but nothing is approved until bob confirms in his own session or identity.
    assert proposed.pending_approval is not None and proposed.decision_id is None
    assert state_of(any_store, case_id) == "under_review"
    with any_store.session() as s:
        assert s.query(DecisionRow).count() == 0
    for who, words in (("alice", "not by alice"), ("ALICE", "not by alice"),
                       ("carol", "asked bob"), ("ghost", "no active rsi account")):
        with pytest.raises(TransitionNotAllowed, match=words):
            decisions.confirm_approval(any_store, case_id, who)
    done = decisions.confirm_approval(any_store, case_id, "bob", "Passport seen.")
    assert done.state == "approved" and done.decision_id is not None
    with any_store.session() as s:
        [row] = s.query(DecisionRow).all()
        assert (row.reviewer, row.second_reviewer) == ("alice", "bob")
        assert audit.verify(s).ok
    assert _actions(any_store, case_id)[-2:] == ["propose_approval", "approve"]
    with pytest.raises(NotFound):
        decisions.confirm_approval(any_store, case_id, "bob")


def test_naming_a_second_reviewer_without_a_blocker_is_refused(any_store: Store,
                                                               settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    with pytest.raises(TransitionNotAllowed, match="only asked for"):
        decisions.decide(any_store, case_id, "approve", "rita", "Fine.", second_reviewer="victor")
    assert state_of(any_store, case_id) == "under_review"


def test_a_changed_case_needs_a_new_proposal(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    reviewers(any_store, "alice", "bob")
    decisions.decide(any_store, case_id, "approve", "alice", "Verified.",
                     override_rationale="Namesake.")
    decisions.set_legal_hold(any_store, case_id, True, "alice", "agency request")  # bumps version
    with pytest.raises(ConcurrentUpdate, match="proposed again"):
        decisions.confirm_approval(any_store, case_id, "bob")
    assert state_of(any_store, case_id) == "under_review"


def _severity(store: Store, case_id: str) -> str | None:
    with store.session() as s:
        return s.get(CaseRow, case_id).highest_severity


def test_blocker_dismissal_waits_for_a_second_reviewer(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    reviewers(any_store, "alice", "bob")
    key = finding().key
    proposed = decisions.dismiss_finding(any_store, case_id, key, "alice", "Other person.")
    assert proposed.pending and proposed.proposed_by == "alice"
    # Still a blocker: the case cannot be approved by one reviewer.
    assert _severity(any_store, case_id) == "blocker"
    with pytest.raises(TransitionNotAllowed, match="override rationale"):
        decisions.decide(any_store, case_id, "approve", "alice", "Only finding was a namesake.")
    # The proposer cannot confirm her own dismissal, however she writes her name.
    for same in ("alice", " Alice "):
        with pytest.raises(TransitionNotAllowed, match="second reviewer, not by alice"):
            decisions.confirm_dismissal(any_store, case_id, key, same)
    assert _severity(any_store, case_id) == "blocker"

    confirmed = decisions.confirm_dismissal(any_store, case_id, key, "bob", "Checked the passport.")
    assert (confirmed.pending, confirmed.proposed_by, confirmed.confirmed_by) == (False, "alice", "bob")
    assert _severity(any_store, case_id) is None
    decisions.decide(any_store, case_id, "approve", "alice", "Only finding was a namesake.")
    assert state_of(any_store, case_id) == "approved"
    with any_store.session() as s:
        rows = s.query(FindingDispositionRow).order_by(FindingDispositionRow.id).all()
        assert [(r.disposition, r.actor, r.confirmed_by, r.superseded_at is None) for r in rows] == [
            ("pending_false_positive", "alice", None, False),
            ("false_positive", "alice", "bob", True)]
        events = {e.action: e for e in s.query(AuditEventRow)}
        assert audit.verify(s).ok
    assert _actions(any_store, case_id)[-3:] == ["propose_dismissal", "confirm_dismissal", "approve"]
    assert events["propose_dismissal"].actor == "alice"
    assert events["propose_dismissal"].payload["needs_confirmation"] is True
    assert events["confirm_dismissal"].actor == "bob"
    assert events["confirm_dismissal"].payload["proposed_by"] == "alice"
    assert events["confirm_dismissal"].payload["note"] == "Checked the passport."


def test_non_blocker_dismissal_needs_no_confirmation(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="high"))
    done = decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Other person.")
    assert not done.pending and _severity(any_store, case_id) is None
    assert _actions(any_store, case_id)[-1] == "dismiss_finding"
    with pytest.raises(NotFound, match="awaiting confirmation"):
        decisions.confirm_dismissal(any_store, case_id, finding().key, "bob")
    decisions.decide(any_store, case_id, "approve", "alice", "Only finding was a namesake.")
    assert state_of(any_store, case_id) == "approved"


def test_blocker_dismissal_needs_named_reviewers(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    with pytest.raises(TransitionNotAllowed, match="named reviewer"):
        decisions.dismiss_finding(any_store, case_id, finding().key, " ", "Other person.")
    with pytest.raises(TransitionNotAllowed, match="no active rsi account named 'ghost'"):
        decisions.dismiss_finding(any_store, case_id, finding().key, "ghost", "Other person.")
    reviewers(any_store, "alice")
    decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Other person.")
    with pytest.raises(TransitionNotAllowed, match="no active rsi account named 'ghost'"):
        decisions.confirm_dismissal(any_store, case_id, finding().key, "ghost")
    decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Other person.")
    with pytest.raises(TransitionNotAllowed, match="must be named"):
        decisions.confirm_dismissal(any_store, case_id, finding().key, "")
    assert _actions(any_store, case_id).count("confirm_dismissal") == 0


@pytest.mark.parametrize(
    ("outcome", "reviewer", "rationale", "kwargs", "words"),
    [
        ("conditions", "alice", "Fine.", {}, "at least one condition"),
        ("approve", "alice", "  ", {}, "written rationale"),
        ("deny", "", "Listed.", {}, "reviewer must be named"),
        ("request-info", "alice", "Need more.", {}, "at least one item"),
    ],
)
def test_decision_guards(any_store: Store, settings: Settings, outcome: str, reviewer: str,
                         rationale: str, kwargs: dict, words: str) -> None:
    case_id = case_in(any_store, settings, "under_review")
    with pytest.raises(TransitionNotAllowed, match=words):
        decisions.decide(any_store, case_id, outcome, reviewer, rationale, **kwargs)
    assert state_of(any_store, case_id) == "under_review"


def test_decide_on_flagged_case_is_not_allowed(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "flagged")
    with pytest.raises(TransitionNotAllowed, match="not allowed in state 'flagged'"):
        decisions.decide(any_store, case_id, "deny", "alice", "Listed.")


def test_unknown_outcome_and_case(any_store: Store, settings: Settings) -> None:
    with pytest.raises(RsiError, match="unknown outcome"):
        decisions.decide(any_store, "C-0001", "maybe", "alice", "x")
    with pytest.raises(NotFound):
        decisions.decide(any_store, "C-9999", "deny", "alice", "x")


def test_deciding_a_decided_case_is_a_conflict(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "approved")
    with pytest.raises(ConcurrentUpdate, match="already decided .approved. by alice"):
        decisions.decide(any_store, case_id, "deny", "carol", "Disagree.")


def test_stale_expected_version_is_a_conflict(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    with any_store.session() as s:
        seen = s.get(CaseRow, case_id).version
    decisions.dismiss_finding(any_store, case_id, finding().key, "bob", "Namesake.")
    with pytest.raises(ConcurrentUpdate, match="changed by someone else"):
        decisions.decide(any_store, case_id, "deny", "alice", "Listed.", expected_version=seen)
    decisions.decide(any_store, case_id, "deny", "alice", "Listed.", expected_version=seen + 1)


def test_dismiss_supersedes_and_audits(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    first = decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "A.").disposition_id
    second = decisions.dismiss_finding(any_store, case_id, finding().key, "bob", "B.").disposition_id
    with any_store.session() as s:
        rows = {r.id: r for r in s.query(FindingDispositionRow)}
        assert rows[first].superseded_at is not None and rows[second].superseded_at is None
    assert _actions(any_store, case_id)[-2:] == ["dismiss_finding", "dismiss_finding"]
    with pytest.raises(NotFound):
        decisions.dismiss_finding(any_store, case_id, "NOPE:1", "alice", "x")
    with pytest.raises(RsiError, match="rationale"):
        decisions.dismiss_finding(any_store, case_id, finding().key, "alice", " ")


def test_close_only_decided(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    with pytest.raises(TransitionNotAllowed):
        decisions.close(any_store, case_id, "alice")


def test_legal_hold_is_audited(any_store: Store, settings: Settings) -> None:
    case_id = new_case(any_store)
    decisions.set_legal_hold(any_store, case_id, True, "counsel", "Agency request")
    with any_store.session() as s:
        assert s.get(CaseRow, case_id).legal_hold
    assert _actions(any_store, case_id)[-1] == "legal_hold"


def test_history_lists_everything(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "denied")
    found = decisions.history(any_store, case_id).to_dict()
    assert found["case"]["state"] == "denied"
    assert [d["outcome"] for d in found["decisions"]] == ["denied"]
    assert len(found["screenings"]) == 1
    assert [e["seq"] for e in found["events"]] == sorted(e["seq"] for e in found["events"])
    with pytest.raises(NotFound):
        decisions.history(any_store, "C-404")


def test_no_findings_policy_signoff_then_approve(any_store: Store, settings: Settings) -> None:
    new_case(any_store)
    outcome = apply_screening(any_store, "C-0001", screening(), settings)
    assert outcome.state == "under_review"
    decisions.decide(any_store, "C-0001", "approve", "alice", "Nothing found; signed off.")
    assert state_of(any_store, "C-0001") == "approved"


def test_single_reviewer_dismissal_does_not_cover_a_finding_that_became_a_blocker(
        any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding(severity="high"))
    decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Other person.")
    assert _severity(any_store, case_id) is None
    # A re-screening raises the same finding (same rule, entry and entry content) to blocker.
    apply_screening(any_store, case_id, screening(finding(severity="blocker")), settings, trigger="rescreen")
    assert _severity(any_store, case_id) == "blocker"
    with pytest.raises(TransitionNotAllowed):
        decisions.decide(any_store, case_id, "approve", "alice", "Still the namesake.")
