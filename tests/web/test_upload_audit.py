"""Uploads land safely in the inbox; the audit page verifies the chain and exports; lists page."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from web_factory import flagged_case, login

from intake.settings import Settings
from workflow.cases.store import AuditEventRow, ListSnapshotRow, Store, utcnow


def _post(client: TestClient, token: str, files: list[tuple[str, tuple[str, bytes]]],
          **data: str) -> int:
    response = client.post("/upload", data={"csrf_token": token, **data},
                           files=[(field, (name, io.BytesIO(body))) for field, (name, body) in files])
    return response.status_code


def test_upload_writes_files_safely(client: TestClient, settings: Settings, store: Store) -> None:
    token = login(client, "sam")
    status = _post(client, token, [("files", ("cv.txt", b"one")), ("files", ("cv.txt", b"two")),
                                   ("files", ("../../etc/passwd", b"three")),
                                   ], separate="true")
    assert status == 303
    names = sorted(p.name for p in settings.inbox.iterdir())
    assert names == ["cv-1.txt", "cv.txt", "passwd"]  # never overwritten, never outside
    assert (settings.inbox / "cv.txt").read_bytes() == b"one"
    assert not (settings.inbox.parent / "etc").exists()
    with store.session() as s:
        assert s.query(AuditEventRow).filter_by(actor="sam", action="upload").count() == 1


def test_folder_upload_becomes_one_folder(client: TestClient, settings: Settings) -> None:
    token = login(client, "sam")
    status = _post(client, token, [("folder", ("Dr Fictional/cv.pdf", b"%PDF-1.4 a")),
                                   ("folder", ("Dr Fictional/forms/form.pdf", b"%PDF-1.4 b"))])
    assert status == 303
    folder = settings.inbox / "Dr Fictional"
    assert sorted(p.name for p in folder.iterdir()) == ["cv.pdf", "forms_form.pdf"]
    assert [p.name for p in settings.inbox.iterdir()] == ["Dr Fictional"]  # no scratch left


def test_upload_size_limit(client: TestClient, settings: Settings, store: Store) -> None:
    from workflow.web.app import create_app

    small = settings.model_copy(update={"max_file_bytes": 10})
    client = TestClient(create_app(small, store), follow_redirects=False)
    token = login(client, "sam")
    assert _post(client, token, [("files", ("big.txt", b"x" * 11))]) == 413
    assert not settings.inbox.exists() or not any(settings.inbox.iterdir())


def test_upload_refused_for_auditor(client: TestClient, settings: Settings) -> None:
    token = login(client, "aud")
    assert _post(client, token, [("files", ("cv.txt", b"one"))]) == 403
    assert not settings.inbox.exists() or not any(settings.inbox.iterdir())


def test_audit_page_verifies_chain_and_exports(client: TestClient, store: Store,
                                               settings: Settings) -> None:
    case_id = flagged_case(store, settings)
    login(client, "aud")
    page = client.get("/audit").text
    assert "Chain intact" in page and case_id in page
    csv_export = client.get("/audit/export", params={"fmt": "csv"})
    assert csv_export.status_code == 200 and csv_export.text.startswith("seq,at,case_id")
    assert "attachment" in csv_export.headers["content-disposition"]
    records = json.loads(client.get("/audit/export", params={"fmt": "json", "case_id": case_id}).text)
    assert records and all(r["case_id"] == case_id for r in records)
    with store.session() as s:  # tamper with one record: the page names it
        s.query(AuditEventRow).filter_by(seq=2).update({"actor": "mallory"})
    assert "Chain broken" in client.get("/audit").text


def test_reviewer_reads_audit_but_cannot_export(client: TestClient) -> None:
    login(client, "rita")
    assert "Export CSV" not in client.get("/audit").text
    assert client.get("/audit/export").status_code == 403


def test_lists_page_warns_on_old_snapshots(client: TestClient, store: Store) -> None:
    with store.session() as s:
        s.add(ListSnapshotRow(list_id="csl", source="trade.gov", sha256="a" * 64, entry_count=12,
                              format="csv", path="x", retrieved_at=utcnow() - timedelta(days=90)))
        s.add(ListSnapshotRow(list_id="dod_1260h", source="DoD", sha256="b" * 64, entry_count=3,
                              format="yaml", path="y", retrieved_at=utcnow()))
    login(client, "sam")
    page = client.get("/lists").text
    assert "csl" in page and "90 d" in page and "Stale" in page and "Current" in page


def test_admin_imports_a_list_file_and_others_cannot(client: TestClient, store: Store) -> None:
    content = (Path(__file__).resolve().parents[2] / "lists" / "talent_programs.yaml").read_bytes()
    token = login(client, "adam")
    response = client.post("/lists/import", data={"csrf_token": token, "list_id": "talent_programs"},
                           files={"file": ("talent_programs.yaml", content)})
    assert response.status_code == 303, response.text
    page = client.get("/lists").text
    assert "talent_programs" in page and "Current" in page and "Import list" in page
    with store.session() as s:
        assert s.query(AuditEventRow).filter_by(actor="adam", action="lists_updated").count() == 1
    bad = client.post("/lists/import", data={"csrf_token": token, "list_id": "talent_programs"},
                      files={"file": ("broken.yaml", b"- {nope: 1}\n")})
    assert bad.status_code == 422
    reviewer = TestClient(client.app, follow_redirects=False)
    token = login(reviewer, "rita")
    assert "Import list" not in reviewer.get("/lists").text
    assert reviewer.post("/lists/update", data={"csrf_token": token}).status_code == 403


def test_documents_uploaded_for_a_waiting_case_are_filed_into_it(client: TestClient, settings: Settings,
                                                                  store: Store) -> None:
    from workflow.cases import decisions
    from workflow.filing.runner import watch_inbox
    from workflow.cases.store import CaseRow

    case_id = flagged_case(store, settings, "RSI-20260101-0000ABCD")
    decisions.start_review(store, case_id, "rita")
    decisions.decide(store, case_id, "request-info", "rita", "Need the agreement.",
                     items=["Signed visiting agreement"])
    token = login(client, "sam")
    assert f'href="/upload?case={case_id}"' in client.get(f"/cases/{case_id}").text
    assert f"Upload documents for case {case_id}" in client.get(f"/upload?case={case_id}").text
    status = _post(client, token, [("files", ("agreement.txt", b"Visiting agreement, signed."))],
                   case_id=case_id)
    assert status == 303
    assert [p.name for p in settings.inbox.iterdir()] == [f"{case_id} agreement.txt"]

    watch_inbox(settings, store, oneshot=True)  # what the running service does next
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        assert case.state == "under_review" and len(case.documents) == 2
        upload = s.query(AuditEventRow).filter_by(action="upload").one()
        assert (upload.actor, upload.case_id) == ("sam", case_id)
        assert s.query(AuditEventRow).filter_by(action="documents_received").one().case_id == case_id


def test_uploads_for_unknown_or_unroutable_cases_are_refused(client: TestClient, settings: Settings,
                                                             store: Store) -> None:
    flagged_case(store, settings, "C-WEB1")  # not an id intake makes, so a name cannot route to it
    token = login(client, "sam")
    assert _post(client, token, [("files", ("a.txt", b"x"))], case_id="RSI-20260101-0BADCA5E") == 404
    assert _post(client, token, [("files", ("a.txt", b"x"))], case_id="C-WEB1") == 422
    assert client.get("/upload?case=RSI-20260101-0BADCA5E").status_code == 404
    assert not settings.inbox.exists() or not any(settings.inbox.iterdir())


def test_blank_screening_forms_are_downloaded_from_the_upload_page(client: TestClient) -> None:
    from pypdf import PdfReader

    from intake.forms.spec import FORMS

    login(client, "sam")
    page = client.get("/upload").text
    assert 'href="/forms/collaboration.pdf"' in page and 'href="/forms/visitor.pdf"' in page
    response = client.get("/forms/visitor.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="international-visitor-screening-form.pdf"' in response.headers["content-disposition"]
    fields = PdfReader(io.BytesIO(response.content)).get_fields() or {}
    assert set(FORMS["visitor"].widget_names) <= set(fields)  # the fillable form, not a picture of it
    assert client.get("/forms/passport.pdf").status_code == 404


def test_a_new_list_version_from_the_web_screens_cases_again(client: TestClient) -> None:
    content = (Path(__file__).resolve().parents[2] / "lists" / "talent_programs.yaml").read_bytes()
    token = login(client, "adam")

    def import_it() -> str:
        response = client.post("/lists/import", data={"csrf_token": token, "list_id": "talent_programs"},
                               files={"file": ("talent_programs.yaml", content)}, follow_redirects=True)
        return response.text

    assert "being screened again" in import_it()
    assert "being screened again" not in import_it()  # the same content again: nothing changed


def test_a_shrinking_list_version_needs_allow_shrink_and_is_audited(client: TestClient, store: Store) -> None:
    full = (Path(__file__).resolve().parents[2] / "lists" / "talent_programs.yaml").read_text(encoding="utf-8")
    head, _, rows = full.partition("entries:\n")
    cut = (head + "entries:\n" + "".join(rows.splitlines(keepends=True)[:3])).encode("utf-8")
    token = login(client, "adam")
    assert 'name="allow_shrink"' in client.get("/lists").text

    def import_it(content: bytes, **extra: str) -> int:
        return client.post("/lists/import", data={"csrf_token": token, "list_id": "talent_programs", **extra},
                           files={"file": ("talent_programs.yaml", content)}).status_code

    assert import_it(full.encode("utf-8")) == 303
    refused = client.post("/lists/import", data={"csrf_token": token, "list_id": "talent_programs"},
                          files={"file": ("talent_programs.yaml", cut)})
    assert refused.status_code == 409 and "Allow shrink" in refused.text, refused.text
    with store.session() as s:
        active = s.query(ListSnapshotRow).filter_by(list_id="talent_programs", active=True).one()
        assert active.entry_count > 3  # the full version stays in force
        assert s.query(AuditEventRow).filter_by(actor="adam", action="lists_shrink_refused").count() == 1
    assert import_it(cut, allow_shrink="true") == 303
    with store.session() as s:
        active = s.query(ListSnapshotRow).filter_by(list_id="talent_programs", active=True).one()
        assert active.entry_count == 3
        payloads = [r.payload for r in s.query(AuditEventRow).filter_by(action="lists_updated").order_by(AuditEventRow.seq)]
        assert [p["allow_shrink"] for p in payloads] == [False, True]
