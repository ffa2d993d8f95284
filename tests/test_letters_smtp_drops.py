"""Exactly once: a real local aiosmtpd server drops the connection at each stage of a send.

Before the message data is handed over (at MAIL, after RCPT) a retry is safe and delivers once;
after DATA the server has the message, so the letter is `uncertain` and only --force resends it.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from test_letters_factory import add_case
from typer.testing import CliRunner

from intake.errors import LetterError
from intake.settings import Settings
from workflow.cases.store import AuditEventRow, LetterRow, Store
from workflow.cli import app
from workflow.cli import letters as cli_letters
from workflow.letters import service as letters


@dataclass
class DroppingHandler:
    """Drops the connection at `stage` for the first `times` sessions; keeps what it accepted."""

    stage: str = ""  # mail | after_rcpt | after_data
    times: int = 1
    accepted: list[Any] = field(default_factory=list)
    drops: int = 0

    def _drop(self, server: Any, stage: str) -> bool:
        if self.stage != stage or self.drops >= self.times:
            return False
        self.drops += 1
        return True

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if self._drop(server, "mail"):
            server.transport.close()  # MAIL was sent, no reply ever comes
            return "421 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        envelope.rcpt_tos.append(address)
        if self._drop(server, "after_rcpt"):
            # the 250 goes out first, then the line drops: the client meets it at DATA
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.append(envelope)  # the server has the message ...
        if self._drop(server, "after_data"):
            server.transport.close()  # ... and the client never hears so
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def handler() -> DroppingHandler:
    return DroppingHandler()


@pytest.fixture
def smtp_settings(settings: Settings, handler: DroppingHandler) -> Iterator[Settings]:
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port,
                                          "smtp_starttls": False, "smtp_max_attempts": 3})
    finally:
        controller.stop()


def _no_sleep(_seconds: float) -> None:
    return None


def _row(store: Store) -> LetterRow:
    with store.session() as s:
        return s.execute(select(LetterRow)).scalar_one()


def _actions(store: Store) -> list[str]:
    with store.session() as s:
        return [e.action for e in s.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()]


@pytest.mark.parametrize("stage", ["mail", "after_rcpt"])
def test_a_drop_before_the_data_is_handed_over_is_retried_and_delivered_once(
        store: Store, smtp_settings: Settings, handler: DroppingHandler, stage: str) -> None:
    handler.stage = stage
    add_case(store)
    result = letters.send_letter(store, smtp_settings, "C-0001", "alice", sleep=_no_sleep)
    assert (result.status, result.attempts, handler.drops) == ("sent", 2, 1)
    assert len(handler.accepted) == 1
    assert _row(store).status == "sent" and _row(store).handed_over_at is not None
    with pytest.raises(LetterError, match="never sent twice"):
        letters.send_letter(store, smtp_settings, "C-0001", sleep=_no_sleep)
    assert len(handler.accepted) == 1


def test_a_drop_after_data_is_uncertain_and_never_retried(store: Store, smtp_settings: Settings,
                                                          handler: DroppingHandler) -> None:
    handler.stage, handler.times = "after_data", 99
    add_case(store)
    result = letters.send_letter(store, smtp_settings, "C-0001", "alice", sleep=_no_sleep)
    assert (result.status, result.attempts) == ("uncertain", 1)
    assert len(handler.accepted) == 1  # at most once: the one copy the server has
    row = _row(store)
    assert row.status == "uncertain" and row.handed_over_at is not None and row.sent_at is None
    assert "may have been delivered" in (row.last_error or "")
    with pytest.raises(LetterError, match="may have arrived.*--force") as refused:
        letters.send_letter(store, smtp_settings, "C-0001", sleep=_no_sleep)
    assert refused.value.code.value == "letter_uncertain"
    with pytest.raises(LetterError, match="never rewritten"):
        letters.write_letter(store, smtp_settings, "C-0001", rewrite=True)
    assert len(handler.accepted) == 1
    assert _actions(store) == ["letter_written", "letter_send_uncertain"]
    # A person checked: it did not arrive. --force sends it again, once.
    handler.times = 0
    forced = letters.send_letter(store, smtp_settings, "C-0001", "alice", force=True, sleep=_no_sleep)
    assert forced.status == "sent" and len(handler.accepted) == 2
    assert handler.accepted[0].content == handler.accepted[1].content  # the same letter, same Message-ID


def test_cli_uncertain_send_exits_10_and_json_says_so(store: Store, smtp_settings: Settings,
                                                      handler: DroppingHandler,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    handler.stage, handler.times = "after_data", 99
    add_case(store)
    monkeypatch.setattr(cli_letters, "settings", lambda: smtp_settings)
    monkeypatch.setattr(cli_letters, "store", lambda: store)
    monkeypatch.setattr("workflow.letters.service.time.sleep", _no_sleep)
    runner = CliRunner()
    first = runner.invoke(app, ["letter", "C-0001", "--send"])
    assert first.exit_code == 10 and "uncertain" in first.output and "--force" in first.output
    second = runner.invoke(app, ["letter", "C-0001", "--send", "--json"])
    assert second.exit_code == 10
    error = json.loads(second.stdout)["error"]
    assert error["code"] == "letter_uncertain" and error["exit_code"] == 10
    assert len(handler.accepted) == 1
