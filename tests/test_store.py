"""The store migrates to the same schema on SQLite and PostgreSQL and keeps UTC times."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.cases.store import Base, CaseRow, DocumentRow, Store


def test_migrations_create_every_model_table(any_store: Store) -> None:
    tables = set(inspect(any_store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_times_come_back_aware_in_utc(any_store: Store) -> None:
    with any_store.session() as s:
        s.add(CaseRow(id="C-T1", subject_name="Ada Example"))
    with any_store.session() as s:
        created = s.get(CaseRow, "C-T1").created_at
    assert created.tzinfo is not None and created.utcoffset() == UTC.utcoffset(None)


def test_same_sha256_cannot_be_filed_twice(any_store: Store) -> None:
    def doc(case_id: str) -> DocumentRow:
        return DocumentRow(
            case_id=case_id, sha256="a" * 64, file_name="cv.pdf", archived_path="x",
            media_type="pdf", kind="cv", document={},
        )

    with any_store.session() as s:
        s.add_all([CaseRow(id="C-A"), CaseRow(id="C-B")])
    with any_store.session() as s:
        s.add(doc("C-A"))
    with pytest.raises(IntegrityError):
        with any_store.session() as s:
            s.add(doc("C-B"))


def test_stale_case_version_is_refused(any_store: Store) -> None:
    """Two writers read version 1; the second to commit is refused (optimistic locking)."""
    with any_store.session() as s:
        s.add(CaseRow(id="C-V", state="flagged"))
    first, second = Session(any_store.engine), Session(any_store.engine)
    a, b = first.get(CaseRow, "C-V"), second.get(CaseRow, "C-V")
    a.state = "under_review"
    first.commit()
    b.state = "denied"
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    with any_store.session() as s:
        assert s.get(CaseRow, "C-V").state == "under_review"
    first.close(), second.close()
