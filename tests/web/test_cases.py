"""The queue and the case page: what is shown, escaped, and what reviewers can do."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from web_factory import NUDT, XSS, flagged_case, login

from intake.records import Severity
from intake.settings import Settings
from workflow.cases.store import CaseRow, DocumentRow, Store


def _state(store: Store, case_id: str) -> str:
    with store.session() as s:
        return s.get(CaseRow, case_id).state


def test_queue_shows_state_and_severity_as_text_and_filters(client: TestClient, store: Store,
                                                            settings: Settings) -> None:
    flagged_case(store, settings, "C-A", name="Dr. Mira Fictional")
    flagged_case(store, settings, "C-B", name="Prof. Oskar Imaginary", severity=Severity.BLOCKER)
    login(client, "sam")
    page = client.get("/cases").text
    assert "Dr. Mira Fictional" in page and "Prof. Oskar Imaginary" in page
    assert ">High<" in page and ">Blocker<" in page and ">Flagged<" in page
    assert page.index("Oskar") < page.index("Mira")  # most severe first
    only = client.get("/cases", params={"severity": "blocker"}).text
    assert "Oskar" in only and "Mira" not in only
    assert "Oskar" not in client.get("/cases", params={"q": "mira"}).text
    fragment = client.get("/cases", params={"q": "mira"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "Mira" in fragment


def test_case_page_shows_evidence_next_to_list_entry(client: TestClient, store: Store,
                                                     settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    login(client, "aud")
    page = client.get(f"/cases/{case_id}").text
    for text in (f"Visiting researcher, {NUDT}", "Entity List (EL)", "EL-NUDT", "100.0",
                 "exact name after normalisation", "Affiliation with a listed organisation",
                 "Audit timeline", "Extracted profile"):
        assert text in page, text
    with store.session() as s:
        doc_id = s.query(DocumentRow).filter_by(case_id=case_id).one().id
    link = f"/cases/{case_id}/documents/{doc_id}/pages/1"
    assert link in page
    assert NUDT in client.get(link).text
    assert client.get(f"/cases/{case_id}/documents/{doc_id}/pages/9").status_code == 404
    assert client.get("/cases/NOPE").status_code == 404


def test_hostile_text_is_escaped(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings, name=XSS, quote=XSS)
    login(client, "rita")
    for path in ("/cases", f"/cases/{case_id}"):
        page = client.get(path).text
        assert "<img src=x" not in page, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, path


def test_reviewer_decides_with_conditions(client: TestClient, store: Store,
                                          settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "rita")
    assert "Start review" in client.get(f"/cases/{case_id}").text
    assert client.post(f"/cases/{case_id}/start-review", data={"csrf_token": token}).status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert 'id="decide-form"' in page and "Approve with conditions" in page
    version = page.split('name="version" value="')[1].split('"')[0]
    response = client.post(f"/cases/{case_id}/decide", data={
        "csrf_token": token, "outcome": "conditions", "rationale": "Past affiliation, disclosed.",
        "conditions": "No access to export-controlled labs\nQuarterly check-in", "version": version})
    assert response.status_code == 303, response.text
    assert _state(store, case_id) == "approved_with_conditions"
    page = client.get(f"/cases/{case_id}").text
    assert "Quarterly check-in" in page and "decide-form" not in page
    assert "Under review → Approved with conditions" in page  # the audit timeline


def test_stale_version_is_a_conflict(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "rita")
    client.post(f"/cases/{case_id}/start-review", data={"csrf_token": token})
    response = client.post(f"/cases/{case_id}/decide", data={
        "csrf_token": token, "outcome": "deny", "rationale": "x", "version": "1"})
    assert response.status_code == 409


def test_blocker_needs_second_reviewer(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings, severity=Severity.BLOCKER)
    token = login(client, "rita")
    client.post(f"/cases/{case_id}/start-review", data={"csrf_token": token})
    page = client.get(f"/cases/{case_id}").text
    assert "Second reviewer" in page and '<option value="rob">' in page
    refused = client.post(f"/cases/{case_id}/decide", data={
        "csrf_token": token, "outcome": "approve", "rationale": "Namesake."})
    assert refused.status_code == 422 and "blocker finding needs" in refused.text
    ok = client.post(f"/cases/{case_id}/decide", data={
        "csrf_token": token, "outcome": "approve", "rationale": "Namesake.",
        "second_reviewer": "rob", "override_rationale": "Different birth date on passport."},
        follow_redirects=True)
    # Picking a colleague approves nothing: the approval waits for rob's own session.
    assert "Approval proposed" in ok.text and "Approval awaiting a second reviewer" in ok.text
    assert _state(store, case_id) == "under_review" and "confirm-approval-button" not in ok.text
    own = client.post(f"/cases/{case_id}/confirm-approval", data={"csrf_token": token})
    assert own.status_code == 422 and "not by rita" in own.text
    assert _state(store, case_id) == "under_review"

    client.cookies.clear()
    token = login(client, "rob")
    assert "confirm-approval-button" in client.get(f"/cases/{case_id}").text
    done = client.post(f"/cases/{case_id}/confirm-approval", data={
        "csrf_token": token, "note": "Passport seen."}, follow_redirects=True)
    assert done.status_code == 200 and _state(store, case_id) == "approved"
    assert "by rita and rob" in done.text


def test_auditor_sees_no_actions_and_cannot_post(client: TestClient, store: Store,
                                                 settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "aud")
    page = client.get(f"/cases/{case_id}").text
    assert "Start review" not in page and "decide-form" not in page and "Dismiss" not in page
    for action in ("start-review", "decide", "findings/dismiss", "findings/confirm-dismissal", "close"):
        response = client.post(f"/cases/{case_id}/{action}", data={
            "csrf_token": token, "outcome": "approve", "rationale": "x", "finding_key": "k"})
        assert response.status_code == 403, action
    assert _state(store, case_id) == "flagged"


def test_reviewer_dismisses_a_finding(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    token = login(client, "rita")
    key = re.search(r'name="finding_key" value="([^"]+)"', client.get(f"/cases/{case_id}").text)
    assert key is not None
    refused = client.post(f"/cases/{case_id}/findings/dismiss", data={
        "csrf_token": token, "finding_key": html.unescape(key.group(1)), "rationale": " "})
    assert refused.status_code == 422
    response = client.post(f"/cases/{case_id}/findings/dismiss", data={
        "csrf_token": token, "finding_key": html.unescape(key.group(1)),
        "rationale": "Different institute with a similar name."})
    assert response.status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert "Dismissed as false positive" in page and "Different institute" in page


def test_blocker_dismissal_is_confirmed_by_a_second_reviewer(client: TestClient, store: Store,
                                                            settings: Settings) -> None:
    case_id = flagged_case(store, settings, severity=Severity.BLOCKER)
    token = login(client, "rita")
    page = client.get(f"/cases/{case_id}").text
    assert "a second reviewer must confirm" in page
    key = html.unescape(re.search(r'name="finding_key" value="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    proposed = client.post(f"/cases/{case_id}/findings/dismiss", data={
        "csrf_token": token, "finding_key": key, "rationale": "Namesake at another institute."},
        follow_redirects=True)
    assert "Dismissal proposed" in proposed.text and "Dismissal awaiting a second reviewer" in proposed.text
    assert "You proposed this dismissal" in proposed.text and "Confirm dismissal" not in proposed.text
    with store.session() as s:
        assert s.get(CaseRow, case_id).highest_severity == "blocker"  # still counts
    own = client.post(f"/cases/{case_id}/findings/confirm-dismissal",
                      data={"csrf_token": token, "finding_key": key})
    assert own.status_code == 422 and "second reviewer" in own.text

    client.cookies.clear()
    token = login(client, "rob")
    assert "Confirm dismissal" in client.get(f"/cases/{case_id}").text
    confirmed = client.post(f"/cases/{case_id}/findings/confirm-dismissal", data={
        "csrf_token": token, "finding_key": key, "note": "Checked the faculty page."},
        follow_redirects=True)
    assert "Dismissal by rita confirmed" in confirmed.text
    assert "Dismissed as false positive" in confirmed.text and "confirmed by rob" in confirmed.text
    with store.session() as s:
        assert s.get(CaseRow, case_id).highest_severity is None


def test_letter_preview_is_sandboxed(client: TestClient, store: Store, settings: Settings,
                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from workflow import service
    from workflow.cases import decisions

    case_id = flagged_case(store, settings)
    decisions.start_review(store, case_id, "rita")
    decisions.decide(store, case_id, "deny", "rita", "Current appointment at a listed entity.")
    monkeypatch.setattr(service, "preview_letter", lambda store, settings, cid: (
        f"Decision on case {cid}", "Dear Dr. Fictional,\n<b>plain</b>",
        '<p onclick="x()">Dear Dr. Fictional,</p><script>alert(1)</script>'), raising=False)
    login(client, "aud")
    for path in (f"/cases/{case_id}", f"/cases/{case_id}/letter"):
        page = client.get(path).text
        assert f"Decision on case {case_id}" in page
        assert 'sandbox=""' in page and "srcdoc=\"&lt;p onclick=&#34;x()&#34;&gt;" in page
        assert "<script>alert(1)" not in page and "&lt;b&gt;plain&lt;/b&gt;" in page
