"""The workflow commands are thin: they call the service and map errors to exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from workflow_factory import case_in, finding, reviewers, state_of

from intake.settings import Settings
from workflow.cli import decisions as cli_workflow
from workflow.screening import service as screening_service
from workflow.cli import app
from workflow.cases.store import Store


@pytest.fixture
def rsi(store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch):
    reviewers(store, "alice", "bob", "al", "a")  # the CLI checks --as against the accounts
    monkeypatch.setattr(cli_workflow, "store", lambda: store)
    monkeypatch.setattr(cli_workflow, "settings", lambda: settings)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_decide_review_close_history(rsi, store: Store, settings: Settings) -> None:
    case_in(store, settings, "flagged")
    assert rsi("review", "C-0001", "--as", "alice").exit_code == 0
    out = rsi("decide", "C-0001", "conditions", "--reason", "Low risk.", "--condition", "Escort",
              "--condition", "No keys", "--as", "alice", "--expires", "2027-01-31")
    assert out.exit_code == 0, out.output
    assert "approved_with_conditions" in out.output
    assert rsi("close", "C-0001", "--as", "alice").exit_code == 0
    found = json.loads(rsi("history", "C-0001", "--json").stdout)
    assert found["decisions"][0]["conditions"] == ["Escort", "No keys"]
    assert found["decisions"][0]["expires_on"] == "2027-01-31"
    # the case has no requester: the decision stands, its letter is not drafted, and both say so
    assert "letter not drafted: the case has no requester_email" in out.output
    assert [e["action"] for e in found["events"]][-3:] == ["approve_with_conditions", "letter_not_drafted", "close"]
    assert rsi("history", "C-0001").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["decide", "C-0001", "approve", "--reason", "ok", "--as", "alice"], 5),  # blocker
        (["decide", "C-0001", "approve", "--reason", "ok", "--as", "alice",
          "--second-reviewer", "alice", "--override-reason", "namesake"], 5),
        (["decide", "C-0001", "conditions", "--reason", "ok", "--as", "alice"], 5),
        (["decide", "C-0001", "deny", "--as", "alice"], 5),
        (["decide", "C-9999", "deny", "--reason", "x", "--as", "alice"], 3),
        (["decide", "C-0001", "deny", "--reason", "x", "--as", "a", "--expires", "soon"], 1),
        (["close", "C-0001"], 5),
    ],
)
def test_decide_errors_exit_codes(rsi, store: Store, settings: Settings, args, code) -> None:
    case_in(store, settings, "under_review", "C-0001", finding(severity="blocker"))
    out = rsi(*args)
    assert out.exit_code == code, out.output
    assert state_of(store, "C-0001") == "under_review"


def test_blocker_approved_by_two(rsi, store: Store, settings: Settings) -> None:
    case_in(store, settings, "under_review", "C-0001", finding(severity="blocker"))
    out = rsi("decide", "C-0001", "approve", "--reason", "Verified.", "--as", "alice",
              "--second-reviewer", "bob", "--override-reason", "Namesake; ID checked.")
    assert out.exit_code == 0 and "confirm-approval" in out.output, out.output
    assert state_of(store, "C-0001") == "under_review"  # proposed, not approved
    assert rsi("confirm-approval", "C-0001", "--as", "alice").exit_code == 5  # her own
    assert rsi("confirm-approval", "C-0001", "--as", "al").exit_code == 5  # bob was asked
    out = rsi("confirm-approval", "C-0001", "--as", "bob", "--note", "ID seen")
    assert out.exit_code == 0 and "confirmed by bob" in out.output, out.output
    assert state_of(store, "C-0001") == "approved"


@pytest.mark.parametrize("args", [
    ["--as", "ghost", "--second-reviewer", "bob"],  # no such account
    ["--as", "alice", "--second-reviewer", "ghost"],  # no such second reviewer
    ["--as", "alice", "--second-reviewer", "sam"],  # staff cannot be a second reviewer
    ["--as", "sam"],  # staff cannot decide
])
def test_cli_identities_are_accounts_with_roles(rsi, store: Store, settings: Settings,
                                                args: list[str]) -> None:
    from workflow.cases import users

    users.add_user(store, "sam", users.Role.STAFF, "correct horse battery staple")
    case_in(store, settings, "under_review", "C-0001", finding(severity="blocker"))
    out = rsi("decide", "C-0001", "approve", "--reason", "ok", "--override-reason", "namesake", *args)
    assert out.exit_code == 5, out.output
    assert state_of(store, "C-0001") == "under_review"
    with store.session() as s:
        from workflow.cases.store import PendingApprovalRow

        assert s.query(PendingApprovalRow).count() == 0


def test_an_account_linked_to_an_os_login_is_only_that_login(rsi, store: Store, settings: Settings,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from workflow.cases import users

    users.link_os_user(store, "bob", "bob-login")
    case_in(store, settings, "under_review", "C-0001", finding(severity="blocker"))
    monkeypatch.setattr(getpass, "getuser", lambda: "alice-login")
    users.link_os_user(store, "alice", "alice-login")
    assert rsi("decide", "C-0001", "approve", "--reason", "ok", "--override-reason", "namesake"
               ).exit_code == 0  # alice by her OS login
    # the same OS user cannot confirm as bob: bob's account belongs to another login
    assert rsi("confirm-approval", "C-0001", "--as", "bob").exit_code == 5
    assert rsi("confirm-approval", "C-0001", "--as", "al").exit_code == 5  # alice-login is alice
    monkeypatch.setattr(getpass, "getuser", lambda: "bob-login")
    assert rsi("confirm-approval", "C-0001").exit_code == 0
    assert state_of(store, "C-0001") == "approved"


def test_dismiss(rsi, store: Store, settings: Settings) -> None:
    case_in(store, settings, "under_review")
    out = rsi("dismiss", "C-0001", finding().key, "--reason", "Other person", "--as", "al")
    assert out.exit_code == 0, out.output
    assert rsi("dismiss", "C-0001", "NOPE:1", "--reason", "x", "--as", "al").exit_code == 3


def test_blocker_dismissal_is_confirmed_by_a_second_reviewer(rsi, store: Store, settings: Settings) -> None:
    case_in(store, settings, "under_review", "C-0001", finding(severity="blocker"))
    key = finding().key
    proposed = rsi("dismiss", "C-0001", key, "--reason", "Other person", "--as", "alice")
    assert proposed.exit_code == 0 and "proposed" in proposed.stdout, proposed.output
    alone = ["decide", "C-0001", "approve", "--reason", "Namesake.", "--as", "alice"]
    assert rsi(*alone).exit_code == 5  # still a blocker
    own = rsi("confirm-dismissal", "C-0001", key, "--as", "alice")
    assert own.exit_code == 5 and "second reviewer" in own.output
    assert rsi("confirm-dismissal", "C-0001", "NOPE:1", "--as", "bob").exit_code == 3
    confirmed = rsi("confirm-dismissal", "C-0001", key, "--as", "bob", "--note", "ID checked")
    assert confirmed.exit_code == 0 and "confirmed by bob" in confirmed.stdout, confirmed.output
    assert rsi(*alone).exit_code == 0 and state_of(store, "C-0001") == "approved"  # no blocker left


def test_states_diagram(rsi) -> None:
    out = rsi("states", "--diagram")
    assert out.exit_code == 0 and "stateDiagram-v2" in out.stdout
    assert "under_review --> approved: approve" in out.stdout
    assert "reopen" in rsi("states").stdout


def test_rescreen_reports_reopened(rsi, store: Store, settings: Settings,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    case_in(store, settings, "denied")
    seen = {}

    def fake_rescreen(store, settings, ids, progress):
        seen["ids"] = ids
        progress(1, 1, "C-0001")
        return screening_service.RescreenReport(total=1, screened=1, reopened=["C-0001"])

    monkeypatch.setattr(screening_service, "rescreen", fake_rescreen)
    out = rsi("rescreen", "--all")
    assert out.exit_code == 0 and "1 reopened: C-0001" in out.stdout and seen["ids"] is None
    assert rsi("rescreen").exit_code == 1
    rsi("rescreen", "C-0001", "C-0002")
    assert seen["ids"] == ["C-0001", "C-0002"]


def test_every_command_help_has_an_example(rsi) -> None:
    for command in (["decide"], ["review"], ["dismiss"], ["close"], ["hold"], ["history"],
                    ["states"], ["rescreen"], ["audit", "verify"], ["audit", "export"],
                    ["audit", "purge"]):
        out = rsi(*command, "--help")
        assert out.exit_code == 0 and "Example" in out.stdout, command


def test_help_text_is_reflowed_but_examples_keep_their_lines() -> None:
    from workflow.cli.common import reflowed

    doc = """Read documents.

        All files are treated as one
        person's documents.

        Example: rsi extract cv.pdf
        rsi extract folder/
        """
    assert reflowed(doc) == ("Read documents.\n\nAll files are treated as one person's documents.\n\n"
                             "Example: rsi extract cv.pdf\nrsi extract folder/")
    from workflow.cli import app

    extract = next(c for c in app.registered_commands if c.callback and c.callback.__name__ == "extract")
    assert extract.help and "\n" not in extract.help.split("\n\n")[1]


def test_rules_lists_every_red_flag_with_its_explanation() -> None:
    import json

    from typer.testing import CliRunner

    from intake.screen.rules import RULES
    from workflow.cli import app

    result = CliRunner().invoke(app, ["rules", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rule_id"] for r in rows] == [r.rule_id for r in RULES] and len(rows) >= 20
    assert all(len(r["explanation"]) > 40 for r in rows)
    plain = CliRunner().invoke(app, ["rules"]).stdout
    assert "MFTRP_INDICATOR" in plain and "CHIPS" in plain
