"""Screening as durable work (issue 16): the pending record, its lease, retries and failed state;
transient errors during filing retried in place; no partial files left on a full disk."""

from __future__ import annotations

import errno
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from intake.settings import Settings
from workflow.cases import pending
from workflow.cases.store import AuditEventRow, CaseRow, PendingScreeningRow, ScreeningRow, Store, utcnow
from workflow.cases.views import case_detail
from workflow.filing import claims, ingest
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import Accepted
from workflow.filing.runner import Leftovers, sweep_partial_files
from workflow.screening.queue import screen_pending

from intake_helpers import context, counts, dead_worker, fake_pdf, files_under

ME = claims.WorkerId.current().tag


def drop(settings: Settings, name: str, text: str) -> Path:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    return fake_pdf(settings.inbox / name, text)


def never_dead(_tag: str) -> bool:
    return False


def file_one(settings: Settings, store: Store, name: str = "cv.pdf") -> str:
    [outcome] = ingest_entry(drop(settings, name, f"Fictional Person {name}"), context(settings, store))
    assert isinstance(outcome, Accepted)
    return outcome.case_id


def row_of(store: Store, case_id: str) -> PendingScreeningRow:
    with store.session() as s:
        return s.scalars(select(PendingScreeningRow).where(PendingScreeningRow.case_id == case_id)).one()


# ---------------------------------------------------------------- the record and its lease


def test_filing_commits_a_pending_screening_with_the_case(settings: Settings, any_store: Store) -> None:
    case_id = file_one(settings, any_store)
    row = row_of(any_store, case_id)
    assert (row.status, row.seq, row.attempts, row.lease_owner) == ("pending", 1, 0, None)
    assert case_detail(any_store, case_id)["screening_status"]["status"] == "pending"
    assert pending.due(any_store, owner=ME, owner_dead=never_dead) == [case_id]


def test_a_failed_commit_leaves_no_pending_record(settings: Settings, store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Same transaction: if the filing rolls back, so does its pending screening."""
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("crash inside the filing transaction")

    monkeypatch.setattr(ingest, "_finish_job", broken)
    with pytest.raises(RuntimeError):
        ingest_entry(drop(settings, "cv.pdf", "x"), context(settings, store))
    assert pending.counts(store) == {} and counts(store) == {"documents": 0, "claimed": 1}


def test_a_lease_keeps_other_workers_out_until_its_owner_dies(settings: Settings, any_store: Store) -> None:
    case_id = file_one(settings, any_store)
    lease = pending.claim(any_store, case_id, owner="worker-a", lease_s=600, owner_dead=never_dead)
    assert lease is not None and lease.attempt == 1
    assert pending.claim(any_store, case_id, owner="worker-b", lease_s=600, owner_dead=never_dead) is None
    assert pending.due(any_store, owner="worker-b", owner_dead=never_dead) == []
    taken = pending.claim(any_store, case_id, owner="worker-b", lease_s=600,
                          owner_dead=lambda tag: tag == "worker-a")
    assert taken is not None and taken.attempt == 2
    with pytest.raises(pending.LeaseLost):  # the dead owner's late result is refused
        with any_store.session() as s:
            pending.resolve(s, case_id, lease.seq, lease)
    assert row_of(any_store, case_id).lease_owner == "worker-b"


def test_an_expired_lease_is_taken_over(settings: Settings, any_store: Store) -> None:
    case_id = file_one(settings, any_store)
    assert pending.claim(any_store, case_id, owner="other-host", lease_s=600, owner_dead=never_dead)
    with any_store.session() as s:
        s.execute(update(PendingScreeningRow).values(lease_until=utcnow() - timedelta(seconds=1)))
    assert pending.claim(any_store, case_id, owner="me", lease_s=600, owner_dead=never_dead) is not None


@pytest.mark.postgres
def test_racing_claims_on_postgres_give_one_lease(settings: Settings, pg_store: Store) -> None:
    case_ids = [file_one(settings, pg_store, f"cv-{i}.pdf") for i in range(10)]
    won: dict[str, list[str]] = {c: [] for c in case_ids}
    start = threading.Barrier(4)

    def worker(name: str) -> None:
        start.wait()
        for case_id in case_ids:
            if pending.claim(pg_store, case_id, owner=name, lease_s=600, owner_dead=never_dead):
                won[case_id].append(name)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(len(names) == 1 for names in won.values()), won


def test_a_filing_during_a_screening_keeps_the_case_pending(settings: Settings, store: Store) -> None:
    """The screening read the documents before the new one came: it must not end the record."""
    case_id = file_one(settings, store)
    lease = pending.claim(store, case_id, owner=ME, lease_s=600, owner_dead=never_dead)
    assert lease is not None
    [extra] = ingest_entry(drop(settings, f"{case_id} form.pdf", "form"), context(settings, store))
    assert extra.case_id == case_id  # type: ignore[union-attr]
    with store.session() as s:
        pending.resolve(s, case_id, lease.seq, lease)
    row = row_of(store, case_id)
    assert (row.status, row.seq, row.lease_owner) == ("pending", 2, None)
    assert pending.due(store, owner=ME, owner_dead=never_dead) == [case_id]


# ---------------------------------------------------------------- screening, failing, retrying


def test_a_failed_screening_says_why_backs_off_and_succeeds_later(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    case_id = file_one(settings, store)
    (tmp_path / "no-lists").mkdir()
    broken = settings.model_copy(update={"lists_dir": tmp_path / "no-lists", "screening_retry_s": 30.0})

    first = screen_pending(store, broken, case_id, owner=ME, owner_dead=never_dead)
    assert first.status == "failed" and "no reference lists" in (first.error or "")
    status = case_detail(store, case_id)["screening_status"]
    assert status["status"] == "failed" and "no reference lists" in status["last_error"]
    row = row_of(store, case_id)
    assert row.attempts == 1 and row.lease_owner is None
    assert timedelta(seconds=25) < row.next_attempt_at - utcnow() <= timedelta(seconds=30)
    assert pending.due(store, owner=ME, owner_dead=never_dead) == []  # backing off
    assert screen_pending(store, broken, case_id, owner=ME, owner_dead=never_dead).status == "skipped"

    with store.session() as s:  # the back-off has passed: second failure waits twice as long
        s.execute(update(PendingScreeningRow).values(next_attempt_at=utcnow()))
    assert screen_pending(store, broken, case_id, owner=ME, owner_dead=never_dead).status == "failed"
    assert row_of(store, case_id).next_attempt_at - utcnow() > timedelta(seconds=55)

    with store.session() as s:
        s.execute(update(PendingScreeningRow).values(next_attempt_at=utcnow()))
    done = screen_pending(store, settings, case_id, owner=ME, owner_dead=never_dead)
    assert done.status == "screened" and done.outcome is not None
    assert row_of(store, case_id).status == "done" and row_of(store, case_id).last_error is None
    assert case_detail(store, case_id)["screening_status"] is None
    with store.session() as s:
        assert s.get(CaseRow, case_id).state != "received"
        assert len(s.scalars(select(ScreeningRow).where(ScreeningRow.case_id == case_id)).all()) == 1
        failures = s.scalars(select(AuditEventRow).where(AuditEventRow.action == "screening_failed")).all()
    assert [f.payload["attempt"] for f in failures] == [1, 2]


def test_the_watchers_periodic_pass_screens_what_a_crash_left(settings: Settings, store: Store) -> None:
    """Filed without screening (a kill -9 right after the commit): the next pass screens it."""
    left = [file_one(settings, store, f"cv-{i}.pdf") for i in range(3)]
    calls: list[str] = []

    def hook(case_id: str) -> None:
        calls.append(case_id)
        screen_pending(store, settings, case_id, owner=ME, owner_dead=never_dead)

    Leftovers(context(settings, store, after_filed=hook), lambda _o: None).run(everything=True)
    assert sorted(calls) == sorted(left)
    assert pending.counts(store) == {"done": 3}


# ---------------------------------------------------------------- transient errors while filing


def test_a_lost_database_connection_is_retried_in_place(settings: Settings, store: Store,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = ingest.find_document
    failures = iter([True, True])

    def flaky(store_: Store, sha256: str) -> object:
        if next(failures, False):
            raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))
        return real(store_, sha256)

    monkeypatch.setattr(ingest, "find_document", flaky)
    fast = settings.model_copy(update={"db_retry_s": 10.0})
    [outcome] = ingest_entry(drop(settings, "cv.pdf", "x"), context(fast, store))
    assert isinstance(outcome, Accepted)
    assert files_under(settings.processing_dir) == [] and counts(store) == {"documents": 1, "processed": 1}


def test_a_stranded_claim_is_retried_by_the_watcher_itself(settings: Settings, store: Store,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The database stays away longer than the in-place budget: the next pass files the claim."""
    real = ingest.find_document
    down = {"yes": True}

    def away(store_: Store, sha256: str) -> object:
        if down["yes"]:
            raise OperationalError("SELECT", {}, Exception("the database system is shutting down"))
        return real(store_, sha256)

    monkeypatch.setattr(ingest, "find_document", away)
    short = settings.model_copy(update={"db_retry_s": 0.5})
    ctx = context(short, store)
    with pytest.raises(OperationalError):
        ingest_entry(drop(settings, "cv.pdf", "x"), ctx)
    assert len(files_under(ctx.claim_dir)) == 1  # claimed, not lost, not in failed/
    down["yes"] = False
    filed: list[object] = []
    Leftovers(ctx, filed.extend).run()
    assert [type(o) for o in filed] == [Accepted] and files_under(settings.processing_dir) == []


def test_a_full_disk_leaves_no_partial_copy_and_files_later(settings: Settings, store: Store,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Archive on another disk: the copy hits ENOSPC; no .copying-* is left; retried once space is back."""
    import shutil

    real_link, real_copy = os.link, shutil.copy2
    full = {"yes": True}

    def cross_device(src: object, dst: object, **kw: object) -> None:
        if not Path(str(src)).name.startswith(claims.COPY_PREFIX):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_link(src, dst, **kw)  # type: ignore[arg-type]

    def copy_until_full(src: object, dst: object, **kw: object) -> object:
        if full["yes"]:
            Path(str(dst)).write_bytes(b"%PDF half")  # what a copy leaves when the disk fills up
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(src, dst, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", cross_device)
    monkeypatch.setattr(shutil, "copy2", copy_until_full)
    ctx = context(settings.model_copy(update={"db_retry_s": 0.5}), store)
    with pytest.raises(OSError):
        ingest_entry(drop(settings, "cv.pdf", "x"), ctx)
    leftovers = [p for p in settings.archive_dir.rglob("*") if p.name.startswith(claims.COPY_PREFIX)]
    assert leftovers == [] and len(files_under(ctx.claim_dir)) == 1
    full["yes"] = False
    Leftovers(ctx, lambda _o: None).run()
    assert len(files_under(settings.archive_dir)) == 1 and files_under(settings.processing_dir) == []


def test_a_dead_writers_partial_file_is_swept(settings: Settings) -> None:
    folder = settings.archive_dir / "RSI-20260101-00000001"
    folder.mkdir(parents=True)
    dead = folder / f"{claims.COPY_PREFIX}{dead_worker().tag}.abc"
    dead.write_bytes(b"half")
    live = folder / f"{claims.COPY_PREFIX}{ME}.def"  # ours, maybe being written right now
    live.write_bytes(b"in flight")
    sweep_partial_files(settings)
    assert not dead.exists() and live.exists()


# ---------------------------------------------------------------- the upgrade and `rsi show`


def test_the_upgrade_gives_old_unscreened_cases_a_pending_screening(settings: Settings, any_store: Store) -> None:
    from alembic import command
    from alembic.config import Config

    from workflow.cases.store import MIGRATIONS_DIR

    def alembic(action: str, revision: str) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with any_store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, revision)

    unscreened = file_one(settings, any_store, "a.pdf")
    screened = file_one(settings, any_store, "b.pdf")
    assert screen_pending(any_store, settings, screened, owner=ME, owner_dead=never_dead).status == "screened"
    alembic("downgrade", "0002")  # a database from before durable screening (cases left in received)
    alembic("upgrade", "head")
    assert pending.counts(any_store) == {"pending": 1}
    assert pending.due(any_store, owner=ME, owner_dead=never_dead) == [unscreened]


def test_rsi_show_says_why_a_screening_failed(cli: None, settings: Settings, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from workflow.cli import app
    from workflow.cli.common import store

    case_id = file_one(settings, store())
    (tmp_path / "no-lists").mkdir()
    broken = settings.model_copy(update={"lists_dir": tmp_path / "no-lists"})
    screen_pending(store(), broken, case_id, owner=ME, owner_dead=never_dead)
    shown = CliRunner().invoke(app, ["show", case_id])
    assert shown.exit_code == 0 and "screening failed" in shown.stdout and "no reference lists" in shown.stdout
