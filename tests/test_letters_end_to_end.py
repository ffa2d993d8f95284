"""End to end, as a new user: a CV and a filled form through `rsi process`, review, decide, letter.

Nothing is written to the database by hand: the request (who asked, for what) comes from the form,
the decision drafts its letter into the outbox at once, and the .eml goes to the requester the form
names, multipart text + HTML, citing the case and the lists searched with their versions and dates.
The CVs come from the synthetic corpus on a seed of their own (fictional people, real institutions).
"""

from __future__ import annotations

import email.policy
import json
import re
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.forms.generate import filled_form, sample_values
from tests.corpus.generate import make_case, plan
from workflow.cli import app

SEED = 90210  # not a seed the corpus tests or the benchmark use
runner = CliRunner()


def _rsi(*args: str) -> object:
    return runner.invoke(app, list(args))


def _case_folder(tmp_path: Path, index: int, kind: str) -> tuple[Path, dict[str, str]]:
    spec = [s for s in plan(10, SEED) if s.layout in ("single", "columns", "docx")][index]
    case = make_case(spec, SEED, tmp_path / "corpus")
    folder = tmp_path / f"request-{index}"
    folder.mkdir()
    cv = tmp_path / "corpus" / case.files["cv"]
    cv.rename(folder / cv.name)
    values = {**sample_values(kind, seed=SEED + index, blank_share=0.0),
              "full_name": case.truth["person"]["name"],
              "requester_name": "Dr. Ines Calloway", "requester_email": f"ines.calloway{index}@example.edu",
              "requester_department": "Department of Physics", "host_name": "Prof. Ada Wrenfield",
              "host_department": "Electrical Engineering", "start_date": "2027-03-01", "end_date": "2027-05-31"}
    filled_form(kind, values, folder / "screening-form.pdf")
    return folder, values


@pytest.mark.parametrize(("index", "kind"), [(0, "visitor"), (1, "collaboration")])
def test_cv_and_form_to_a_letter_for_the_requester(cli: None, tmp_path: Path, settings, index: int,
                                                   kind: str) -> None:
    folder, values = _case_folder(tmp_path, index, kind)
    assert _rsi("init").exit_code == 0
    from workflow.cli.common import store
    from workflow.service import Role, users

    for name in ("rita", "rob"):  # the CLI checks --as against the accounts (two people for a blocker)
        users.add_user(store(), name, Role.REVIEWER, "correct horse battery staple")
    processed = _rsi("process", str(folder), "--json")
    assert processed.exit_code == 0, processed.output
    [case_id] = {json.loads(line)["case_id"] for line in processed.stdout.splitlines()}

    request = json.loads(_rsi("case", "request", case_id, "--json").stdout)
    assert request["request"]["kind"] == kind and request["letter_missing"] == []
    assert request["request"]["requester_email"] == values["requester_email"]

    state = json.loads(_rsi("show", case_id, "--json").stdout)["state"]
    if state != "under_review":
        assert _rsi("review", case_id, "--as", "rita").exit_code == 0
    decided = _rsi("decide", case_id, "conditions", "--reason", "Internal: reviewed the findings.",
                   "--condition", "No access to export-controlled laboratories", "--as", "rita",
                   "--override-reason", "Reviewed by two; conditions suffice.")
    assert decided.exit_code == 0, decided.output
    if "confirm-approval" in decided.output:  # a blocker: a second reviewer confirms as themselves
        assert not list(Path(settings.outbox).glob("*.eml"))  # nothing is decided yet, so no letter
        decided = _rsi("confirm-approval", case_id, "--as", "rob")
        assert decided.exit_code == 0, decided.output
    assert "drafted the approved_with_conditions letter" in decided.output

    [eml] = list(Path(settings.outbox).glob("*.eml"))  # drafted by the decision, no `rsi letter`
    msg = BytesParser(policy=email.policy.default).parsebytes(eml.read_bytes())
    assert [a.addr_spec for a in msg["To"].addresses] == [values["requester_email"]]
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["X-RSI-Case"] == case_id and case_id in str(msg["Subject"])
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    listed = re.findall(r"\[([a-z0-9_]+)\]: version ([0-9a-f]{12}) of (\d{4}-\d{2}-\d{2})", text)
    assert listed, text  # every list searched, with its version and date
    for list_id, version, _ in listed:
        assert f"[{list_id}]: version <code>{version}</code>" in html
    for body in (text, html):
        assert case_id in body and "Dr. Ines Calloway" in body and "Prof. Ada Wrenfield" in body
        assert "2027-03-01" in body and "No access to export-controlled laboratories" in body
        assert ("Visit" if kind == "visitor" else "Research collaboration") in body
        assert "Internal: reviewed the findings." not in body  # the rationale stays in the case
    # A reprint is the same letter; it is written once per decision.
    again = _rsi("letter", case_id, "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["written_now"] is False
