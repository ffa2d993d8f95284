"""Shared fixtures: isolated settings and stores per test, PostgreSQL when available."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from intake.settings import Settings
from intake_helpers import rsi_env
from workflow.cli import common as cli_common
from workflow.cases.anchor import for_url as anchor_for_url
from workflow.cases.store import Base, Store, open_store

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
SERVER_URL = os.environ.get("RSI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Each test run works in its own database on the server, so two runs (a developer's and CI's, say)
# never drop each other's tables; the run's pid names it, so a second import of this module agrees.
PG_URL = make_url(SERVER_URL).set(database=f"rsi_test_{os.getpid()}").render_as_string(hide_password=False)


def _on_server(sql: str) -> None:
    engine = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def postgres_available() -> bool:
    """True when the PostgreSQL test server answers; creates this run's own database."""
    name = make_url(PG_URL).database
    try:
        _on_server(f'DROP DATABASE IF EXISTS "{name}"')
        _on_server(f'CREATE DATABASE "{name}"')
        return True
    except Exception:
        return False


_PG = postgres_available()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop this run's database (connections closed first: stores may still hold some)."""
    if not _PG:
        return
    name = make_url(PG_URL).database
    try:
        _on_server(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "
                   "AND pid <> pg_backend_pid()")
        _on_server(f'DROP DATABASE IF EXISTS "{name}"')
    except Exception:  # a leftover test database is harmless; the next run with this pid replaces it
        pass


def pytest_report_header(config: pytest.Config) -> str:
    return f"postgresql: {'this run uses ' + PG_URL if _PG else 'NOT available at ' + SERVER_URL + ': its tests are skipped'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip only the PostgreSQL tests when the server is missing, unless CI requires it."""
    if _PG:
        return
    if os.environ.get("RSI_REQUIRE_POSTGRES"):
        raise pytest.UsageError(f"RSI_REQUIRE_POSTGRES is set but {SERVER_URL} does not answer")
    skip = pytest.mark.skip(reason=f"PostgreSQL not available at {SERVER_URL}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings rooted in a temporary directory, SQLite store, short settle time."""
    return Settings(
        inbox=tmp_path / "inbox",
        data_dir=tmp_path / "var",
        outbox=tmp_path / "outbox",
        lists_dir=REPO / "lists",
        settle_seconds=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the app in-process against the test's folders and SQLite store."""
    for key, value in rsi_env(settings).items():
        if key.startswith("RSI_"):
            monkeypatch.setenv(key, value)
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()
    yield
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()


@pytest.fixture
def store(settings: Settings) -> Store:
    """A migrated SQLite store in the test's temporary directory."""
    return open_store(settings.effective_database_url)


def reset_postgres() -> None:
    """Drop every rsi table and the migration marker so a test starts from an empty database."""
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def pg_store(settings: Settings) -> Store:
    """A migrated, empty PostgreSQL store (test database on 127.0.0.1).

    Its audit key and chain head live in the test's data dir, as the CLI's would.
    """
    if not _PG:
        pytest.skip(f"PostgreSQL not available at {PG_URL}")
    reset_postgres()
    return open_store(PG_URL, anchor=anchor_for_url(PG_URL, data_dir=settings.data_dir))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, settings: Settings) -> Store:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return open_store(settings.effective_database_url)
    return request.getfixturevalue("pg_store")
