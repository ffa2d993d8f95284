"""Issue 16 on the web: one upload is one case, the summary comes first, findings are grouped by
organisation with their keys, reviewers merge and withdraw cases, the Lists page shows the
starter lists. People are fictional."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_factory import flagged_case, login

from intake.settings import Settings
from workflow.cases.store import AuditEventRow, CaseRow, DecisionRow, Store


def _upload(client: TestClient, token: str, names: list[str], **data: str) -> int:
    files = [("files", (name, io.BytesIO(f"%PDF-1.4 {name}".encode()))) for name in names]
    return client.post("/upload", data={"csrf_token": token, **data}, files=files).status_code


def test_files_chosen_together_are_one_case(client: TestClient, settings: Settings) -> None:
    token = login(client, "sam")
    assert _upload(client, token, ["cv.pdf", "screening-form.pdf", "cv.pdf"]) == 303
    [folder] = list(settings.inbox.iterdir())  # one folder: intake files it as one case
    assert folder.is_dir() and folder.name.startswith("cv-upload-")
    assert sorted(p.name for p in folder.iterdir()) == ["cv-1.pdf", "cv.pdf", "screening-form.pdf"]
    assert "each file is a different person" in client.get("/upload").text.lower()


def test_one_file_stays_one_file(client: TestClient, settings: Settings) -> None:
    token = login(client, "sam")
    assert _upload(client, token, ["cv.pdf"]) == 303
    assert [p.name for p in settings.inbox.iterdir()] == ["cv.pdf"]


def test_case_page_summary_first_then_findings_by_organisation(client: TestClient, store: Store,
                                                               settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    login(client, "rita")
    page = client.get(f"/cases/{case_id}").text
    assert page.index('id="summary"') < page.index('id="findings"')
    assert "Is the person, or the current employer, on a restricted-party list?" in page
    assert 'class="orggroup' in page and "on EL" in page
    assert "key " in page and "Merge this case" in page and "Withdraw this case" in page


def test_reviewer_merges_a_case_into_another(client: TestClient, store: Store, settings: Settings) -> None:
    first, second = flagged_case(store, settings, "C-WEB1"), flagged_case(store, settings, "C-WEB2")
    token = login(client, "rita")
    refused = client.post(f"/cases/{second}/merge", data={"csrf_token": token, "into": first, "rationale": " "})
    assert refused.status_code == 422
    done = client.post(f"/cases/{second}/merge",
                       data={"csrf_token": token, "into": first, "rationale": "Same person, two uploads"})
    assert done.status_code == 303 and done.headers["location"] == f"/cases/{first}"
    with store.session() as s:
        assert s.get(CaseRow, second).state == "merged"
        assert len(s.get(CaseRow, first).documents) == 2
    page = client.get(f"/cases/{second}").text
    assert f"Merged into <a href=\"/cases/{first}\">" in page and "Merge this case" not in page


def test_reviewer_withdraws_and_staff_cannot(client: TestClient, store: Store, settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    staff = TestClient(client.app, follow_redirects=False)
    staff_token = login(staff, "sam")
    assert staff.post(f"/cases/{case_id}/withdraw",
                      data={"csrf_token": staff_token, "rationale": "x"}).status_code == 403
    token = login(client, "rita")
    done = client.post(f"/cases/{case_id}/withdraw", data={"csrf_token": token, "rationale": "Cancelled"})
    assert done.status_code == 303
    with store.session() as s:
        assert s.get(CaseRow, case_id).state == "withdrawn"
        assert s.scalar(select(DecisionRow.id).where(DecisionRow.case_id == case_id)) is None
        assert s.scalar(select(AuditEventRow.actor).where(AuditEventRow.action == "withdraw")) == "rita"


def test_lists_page_shows_the_starter_lists(client: TestClient) -> None:
    login(client, "sam")
    page = client.get("/lists").text
    assert "Starter lists" in page and "talent_programs" in page and "No list snapshots loaded" not in page


def test_a_cv_and_a_form_uploaded_together_end_in_one_case(client: TestClient, settings: Settings,
                                                           store: Store, tmp_path) -> None:
    from clean_visitors import DEV, cv_text, form_answers

    from intake.forms.generate import filled_form
    from workflow.filing.outcomes import Accepted
    from workflow.filing.runner import watch_inbox

    visitor = DEV[0]
    form = filled_form("visitor", form_answers(visitor), tmp_path / "visitor-form.pdf").read_bytes()
    token = login(client, "sam")
    response = client.post("/upload", data={"csrf_token": token}, files=[
        ("files", ("cv.txt", io.BytesIO(cv_text(visitor).encode()))),
        ("files", ("visitor-form.pdf", io.BytesIO(form)))])
    assert response.status_code == 303
    outcomes: list = []
    watch_inbox(settings, store, oneshot=True, on_outcome=outcomes.append)
    assert len(outcomes) == 2 and all(isinstance(o, Accepted) for o in outcomes)
    assert len({o.case_id for o in outcomes}) == 1
