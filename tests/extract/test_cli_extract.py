"""`rsi extract PATH --json` prints the profile and writes nothing; `rsi show` shows the profile."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intake.settings import Settings
from workflow.cli import app

from pdf_factory import text_pdf

runner = CliRunner()

PAGE_1 = """Ilse Marrowby
ilse.marrowby@example.org
Nationality: German

Academic Positions
2015 - 2018  Lecturer, Faculty of Physics, University of Example, Germany
2018-2022   Research Fellow, National University of Defense Technology, Changsha, China
"""
PAGE_2 = """Talent Programs
2019  Thousand Talents Plan

Invited Talks
Keynote, Example Society Meeting, Moscow, Russia, June 2021, travel paid by host
"""




def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_extract_json_prints_the_profile_and_writes_nothing(cli: None, settings: Settings, tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "cv.pdf", [PAGE_1, PAGE_2])
    runner.invoke(app, ["init"])
    before = _tree(Path(settings.data_dir))
    result = runner.invoke(app, ["extract", str(pdf), "--json"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)
    assert profile["person"]["name"] == "Ilse Marrowby" and profile["person"]["citizenships"] == ["DE"]
    orgs = [(a["organisation"], a["period"]["start"][:4], a["evidence"][0]["page"]) for a in profile["affiliations"]]
    assert orgs == [("University of Example", "2015", 1), ("National University of Defense Technology", "2018", 1)]
    assert [t["name"] for t in profile["talent_programs"]] == ["Thousand Talents Plan"]
    [talk] = profile["travel"]
    assert (talk["country"], talk["sponsored"], talk["evidence"][0]["page"]) == ("RU", True, 2)
    assert _tree(Path(settings.data_dir)) == before  # no case, no archive, no database rows written


def test_extract_reports_an_unreadable_file_clearly(cli: None, tmp_path: Path) -> None:
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert "error[corrupt]" in result.output and "'cv.pdf' is incomplete" in result.output


def test_show_prints_the_profile_of_a_screened_case(cli: None, tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "cv.pdf", [PAGE_1, PAGE_2])
    runner.invoke(app, ["init"])
    processed = runner.invoke(app, ["process", str(pdf), "--json"])  # screening is the default
    assert processed.exit_code == 0, processed.output
    case_id = json.loads(processed.stdout.splitlines()[0])["case_id"]
    shown = runner.invoke(app, ["show", case_id])
    assert shown.exit_code == 0, shown.output
    assert "Ilse Marrowby" in shown.output
    assert "National University of Defense" in shown.output and "Thousand Talents Plan" in shown.output
    state = json.loads(runner.invoke(app, ["show", case_id, "--json"]).stdout)["state"]
    assert state == "flagged"  # screened on intake without asking
