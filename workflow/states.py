"""Case states and triggers (the machine itself is built from these; see build_machine)."""

from __future__ import annotations

from enum import StrEnum


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
