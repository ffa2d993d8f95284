"""Uploaders see what became of their files; refused names are refused at upload; the queue shows
intake failures and cases whose screening is not done (issue 16)."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from web_factory import PASSWORD, login

from intake.settings import Settings
from intake_helpers import context
from workflow.cases.store import Store, UploadRow
from workflow.cases.users import Role, add_user
from workflow.filing.watcher import InboxWatcher
from workflow.filing.ingest import ingest_entry


def _post(client: TestClient, token: str, files: list[tuple[str, tuple[str, bytes]]]) -> object:
    return client.post("/upload", data={"csrf_token": token},
                       files=[(field, (name, io.BytesIO(body))) for field, (name, body) in files])


def _run_intake_once(settings: Settings, store: Store) -> None:
    ctx = context(settings, store)
    watcher = InboxWatcher(settings.inbox, lambda p: ingest_entry(p, ctx), settle_seconds=0.0,
                           rescan_interval_s=60, skip=[settings.failed_dir, settings.processing_dir])
    watcher.run(oneshot=True)


def test_a_corrupt_upload_shows_its_reason_to_its_uploader(client: TestClient, settings: Settings,
                                                          store: Store) -> None:
    token = login(client, "sam")
    response = _post(client, token, [("files", ("broken.pdf", b"not a pdf at all")),
                                     ("files", ("cv.pdf", b"%PDF-fake\nFictional Person"))])
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/upload").text
    assert "Your recent uploads" in page and page.count("Waiting to be read") == 2

    _run_intake_once(settings, store)
    page = client.get("/upload").text
    assert "Not filed:" in page and "not a PDF" in page and "Filed in" in page
    queue = client.get("/cases").text
    assert "Files that could not be filed" in queue and "broken.pdf" in queue and "sam" in queue
    assert "Not screened yet" in queue  # filed, no screening watcher ran

    add_user(store, "sue", Role.STAFF, PASSWORD)  # another uploader does not see sam's files
    other = TestClient(client.app, follow_redirects=False)
    login(other, "sue")
    assert "broken.pdf" not in other.get("/upload").text
    with store.session() as s:
        assert sorted(r.file_name for r in s.query(UploadRow).filter_by(uploader="sam")) == [
            "broken.pdf", "cv.pdf"]


def test_names_the_inbox_ignores_are_refused_at_upload(client: TestClient, settings: Settings) -> None:
    token = login(client, "sam")
    for name in ["cv.part", "~$cv.docx", ".hidden.pdf", "cv.pdf.crdownload"]:
        response = _post(client, token, [("files", (name, b"%PDF-fake x")), ("files", ("ok.pdf", b"%PDF y"))])
        assert response.status_code in (400, 415), (name, response.status_code)  # type: ignore[attr-defined]
        assert "never reads temporary or hidden files" in response.text  # type: ignore[attr-defined]
    assert not settings.inbox.exists() or list(settings.inbox.iterdir()) == []  # nothing half-saved


def test_a_folders_hidden_members_are_skipped_and_said(client: TestClient, settings: Settings) -> None:
    token = login(client, "sam")
    response = _post(client, token, [("folder", ("Dr Fictional/cv.pdf", b"%PDF-1.4 a")),
                                     ("folder", ("Dr Fictional/.DS_Store", b"\0"))])
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert sorted(p.name for p in (settings.inbox / "Dr Fictional").iterdir()) == ["cv.pdf"]
    assert ".DS_Store" in client.get("/upload").text  # the flash names what was left out


def test_the_case_page_says_a_case_is_not_screened_yet(client: TestClient, settings: Settings,
                                                      store: Store) -> None:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    (settings.inbox / "cv.pdf").write_bytes(b"%PDF-fake\nFictional Person")
    [outcome] = ingest_entry(settings.inbox / "cv.pdf", context(settings, store))
    login(client, "rita")
    page = client.get(f"/cases/{outcome.case_id}").text  # type: ignore[union-attr]
    assert "Not screened yet" in page and "do not read that as clean" in page
