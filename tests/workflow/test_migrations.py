"""Schema migrations step down and up over existing rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from workflow_factory import case_in, finding

from intake.settings import Settings
from workflow.cases import decisions
from workflow.cases.store import MIGRATIONS_DIR, FindingDispositionRow, Store


def _alembic(engine: Engine, action: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("finding_dispositions")}


def test_dismissal_confirmation_columns_migrate_over_old_rows(any_store: Store, settings: Settings) -> None:
    case_in(any_store, settings, "under_review", "C-0001", finding(severity="high"))
    decisions.dismiss_finding(any_store, "C-0001", finding().key, "alice", "Other person.")
    assert {"confirmed_by", "confirmed_at"} <= _columns(any_store.engine)

    _alembic(any_store.engine, "downgrade", "0001")  # a database from before the two-person rule
    assert not {"confirmed_by", "confirmed_at"} & _columns(any_store.engine)
    _alembic(any_store.engine, "upgrade", "head")

    with any_store.session() as s:
        [row] = s.query(FindingDispositionRow).all()
        assert (row.disposition, row.actor, row.confirmed_by, row.confirmed_at) == (
            "false_positive", "alice", None, None)
