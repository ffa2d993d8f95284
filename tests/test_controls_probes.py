"""Issue 15's security probes outside the web: CSV export, list ids, file modes, hard links, secrets.

Each test is one probe from the issue; each passed (that is, the attack worked) before.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
from pathlib import Path

import pytest

from intake.errors import RsiError
from intake.settings import Settings, load_settings
from intake_helpers import RSI, context, fake_pdf, rsi_env
from workflow.cases import audit
from workflow.cases.store import Store
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import Accepted, Failed
from workflow.screening import lists


@pytest.mark.parametrize("actor", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3",
                                   "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_export_escapes_formula_cells(store: Store, actor: str) -> None:
    with store.session() as s:
        audit.append(s, actor=actor, action="login")
    with store.session() as s:
        rows = list(csv.DictReader(io.StringIO(audit.export(s, fmt="csv"))))
        records = __import__("json").loads(audit.export(s, fmt="json"))
    assert rows[-1]["actor"] == "'" + actor  # shown as text by spreadsheets
    assert records[-1]["actor"] == actor  # the JSON export keeps the record as written


def test_a_plain_actor_is_exported_unchanged(store: Store) -> None:
    with store.session() as s:
        audit.append(s, actor="rita", action="login")
        assert list(csv.DictReader(io.StringIO(audit.export(s))))[-1]["actor"] == "rita"


@pytest.mark.parametrize("list_id", ["../../../X", "/etc/cron.d/x", "a/b", "..", "", "x" * 61,
                                     "csl\n", "-rf"])
def test_list_ids_that_are_not_folder_names_are_refused(store: Store, settings: Settings,
                                                        tmp_path: Path, list_id: str) -> None:
    source = tmp_path / "starter.yaml"
    source.write_text((settings.lists_dir / next(p.name for p in settings.lists_dir.glob("*.yaml"))
                       ).read_text())
    with pytest.raises(RsiError, match="list id"):
        lists.import_list(store, settings, source, list_id)
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {source}
    assert not [p for p in written if "lists" in p.parts or p.name == "X"]


def test_a_good_list_id_still_imports(store: Store, settings: Settings) -> None:
    source = next(settings.lists_dir.glob("*.yaml"))
    done = lists.import_list(store, settings, source, "starter_test-1")
    assert Path(done.path).parent == settings.data_dir / "lists" / "starter_test-1"
    assert Path(done.path).stat().st_mode & 0o777 == 0o600


def test_a_hard_link_in_the_inbox_is_refused_not_archived(settings: Settings, store: Store,
                                                          tmp_path: Path) -> None:
    outside = fake_pdf(tmp_path / "secret.pdf", "Not for the archive")  # stands in for /etc/passwd
    os.chmod(outside, 0o644)
    settings.inbox.mkdir(parents=True, exist_ok=True)
    os.link(outside, settings.inbox / "cv.pdf")
    [outcome] = ingest_entry(settings.inbox / "cv.pdf", context(settings, store))
    assert isinstance(outcome, Failed) and "hard link" in outcome.message
    archived = [p for p in settings.archive_dir.rglob("*") if p.is_file()] \
        if settings.archive_dir.exists() else []
    assert not [p for p in archived if os.path.samestat(p.stat(), outside.stat())]
    assert outside.stat().st_mode & 0o777 == 0o644  # the other file's mode is left alone


def test_a_fifo_in_the_inbox_is_refused(settings: Settings, store: Store) -> None:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    os.mkfifo(settings.inbox / "cv.pdf")
    [outcome] = ingest_entry(settings.inbox / "cv.pdf", context(settings, store))
    assert isinstance(outcome, Failed) and "not a regular file" in outcome.message


def test_archived_cvs_are_private(settings: Settings, store: Store) -> None:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    dropped = fake_pdf(settings.inbox / "cv.pdf", "Ada Example")
    os.chmod(dropped, 0o644)
    [outcome] = ingest_entry(dropped, context(settings, store))
    assert isinstance(outcome, Accepted)
    assert Path(outcome.archived_path).stat().st_mode & 0o777 == 0o600


def test_files_and_folders_rsi_creates_are_private_whatever_the_umask(settings: Settings) -> None:
    """`rsi init` and `rsi process` under a permissive umask (022) still write 0600/0700."""
    env = rsi_env(settings)
    cv = settings.inbox.parent / "cv.txt"
    cv.write_text("Dr. Ada Fictional\nEmployment\n2019-present Professor, Example University\n")
    for args in (["init"], ["process", "--no-screen", str(cv)]):
        done = subprocess.run([str(RSI), *args], env=env, capture_output=True, text=True,
                              timeout=600, preexec_fn=lambda: os.umask(0o022))
        assert done.returncode == 0, done.stderr
    db = settings.data_dir / "rsi.db"
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    archived = [p for p in settings.archive_dir.rglob("*")]
    assert archived and all(stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600)
                            for p in archived), [(p, oct(p.stat().st_mode)) for p in archived]
    for name in ("audit.key", "audit-head.json"):
        assert stat.S_IMODE((settings.data_dir / name).stat().st_mode) == 0o600


@pytest.mark.parametrize("field", ["secret_key", "smtp_password", "audit_key"])
def test_secrets_are_refused_in_rsi_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         field: str) -> None:
    config = tmp_path / "rsi.toml"
    config.write_text(f'{field} = "hunter2-hunter2-hunter2-hunter2-hunter2"\nmax_pages = 7\n')
    monkeypatch.setenv("RSI_CONFIG", str(config))
    with pytest.raises(ValueError, match=f"secrets are not read from .*{field}"):
        load_settings()


def test_secrets_come_from_the_environment_or_a_file_it_names(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "rsi.toml"
    config.write_text("max_pages = 7\n")
    monkeypatch.setenv("RSI_CONFIG", str(config))
    (tmp_path / "smtp").write_text("from-a-file\n")
    monkeypatch.setenv("RSI_SMTP_PASSWORD_FILE", str(tmp_path / "smtp"))
    monkeypatch.setenv("RSI_SECRET_KEY", "from-the-environment")
    found = load_settings()
    assert found.max_pages == 7
    assert found.smtp_password is not None and found.smtp_password.get_secret_value() == "from-a-file"
    assert found.secret_key is not None and found.secret_key.get_secret_value() == "from-the-environment"
