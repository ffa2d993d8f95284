"""Case states, the transition table and its guards: a pure `transitions` machine (no I/O).

The table `TRANSITIONS` is the single source of truth: the machine, `allowed_triggers` (UI
buttons) and the diagram (`rsi states --diagram`) are all generated from it. Guards are
predicates on `CaseFacts`, a small model holding the trigger's inputs; the service
(workflow/decisions.py, workflow/screening_service.py) builds the facts from the store, fires the
trigger here, then writes the state column and the audit record in one DB transaction.

Policy for a case whose screening found nothing (setting `auto_clear_without_findings`):
  * True  -> `clear`:           screened -> cleared (a decided state, no reviewer involved);
  * False -> `request_signoff`: screened -> under_review, where a reviewer approves or denies it.
Both are guarded, so neither can be fired against the policy, and `flag` needs findings, so a
case with findings can never be cleared without a reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from transitions import Machine, MachineError

from intake.errors import TransitionNotAllowed


class State(StrEnum):
    """Where a case is in its life."""

    RECEIVED = "received"
    SCREENED = "screened"
    CLEARED = "cleared"
    FLAGGED = "flagged"
    UNDER_REVIEW = "under_review"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    DENIED = "denied"
    CLOSED = "closed"
    REOPENED = "reopened"
    MERGED = "merged"  # absorbed into another case of the same person (case_merges row)
    WITHDRAWN = "withdrawn"  # the request was withdrawn: no decision, no letter


DECIDED_STATES = frozenset(
    {State.CLEARED, State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.DENIED}
)
OPEN_STATES = frozenset(
    {
        State.RECEIVED,
        State.SCREENED,
        State.FLAGGED,
        State.UNDER_REVIEW,
        State.INFO_REQUESTED,
        State.REOPENED,
    }
)


class Trigger(StrEnum):
    """Every trigger of the machine; reviewer triggers are the UI's buttons."""

    SCREEN = "screen"
    CLEAR = "clear"
    FLAG = "flag"
    REQUEST_SIGNOFF = "request_signoff"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    DENY = "deny"
    REQUEST_INFO = "request_info"
    DOCUMENTS_RECEIVED = "documents_received"
    CLOSE = "close"
    REOPEN = "reopen"
    MERGE = "merge"
    WITHDRAW = "withdraw"


# Terminal: nothing leaves them; re-screening and intake leave them alone.
RETIRED_STATES = frozenset({State.MERGED, State.WITHDRAWN})

DECISION_TRIGGERS = frozenset(
    {Trigger.APPROVE, Trigger.APPROVE_WITH_CONDITIONS, Trigger.DENY, Trigger.REQUEST_INFO}
)
_DECIDED_OR_CLOSED = sorted(s.value for s in DECIDED_STATES | {State.CLOSED})
_DECISION_GUARDS = ["has_reviewer", "has_rationale"]
_OVERRIDE_GUARDS = ["blocker_has_override_rationale", "blocker_has_second_reviewer",
                    "second_reviewer_differs"]

# Who may fire a trigger: "system" triggers follow screening and intake, "reviewer" ones are buttons.
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "screen", "source": "received", "dest": "screened", "by": "system"},
    {"trigger": "clear", "source": "screened", "dest": "cleared", "by": "system",
     "conditions": ["has_no_findings", "policy_auto_clears"]},
    {"trigger": "request_signoff", "source": "screened", "dest": "under_review", "by": "system",
     "conditions": ["has_no_findings", "policy_requires_signoff"]},
    {"trigger": "flag", "source": "screened", "dest": "flagged", "by": "system",
     "conditions": ["has_findings"]},
    {"trigger": "start_review", "source": ["flagged", "reopened"], "dest": "under_review",
     "by": "reviewer", "conditions": ["has_reviewer"]},
    {"trigger": "approve", "source": "under_review", "dest": "approved", "by": "reviewer",
     "conditions": _DECISION_GUARDS + _OVERRIDE_GUARDS},
    {"trigger": "approve_with_conditions", "source": "under_review",
     "dest": "approved_with_conditions", "by": "reviewer",
     "conditions": _DECISION_GUARDS + ["has_conditions"] + _OVERRIDE_GUARDS},
    {"trigger": "deny", "source": "under_review", "dest": "denied", "by": "reviewer",
     "conditions": _DECISION_GUARDS},
    {"trigger": "request_info", "source": "under_review", "dest": "info_requested",
     "by": "reviewer", "conditions": _DECISION_GUARDS + ["has_items"]},
    {"trigger": "documents_received", "source": "info_requested", "dest": "under_review",
     "by": "system"},
    {"trigger": "close", "source": sorted(s.value for s in DECIDED_STATES), "dest": "closed",
     "by": "reviewer"},
    {"trigger": "reopen", "source": _DECIDED_OR_CLOSED, "dest": "reopened", "by": "system",
     "conditions": ["has_new_or_stronger_finding"]},
    # Case management (issue 16): a duplicate case of one person is merged into the other, from any
    # live state; an open request is withdrawn without a decision, so no letter is written.
    {"trigger": "merge", "source": sorted(s.value for s in State if s not in RETIRED_STATES),
     "dest": "merged", "by": "reviewer", "conditions": _DECISION_GUARDS},
    {"trigger": "withdraw", "source": sorted(s.value for s in OPEN_STATES), "dest": "withdrawn",
     "by": "reviewer", "conditions": _DECISION_GUARDS},
]

# The message a user sees when a guard fails: it names the rule, not the predicate.
RULES: dict[str, str] = {
    "has_reviewer": "a reviewer must be named (--as USER)",
    "has_rationale": "a decision needs a written rationale (--reason TEXT)",
    "has_conditions": "approval with conditions needs at least one condition (--condition TEXT)",
    "has_items": "a request for information needs at least one item (--item TEXT)",
    "blocker_has_override_rationale": (
        "approving a case with a blocker finding needs an override rationale (--override-reason)"
    ),
    "blocker_has_second_reviewer": (
        "approving a case with a blocker finding needs a second reviewer (--second-reviewer)"
    ),
    "second_reviewer_differs": "the second reviewer must be a different person from the reviewer",
    "has_findings": "only a case with findings can be flagged",
    "has_no_findings": "a case with findings cannot be cleared without a reviewer",
    "policy_auto_clears": "policy requires a reviewer's sign-off for cases without findings",
    "policy_requires_signoff": "policy clears cases without findings automatically",
    "has_new_or_stronger_finding": "only a new or stronger finding reopens a decided case",
}


def _text(value: str | None) -> bool:
    return bool(value and value.strip())


@dataclass
class CaseFacts:
    """The inputs a trigger is judged on: current state, the reviewer's form, the findings."""

    state: str
    reviewer: str | None = None
    rationale: str | None = None
    conditions: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    second_reviewer: str | None = None
    override_rationale: str | None = None
    has_blocker: bool = False
    finding_count: int = 0
    auto_clear: bool = False
    new_or_stronger: bool = False

    def has_reviewer(self) -> bool:
        """A named reviewer fires the trigger."""
        return _text(self.reviewer)

    def has_rationale(self) -> bool:
        """The decision carries a written rationale."""
        return _text(self.rationale)

    def has_conditions(self) -> bool:
        """At least one non-blank condition."""
        return any(_text(c) for c in self.conditions)

    def has_items(self) -> bool:
        """At least one non-blank item of information requested."""
        return any(_text(i) for i in self.items)

    def blocker_has_override_rationale(self) -> bool:
        """No blocker finding, or a written override rationale."""
        return not self.has_blocker or _text(self.override_rationale)

    def blocker_has_second_reviewer(self) -> bool:
        """No blocker finding, or a second reviewer is named."""
        return not self.has_blocker or _text(self.second_reviewer)

    def second_reviewer_differs(self) -> bool:
        """A second reviewer, when named, is not the reviewer (compared case-insensitively)."""
        if not _text(self.second_reviewer):
            return True
        return (self.second_reviewer or "").strip().casefold() != (
            self.reviewer or ""
        ).strip().casefold()

    def has_findings(self) -> bool:
        """The screening produced at least one (not dismissed) finding."""
        return self.finding_count > 0

    def has_no_findings(self) -> bool:
        """The screening produced no (not dismissed) finding."""
        return self.finding_count == 0

    def policy_auto_clears(self) -> bool:
        """Policy: cases without findings are cleared automatically."""
        return self.auto_clear

    def policy_requires_signoff(self) -> bool:
        """Policy: cases without findings need a reviewer's sign-off."""
        return not self.auto_clear

    def has_new_or_stronger_finding(self) -> bool:
        """A re-screening found a finding that is new or more severe than before."""
        return self.new_or_stronger


def _machine_kwargs() -> dict[str, Any]:
    table = [{k: v for k, v in t.items() if k != "by"} for t in TRANSITIONS]
    return {
        "states": [s.value for s in State],
        "transitions": table,
        "auto_transitions": False,
        "ignore_invalid_triggers": False,
    }


def _transitions_from(state: str, trigger: str | None = None) -> list[dict[str, Any]]:
    found = []
    for t in TRANSITIONS:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if state in sources and (trigger is None or t["trigger"] == trigger):
            found.append(t)
    return found


def failed_rule(facts: CaseFacts, trigger: str) -> str | None:
    """The message of the first guard of `trigger` that fails from `facts.state`, or None."""
    for t in _transitions_from(facts.state, trigger):
        for name in t.get("conditions", []):
            if not getattr(facts, name)():
                return RULES[name]
    return None


def check(facts: CaseFacts, trigger: str) -> None:
    """Raise TransitionNotAllowed unless `trigger` may fire from `facts.state` with these facts."""
    if not _transitions_from(facts.state, trigger):
        allowed = ", ".join(allowed_triggers(facts.state, include_system=True)) or "none"
        raise TransitionNotAllowed(
            f"'{trigger}' is not allowed in state '{facts.state}' (allowed: {allowed})"
        )
    rule = failed_rule(facts, trigger)
    if rule is not None:
        raise TransitionNotAllowed(f"cannot {trigger.replace('_', ' ')}: {rule}")


def fire(facts: CaseFacts, trigger: str) -> str:
    """Fire `trigger` on a machine started at `facts.state`; return the new state (pure)."""
    check(facts, trigger)
    model = CaseFacts(**{**facts.__dict__})
    Machine(model=model, initial=facts.state, **_machine_kwargs())
    try:
        moved = model.trigger(trigger)
    except (MachineError, AttributeError) as exc:
        raise TransitionNotAllowed(f"'{trigger}' is not allowed in state '{facts.state}'") from exc
    if not moved:  # a guard failed that `check` did not see: keep the machine the judge
        raise TransitionNotAllowed(f"cannot {trigger.replace('_', ' ')} in state '{facts.state}'")
    return str(model.state)


def allowed_triggers(
    state: str, facts: CaseFacts | None = None, *, include_system: bool = False
) -> list[str]:
    """Triggers that may fire from `state` (reviewer ones only unless include_system).

    With `facts`, only those whose guards pass; without, every trigger leaving the state, so the
    UI can show a button and explain a failing guard when it is pressed.
    """
    names: list[str] = []
    for t in _transitions_from(state):
        if t["by"] != "reviewer" and not include_system:
            continue
        probe = facts if facts is None else CaseFacts(**{**facts.__dict__, "state": state})
        if probe is not None and failed_rule(probe, t["trigger"]) is not None:
            continue
        if t["trigger"] not in names:
            names.append(t["trigger"])
    return names


def diagram(fmt: str = "mermaid") -> str:
    """The machine drawn from `TRANSITIONS` by transitions' diagram support (mermaid text)."""
    if fmt != "mermaid":
        raise ValueError("only the mermaid format is supported (no graphviz needed)")
    from transitions.extensions import GraphMachine

    class _Model:
        pass

    model = _Model()
    GraphMachine(
        model=model,
        initial=State.RECEIVED.value,
        graph_engine="mermaid",
        show_conditions=True,
        title="rsi case workflow",
        **_machine_kwargs(),
    )
    return str(model.get_graph().draw(None))  # type: ignore[attr-defined]
