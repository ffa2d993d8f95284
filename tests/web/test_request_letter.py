"""The request and the letter on the case page: edit, warn before deciding, draft, download, send."""

from __future__ import annotations

import email.policy
import socket
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_factory import flagged_case, login

from intake.settings import Settings
from workflow.cases.store import AuditEventRow, CaseRow, LetterRow, Store
from workflow.web.app import create_app

REQUEST = {"requester_name": "Dr. Ines Calloway", "requester_email": "ines.calloway@example.edu",
           "host": "Prof. Ada Wrenfield", "department": "Electrical Engineering",
           "start": "2027-03-01", "end": "2027-05-31", "purpose": "Visiting scholar", "kind": "visitor"}


def _decide(client: TestClient, token: str, case_id: str) -> Any:
    client.post(f"/cases/{case_id}/start-review", data={"csrf_token": token})
    page = client.get(f"/cases/{case_id}").text
    version = page.split('name="version" value="')[1].split('"')[0]
    return client.post(f"/cases/{case_id}/decide", data={
        "csrf_token": token, "outcome": "conditions", "rationale": "Past affiliation, disclosed (internal).",
        "conditions": "No access to export-controlled labs\nQuarterly check-in", "version": version})


def test_missing_requester_is_shown_before_deciding(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "rita")
    client.post(f"/cases/{case_id}/start-review", data={"csrf_token": token})
    page = client.get(f"/cases/{case_id}").text
    decide_at = page.index('id="decide-form"')
    assert 'id="decide-no-requester"' in page and page.index('id="decide-no-requester"') < decide_at
    assert "no requester email" in page


def test_staff_edits_the_request_and_bad_values_change_nothing(client: TestClient, store: Store,
                                                               settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "sam")
    bad = client.post(f"/cases/{case_id}/request", data={
        "csrf_token": token, **REQUEST, "requester_email": "a@example.edu, b@example.org"})
    assert bad.status_code == 422 and "not exactly one email address" in bad.text
    with store.session() as s:
        assert not (s.get(CaseRow, case_id).details or {}).get("requester_name")  # all or nothing
    ok = client.post(f"/cases/{case_id}/request", data={"csrf_token": token, **REQUEST})
    assert ok.status_code == 303
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        assert case.kind == "visitor" and case.details["requester_email"] == "ines.calloway@example.edu"
        edits = [e.payload["field"] for e in s.scalars(select(AuditEventRow)) if e.action == "request_updated"]
    assert sorted(edits) == sorted(REQUEST) and all(e for e in edits)
    page = client.get(f"/cases/{case_id}").text
    assert 'value="ines.calloway@example.edu"' in page and "no requester email" not in page


def test_auditor_cannot_edit_the_request(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "aud")
    assert client.post(f"/cases/{case_id}/request", data={"csrf_token": token, **REQUEST}).status_code == 403
    assert 'id="request-form"' not in client.get(f"/cases/{case_id}").text


def test_decision_drafts_the_letter_which_downloads_whole(client: TestClient, store: Store,
                                                          settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "rita")
    client.post(f"/cases/{case_id}/request", data={"csrf_token": token, **REQUEST})
    assert _decide(client, token, case_id).status_code == 303
    [eml] = list(settings.outbox.glob("*.eml"))  # drafted at once, nothing else clicked
    page = client.get(f"/cases/{case_id}").text  # the flash after the decision
    assert "Drafted the approved_with_conditions letter to ines.calloway@example.edu" in page
    assert "(not sent)" in page and "Send letter" in page
    download = client.get(f"/cases/{case_id}/letter.eml")
    assert download.status_code == 200 and download.content == eml.read_bytes()
    assert download.headers["content-type"].startswith("message/rfc822")
    msg = BytesParser(policy=email.policy.default).parsebytes(download.content)
    assert [a.addr_spec for a in msg["To"].addresses] == ["ines.calloway@example.edu"]
    html_part = client.get(f"/cases/{case_id}/letter/html")
    assert "sandbox" in html_part.headers["content-security-policy"]
    assert "Quarterly check-in" in html_part.text and "Past affiliation" not in html_part.text
    # Send is offered only to reviewers; staff may not send.
    staff = TestClient(client.app, follow_redirects=False)
    staff_token = login(staff, "sam")
    assert staff.post(f"/cases/{case_id}/letter/send", data={"csrf_token": staff_token}).status_code == 403


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _DropAfterData:
    def __init__(self) -> None:
        self.accepted: list[Any] = []
        self.drop = True

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.append(envelope)
        if self.drop:
            server.transport.close()
        return "250 OK"


def test_web_send_after_data_drop_is_uncertain_then_force(settings: Settings, store: Store) -> None:
    from web_factory import add_users

    handler = _DropAfterData()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False})
        add_users(store)
        client = TestClient(create_app(smtp, store), follow_redirects=False)
        case_id = flagged_case(store, smtp)
        token = login(client, "rita")
        client.post(f"/cases/{case_id}/request", data={"csrf_token": token, **REQUEST})
        _decide(client, token, case_id)
        first = client.post(f"/cases/{case_id}/letter/send", data={"csrf_token": token})
        assert first.status_code == 409 and "may have arrived" in first.text
        again = client.post(f"/cases/{case_id}/letter/send", data={"csrf_token": token})
        assert again.status_code == 409 and len(handler.accepted) == 1  # not sent blindly again
        assert "I checked: it did not arrive" in client.get(f"/cases/{case_id}").text
        handler.drop = False
        forced = client.post(f"/cases/{case_id}/letter/send", data={"csrf_token": token, "force": "yes"})
        assert forced.status_code == 303 and len(handler.accepted) == 2
        with store.session() as s:
            assert s.scalars(select(LetterRow)).one().status == "sent"
    finally:
        controller.stop()
