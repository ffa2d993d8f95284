"""The case store: SQLAlchemy 2 models and sessions. SQLite by default (WAL), any URL by setting.

The schema is created and upgraded only by Alembic (`workflow/migrations/`); `open_store` runs the
migrations to head, so a fresh machine and an old database end up with the same tables.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker
from sqlalchemy.types import TypeDecorator

from workflow.cases.anchor import Anchor, advance_head
from workflow.cases.anchor import for_url as anchor_for_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def utcnow() -> datetime:
    """Timezone-aware UTC now; every stored time is UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes; SQLite drops the zone, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base for all rsi tables."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class CaseRow(Base):
    """A case: one subject, one screening request, one state; `version` guards concurrent edits."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_name: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20), default="collaboration")  # or visitor
    state: Mapped[str] = mapped_column(String(40), default="received", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    source_name: Mapped[str] = mapped_column(String(500), default="")  # file or folder dropped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    highest_severity: Mapped[str | None] = mapped_column(String(10), nullable=True)
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Scope and contacts for letters: host, department, dates, requester email, ...
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    documents: Mapped[list[DocumentRow]] = relationship(back_populates="case", order_by="DocumentRow.id")

    __mapper_args__ = {"version_id_col": version}


class DocumentRow(Base):
    """A filed document; sha256 is unique, so the same content is never filed twice."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    archived_path: Mapped[str] = mapped_column(String(1000))
    media_type: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    ocr_used: Mapped[bool] = mapped_column(Boolean, default=False)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Document record (pages, fields)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[CaseRow] = relationship(back_populates="documents")


class IntakeJobRow(Base):
    """One dropped file's journey: claimed -> processed | duplicate | failed. Unique per claim."""

    __tablename__ = "intake_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_name: Mapped[str] = mapped_column(String(600), unique=True)  # name in .processing/
    original_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="claimed")
    case_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker: Mapped[str] = mapped_column(String(200), default="")
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ScreeningRow(Base):
    """One screening run of a case: the findings and the list snapshots consulted."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    snapshot_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)  # Finding records
    findings_digest: Mapped[str] = mapped_column(String(64), default="")
    trigger: Mapped[str] = mapped_column(String(40), default="intake")  # intake | rescreen | ...


class FindingDispositionRow(Base):
    """A reviewer's judgement of a finding (e.g. false positive). Superseded, never deleted.

    Dismissing a blocker takes two people: the first reviewer's row is `pending_false_positive`
    (the finding still counts); a second reviewer's confirmation supersedes it with a
    `false_positive` row naming both (`actor` proposed, `confirmed_by` confirmed).
    """

    __tablename__ = "finding_dispositions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    finding_key: Mapped[str] = mapped_column(String(500))
    # false_positive | pending_false_positive | confirmed | mitigated
    disposition: Mapped[str] = mapped_column(String(30))
    rationale: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DecisionRow(Base):
    """A reviewer's decision on a case."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(40))
    rationale: Mapped[str] = mapped_column(Text)
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    info_requested: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reviewer: Mapped[str] = mapped_column(String(200))
    second_reviewer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    override_rationale: Mapped[str | None] = mapped_column(Text, nullable=True)
    expires_on: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO date
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LetterRow(Base):
    """A letter for one decision; unique per decision so it is never sent twice."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("decision_id", "outcome", name="uq_letter_decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    outcome: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(300))
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # written | sending | sent | failed | uncertain (data handed over, reply lost: a person checks)
    status: Mapped[str] = mapped_column(String(20), default="written")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # DATA sent


class ListSnapshotRow(Base):
    """A stored version of a reference list; the content file sits under data_dir/lists/."""

    __tablename__ = "list_snapshots"
    __table_args__ = (UniqueConstraint("list_id", "sha256", name="uq_snapshot_content"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[str] = mapped_column(String(60), index=True)
    source: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    retrieved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEventRow(Base):
    """Append-only, hash-chained audit record. Never updated, never deleted (see audit.py)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40), nullable=True)
    to_state: Mapped[str | None] = mapped_column(String(40), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "hmac-sha256": `hash` is keyed with the audit key (workflow/cases/anchor.py); NULL: a
    # legacy plain SHA-256 record from before migration 0003, allowed only before the first keyed one.
    mac_scheme: Mapped[str | None] = mapped_column(String(20), nullable=True)


class UserRow(Base):
    """A local user of the web UI and CLI, with one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # staff | reviewer | auditor | admin
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str | None] = mapped_column(String(300), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    os_user: Mapped[str | None] = mapped_column(String(200), nullable=True)  # CLI identity


class PendingApprovalRow(Base):
    """An approval that needs a second reviewer: recorded, waiting for that reviewer's confirmation.

    `request` holds the decision as proposed (rationale, conditions, override rationale, ...);
    `status` is pending | confirmed | withdrawn | stale.
    """

    __tablename__ = "pending_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(40))
    proposed_by: Mapped[str] = mapped_column(String(200))
    nominated: Mapped[str | None] = mapped_column(String(200), nullable=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    case_version: Mapped[int] = mapped_column(Integer)
    findings_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    settled_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WebSessionRow(Base):
    """A server-side web session: the cookie holds a random token, this row its SHA-256."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DocumentLinkRow(Base):
    """A document filed once (sha256 unique) that also belongs to another case: a file dropped
    with that case's id whose content another case already holds, or a merged case's link."""

    __tablename__ = "document_links"
    __table_args__ = (UniqueConstraint("case_id", "document_id", name="uq_document_link"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))  # the name it arrived under this time
    reason: Mapped[str] = mapped_column(String(40), default="named_case")  # named_case | merge
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseMergeRow(Base):
    """A merged case points to the case that absorbed it (one row per absorbed case, never changed).

    A table rather than a column on cases: SQLite cannot alter a table other tables point to."""

    __tablename__ = "case_merges"

    absorbed_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    survivor_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
# ---------------------------------------------------------------- durable screening, uploads (issue 16)


class PendingScreeningRow(Base):
    """A case's screening still to do: committed with the filing, claimed under a lease, retried.

    One row per case. `seq` grows with every filing into the case, so a screening that read the
    documents before a later filing does not mark the later one done. status: pending | running
    | failed (last_error says why; still retried at `next_attempt_at`) | done.
    """

    __tablename__ = "pending_screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UploadRow(Base):
    """One file saved by the upload page: who uploaded it, so intake results reach that person."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uploader: Mapped[str] = mapped_column(String(200), index=True)
    file_name: Mapped[str] = mapped_column(String(500))  # as the browser sent it
    saved_name: Mapped[str] = mapped_column(String(600))  # its name in the inbox
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # upload for a case
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------- engine and sessions


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets the watcher write while the web UI reads; busy_timeout waits instead of failing."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout, its folder is created."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Run Alembic migrations to head on `engine` (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    """Engine plus session factory; `session()` is one transaction, committed on success.

    `anchor` (audit key and chain-head file, workflow/cases/anchor.py) rides along in every
    session's `info`, so the audit trail keys its records and moves the head after each commit.
    """

    def __init__(self, engine: Engine, anchor: Anchor | None = None) -> None:
        self.engine = engine
        self.anchor = anchor or anchor_for_url(str(engine.url.render_as_string(hide_password=False)))
        self._factory = sessionmaker(engine, expire_on_commit=False,
                                     info={HEAD_INFO_KEY: self.anchor})
        event.listen(self._factory, "after_commit", _advance_head)
        event.listen(self._factory, "after_rollback", _discard_head)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self._factory() as session, session.begin():
            yield session


HEAD_INFO_KEY = "rsi_anchor"
PENDING_HEAD_KEY = "rsi_pending_head"


def _advance_head(session: Session) -> None:
    """After a commit that appended audit records, sign the new chain head outside the database."""
    pending = session.info.pop(PENDING_HEAD_KEY, None)
    anchor = session.info.get(HEAD_INFO_KEY)
    if pending is not None and anchor is not None and pending.get("extends", True):
        advance_head(anchor, pending["seq"], pending["hash"],
                     purged_through=pending.get("purged_through"),
                     legacy_through=pending.get("legacy_through"),
                     create=bool(pending.get("create")))


def _discard_head(session: Session) -> None:
    session.info.pop(PENDING_HEAD_KEY, None)


def open_store(url: str, *, run_migrations: bool = True, anchor: Anchor | None = None) -> Store:
    """Open the store at `url`, migrating it to the current schema first.

    Args:
        anchor: the audit key and head file; default beside an SQLite file or from RSI_AUDIT_*.
    """
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    return Store(engine, anchor)
