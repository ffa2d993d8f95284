"""The letter a decision drafts at once: draft (default) or send, and a plain reason when it cannot."""

from __future__ import annotations

import socket
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import select
from test_letters_factory import DETAILS, add_case

from intake.settings import Settings
from workflow.cases.requests import set_request_field
from workflow.cases.store import AuditEventRow, LetterRow, Store
from workflow.letters.automatic import letter_after_decision, redraft_after_request_change


class _Accept:
    def __init__(self) -> None:
        self.accepted: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.append(envelope)
        return "250 OK"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _letters(store: Store) -> list[LetterRow]:
    with store.session() as s:
        return list(s.scalars(select(LetterRow)))


def test_draft_is_the_default_and_nothing_is_sent(store: Store, settings: Settings) -> None:
    add_case(store)
    auto = letter_after_decision(store, settings, "C-0001", "alice")
    assert auto.mode == "draft" and auto.problem is None and auto.sent is None
    [row] = _letters(store)
    assert row.status == "written" and auto.letter.path == row.path
    assert "(not sent)" in auto.summary() and "lena.marsh@example.edu" in auto.summary()


def test_send_mode_delivers_once(store: Store, settings: Settings) -> None:
    handler, port = _Accept(), _port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sending = settings.model_copy(update={"letter_on_decision": "send", "smtp_host": "127.0.0.1",
                                              "smtp_port": port, "smtp_starttls": False})
        add_case(store)
        auto = letter_after_decision(store, sending, "C-0001", "alice")
        assert auto.sent is not None and auto.sent.status == "sent" and len(handler.accepted) == 1
        assert auto.summary().startswith("sent the cleared letter")
    finally:
        controller.stop()


def test_send_mode_without_smtp_still_drafts_and_says_why(store: Store, settings: Settings) -> None:
    add_case(store)
    auto = letter_after_decision(store, settings.model_copy(update={"letter_on_decision": "send"}), "C-0001", "a")
    assert auto.letter is not None and "RSI_SMTP_HOST" in (auto.problem or "")
    assert [r.status for r in _letters(store)] == ["written"]


def test_no_requester_is_audited_then_drafted_once_the_request_names_one(store: Store, settings: Settings) -> None:
    add_case(store, details={k: v for k, v in DETAILS.items() if k != "requester_email"})
    auto = letter_after_decision(store, settings, "C-0001", "alice")
    assert auto.letter is None and "no requester_email" in (auto.problem or "")
    with store.session() as s:
        [event] = [e for e in s.scalars(select(AuditEventRow)) if e.action == "letter_not_drafted"]
    assert "no requester_email" in event.payload["reason"] and not _letters(store)
    set_request_field(store, "C-0001", "requester_email", "ines.calloway@example.edu", "sam")
    drafted = redraft_after_request_change(store, settings, "C-0001", "sam")
    assert drafted is not None and drafted.recipients[0] == "ines.calloway@example.edu"
    # an edit after the draft writes the unsent letter again, to the new address
    set_request_field(store, "C-0001", "requester_email", "jo.pellinger@example.edu", "sam")
    again = redraft_after_request_change(store, settings, "C-0001", "sam")
    assert again is not None and again.written_now and again.recipients[0] == "jo.pellinger@example.edu"
    assert len(_letters(store)) == 1 and len(list(settings.outbox.glob("*.eml"))) == 1
