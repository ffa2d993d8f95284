"""The pure machine: every transition, every guard, the forbidden ones, buttons and diagram."""

from __future__ import annotations

from typing import Any

import pytest

from intake.errors import TransitionNotAllowed
from workflow.cases.states import (
    RULES,
    TRANSITIONS,
    CaseFacts,
    State,
    allowed_triggers,
    diagram,
    fire,
)

OK_DECISION: dict[str, Any] = {"reviewer": "alice", "rationale": "Reviewed the CV and form."}
BLOCKER_OK = {**OK_DECISION, "has_blocker": True, "second_reviewer": "bob",
              "override_rationale": "Namesake; passport checked."}

# (from state, trigger, facts, expected new state)
ALLOWED: list[tuple[str, str, dict[str, Any], str]] = [
    ("received", "screen", {}, "screened"),
    ("screened", "flag", {"finding_count": 2}, "flagged"),
    ("screened", "clear", {"auto_clear": True}, "cleared"),
    ("screened", "request_signoff", {"auto_clear": False}, "under_review"),
    ("flagged", "start_review", {"reviewer": "alice"}, "under_review"),
    ("reopened", "start_review", {"reviewer": "alice"}, "under_review"),
    ("under_review", "approve", OK_DECISION, "approved"),
    ("under_review", "approve", BLOCKER_OK, "approved"),
    ("under_review", "approve_with_conditions", {**OK_DECISION, "conditions": ["Escort"]},
     "approved_with_conditions"),
    ("under_review", "approve_with_conditions", {**BLOCKER_OK, "conditions": ["TCP"]},
     "approved_with_conditions"),
    ("under_review", "deny", OK_DECISION, "denied"),
    ("under_review", "deny", {**OK_DECISION, "has_blocker": True}, "denied"),
    ("under_review", "request_info", {**OK_DECISION, "items": ["Contract"]}, "info_requested"),
    ("info_requested", "documents_received", {}, "under_review"),
    *[(s, "close", {}, "closed") for s in ("cleared", "approved", "approved_with_conditions", "denied")],
    *[(s, "reopen", {"new_or_stronger": True}, "reopened")
      for s in ("cleared", "approved", "approved_with_conditions", "denied", "closed")],
    *[(s.value, "merge", OK_DECISION, "merged") for s in State if s not in (State.MERGED, State.WITHDRAWN)],
    *[(s, "withdraw", OK_DECISION, "withdrawn")
      for s in ("received", "screened", "flagged", "under_review", "info_requested", "reopened")],
]

# (from state, trigger, facts, words the error must contain)
FORBIDDEN: list[tuple[str, str, dict[str, Any], str]] = [
    ("under_review", "approve", {**OK_DECISION, "has_blocker": True}, "override rationale"),
    ("under_review", "approve", {**OK_DECISION, "has_blocker": True, "override_rationale": "x"},
     "second reviewer"),
    ("under_review", "approve", {**BLOCKER_OK, "second_reviewer": "alice"}, "different person"),
    ("under_review", "approve", {**BLOCKER_OK, "second_reviewer": " ALICE "}, "different person"),
    ("under_review", "approve_with_conditions", {**BLOCKER_OK, "conditions": ["TCP"],
     "second_reviewer": None}, "second reviewer"),
    ("under_review", "approve_with_conditions", OK_DECISION, "at least one condition"),
    ("under_review", "approve_with_conditions", {**OK_DECISION, "conditions": ["  "]}, "condition"),
    ("under_review", "approve", {"reviewer": "alice"}, "written rationale"),
    ("under_review", "deny", {"reviewer": "alice", "rationale": "   "}, "written rationale"),
    ("under_review", "deny", {"rationale": "Listed party"}, "reviewer must be named"),
    ("under_review", "request_info", OK_DECISION, "at least one item"),
    ("flagged", "start_review", {}, "reviewer must be named"),
    ("screened", "clear", {"finding_count": 1, "auto_clear": True}, "cannot be cleared"),
    ("screened", "clear", {"auto_clear": False}, "sign-off"),
    ("screened", "request_signoff", {"auto_clear": True}, "automatically"),
    ("screened", "flag", {}, "only a case with findings"),
    ("approved", "reopen", {"new_or_stronger": False}, "new or stronger"),
    ("closed", "reopen", {}, "new or stronger"),
    ("received", "approve", OK_DECISION, "not allowed in state 'received'"),
    ("flagged", "approve", OK_DECISION, "not allowed in state 'flagged'"),
    ("approved", "deny", OK_DECISION, "not allowed"),
    ("closed", "close", {}, "not allowed"),
    ("under_review", "close", {}, "not allowed"),
    ("info_requested", "approve", OK_DECISION, "not allowed"),
    ("reopened", "approve", OK_DECISION, "not allowed"),
    ("under_review", "no_such_trigger", {}, "not allowed"),
    ("flagged", "withdraw", {"reviewer": "alice"}, "written rationale"),
    ("flagged", "merge", {"rationale": "Same person"}, "reviewer must be named"),
    ("approved", "withdraw", OK_DECISION, "not allowed"),
    ("merged", "merge", OK_DECISION, "not allowed"),
    ("merged", "reopen", {"new_or_stronger": True}, "not allowed"),
    ("withdrawn", "screen", {}, "not allowed"),
    ("withdrawn", "merge", OK_DECISION, "not allowed"),
]


@pytest.mark.parametrize(("state", "trigger", "facts", "dest"), ALLOWED)
def test_allowed_transition(state: str, trigger: str, facts: dict[str, Any], dest: str) -> None:
    assert fire(CaseFacts(state=state, **facts), trigger) == dest


@pytest.mark.parametrize(("state", "trigger", "facts", "words"), FORBIDDEN)
def test_forbidden_transition(state: str, trigger: str, facts: dict[str, Any], words: str) -> None:
    with pytest.raises(TransitionNotAllowed) as err:
        fire(CaseFacts(state=state, **facts), trigger)
    assert words in err.value.message


def test_every_table_row_is_exercised() -> None:
    pairs = {(s, t) for s, t, _, _ in ALLOWED}
    for row in TRANSITIONS:
        sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
        for source in sources:
            assert (source, row["trigger"]) in pairs, (source, row["trigger"])


def test_every_guard_has_a_rule_message() -> None:
    names = {c for row in TRANSITIONS for c in row.get("conditions", [])}
    assert names == set(RULES)
    for name in names:
        assert getattr(CaseFacts, name).__doc__


def test_fire_does_not_change_the_facts() -> None:
    facts = CaseFacts(state="under_review", **OK_DECISION)
    assert fire(facts, "deny") == "denied"
    assert facts.state == "under_review"


def test_allowed_triggers_lists_reviewer_buttons() -> None:
    assert allowed_triggers("under_review") == [
        "approve", "approve_with_conditions", "deny", "request_info", "merge", "withdraw"]
    assert allowed_triggers("flagged") == ["start_review", "merge", "withdraw"]
    assert allowed_triggers("received") == ["merge", "withdraw"]
    assert allowed_triggers("received", include_system=True) == ["screen", "merge", "withdraw"]
    assert allowed_triggers("approved", include_system=True) == ["close", "reopen", "merge"]
    assert allowed_triggers("merged", include_system=True) == []
    assert allowed_triggers("withdrawn", include_system=True) == []


def test_allowed_triggers_with_facts_hides_failing_guards() -> None:
    blocker = CaseFacts(state="under_review", has_blocker=True, **OK_DECISION)
    assert allowed_triggers("under_review", blocker) == ["deny", "merge", "withdraw"]
    assert allowed_triggers("under_review", CaseFacts(state="x", **BLOCKER_OK)) == [
        "approve", "deny", "merge", "withdraw"]


def test_decided_and_closed_states_can_only_close_reopen_or_merge() -> None:
    for state in ("cleared", "approved", "approved_with_conditions", "denied"):
        assert set(allowed_triggers(state, include_system=True)) == {"close", "reopen", "merge"}
    assert allowed_triggers("closed", include_system=True) == ["reopen", "merge"]


def test_diagram_is_generated_from_the_table() -> None:
    text = diagram()
    assert text.lstrip("-\n ").startswith("rsi case workflow") or "stateDiagram-v2" in text
    for row in TRANSITIONS:
        sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
        for source in sources:
            assert f"{source} --> {row['dest']}: {row['trigger']}" in text
    for state in State:
        assert f'state "{state.value}"' in text
