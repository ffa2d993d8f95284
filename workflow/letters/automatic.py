"""A decision's letter, drafted at once: the outbox holds it as soon as the reviewer decides.

`settings.letter_on_decision` (RSI_LETTER_ON_DECISION) says what happens after a decision:
`draft` writes the .eml to the outbox for a person to check and send (web "Send", or
`rsi letter CASE --send`); `send` also delivers it (exactly once, see service.send_letter). A letter
that cannot be drafted (no requester email, say) does not undo the decision: the reason is audited
as `letter_not_drafted` and returned, so the reviewer sees it at once, and `rsi letter CASE` (or the
web "Write letter") drafts it after the request is completed. A request edited after the draft
re-renders an unsent draft (`redraft_after_request_change`), so the letter says what the case says.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import LetterError
from intake.settings import Settings
from workflow.cases import audit
from workflow.cases.ops import in_transaction, load_case
from workflow.cases.store import DecisionRow, LetterRow, Store
from workflow.letters.service import SendResult, WrittenLetter, send_letter, write_letter


@dataclass(frozen=True)
class AutoLetter:
    """What happened to a decision's letter: drafted (and sent), or why not."""

    mode: str  # draft | send
    letter: WrittenLetter | None = None
    sent: SendResult | None = None
    problem: str | None = None

    def summary(self) -> str:
        """One line for the reviewer: where the letter is, or what stops it."""
        if self.letter is None:
            return f"letter not drafted: {self.problem}"
        where = f"{self.letter.letter_type} letter to {', '.join(self.letter.recipients)} in {self.letter.path}"
        if self.sent is None:
            return f"drafted the {where} (not sent)"
        if self.sent.status == "sent":
            return f"sent the {where}"
        return f"drafted the {where}; sending is {self.sent.status}: {self.sent.error}"


def _record_problem(store: Store, case_id: str, actor: str, problem: str) -> None:
    def work(session: Session) -> None:
        case = load_case(session, case_id)
        decision = session.execute(select(DecisionRow.id).where(DecisionRow.case_id == case_id)
                                   .order_by(DecisionRow.id.desc()).limit(1)).scalar()
        audit.append(session, actor=actor, action="letter_not_drafted", case_id=case_id,
                     from_state=case.state, to_state=case.state,
                     payload={"decision_id": decision, "reason": problem})

    in_transaction(store, work, what=f"case {case_id}")


def letter_after_decision(store: Store, settings: Settings, case_id: str, actor: str) -> AutoLetter:
    """Draft (or, with letter_on_decision=send, send) the letter of the case's latest decision."""
    mode = settings.letter_on_decision
    try:
        if mode == "send":
            result = send_letter(store, settings, case_id, actor)
            problem = None if result.status == "sent" else f"{result.status}: {result.error}"
            return AutoLetter(mode, result.letter, result, problem)
        return AutoLetter(mode, write_letter(store, settings, case_id, actor))
    except LetterError as exc:
        try:
            # the draft may exist even when sending could not start (SMTP not configured)
            written = write_letter(store, settings, case_id, actor) if mode == "send" else None
        except LetterError:
            written = None
        if written is None:
            _record_problem(store, case_id, actor, exc.message)
        return AutoLetter(mode, written, None, exc.message)


def redraft_after_request_change(store: Store, settings: Settings, case_id: str, actor: str) -> WrittenLetter | None:
    """Re-render the latest decision's letter when it is drafted but not sent; None otherwise."""
    with store.session() as session:
        decision = session.execute(select(DecisionRow.id).where(DecisionRow.case_id == case_id)
                                   .order_by(DecisionRow.id.desc()).limit(1)).scalar()
        status = session.execute(select(LetterRow.status).where(LetterRow.decision_id == decision)
                                 ).scalar() if decision else None
    if decision is None:
        return None
    try:
        # no letter yet (drafting failed for want of a requester): draft it now
        return write_letter(store, settings, case_id, actor, rewrite=status in ("written", "failed"))
    except LetterError:
        return None
