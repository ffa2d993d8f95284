"""`rsi users add|list|passwd|disable` and the `rsi serve` command's presence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workflow.cli import common as cli_common
from workflow.cli import app
from workflow.cases.users import LoginOk, LoginRefused, authenticate


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner whose settings point at a temporary data directory."""
    monkeypatch.setenv("RSI_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RSI_CONFIG", str(tmp_path / "none.toml"))
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()
    yield CliRunner()
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()


def test_users_add_list_passwd_disable(runner: CliRunner) -> None:
    added = runner.invoke(app, ["users", "add", "nora", "--role", "reviewer", "--password-stdin"],
                          input="a long enough password\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert json.loads(listed.stdout)[0] == {"name": "nora", "role": "reviewer", "email": None,
                                            "active": True, "locked_until": None}
    store = cli_common.store()
    assert isinstance(authenticate(store, "nora", "a long enough password", max_failures=5), LoginOk)
    runner.invoke(app, ["users", "passwd", "nora", "--password-stdin"], input="another long one\n")
    assert isinstance(authenticate(store, "nora", "another long one", max_failures=5), LoginOk)
    assert runner.invoke(app, ["users", "disable", "nora"]).exit_code == 0
    assert isinstance(authenticate(store, "nora", "another long one", max_failures=5), LoginRefused)


def test_users_add_refuses_bad_input(runner: CliRunner) -> None:
    short = runner.invoke(app, ["users", "add", "nora", "--role", "staff", "--password-stdin"],
                          input="short\n")
    assert short.exit_code != 0 and "10 characters" in short.output
    bad_role = runner.invoke(app, ["users", "add", "nora", "--role", "boss", "--password-stdin"],
                             input="a long enough password\n")
    assert bad_role.exit_code != 0


def test_prompted_password_is_hidden_and_confirmed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["users", "add", "omar", "--role", "auditor"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0 and "a long enough password" not in result.output


def test_serve_command_exists(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output
