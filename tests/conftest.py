"""Shared fixtures: isolated settings and stores per test, PostgreSQL when available."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intake.settings import Settings
from workflow.store import Base, Store, open_store

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
PG_URL = os.environ.get("RSI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_available() -> bool:
    """True when the PostgreSQL test server answers."""
    try:
        with create_engine(PG_URL, connect_args={"connect_timeout": 2}).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:
        return False


_PG = postgres_available()


def pytest_report_header(config: pytest.Config) -> str:
    return f"postgresql: {'available at ' + PG_URL if _PG else 'NOT available: its tests are skipped'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip only the PostgreSQL tests when the server is missing, unless CI requires it."""
    if _PG:
        return
    if os.environ.get("RSI_REQUIRE_POSTGRES"):
        raise pytest.UsageError(f"RSI_REQUIRE_POSTGRES is set but {PG_URL} does not answer")
    skip = pytest.mark.skip(reason=f"PostgreSQL not available at {PG_URL}")
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
def pg_store() -> Store:
    """A migrated, empty PostgreSQL store (test database on 127.0.0.1)."""
    if not _PG:
        pytest.skip(f"PostgreSQL not available at {PG_URL}")
    reset_postgres()
    return open_store(PG_URL)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, settings: Settings) -> Store:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return open_store(settings.effective_database_url)
    return request.getfixturevalue("pg_store")
