"""Faults after filing (issue 16): kill -9 during screening, database connections terminated, a
held lock, a full disk. Each run ends with every file filed once and every case screened, with no
restart of the watcher except after a kill. Counts are printed (pytest -s) for the README."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from intake.settings import Settings
from workflow.cases import pending
from workflow.cases.store import AuditEventRow, CaseRow, PendingScreeningRow, ScreeningRow, Store, open_store

from conftest import PG_URL, reset_postgres
from intake_helpers import RSI, rsi_env
from test_cli_cases import assert_each_processed_once, cv, make_pdfs

pytestmark = pytest.mark.slow
FAST = {"RSI_SCREENING_POLL_S": "0.3", "RSI_SCREENING_RETRY_S": "1", "RSI_SCREENING_RETRY_MAX_S": "4"}


def watcher(env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    # The log goes to a file: a pipe nobody reads fills up with retry warnings and blocks the watcher.
    log = open(Path(env["RSI_DATA_DIR"]).parent / "watcher.log", "a")  # noqa: SIM115
    return subprocess.Popen([str(RSI), "watch", *extra], env=env, stdout=subprocess.DEVNULL,
                            stderr=log, text=True)


def log_tail(env: dict[str, str], *, all_of_it: bool = False) -> str:
    path = Path(env["RSI_DATA_DIR"]).parent / "watcher.log"
    text = path.read_text() if path.exists() else ""
    return text if all_of_it else text[-3000:]


def wait_until(condition: Callable[[], bool], limit_s: float = 300.0, what: str = "progress") -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {limit_s} s"
        time.sleep(0.05)


def screened_cases(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(func.distinct(ScreeningRow.case_id)))) or 0


def running(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).where(PendingScreeningRow.status == "running")) or 0


def assert_every_case_screened(store: Store) -> int:
    """Every case has a screening, none is left in `received`, every pending record is done."""
    with store.session() as s:
        cases = s.scalars(select(CaseRow)).all()
        screened = set(s.scalars(select(ScreeningRow.case_id)))
        per_case = dict(s.execute(select(ScreeningRow.case_id, func.count()).group_by(ScreeningRow.case_id)).all())
    left = [c.id for c in cases if c.id not in screened or c.state == "received"]
    assert not left, f"{len(left)} of {len(cases)} cases unscreened: {left[:5]}"
    assert pending.counts(store) == {"done": len(cases)}
    assert max(per_case.values()) == 1, "a case was screened twice"  # one filing, one screening
    return len(cases)


def stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=120)


# ---------------------------------------------------------------- kill -9 during screening


def test_kill_9_during_screening_leaves_no_case_unscreened(settings: Settings, store: Store) -> None:
    names = make_pdfs(settings.inbox, 24)
    env = {**rsi_env(settings), **FAST}
    rng = random.Random(20261202)
    kills = mid_screening = 0
    while kills < 8 and screened_cases(store) < len(names):
        before = screened_cases(store)
        proc = watcher(env)
        # Kill while a screening holds its lease (or right after one finished), at a random point.
        wait_until(lambda: running(store) > 0 or screened_cases(store) > before or proc.poll() is not None,
                   what="screening")
        time.sleep(rng.uniform(0.0, 0.3))
        mid_screening += running(store) > 0
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
    final = subprocess.run([str(RSI), "watch", "--oneshot"], env=env, capture_output=True, text=True,
                           timeout=900)
    assert final.returncode == 0, final.stderr[-2000:]
    assert_each_processed_once(settings, store, names)
    cases = assert_every_case_screened(store)
    assert mid_screening >= 1, "no kill landed during a screening"
    print(f"\n[kill -9 during screening] {kills} kills ({mid_screening} with a screening running), "
          f"{len(names)} files, {cases} cases: {cases} screened, 0 unscreened, 0 filed twice")


# ---------------------------------------------------------------- the database goes away


def _pg_env(settings: Settings, url: str) -> dict[str, str]:
    return {**rsi_env(settings, url), **FAST, "RSI_DB_RETRY_S": "30"}


def _terminate_backends(stop_at: threading.Event, counter: list[int], every_s: float) -> None:
    """What a PostgreSQL restart does to a client: connections of the test database are cut.

    Mostly those in the middle of a statement or transaction (an idle pooled connection is
    replaced by pool_pre_ping without any error); every 20th round all of them.
    """
    db = PG_URL.rsplit("/", 1)[1]
    engine = create_engine(PG_URL.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")
    busy = "AND state IN ('active', 'idle in transaction')"
    try:
        with engine.connect() as conn:
            while not stop_at.wait(every_s):
                which = "" if len(counter) % 3 == 0 else busy
                cut = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        f"WHERE datname = :db AND pid <> pg_backend_pid() {which}"),
                                   {"db": db}).scalar()
                counter.append(int(cut or 0))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_terminated_connections_are_retried_without_a_restart(settings: Settings) -> None:
    reset_postgres()
    pg = open_store(PG_URL)
    env = _pg_env(settings, PG_URL)
    proc = watcher(env)
    names = drop_batch(settings.inbox, 0, 5)
    wait_until(lambda: _cases(pg) > 0, what="a first filing")  # the watcher is up
    halt, cuts = threading.Event(), []
    cutter = threading.Thread(target=_terminate_backends, args=(halt, cuts, 0.01))
    cutter.start()
    try:
        for batch in range(1, 5):  # files keep arriving while connections are cut
            names |= drop_batch(settings.inbox, batch, 10)
            time.sleep(2.0)
        deadline = time.monotonic() + 60
        while not _done(pg, len(names)) and time.monotonic() < deadline:
            time.sleep(0.5)  # cut for as long as there is work in flight (at most a minute)
    finally:
        halt.set()
        cutter.join()
    wait_until(lambda: _done(pg, len(names)), limit_s=600, what="filing and screening after the cuts")
    assert proc.poll() is None, "the watcher died: " + log_tail(env)
    assert stop(proc) == 0
    assert_each_processed_once(settings, pg, names)
    cases = assert_every_case_screened(pg)
    assert sum(cuts) > 0
    retried = log_tail(env, all_of_it=True).count("retrying")
    print(f"\n[PostgreSQL connections terminated] {len(cuts)} rounds, {sum(cuts)} connections cut, "
          f"{retried} transient errors retried in place, "
          f"{len(names)} files, {cases} cases: all filed once and screened, 0 stuck in .processing, "
          "no restart")


def drop_batch(inbox: Path, batch: int, count: int) -> set[str]:
    """`count` new CVs, each written under a hidden name (ignored) and then renamed into place."""
    inbox.mkdir(parents=True, exist_ok=True)
    names = set()
    for i in range(count):
        name = f"cv-{batch}-{i:03d}.pdf"
        cv(inbox / f".{name}", f"Fictional Person {batch}-{i:03d}").rename(inbox / name)
        names.add(name)
    return names


def _cases(store: Store) -> int:
    try:
        with store.session() as s:
            return s.scalar(select(func.count(CaseRow.id))) or 0
    except Exception:  # our own connection was cut too
        return 0


def _done(store: Store, files: int) -> bool:
    try:
        with store.session() as s:
            cases = s.scalar(select(func.count(CaseRow.id))) or 0
        return cases == files and pending.counts(store) == {"done": files}
    except Exception:
        return False


@pytest.mark.postgres
def test_a_held_lock_past_the_lock_timeout_is_retried_in_place(settings: Settings) -> None:
    reset_postgres()
    pg = open_store(PG_URL)
    url = PG_URL + "?options=-c%20lock_timeout%3D1000"  # the watcher gives up a lock wait after 1 s
    proc = watcher(_pg_env(settings, url))
    holder = create_engine(PG_URL)
    try:
        with holder.connect() as conn, conn.begin():
            conn.execute(text("LOCK TABLE intake_jobs, pending_screenings IN ACCESS EXCLUSIVE MODE"))
            names = make_pdfs(settings.inbox, 20)
            time.sleep(10.0)  # 10 lock timeouts' worth
            stuck = len(list((settings.processing_dir).rglob("*.pdf")))
        wait_until(lambda: _done(pg, len(names)), limit_s=600, what="filing after the lock")
    finally:
        holder.dispose()
    assert stop(proc) == 0
    assert_each_processed_once(settings, pg, names)
    cases = assert_every_case_screened(pg)
    print(f"\n[held lock, lock_timeout 1 s] lock held 10 s, {stuck} file(s) claimed while it was held, "
          f"{len(names)} files, {cases} cases: all filed once and screened, no restart")


# ---------------------------------------------------------------- the disk fills up


def test_a_full_archive_disk_files_everything_once_space_is_back(settings: Settings, tmp_path: Path) -> None:
    archive = settings.archive_dir
    archive.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(archive)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        filler = archive / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
        db_url = f"sqlite:///{tmp_path / 'db' / 'rsi.db'}"
        store = open_store(db_url)
        env = {**rsi_env(settings, db_url), **FAST, "RSI_DB_RETRY_S": "1"}
        names = make_pdfs(settings.inbox, 20)
        proc = watcher(env)
        wait_until(lambda: _committed(store) == len(names) or proc.poll() is not None, limit_s=120,
                   what="commits while the disk is full")
        assert proc.poll() is None, log_tail(env)
        time.sleep(2.0)
        partial = [p for p in archive.rglob(".copying-*")]
        stuck = len(list(settings.processing_dir.rglob("*.pdf")))
        assert partial == [] and stuck == len(names)  # nothing half-copied, nothing lost
        filler.unlink()  # space is back: the watcher itself finishes the moves
        wait_until(lambda: not list(settings.processing_dir.rglob("*.pdf")) and _done(store, len(names)),
                   what="moves after space came back")
        assert stop(proc) == 0
        assert_each_processed_once(settings, store, names)
        cases = assert_every_case_screened(store)
        assert [p for p in archive.rglob(".copying-*")] == []
        print(f"\n[full archive disk] {len(names)} files: {stuck} waited in .processing while the disk was "
              f"full, 0 partial copies; {cases} cases filed once and screened after space came back")
    finally:
        subprocess.run(["umount", "-l", str(archive)], capture_output=True)


def _committed(store: Store) -> int:
    from workflow.cases.store import IntakeJobRow

    with store.session() as s:
        return s.scalar(select(func.count()).where(IntakeJobRow.status == "processed")) or 0


# ---------------------------------------------------------------- two screening watchers


@pytest.mark.postgres
def test_two_screening_watchers_screen_each_case_once_even_when_one_is_killed(settings: Settings) -> None:
    reset_postgres()
    pg = open_store(PG_URL)
    env = _pg_env(settings, PG_URL)
    names = drop_batch(settings.inbox, 0, 30)
    procs = [watcher(env) for _ in range(2)]
    wait_until(lambda: running(pg) > 0, what="a screening")
    with pg.session() as s:  # kill the watcher holding a lease: the other must take it over
        held = s.execute(select(PendingScreeningRow.case_id, PendingScreeningRow.lease_owner)
                         .where(PendingScreeningRow.status == "running")).first()
    assert held is not None
    victim = next(p for p in procs if f"_{p.pid}_" in (held.lease_owner or ""))
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    survivor = next(p for p in procs if p is not victim)
    names |= drop_batch(settings.inbox, 1, 10)
    wait_until(lambda: _done(pg, len(names)), limit_s=600, what="screening by the surviving watcher")
    assert stop(survivor) == 0
    assert_each_processed_once(settings, pg, names)
    cases = assert_every_case_screened(pg)  # also: no case has two screenings
    with pg.session() as s:
        workers = set(s.scalars(select(func.distinct(AuditEventRow.actor)).where(AuditEventRow.action == "screening")))
        taken_over = s.scalar(select(AuditEventRow.actor).where(AuditEventRow.action == "screening",
                                                                 AuditEventRow.case_id == held.case_id))
    assert taken_over and f":{survivor.pid}" in taken_over
    print(f"\n[two screening watchers, one killed holding a lease] {len(names)} files, {cases} cases, "
          f"each screened once, by {len(workers)} watcher(s); the dead one's case taken over")
