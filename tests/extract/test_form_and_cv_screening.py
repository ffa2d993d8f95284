"""End to end: a CV and a filled screening form dropped as one case, screened on intake.

The form denies what the CV shows (foreign funding, a talent program, patents) and says the work is
DoD-funded while the CV shows a past post at a 1286-listed university: each contradiction must
surface as its own finding, quoting both documents. People are fictional.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intake.forms.generate import filled_form
from workflow.cli import app

from pdf_factory import text_pdf

runner = CliRunner()

CV = """Tomas Quillfeather
tomas.quillfeather@example.org

Academic Positions
2021 - present  Associate Professor, Department of Physics, University of Example, Springfield, USA
2016-2019   Lecturer, Naval University of Engineering, Wuhan, China

Research Funding
2022-2026 National Natural Science Foundation of China, grant No. 12274001, CNY 600,000 (PI)

Talent Programs
2023 - present  Thousand Talents Plan

Patents
CN 114000001 A, "Method for fictional sensors", granted 2022
"""

ANSWERS = {
    "full_name": "Tomas Quillfeather", "email": "tomas.quillfeather@example.org",
    "citizenship": "Germany", "home_institution": "University of Example", "institution_country": "United States",
    "foreign_funding": "No", "foreign_appointment": "No", "patents": "No", "talent_program": "No",
    "dod_funded": "Yes", "shipments": "No", "military_end_use": "No", "emerging_tech": "No",
}




def test_form_answers_contradicted_by_the_cv_become_findings(cli: None, tmp_path: Path) -> None:
    folder = tmp_path / "quillfeather"
    folder.mkdir()
    text_pdf(folder / "cv.pdf", [CV])
    filled_form("collaboration", ANSWERS, folder / "screening-form.pdf")
    runner.invoke(app, ["init"])
    processed = runner.invoke(app, ["process", str(folder), "--json"])
    assert processed.exit_code == 0, processed.output
    case_ids = {json.loads(line)["case_id"] for line in processed.stdout.splitlines()}
    assert len(case_ids) == 1  # the folder is one case
    case = json.loads(runner.invoke(app, ["show", case_ids.pop(), "--json"]).stdout)

    findings = {f["rule_id"]: f for f in case["findings"]}
    assert {"UNDISCLOSED_FUNDING", "UNDISCLOSED_PATENT", "TALENT_PROGRAM", "RPL_AFFILIATION"} <= set(findings)
    assert case["state"] == "flagged"
    # the talent program the form denies is escalated; the 1286 tie of DoD-funded work is a blocker
    assert findings["TALENT_PROGRAM"]["severity"] == "blocker"
    blockers = [f for f in case["findings"]
                if f["rule_id"] == "RPL_AFFILIATION" and "(1286)" in f["title"]]
    assert blockers and blockers[0]["severity"] == "blocker"
    # each contradiction quotes both documents: the CV line and the form's answer
    form_doc, cv_doc = (next(d["sha256"] for d in case["documents"] if d["file_name"].endswith(name))
                        for name in ("screening-form.pdf", "cv.pdf"))
    quoted = {e["document_sha256"] for e in findings["UNDISCLOSED_FUNDING"]["evidence"]}
    assert quoted == {form_doc, cv_doc}
    # the home institution the form names is not an undisclosed foreign appointment
    assert all("University of Example" not in f["explanation"] for f in case["findings"]
               if f["rule_id"] == "UNDISCLOSED_APPOINTMENT")
