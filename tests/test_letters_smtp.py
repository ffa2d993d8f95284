"""SMTP delivery of letters against a real local aiosmtpd server started by each test."""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import select
from test_letters_factory import add_case, parse, parts
from typer.testing import CliRunner

from intake.errors import LetterError
from intake.settings import Settings
from workflow.cli import letters as cli_letters
from workflow.letters import service as letters
from workflow.cli import app
from workflow.letters.smtp import SmtpConfig
from workflow.cases.store import AuditEventRow, LetterRow, Store

RECIPIENTS = ["lena.marsh@example.edu", "dept-admin@example.edu"]


@dataclass
class Handler:
    """An SMTP server's DATA handler: replies from `replies` first, then 250; keeps what it accepted."""

    replies: list[str] = field(default_factory=list)
    always: str | None = None
    accepted: list[Any] = field(default_factory=list)
    rejected: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.always or (self.replies.pop(0) if self.replies else None)
        if reply:
            self.rejected += 1
            return reply
        self.accepted.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def handler() -> Handler:
    return Handler()


@pytest.fixture
def smtp_settings(settings: Settings, handler: Handler) -> Iterator[Settings]:
    """Settings pointing at a local aiosmtpd server (plain SMTP on 127.0.0.1, no credentials)."""
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port,
                                          "smtp_starttls": False, "smtp_max_attempts": 3})
    finally:
        controller.stop()


class Sleeps(list[float]):
    """Records backoff delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _row(store: Store) -> LetterRow:
    with store.session() as s:
        return s.execute(select(LetterRow)).scalar_one()


def _actions(store: Store) -> list[str]:
    with store.session() as s:
        return [e.action for e in s.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()]


def test_delivered_intact(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    add_case(store)
    result = letters.send_letter(store, smtp_settings, "C-0001", "alice", sleep=Sleeps())
    assert (result.status, result.attempts, result.error) == ("sent", 1, None)
    [envelope] = handler.accepted
    assert envelope.mail_from == "research-security@example.edu" and envelope.rcpt_tos == RECIPIENTS
    eml = Path(result.letter.path).read_bytes()
    assert envelope.content == eml  # byte for byte what was written and hashed
    received = parse(result.letter.path)
    assert "Dr. Mira Kovalenko-Santos" in parts(received)[0]
    row = _row(store)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None) and row.sent_at is not None
    assert _actions(store) == ["letter_written", "letter_sent"]


def test_temporary_failure_is_retried_and_delivered_once(store: Store, smtp_settings: Settings,
                                                         handler: Handler) -> None:
    handler.replies.append("451 try again")
    add_case(store)
    sleeps = Sleeps()
    result = letters.send_letter(store, smtp_settings, "C-0001", sleep=sleeps)
    assert (result.status, result.attempts) == ("sent", 2)
    assert len(handler.accepted) == 1 and handler.rejected == 1
    assert sleeps == [2.0]  # one backoff between the two attempts
    assert _row(store).attempts == 2


def test_server_that_always_fails_leaves_a_failed_letter(store: Store, smtp_settings: Settings,
                                                         handler: Handler) -> None:
    handler.always = "451 try again"
    add_case(store)
    sleeps = Sleeps()
    result = letters.send_letter(store, smtp_settings, "C-0001", sleep=sleeps)
    assert (result.status, result.attempts) == ("failed", 3) and "451" in (result.error or "")
    assert sleeps == [2.0, 4.0] and handler.rejected == 3 and not handler.accepted
    row = _row(store)
    assert row.status == "failed" and "451 try again" in (row.last_error or "")
    assert Path(row.path).exists()  # never lost: the .eml stays in the outbox
    with store.session() as s:
        failure = s.execute(select(AuditEventRow).where(AuditEventRow.action == "letter_send_failed")).scalar_one()
    assert failure.payload["attempts"] == 3 and "451" in failure.payload["error"]
    # Later the server recovers: the same letter (same bytes, same Message-ID) is retried and sent.
    handler.always = None
    again = letters.send_letter(store, smtp_settings, "C-0001", sleep=sleeps)
    assert again.status == "sent" and again.letter.message_id == result.letter.message_id
    assert len(handler.accepted) == 1 and _row(store).attempts == 4
    assert _actions(store) == ["letter_written", "letter_send_failed", "letter_sent"]


def test_permanent_failure_is_not_retried(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    handler.always = "554 5.7.1 Message rejected"
    add_case(store)
    sleeps = Sleeps()
    result = letters.send_letter(store, smtp_settings, "C-0001", sleep=sleeps)
    assert (result.status, result.attempts, sleeps) == ("failed", 1, [])
    assert "554" in (result.error or "")


def test_sending_twice_is_refused(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    add_case(store)
    letters.send_letter(store, smtp_settings, "C-0001", sleep=Sleeps())
    with pytest.raises(LetterError, match="already sent .* never sent twice"):
        letters.send_letter(store, smtp_settings, "C-0001", sleep=Sleeps())
    assert len(handler.accepted) == 1 and _actions(store).count("letter_sent") == 1


def test_interrupted_send_needs_force(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    add_case(store)
    letters.write_letter(store, smtp_settings, "C-0001")
    with store.session() as s:  # as left behind by a process that died during delivery
        s.execute(LetterRow.__table__.update().values(status="sending"))
    with pytest.raises(LetterError, match="interrupted .* --force"):
        letters.send_letter(store, smtp_settings, "C-0001", sleep=Sleeps())
    assert not handler.accepted
    assert letters.send_letter(store, smtp_settings, "C-0001", force=True, sleep=Sleeps()).status == "sent"
    assert len(handler.accepted) == 1


def test_changed_eml_is_not_sent(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    add_case(store)
    written = letters.write_letter(store, smtp_settings, "C-0001")
    path = Path(written.path)
    path.write_bytes(path.read_bytes().replace(b"lena.marsh@example.edu", b"mallory@example.org"))
    with pytest.raises(LetterError, match="changed after it was written"):
        letters.send_letter(store, smtp_settings, "C-0001", sleep=Sleeps())
    assert not handler.accepted and _row(store).status == "written"


def test_unreachable_server_is_retried_then_failed(store: Store, settings: Settings) -> None:
    closed = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": _free_port(),
                                         "smtp_starttls": False, "smtp_max_attempts": 2})
    add_case(store)
    sleeps = Sleeps()
    result = letters.send_letter(store, closed, "C-0001", sleep=sleeps)
    assert (result.status, result.attempts, sleeps) == ("failed", 2, [2.0])
    assert "ConnectionRefusedError" in (result.error or "")


def test_credentials_need_tls_and_a_password(settings: Settings) -> None:
    base = {"smtp_host": "mail.example.edu", "smtp_user": "rso"}
    with pytest.raises(LetterError, match="RSI_SMTP_PASSWORD"):
        SmtpConfig.from_settings(settings.model_copy(update=base))
    with pytest.raises(LetterError, match="without TLS"):
        SmtpConfig.from_settings(settings.model_copy(update={
            **base, "smtp_starttls": False, "smtp_password": SecretStr("fictional-secret")}))
    cfg = SmtpConfig.from_settings(settings.model_copy(update={**base, "smtp_password": SecretStr("fictional-secret")}))
    assert cfg.password == "fictional-secret" and "fictional-secret" not in repr(cfg)


def test_cli_send_then_refuse_second(store: Store, smtp_settings: Settings, handler: Handler,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    add_case(store)
    monkeypatch.setattr(cli_letters, "settings", lambda: smtp_settings)
    monkeypatch.setattr(cli_letters, "store", lambda: store)
    runner = CliRunner()
    sent = runner.invoke(app, ["letter", "C-0001", "--send", "--as", "alice"])
    assert sent.exit_code == 0, sent.output
    assert "sent <" in sent.stdout and "lena.marsh@example.edu" in sent.stdout
    again = runner.invoke(app, ["letter", "C-0001", "--send"])
    assert again.exit_code == 8 and "never sent twice" in again.output
    assert len(handler.accepted) == 1


def test_cli_reports_a_failed_send(store: Store, smtp_settings: Settings, handler: Handler,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    handler.always = "554 5.7.1 rejected"
    add_case(store)
    monkeypatch.setattr(cli_letters, "settings", lambda: smtp_settings)
    monkeypatch.setattr(cli_letters, "store", lambda: store)
    failed = CliRunner().invoke(app, ["letter", "C-0001", "--send"])
    assert failed.exit_code == 8 and "stays in the outbox" in failed.output
    assert _row(store).status == "failed"


def _race(fn: Any, n: int = 2) -> list[Any]:
    """Run `fn` in `n` threads released together; return each result or exception."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_senders_deliver_once(store: Store, smtp_settings: Settings, handler: Handler) -> None:
    add_case(store)
    results = _race(lambda: letters.send_letter(store, smtp_settings, "C-0001", sleep=Sleeps()))
    sent = [r for r in results if isinstance(r, letters.SendResult)]
    refused = [r for r in results if isinstance(r, LetterError)]
    assert len(sent) == 1 and len(refused) == 1, results
    assert len(handler.accepted) == 1 and _actions(store).count("letter_sent") == 1


def test_concurrent_writers_write_one_letter(store: Store, settings: Settings) -> None:
    add_case(store)
    results = _race(lambda: letters.write_letter(store, settings, "C-0001"))
    assert all(isinstance(r, letters.WrittenLetter) for r in results), results
    assert sorted(r.written_now for r in results) == [False, True]
    row = _row(store)
    assert {r.sha256 for r in results} == {row.sha256}
    assert _actions(store).count("letter_written") == 1
    assert hashlib.sha256(Path(row.path).read_bytes()).hexdigest() == row.sha256
    assert len(list(settings.outbox.iterdir())) == 1


def test_write_send_refuse_on_any_store(any_store: Store, smtp_settings: Settings, handler: Handler) -> None:
    handler.replies.append("451 try again")
    add_case(any_store)
    result = letters.send_letter(any_store, smtp_settings, "C-0001", "alice", sleep=Sleeps())
    assert (result.status, result.attempts, len(handler.accepted)) == ("sent", 2, 1)
    with pytest.raises(LetterError, match="never sent twice"):
        letters.send_letter(any_store, smtp_settings, "C-0001", sleep=Sleeps())
    assert _actions(any_store) == ["letter_written", "letter_sent"]
