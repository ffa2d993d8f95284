"""Decision letters: preview, write to the outbox, send by SMTP. The I/O edge of letters.

`preview_letter` renders without writing (web UI, `rsi letter CASE --preview`). `write_letter`
writes `outbox/<case>-<letter type>.eml` atomically and records a LetterRow plus a
`letter_written` audit event holding the file's sha256, once per decision. `send_letter` sends
those exact bytes: one letter per decision is sent at most once (status `sent` refuses); a send
is claimed by moving the row to `sending` first, so two processes cannot both send it; a failed
send stays `failed` with `last_error`, the .eml stays in the outbox, and a later `--send` retries.
A send that lost the connection after the message data was handed to the server is `uncertain`
(it may have arrived), and a send that died half-way stays `sending`: only `--force` resends those. Rendering is in letters_context/letters_render, SMTP in letters_smtp.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.errors import ErrorCode, LetterError
from intake.settings import Settings
from workflow.cases import audit
from workflow.cases.ops import in_transaction, load_case
from workflow.letters.context import LetterContext, build_context
from workflow.letters.render import (
    Recipients,
    RenderedLetter,
    build_message,
    recipients_for,
    render_letter,
)
from workflow.letters.smtp import Delivery, SmtpConfig, Transport, deliver, smtp_transport
from workflow.cases.store import (
    DecisionRow,
    FindingDispositionRow,
    LetterRow,
    ListSnapshotRow,
    ScreeningRow,
    Store,
    utcnow,
)

__all__ = ["RenderedLetter", "WrittenLetter", "SendResult", "preview_letter", "write_letter", "send_letter"]


@dataclass(frozen=True)
class WrittenLetter:
    """A letter in the outbox: where, its hash and Message-ID, and whether this call wrote it."""

    case_id: str
    decision_id: int
    letter_type: str
    path: str
    sha256: str
    message_id: str
    recipients: list[str]
    status: str
    written_now: bool


@dataclass(frozen=True)
class SendResult:
    """What `send_letter` did: the final status, attempts used and the last error if any."""

    letter: WrittenLetter
    status: str  # sent | failed | uncertain
    attempts: int
    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- reading the case


def latest_decision(session: Session, case_id: str) -> DecisionRow:
    """The case's most recent decision, or LetterError when it has none."""
    load_case(session, case_id)
    row = session.execute(select(DecisionRow).where(DecisionRow.case_id == case_id)
                          .order_by(DecisionRow.id.desc()).limit(1)).scalar()
    if row is None:
        raise LetterError(f"case {case_id} has no decision yet: there is no letter to write")
    return row


def _screening_for(session: Session, decision: DecisionRow) -> ScreeningRow | None:
    """The screening the decision relied on: the latest one up to the decision, else the latest."""
    base = select(ScreeningRow).where(ScreeningRow.case_id == decision.case_id)
    before = session.execute(base.where(ScreeningRow.screened_at <= decision.decided_at)
                             .order_by(ScreeningRow.id.desc()).limit(1)).scalar()
    return before or session.execute(base.order_by(ScreeningRow.id.desc()).limit(1)).scalar()


def _context(session: Session, settings: Settings, decision: DecisionRow, today: date) -> LetterContext:
    case = load_case(session, decision.case_id)
    screening = _screening_for(session, decision)
    wanted = {str(i).partition("@")[0] for i in (screening.snapshot_ids if screening else [])}
    snapshots: list[Any] = list(session.execute(
        select(ListSnapshotRow).where(ListSnapshotRow.list_id.in_(wanted))).scalars()) if wanted else []
    stored = {s.list_id for s in snapshots}
    if wanted - stored:
        snapshots += _starter_snapshots(settings, wanted - stored)
    dispositions = list(session.execute(select(FindingDispositionRow).where(
        FindingDispositionRow.case_id == case.id)).scalars())
    return build_context(case, decision, screening, snapshots, dispositions, settings, today)


def _starter_snapshots(settings: Settings, list_ids: set[str]) -> list[Any]:
    """The starter lists' snapshots (source, as-of date, sha256): they have no row in the store.

    A starter file changed since the screening has another sha256, so it does not match the
    screening's id and the letter says the date was not recorded rather than give a wrong one.
    """
    from intake.screen.lists import starter_paths
    from intake.screen.parsers import parse_file

    found = []
    for path in starter_paths(Path(settings.lists_dir)):
        try:
            snapshot = parse_file(path).snapshot
        except Exception:  # noqa: BLE001 - a broken starter file must not stop the letter
            continue
        if snapshot.list_id in list_ids:
            found.append(snapshot)
    return found


def _compose(session: Session, settings: Settings, decision: DecisionRow,
             today: date) -> tuple[LetterContext, RenderedLetter, Recipients]:
    ctx = _context(session, settings, decision, today)
    rendered = render_letter(ctx, settings.letter_template_dir)
    case = load_case(session, decision.case_id)
    recipients = recipients_for(case.details or {}, settings.office_name, settings.office_email,
                                settings.reply_to)
    return ctx, rendered, recipients


def preview_letter(store: Store, settings: Settings, case_id: str) -> RenderedLetter:
    """The letter for the case's latest decision, rendered but not written (for the web UI)."""
    with store.session() as session:
        decision = latest_decision(session, case_id)
        return render_letter(_context(session, settings, decision, date.today()),
                             settings.letter_template_dir)


# ---------------------------------------------------------------- writing


def _letter_path(session: Session, outbox: Path, case_id: str, letter_type: str, decision_id: int) -> Path:
    """outbox/<case>-<type>.eml, or ...-<decision id>.eml when an earlier decision holds that name."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", f"{case_id}-{letter_type}")
    path = (outbox / f"{stem}.eml").resolve()
    taken = session.execute(select(LetterRow.id).where(LetterRow.path == str(path),
                                                       LetterRow.decision_id != decision_id)).first()
    if taken or (path.exists() and not _ours(session, path, decision_id)):
        path = (outbox / f"{stem}-{decision_id}.eml").resolve()
    return path


def _ours(session: Session, path: Path, decision_id: int) -> bool:
    return session.execute(select(LetterRow.id).where(LetterRow.path == str(path),
                                                      LetterRow.decision_id == decision_id)).first() is not None


def _temp_file(folder: Path, raw: bytes) -> Path:
    """The bytes in a temporary file next to their destination, flushed to disk."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".letter-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(name)


def _written(row: LetterRow, written_now: bool) -> WrittenLetter:
    return WrittenLetter(row.case_id, row.decision_id or 0, row.outcome, row.path, row.sha256,
                         row.message_id, list(row.recipients), row.status, written_now)


def write_letter(store: Store, settings: Settings, case_id: str, actor: str = "system", *,
                 rewrite: bool = False, now: datetime | None = None) -> WrittenLetter:
    """Write the letter for the latest decision once; `rewrite` re-renders one not yet sent."""
    try:
        return _write(store, settings, case_id, actor, rewrite, now)
    except IntegrityError:
        # Another process wrote this decision's letter first (UNIQUE(decision_id, outcome));
        # theirs is the letter, and reading again returns it.
        return _write(store, settings, case_id, actor, False, now)


def _write(store: Store, settings: Settings, case_id: str, actor: str, rewrite: bool,
           now: datetime | None) -> WrittenLetter:
    superseded: list[str] = []

    def work(session: Session) -> WrittenLetter:
        superseded.clear()
        decision = latest_decision(session, case_id)
        existing = session.execute(select(LetterRow).where(LetterRow.decision_id == decision.id)).scalar()
        if existing is not None and not rewrite:
            return _written(existing, False)
        if existing is not None and existing.status in ("sent", "sending", "uncertain"):
            raise LetterError(f"the letter for decision {decision.id} of case {case_id} is "
                              f"{existing.status}; a sent letter is never rewritten")
        when = now or utcnow()
        ctx, rendered, recipients = _compose(session, settings, decision, when.date())
        message_id = make_msgid(domain=recipients.sender.domain)
        raw = build_message(rendered, recipients, message_id=message_id, when=when,
                            case_id=case_id).as_bytes()
        path = _letter_path(session, settings.outbox, case_id, ctx.letter_type, decision.id)
        if existing is not None and existing.path != str(path):
            superseded.append(existing.path)
        tmp = _temp_file(path.parent, raw)
        try:
            row = _record(session, existing, decision, ctx, path, raw, message_id, recipients, actor)
            os.replace(tmp, path)  # last step before commit: a failed row leaves no file behind
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return _written(row, True)

    # in_transaction retries a lost SQLite write race or audit-sequence race from the start.
    result = in_transaction(store, work, what=f"the letter of case {case_id}")
    for old in superseded:  # the unsent earlier version of a rewritten letter, once committed
        Path(old).unlink(missing_ok=True)
    return result


def _record(session: Session, existing: LetterRow | None, decision: DecisionRow, ctx: LetterContext,
            path: Path, raw: bytes, message_id: str, recipients: Recipients, actor: str) -> LetterRow:
    """Insert or update the LetterRow and append `letter_written` in the same transaction."""
    sha = hashlib.sha256(raw).hexdigest()
    row = existing or LetterRow(case_id=decision.case_id, decision_id=decision.id)
    previous = existing.sha256 if existing else None
    row.outcome, row.path, row.sha256, row.message_id = ctx.letter_type, str(path), sha, message_id
    row.recipients, row.status, row.last_error = recipients.envelope, "written", None
    session.add(row)
    session.flush()  # UNIQUE(decision_id, outcome): a concurrent writer of the same letter fails here
    audit.append(session, actor=actor, action="letter_written", case_id=decision.case_id, payload={
        "letter_id": row.id, "decision_id": decision.id, "letter_type": ctx.letter_type,
        "decision_outcome": decision.outcome, "path": path.name, "sha256": sha,
        "message_id": message_id, "recipients": recipients.envelope, "replaces_sha256": previous})
    return row


# ---------------------------------------------------------------- sending


def _read_checked(row: LetterRow) -> bytes:
    """The .eml bytes, refusing a file changed since it was written and audited."""
    try:
        raw = Path(row.path).read_bytes()
    except OSError as exc:
        raise LetterError(f"cannot read {row.path}: {exc}; rewrite it with --rewrite") from exc
    if hashlib.sha256(raw).hexdigest() != row.sha256:
        raise LetterError(f"{row.path} changed after it was written (sha256 differs from the audit "
                          "trail); not sending it. Rewrite it with --rewrite")
    return raw


def _claim(store: Store, row_id: int, force: bool) -> None:
    """Move the letter to `sending` atomically; only one process can win the claim."""
    allowed = ["written", "failed"] + (["sending", "uncertain"] if force else [])

    def work(session: Session) -> int:
        return int(session.execute(update(LetterRow).where(
            LetterRow.id == row_id, LetterRow.status.in_(allowed)).values(status="sending")).rowcount)

    if in_transaction(store, work, what="the letter") != 1:
        raise LetterError("another process claimed this letter for sending at the same time")


def _refuse_resend(row: LetterRow, case_id: str, force: bool) -> None:
    if row.status == "sent":
        raise LetterError(f"the letter for decision {row.decision_id} of case {case_id} was already "
                          f"sent at {row.sent_at:%Y-%m-%d %H:%M} UTC ({row.message_id}); "
                          "a letter is never sent twice")
    if row.status == "uncertain" and not force:
        raise LetterError(f"the last send of {Path(row.path).name} ({row.message_id}) lost the connection "
                          "after the message data was handed to the server, so it may have arrived. "
                          "Check with the recipient or the mail server's log; only if it did not "
                          "arrive, send it again with --force", ErrorCode.LETTER_UNCERTAIN)
    if row.status == "sending" and not force:
        raise LetterError(f"an earlier send of {Path(row.path).name} was interrupted or is still "
                          "running; check whether it arrived, then use --force to send it again")


def send_letter(store: Store, settings: Settings, case_id: str, actor: str = "system", *,
                force: bool = False, transport: Transport = smtp_transport,
                sleep: Callable[[float], None] | None = None) -> SendResult:
    """Write the letter if needed, then deliver it by SMTP at most once per decision."""
    cfg = SmtpConfig.from_settings(settings)
    letter = write_letter(store, settings, case_id, actor)
    with store.session() as session:
        row = session.execute(select(LetterRow).where(LetterRow.decision_id == letter.decision_id)).scalar_one()
        _refuse_resend(row, case_id, force)
        raw = _read_checked(row)
        row_id, sender = row.id, settings.office_email
    _claim(store, row_id, force)
    outcome = deliver(raw, sender, list(letter.recipients), cfg, settings.smtp_max_attempts,
                      transport=transport, sleep=time.sleep if sleep is None else sleep)
    return _finish(store, row_id, outcome, actor)


def _finish(store: Store, row_id: int, outcome: Delivery, actor: str) -> SendResult:
    """Record the delivery outcome on the letter and in the audit trail."""
    def work(session: Session) -> SendResult:
        row = session.get(LetterRow, row_id)
        assert row is not None
        row.attempts = (row.attempts or 0) + outcome.attempts
        payload = {"letter_id": row.id, "decision_id": row.decision_id, "sha256": row.sha256,
                   "message_id": row.message_id, "recipients": list(row.recipients),
                   "attempts": outcome.attempts, "total_attempts": row.attempts}
        if outcome.uncertain:
            row.status, row.last_error, row.handed_over_at = "uncertain", outcome.error, utcnow()
            audit.append(session, actor=actor, action="letter_send_uncertain", case_id=row.case_id,
                         payload={**payload, "error": outcome.error})
        elif outcome.delivered:
            row.status, row.sent_at = "sent", utcnow()
            row.handed_over_at = row.sent_at
            row.last_error = "; ".join(f"{a}: {m}" for a, m in outcome.refused.items()) or None
            audit.append(session, actor=actor, action="letter_sent", case_id=row.case_id,
                         payload={**payload, "refused": outcome.refused})
        else:
            row.status, row.last_error = "failed", outcome.error
            audit.append(session, actor=actor, action="letter_send_failed", case_id=row.case_id,
                         payload={**payload, "error": outcome.error})
        session.flush()
        return SendResult(_written(row, False), row.status, outcome.attempts, outcome.error, outcome.refused)

    return in_transaction(store, work, what="the letter")
