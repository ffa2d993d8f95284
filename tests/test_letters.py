"""Decision letters: letter type mapping, templates, the .eml on disk, hostile input, sandbox, CLI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from test_letters_factory import (
    DETAILS,
    add_case,
    listed_finding,
    parse,
    parts,
    sanctioned_finding,
    talent_finding,
)
from typer.testing import CliRunner

from intake.errors import LetterError, NotFound
from intake.settings import Settings
from workflow.cli import common as cli_common
from workflow.letters import service as letters
from workflow.cli import app
from workflow.letters.context import choose_letter_type
from workflow.cases.store import AuditEventRow, CaseRow, DecisionRow, LetterRow, Store

LICENCE = "Export licence from BIS granted before any access to the laser laboratory"
TCP = "Technology Control Plan signed by host and visitor before arrival"
CONDITIONS = (TCP, "Escort in controlled areas at all times",
              "No lab or computing access beyond the guest wireless network",
              "Report all international travel during the visit to the office")


def _case(store: Store, letter_type: str) -> int:
    """A realistic fictional case decided so that it gets `letter_type`."""
    listed, talent = listed_finding(), talent_finding()
    disp = {listed.key: ("false_positive", "Different institute: address and dates differ"),
            talent.key: ("confirmed", "Disclosed on the form; ended 2019")}
    both = (listed, talent)
    if letter_type == "cleared":
        return add_case(store, outcome="cleared", rationale="No findings; cleared automatically.")
    if letter_type == "approved":
        return add_case(store, findings=both, dispositions=disp, expires_on="2026-09-30")
    if letter_type == "approved_with_conditions":
        return add_case(store, findings=both, dispositions=disp, outcome="approved_with_conditions",
                        conditions=CONDITIONS, expires_on="2026-09-30")
    if letter_type == "info_requested":
        return add_case(store, findings=both, outcome="info_requested",
                        items=("Funding source of the visit", "Contract of the 2021 visiting appointment"))
    if letter_type == "licence_hold":
        return add_case(store, findings=(listed, sanctioned_finding()), outcome="approved_with_conditions",
                        conditions=(LICENCE, TCP), expires_on="2026-12-31")
    return add_case(store, findings=(listed_finding(severity="blocker"),), outcome="denied",
                    rationale="Current appointment at an Entity List institute; cannot be mitigated.")


def _audit(store: Store, action: str) -> list[AuditEventRow]:
    with store.session() as s:
        return list(s.execute(select(AuditEventRow).where(AuditEventRow.action == action)).scalars())


def _letters(store: Store) -> list[LetterRow]:
    with store.session() as s:
        return list(s.execute(select(LetterRow)).scalars())


# ---------------------------------------------------------------- which letter


@pytest.mark.parametrize(("outcome", "findings", "dismissed", "conditions", "expected"), [
    ("cleared", [], set(), [], "cleared"),
    ("approved", [], set(), [], "cleared"),
    ("approve", [listed_finding()], set(), [], "approved"),
    ("approved", [listed_finding()], {listed_finding().key}, [], "approved"),
    ("approved_with_conditions", [listed_finding()], set(), [TCP], "approved_with_conditions"),
    ("approved_with_conditions", [sanctioned_finding()], set(), [LICENCE], "licence_hold"),
    ("approved", [sanctioned_finding()], set(), [LICENCE], "licence_hold"),
    # The export finding was dismissed: the licence condition is an ordinary condition.
    ("approved_with_conditions", [sanctioned_finding()], {sanctioned_finding().key}, [LICENCE],
     "approved_with_conditions"),
    # An export finding but no licence condition: the reviewer judged no licence is needed.
    ("approved_with_conditions", [sanctioned_finding()], set(), [TCP], "approved_with_conditions"),
    ("licence-hold", [], set(), [], "licence_hold"),
    ("info_requested", [listed_finding()], set(), [], "info_requested"),
    ("request-info", [], set(), [], "info_requested"),
    ("denied", [listed_finding()], set(), [], "denied"),
])
def test_letter_type_follows_outcome_and_findings(outcome, findings, dismissed, conditions, expected) -> None:
    assert choose_letter_type(outcome, findings, dismissed, conditions) == expected


def test_unknown_outcome_is_a_letter_error() -> None:
    with pytest.raises(LetterError, match="no letter for decision outcome 'maybe'"):
        choose_letter_type("maybe", [], set(), [])


# ---------------------------------------------------------------- each template


@pytest.mark.parametrize("letter_type", ["cleared", "approved", "approved_with_conditions",
                                         "info_requested", "licence_hold", "denied"])
def test_each_letter_is_a_complete_email(store: Store, settings: Settings, letter_type: str) -> None:
    _case(store, letter_type)
    written = letters.write_letter(store, settings, "C-0001", "alice")
    assert written.letter_type == letter_type and written.written_now
    assert Path(written.path) == (settings.outbox / f"C-0001-{letter_type}.eml").resolve()
    msg = parse(written.path)
    assert msg.get_content_type() == "multipart/alternative" and not msg.defects
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert str(msg["From"]) == "Research Security Office <research-security@example.edu>"
    assert [a.addr_spec for a in msg["To"].addresses] == ["lena.marsh@example.edu"]
    assert [a.addr_spec for a in msg["Cc"].addresses] == ["dept-admin@example.edu"]
    assert msg["Message-ID"] == written.message_id and written.message_id.endswith("@example.edu>")
    assert msg["Date"].datetime is not None and "C-0001" in msg["Subject"]
    assert all(not msg[h].defects for h in msg.keys())
    text, html = parts(msg)
    for body in (text, html):
        for fact in ("C-0001", "Dr. Mira Kovalenko-Santos", "Prof. Lena Marsh", "2026-04-01",
                     "2026-09-30", "Visit", "Consolidated Screening List (ITA)", "2026-03-02",
                     "DoD Section 1260H list", "2026-01-15", "10 years", "Research Security Officer"):
            assert fact in body, (letter_type, fact)
    _check_specifics(letter_type, text, html)


INTERNAL = ("Northwind Polytechnic Institute", "Different institute", "Disclosed on the form",
            "Visiting post ended in 2022", "cannot be mitigated", "severity", "Disposition",
            "comprehensively sanctioned jurisdiction", "Silver Crane", "Considered by the reviewer")


def _check_specifics(letter_type: str, text: str, html: str) -> None:
    # Written for the requester: decision, conditions, next steps; the findings, their
    # dispositions and the reviewer's rationale stay in the case.
    for internal in INTERNAL:
        assert internal not in text and internal not in html, (letter_type, internal)
    for body in (text, html):
        assert "Prof. Lena Marsh" in body and "lena.marsh@example.edu" in body  # to the requester
        assert "What to do next".casefold() in body.casefold()
        assert "version abababababab of 2026-03-02" in body.replace("<code>", "").replace("</code>", "")
        assert "screened on 2026-03-03" in body
    if letter_type == "cleared":
        assert "no matches" in text and "may go ahead" in text
    if letter_type == "approved":
        assert "valid until 2026-09-30" in text and "may go ahead" in text
    if letter_type == "approved_with_conditions":
        for n, condition in enumerate(CONDITIONS, start=1):
            assert f"{n}. {condition}" in text
            assert f"<li style=\"white-space: pre-line;\">{condition}</li>" in html
        assert "valid until 2026-09-30" in text and html.count("<li") >= len(CONDITIONS)
        assert "confirm that the host and the" in text
    if letter_type == "info_requested":
        assert "1. Funding source of the visit" in text
        assert "2. Contract of the 2021 visiting appointment" in text
        assert "Send the items above to research-security@example.edu" in text
    if letter_type == "licence_hold":
        assert "ON HOLD" in text and "export licence" in text
        assert f"1. {LICENCE}" in text and f"2. {TCP}" in text
    if letter_type == "denied":
        assert "not approved" in text and "reconsideration within 30 days" in text
        assert "appeal" in html and "withdraw any invitation" in text


def test_collaboration_scope_and_no_snapshots(store: Store, settings: Settings) -> None:
    add_case(store, kind="collaboration", details={**DETAILS, "start": None}, snapshots=False)
    text = letters.preview_letter(store, settings, "C-0001").text
    assert "Research collaboration" in text and "not stated to 2026-09-30" in text
    assert "[csl]: version abababababab of date not recorded" in text  # ids without a stored snapshot row


def test_a_blocker_dismissal_awaiting_confirmation_is_not_a_dismissal(store: Store, settings: Settings) -> None:
    blocker = listed_finding(severity="blocker")
    add_case(store, findings=(blocker,), outcome="denied", rationale="Listed; not mitigated.",
             dispositions={blocker.key: ("pending_false_positive", "Namesake, says one reviewer")})
    text = letters.preview_letter(store, settings, "C-0001").text
    assert "not approved" in text  # the decision, and nothing of the reviewers' judgements
    assert "Namesake" not in text and "false positive" not in text and "Listed; not mitigated" not in text


# ---------------------------------------------------------------- outbox, store, audit


def test_write_records_row_and_audit_once(store: Store, settings: Settings) -> None:
    decision_id = _case(store, "approved")
    written = letters.write_letter(store, settings, "C-0001", "alice")
    raw = Path(written.path).read_bytes()
    assert written.sha256 == hashlib.sha256(raw).hexdigest()
    [row] = _letters(store)
    assert (row.decision_id, row.outcome, row.status, row.sha256) == (decision_id, "approved", "written",
                                                                      written.sha256)
    assert row.recipients == ["lena.marsh@example.edu", "dept-admin@example.edu"]
    [event] = _audit(store, "letter_written")
    assert event.actor == "alice" and event.case_id == "C-0001"
    assert event.payload["sha256"] == written.sha256 and event.payload["message_id"] == written.message_id
    again = letters.write_letter(store, settings, "C-0001")
    assert not again.written_now and again.sha256 == written.sha256
    assert Path(written.path).read_bytes() == raw and len(_audit(store, "letter_written")) == 1
    assert [p.name for p in settings.outbox.iterdir()] == ["C-0001-approved.eml"]  # no temp files


def test_rewrite_replaces_an_unsent_letter_and_audits_both(store: Store, settings: Settings,
                                                           tmp_path: Path) -> None:
    _case(store, "approved")
    first = letters.write_letter(store, settings, "C-0001")
    office = tmp_path / "office"
    office.mkdir()
    (office / "approved.txt.j2").write_text("Revised wording for {{ letter.case_id }}.\n")
    custom = settings.model_copy(update={"letter_template_dir": office})
    second = letters.write_letter(store, custom, "C-0001", rewrite=True)
    assert second.written_now and second.sha256 != first.sha256 and second.path == first.path
    assert parts(parse(second.path))[0] == "Revised wording for C-0001.\n"
    events = _audit(store, "letter_written")
    assert [e.payload["replaces_sha256"] for e in events] == [None, first.sha256]
    with store.session() as s:
        s.execute(LetterRow.__table__.update().values(status="sent"))
    with pytest.raises(LetterError, match="never rewritten"):
        letters.write_letter(store, settings, "C-0001", rewrite=True)


def test_later_decision_of_the_same_type_gets_its_own_file(store: Store, settings: Settings) -> None:
    _case(store, "info_requested")
    first = letters.write_letter(store, settings, "C-0001")
    with store.session() as s:
        s.add(DecisionRow(case_id="C-0001", outcome="info_requested", rationale="Still missing",
                          info_requested=["Signed contract"], reviewer="alice"))
    second = letters.write_letter(store, settings, "C-0001")
    assert Path(first.path).exists() and Path(second.path).name == f"C-0001-info_requested-{second.decision_id}.eml"


def test_preview_writes_nothing(store: Store, settings: Settings) -> None:
    _case(store, "denied")
    preview = letters.preview_letter(store, settings, "C-0001")
    assert preview.subject == ("Research Security Office: Not approved "
                               "(case C-0001, Dr. Mira Kovalenko-Santos)")
    assert "reconsideration" in preview.text and "<html" in preview.html
    assert not settings.outbox.exists() and not _letters(store) and not _audit(store, "letter_written")


def test_no_decision_and_unknown_case(store: Store, settings: Settings) -> None:
    with store.session() as s:
        s.add(CaseRow(id="C-0002", subject_name="Dr. Ada Fictional"))
    with pytest.raises(LetterError, match="no decision yet"):
        letters.preview_letter(store, settings, "C-0002")
    with pytest.raises(NotFound):
        letters.write_letter(store, settings, "C-9999")


# ---------------------------------------------------------------- hostile input


HOSTILE_NAMES = {
    "script": "<script>alert(1)</script>",
    "crlf": "Eve\r\nBcc: victim@example.com",
    "long": "Wolfeschlegelsteinhausenbergerdorff " * 55 + "A" * 75,  # ~2,000 characters
    "rtl": "\u202eمحمد بن سلمان الفرضي\u202c",
    "chinese": "张伟 (Zhang Wei)",
    "cyrillic": "Иван Петрович Сидоров",
}


@pytest.mark.parametrize("key", HOSTILE_NAMES)
def test_hostile_names_are_rendered_safely(store: Store, settings: Settings, key: str) -> None:
    name = HOSTILE_NAMES[key]
    details = {**DETAILS, "host": name, "purpose": f"Visit of {name}"}
    add_case(store, name=name, details=details, findings=(listed_finding(),))
    written = letters.write_letter(store, settings, "C-0001")
    raw = Path(written.path).read_bytes()
    assert raw.isascii() and max(len(line) for line in raw.split(b"\r\n")) <= 78
    msg = parse(written.path)
    assert sorted(msg.keys()) == sorted(["From", "To", "Cc", "Subject", "Date", "Message-ID",
                                         "X-RSI-Case", "MIME-Version", "Content-Type"])
    assert [a.addr_spec for a in msg["To"].addresses] == ["lena.marsh@example.edu"]
    assert "victim@example.com" not in {a.addr_spec for h in ("To", "Cc", "From") for a in msg[h].addresses}
    clean = " ".join(name.replace("\u202e", "").replace("\u202c", "").split())
    assert str(msg["Subject"]).endswith(f", {clean})")  # folded, and unfolds to the exact name
    text, html = parts(msg)
    assert clean in text and "\u202e" not in text + html + str(msg["Subject"])
    if key == "script":
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)</script>" in text  # the text part is not HTML and is not escaped
    if key == "rtl":
        assert f"<bdi>{clean}</bdi>" in html


@pytest.mark.parametrize(("field", "value", "message"), [
    ("requester_email", "not-an-address", "not a valid email address"),
    ("requester_email", "lena@example.edu, evil@attacker.example", "not exactly one email address"),
    ("requester_email", "Eve\r\nBcc: victim@example.com <eve@example.edu>", "line break"),
    ("requester_email", "", "no requester_email"),
    ("cc", ["ok@example.edu", "broken@"], "not a valid email address"),
])
def test_invalid_recipients_are_refused_clearly(store: Store, settings: Settings, field: str,
                                                value: object, message: str) -> None:
    add_case(store, details={**DETAILS, field: value})
    with pytest.raises(LetterError, match=message):
        letters.write_letter(store, settings, "C-0001")
    assert not _letters(store) and not list(settings.outbox.glob("*.eml"))


def test_long_display_names_with_commas_stay_one_mailbox(store: Store, settings: Settings) -> None:
    # Python 3.11's own folding drops the quotes here and adds recipients (CPython gh-80222).
    cc = ['"Marsh, Lena, Department of Applied Photonics, Building 7, Room 3.14, Springfield" '
          "<lena.office@example.edu>", "\"Ōno, Haruka 小野\" <haruka@example.edu>"]
    custom = settings.model_copy(update={"reply_to": "\"Research Security, Help Desk\" <help@example.edu>"})
    add_case(store, details={**DETAILS, "cc": cc})
    msg = parse(letters.write_letter(store, custom, "C-0001").path)
    assert [(" ".join(a.display_name.split()), a.addr_spec) for a in msg["Cc"].addresses] == [
        ("Marsh, Lena, Department of Applied Photonics, Building 7, Room 3.14, Springfield",
         "lena.office@example.edu"), ("Ōno, Haruka 小野", "haruka@example.edu")]
    assert [a.addr_spec for a in msg["Reply-To"].addresses] == ["help@example.edu"]


# ---------------------------------------------------------------- office templates and sandbox


def test_office_folder_overrides_per_file(store: Store, settings: Settings, tmp_path: Path) -> None:
    office = tmp_path / "office"
    office.mkdir()
    (office / "approved.txt.j2").write_text(
        "{% extends 'base.txt.j2' %}{% block determination %}OFFICE WORDING: approved.\n{% endblock %}")
    _case(store, "approved")
    rendered = letters.preview_letter(store, settings.model_copy(update={"letter_template_dir": office}),
                                      "C-0001")
    assert "OFFICE WORDING: approved." in rendered.text and "RECORD RETENTION" in rendered.text
    assert "OFFICE WORDING" not in rendered.html  # the HTML part still comes from the shipped folder


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ letter.__class__.__init__.__globals__ }}",
    "{{ letter.signer.name.format.__globals__ }}",
    "{% set xs = [] %}{{ xs.append(1) }}",
])
def test_sandbox_blocks_python_internals(store: Store, settings: Settings, tmp_path: Path,
                                         template: str) -> None:
    office = tmp_path / "office"
    office.mkdir()
    (office / "approved.txt.j2").write_text(template)
    _case(store, "approved")
    with pytest.raises(LetterError, match="SecurityError"):
        letters.preview_letter(store, settings.model_copy(update={"letter_template_dir": office}), "C-0001")


def test_sandbox_error_names_security(store: Store, settings: Settings, tmp_path: Path) -> None:
    office = tmp_path / "office"
    office.mkdir()
    (office / "approved.html.j2").write_text("{{ ''.__class__.__mro__ }}")
    _case(store, "approved")
    with pytest.raises(LetterError, match="SecurityError"):
        letters.write_letter(store, settings.model_copy(update={"letter_template_dir": office}), "C-0001")
    assert not _letters(store)


# ---------------------------------------------------------------- CLI


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner whose settings point at a temporary data directory and outbox."""
    monkeypatch.setenv("RSI_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RSI_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("RSI_CONFIG", str(tmp_path / "none.toml"))
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()
    yield CliRunner()
    cli_common.settings.cache_clear()
    cli_common.store.cache_clear()


def test_cli_preview_write_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    _case(cli_common.store(), "approved_with_conditions")
    preview = runner.invoke(app, ["letter", "C-0001", "--preview"])
    assert preview.exit_code == 0, preview.output
    assert preview.stdout.startswith("Subject: Research Security Office: Approved with conditions")
    assert f"1. {TCP}" in preview.stdout and not (tmp_path / "outbox").exists()
    wrote = runner.invoke(app, ["letter", "C-0001", "--as", "alice", "--json"])
    assert wrote.exit_code == 0, wrote.output
    assert json.loads(wrote.stdout)["path"].endswith("C-0001-approved_with_conditions.eml")
    again = runner.invoke(app, ["letter", "C-0001"])
    assert again.exit_code == 0 and "already written (written)" in again.stdout
    missing = runner.invoke(app, ["letter", "C-0404"])
    assert missing.exit_code == 3
    unconfigured = runner.invoke(app, ["letter", "C-0001", "--send"])
    assert unconfigured.exit_code == 8 and "RSI_SMTP_HOST" in unconfigured.output
