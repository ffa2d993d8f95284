"""The request as data: read from the form filed, set on the case at filing, edited and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from intake.documents import ReadLimits, read_document
from intake.extract.forms import read_form
from intake.forms.generate import filled_form, sample_values, scanned_form
from intake.settings import Settings
from workflow.cases.requests import InvalidRequestValue, missing_for_letter, set_request_field, validate
from workflow.cases.store import AuditEventRow, CaseRow, Store
from workflow.filing.ingest import process_path
from workflow.filing.outcomes import Accepted, make_context

VISIT = {
    "full_name": "Oskar Brennholt", "requester_name": "Dr. Ines Calloway",
    "requester_email": "ines.calloway@example.edu", "requester_department": "Physics",
    "host_name": "Prof. Ada Wrenfield", "host_email": "ada.wrenfield@example.edu",
    "host_department": "Electrical Engineering", "start_date": "2027-03-01", "end_date": "2027-05-31",
    "purpose": "Visiting scholar", "labs": "Cleanroom B2", "related_award": "NSF award 2201234",
}


def _read(path: Path):
    return read_document(path, ReadLimits())


@pytest.mark.parametrize("kind", ["visitor", "collaboration"])
def test_the_filled_form_states_who_asked_and_for_what(tmp_path: Path, kind: str) -> None:
    values = {**sample_values(kind, seed=7, blank_share=0.0), **VISIT}
    reading = read_form(_read(filled_form(kind, values, tmp_path / "form.pdf")))
    request = reading.request
    assert request is not None and request.kind == kind
    assert (request.requester_name, request.requester_email, request.requester_department) == (
        "Dr. Ines Calloway", "ines.calloway@example.edu", "Physics")
    assert (request.host, request.host_email, request.department) == (
        "Prof. Ada Wrenfield", "ada.wrenfield@example.edu", "Electrical Engineering")
    assert (request.start, request.end, request.purpose, request.labs, request.related_award) == (
        "2027-03-01", "2027-05-31", "Visiting scholar", "Cleanroom B2", "NSF award 2201234")
    assert any("ines.calloway@example.edu" in e.quote for e in request.evidence)


def test_a_scanned_form_gives_the_requester_through_ocr(tmp_path: Path) -> None:
    values = {**sample_values("visitor", seed=3, blank_share=0.0), **VISIT}
    reading = read_form(_read(scanned_form("visitor", values, tmp_path / "scan.pdf")))
    assert reading.request is not None and reading.request.kind == "visitor"
    assert reading.request.requester_email == "ines.calloway@example.edu"
    assert reading.request.host == "Prof. Ada Wrenfield"


def _file(settings: Settings, store: Store, folder: Path) -> str:
    outcomes = process_path(folder, make_context(settings, store))
    assert all(isinstance(o, Accepted) for o in outcomes), outcomes
    return outcomes[0].case_id


def test_filing_a_visitor_form_makes_a_visitor_case_with_its_details(settings: Settings, store: Store,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "Brennholt visit"
    folder.mkdir()
    filled_form("visitor", {**sample_values("visitor", seed=1), **VISIT}, folder / "form.pdf")
    case_id = _file(settings, store, folder)
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        actions = [e.action for e in s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq))]
        assert case.kind == "visitor" and missing_for_letter(case) == []
        assert {k: case.details[k] for k in ("requester_email", "host", "department", "start", "end")} == {
            "requester_email": "ines.calloway@example.edu", "host": "Prof. Ada Wrenfield",
            "department": "Electrical Engineering", "start": "2027-03-01", "end": "2027-05-31"}
    assert "request_read" in actions


def test_two_addresses_on_the_form_are_not_stored_but_warned(settings: Settings, store: Store,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    values = {**sample_values("collaboration", seed=2), **VISIT,
              "requester_email": "ines.calloway@example.edu, mallory@example.org"}
    filled_form("collaboration", values, folder / "form.pdf")
    case_id = _file(settings, store, folder)
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        assert case.kind == "collaboration" and not case.details.get("requester_email")
        assert any("not exactly one email address" in w for w in case.details["request_warnings"])
        assert "no requester email" in missing_for_letter(case)[0]


@pytest.mark.parametrize(("key", "value", "message"), [
    ("requester_email", "a@example.edu, b@example.edu", "not exactly one"),
    ("requester_email", "a@example.edu\r\nBcc: b@example.edu", "line break"),
    ("host", "Prof. X\nBcc: y", "line break"),
    ("requester_email", "not-an-address", "not a valid"),
    ("start", "next spring", "not a date"),
    ("kind", "tourist", "not one of"),
    ("colour", "blue", "not a request field"),
])
def test_invalid_values_are_refused(key: str, value: str, message: str) -> None:
    with pytest.raises(InvalidRequestValue, match=message):
        validate(key, value)


def test_set_is_audited_with_old_and_new_value(settings: Settings, store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        s.add(CaseRow(id="C-0009", subject_name="Oskar Brennholt", details={}))
    set_request_field(store, "C-0009", "requester_email", "ines.calloway@example.edu", "alice")
    after = set_request_field(store, "C-0009", "kind", "visitor", "bob")
    assert after["requester_email"] == "ines.calloway@example.edu" and after["kind"] == "visitor"
    with store.session() as s:
        events = [e for e in s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq))
                  if e.action == "request_updated"]
    assert [(e.actor, e.payload["field"], e.payload["old"], e.payload["new"]) for e in events] == [
        ("alice", "requester_email", "", "ines.calloway@example.edu"), ("bob", "kind", "collaboration", "visitor")]
