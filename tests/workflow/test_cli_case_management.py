"""`rsi case merge`, `rsi case withdraw`, short finding keys in `rsi show` / `rsi history` taken by
`rsi dismiss`, the summary first in `rsi show`, ids kept whole by `rsi cases`, starter lists in
`rsi lists status` (issue 16). People are fictional; the institutions are real."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from workflow.cli import app

runner = CliRunner()

LISTED_CV = """Mira Quillfeather
mira.quillfeather@example.org

Academic Positions
2021 - present  Associate Professor, Beihang University, Beijing, China
2016-2021   Lecturer, University of Toronto, Toronto, Canada
"""
CLEAN_CV = """Mira Quillfeather
Academic Positions
2021 - present  Associate Professor, University of Toronto, Toronto, Canada
"""


def _rsi(*args: str, width: int = 100):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


def _reviewers(*names: str) -> None:
    """Reviewer accounts (fictional people): the CLI checks --as against the accounts."""
    from workflow.cli.common import store
    from workflow.service import Role, users

    for name in names:
        if users.get_user(store(), name) is None:
            users.add_user(store(), name, Role.REVIEWER, "correct horse battery staple")


def _process(path: Path) -> str:
    out = _rsi("process", str(path), "--json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout.splitlines()[0])["case_id"]


def test_merge_and_withdraw_from_the_command_line(cli: None, tmp_path: Path) -> None:
    (tmp_path / "cv.txt").write_text(CLEAN_CV)
    (tmp_path / "publications.txt").write_text("Mira Quillfeather\nSelected publications\n")
    _rsi("init")
    _reviewers("rita", "rob")
    survivor, absorbed = _process(tmp_path / "cv.txt"), _process(tmp_path / "publications.txt")
    assert _rsi("case", "merge", absorbed, survivor, "--reason", "Same person").exit_code == 5  # no --as
    assert _rsi("case", "merge", absorbed, "RSI-20250101-0BADCA5E", "--reason", "x", "--as", "rita").exit_code == 3
    done = _rsi("case", "merge", absorbed, survivor, "--reason", "Same person", "--as", "rita")
    assert done.exit_code == 0, done.output
    assert f"{absorbed} merged into {survivor}" in done.output and "screened" in done.output
    shown = json.loads(_rsi("show", survivor, "--json").stdout)
    assert len(shown["documents"]) == 2 and shown["merged_from"] == [absorbed]
    gone = json.loads(_rsi("show", absorbed, "--json").stdout)
    assert (gone["state"], gone["merged_into"], gone["documents"]) == ("merged", survivor, [])
    assert f"merged into {survivor}" in _rsi("show", absorbed).stdout

    (tmp_path / "other.txt").write_text("Someone Else\n")
    other = _process(tmp_path / "other.txt")
    withdrawn = _rsi("case", "withdraw", other, "--reason", "Visit cancelled", "--as", "rita")
    assert withdrawn.exit_code == 0 and "withdrawn" in withdrawn.output
    assert _rsi("case", "withdraw", other, "--reason", "again", "--as", "rita").exit_code == 5
    assert _rsi("letter", other, "--preview").exit_code != 0  # no decision, no letter


def test_show_puts_the_summary_first_and_dismiss_takes_the_short_key(cli: None, tmp_path: Path) -> None:
    (tmp_path / "cv.txt").write_text(LISTED_CV)
    _rsi("init")
    _reviewers("rita", "rob")
    case_id = _process(tmp_path / "cv.txt")
    detail = json.loads(_rsi("show", case_id, "--json").stdout)
    answers = {q["id"]: q["answer"] for q in detail["summary"]["questions"]}
    assert answers["restricted_party"] == "yes"
    groups = detail["summary"]["groups"]
    assert groups[0]["organisation"].startswith("Beihang University") and len(groups[0]["findings"]) >= 2

    text = _rsi("show", case_id).stdout
    assert text.index("Summary") < text.index("file")  # the summary comes before the documents
    key = detail["findings"][0]["short_key"]
    assert len(key) == 10 and key in text
    history = _rsi("history", case_id, width=160).stdout
    assert key in history
    dismissed = _rsi("dismiss", case_id, key, "--reason", "Different person", "--as", "rita")
    assert dismissed.exit_code == 0, dismissed.output
    assert _rsi("dismiss", case_id, "0000000000", "--reason", "x", "--as", "rita").exit_code == 3


def test_cases_keeps_ids_whole_at_80_columns(cli: None, tmp_path: Path) -> None:
    (tmp_path / "cv.txt").write_text(CLEAN_CV)
    _rsi("init")
    _reviewers("rita", "rob")
    case_id = _process(tmp_path / "cv.txt")
    for width in (80, 60):
        assert case_id in _rsi("cases", width=width).stdout


def test_lists_status_shows_the_starter_lists(cli: None) -> None:
    out = _rsi("lists", "status", width=120)
    assert out.exit_code == 0 and "Starter lists" in out.stdout
    rows = json.loads(_rsi("lists", "status", "--json").stdout)
    starters = [r for r in rows if r["kind"] == "starter"]
    assert {"talent_programs", "countries"} <= {r["list_id"] for r in starters}
    assert all(r["entry_count"] > 0 and re.fullmatch(r"[0-9a-f]{64}", r["sha256"]) for r in starters)
