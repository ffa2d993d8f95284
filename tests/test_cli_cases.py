"""`rsi init/process/cases/show/watch`: the output contracts, and intake surviving kill -9."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from intake.settings import Settings
from workflow.cli import app
from workflow.cases.store import DocumentRow, IntakeJobRow, Store, open_store

from conftest import PG_URL, reset_postgres
from intake_helpers import RSI, files_under, rsi_env
from pdf_factory import text_pdf

runner = CliRunner()




def cv(path: Path, name: str = "Ada Example") -> Path:
    return text_pdf(path, [f"{name}\nCurriculum Vitae", "Education", "Publications"])


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_process_json_prints_one_object_per_input_file(cli: None, tmp_path: Path) -> None:
    good = cv(tmp_path / "cv.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_text("plain text, not a PDF")
    result = runner.invoke(app, ["process", "--no-screen", str(good), str(bad), str(good), str(tmp_path / "nope.pdf"),
                                 "--json"])

    rows = json_lines(result.stdout)
    assert result.exit_code == 1  # something failed
    assert [r["status"] for r in rows] == ["processed", "failed", "duplicate", "failed"]
    assert [r["file"] for r in rows] == [str(good), str(bad), str(good), str(tmp_path / "nope.pdf")]
    for row in rows:
        assert {"file", "sha256", "case_id", "status"} <= row.keys()
        assert ("error" in row) == (row["status"] == "failed")
    assert rows[0]["case_id"] == rows[2]["case_id"] and rows[0]["sha256"] == rows[2]["sha256"]
    assert len(rows[0]["sha256"]) == 64 and rows[1]["case_id"] is None
    assert "not a PDF" in rows[1]["error"]
    assert good.exists() and bad.exists()  # the user's originals are copied, never moved


def test_process_a_folder_as_one_case(cli: None, tmp_path: Path) -> None:
    folder = tmp_path / "Ada Example"
    folder.mkdir()
    cv(folder / "cv.pdf")
    cv(folder / "form.pdf", "Ada Example form")
    rows = json_lines(runner.invoke(app, ["process", "--no-screen", str(folder), "--json"]).stdout)
    assert [r["status"] for r in rows] == ["processed", "processed"]
    assert len({r["case_id"] for r in rows}) == 1
    assert {r["file"] for r in rows} == {str(folder / "cv.pdf"), str(folder / "form.pdf")}


def test_cases_and_show(cli: None, tmp_path: Path, settings: Settings) -> None:
    [row] = json_lines(runner.invoke(app, ["process", "--no-screen", str(cv(tmp_path / "cv.pdf")), "--json"]).stdout)

    [case] = json.loads(runner.invoke(app, ["cases", "--json"]).stdout)
    assert (case["id"], case["state"], case["documents"]) == (row["case_id"], "received", 1)
    assert {"subject", "severity", "created"} <= case.keys()
    assert json.loads(runner.invoke(app, ["cases", "--state", "closed", "--json"]).stdout) == []

    shown = json.loads(runner.invoke(app, ["show", row["case_id"], "--json"]).stdout)
    [doc] = shown["documents"]
    assert (doc["file_name"], doc["sha256"], doc["pages"], doc["ocr_used"]) == ("cv.pdf", row["sha256"], 3, False)
    assert doc["kind"] and doc["warnings"] == [] and Path(doc["archived_path"]).exists()
    assert shown["findings"] == [] and shown["profile"] is None
    plain = runner.invoke(app, ["show", row["case_id"]])
    assert plain.exit_code == 0 and row["sha256"][:16] in plain.stdout


def test_show_a_missing_case_exits_3(cli: None) -> None:
    result = runner.invoke(app, ["show", "RSI-20000101-00000000"])
    assert result.exit_code == 3 and "does not exist" in result.stderr


def test_init_creates_the_folders_and_database(cli: None, settings: Settings) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0
    assert settings.inbox.is_dir() and settings.failed_dir.is_dir() and settings.archive_dir.is_dir()
    assert (settings.data_dir / "rsi.db").exists() and "database:" in result.stdout


@pytest.mark.parametrize("command", ["init", "watch", "process", "cases", "show"])
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout


# ---------------------------------------------------------------- kill -9 and several workers


def make_pdfs(inbox: Path, count: int) -> set[str]:
    inbox.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        cv(inbox / f"cv-{i:03d}.pdf", f"Fictional Person {i:03d}")
    return {f"cv-{i:03d}.pdf" for i in range(count)}


def assert_each_processed_once(settings: Settings, store: Store, names: set[str]) -> None:
    with store.session() as s:
        docs = s.scalars(select(DocumentRow)).all()
        jobs = s.execute(select(IntakeJobRow.status, func.count()).group_by(IntakeJobRow.status)).all()
    assert sorted(d.file_name for d in docs) == sorted(names)
    assert dict(jobs) == {"processed": len(names)}, dict(jobs)
    archived = files_under(settings.archive_dir)
    assert len(archived) == len(names) and {Path(d.archived_path) for d in docs} == set(archived)
    assert files_under(settings.processing_dir) == [] and files_under(settings.failed_dir) == []
    assert [p.name for p in settings.inbox.iterdir() if p.is_file()] == []


@pytest.mark.slow
def test_kill_9_at_random_points_loses_nothing_and_files_each_once(settings: Settings, store: Store) -> None:
    names = make_pdfs(settings.inbox, 50)
    env = rsi_env(settings)
    rng = random.Random(20240601)
    progress: list[int] = []
    while len(progress) < 10 and (not progress or progress[-1] < len(names)):
        before = _finished_jobs(store)
        proc = subprocess.Popen([str(RSI), "watch", "--no-screen"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if rng.random() < 0.3:
            time.sleep(rng.uniform(0.05, 0.6))  # anywhere, start-up and recovery included
        else:  # while it works: once it has finished something new, after a random delay
            _wait_until(lambda: _finished_jobs(store) > before or proc.poll() is not None)
            time.sleep(rng.uniform(0.0, 0.02))  # short: a fast machine files dozens a second
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        progress.append(_finished_jobs(store))
    assert sum(0 < n < len(names) for n in progress) >= 1, progress  # kills came mid-work
    final = subprocess.run([str(RSI), "watch", "--no-screen", "--oneshot"], env=env, capture_output=True, text=True,
                           timeout=600)
    assert final.returncode == 0, final.stderr
    assert_each_processed_once(settings, store, names)


@pytest.mark.postgres
@pytest.mark.slow
def test_two_watchers_on_one_inbox_file_each_file_once(settings: Settings) -> None:
    reset_postgres()
    from workflow.cases.anchor import for_url

    pg = open_store(PG_URL, anchor=for_url(PG_URL, data_dir=settings.data_dir))
    names = make_pdfs(settings.inbox, 200)
    env = rsi_env(settings, PG_URL)
    procs = [subprocess.Popen([str(RSI), "watch", "--no-screen"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 600
        while _finished_jobs(pg) < len(names):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
            time.sleep(0.5)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        codes = [proc.wait(timeout=60) for proc in procs]
    assert codes == [0, 0]
    assert_each_processed_once(settings, pg, names)
    with pg.session() as s:
        workers = set(s.scalars(select(IntakeJobRow.worker)))
    assert len(workers) == 2  # both took part


def _wait_until(condition: Callable[[], bool], limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.02)


def _finished_jobs(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).where(IntakeJobRow.status != "claimed")) or 0
