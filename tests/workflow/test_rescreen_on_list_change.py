"""When a list changes, open and recent cases are screened again (CLI import, without being asked).

A fictional company is added to a list after a case was screened clean of it: importing that list
must flag the case, record the re-screening in the audit trail, and importing the same file again
must not screen anything. People and the company are fictional.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workflow.cli import app

from pdf_factory import text_pdf

runner = CliRunner()

CV = """Petra Lindqvist-Oduya
petra.lo@example.org

Employment
2019 - present  Senior Engineer, Quillon Photonic Works Ltd, Springfield, USA
2013-2019   Research Scientist, University of Example, Springfield, USA
"""

NEW_LIST = """kind: entities
list_id: office_watchlist
source: fictional list written for this test
as_of: 2026-11-01
entries:
  - {id: qpw, name: Quillon Photonic Works, country: US, listings: [{list: EL, since: 2026-11-01}]}
"""




def _rules(case_id: str) -> set[str]:
    case = json.loads(runner.invoke(app, ["show", case_id, "--json"]).stdout)
    return {f["rule_id"] for f in case["findings"]}


def test_a_changed_list_screens_open_cases_again(cli: None, tmp_path: Path) -> None:
    runner.invoke(app, ["init"])
    processed = runner.invoke(app, ["process", str(text_pdf(tmp_path / "cv.pdf", [CV])), "--json"])
    case_id = json.loads(processed.stdout.splitlines()[0])["case_id"]
    assert "RPL_AFFILIATION" not in _rules(case_id)

    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(NEW_LIST)
    imported = runner.invoke(app, ["lists", "import", str(watchlist), "--list", "office_watchlist"])
    assert imported.exit_code == 0, imported.output
    assert "1/1 screened" in imported.output
    assert "RPL_AFFILIATION" in _rules(case_id)
    trail = json.loads(runner.invoke(app, ["audit", "export", "--case", case_id, "--format", "json"]).stdout)
    (event,) = [e for e in trail if e["action"] == "rescreen"]
    assert event["actor"] == "lists"

    again = runner.invoke(app, ["lists", "import", str(watchlist), "--list", "office_watchlist"])
    assert again.exit_code == 0 and "screened" not in again.output  # same content: nothing changed
