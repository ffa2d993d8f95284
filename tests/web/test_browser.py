"""The UI in Debian's Chromium (Playwright): upload, flag, decide, letter, timeline, roles, XSS, CSRF.

Screenshots of the main pages go to test-artifacts/web/. The server is uvicorn on 127.0.0.1 in a
thread, over a store in a temporary folder. The uploaded CV is a real PDF; it is filed by the real
watcher (one pass) and screened by `screen_case` (extraction + lists), as `rsi watch --screen` does,
so nothing about its findings is made up by the test.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from pdf_factory import text_pdf
from web_factory import NUDT, PASSWORD, XSS, add_users, flagged_case

from intake.records import Finding
from intake.settings import Settings
from workflow.filing.outcomes import Accepted
from workflow.cases.store import CaseRow, ScreeningRow, Store, open_store
from workflow.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "web"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Site:
    """A running server and what the tests need to reach it and its store."""

    def __init__(self, base: str, settings: Settings, store: Store) -> None:
        self.base, self.settings, self.store = base, settings, store


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """uvicorn serving the app on a free local port until the module's tests are done."""
    root = tmp_path_factory.mktemp("web")
    settings = Settings(inbox=root / "inbox", data_dir=root / "var", outbox=root / "outbox",
                        lists_dir=REPO / "lists", settle_seconds=0.0,
                        _env_file=None)  # type: ignore[call-arg]
    store = open_store(settings.effective_database_url)
    add_users(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # start-up, not a timing assertion
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", settings, store)
    server.should_exit = True
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, site: Site) -> Iterator[Any]:
    """A factory of pages in fresh contexts (one login each); every dialog is recorded."""
    contexts, dialogs = [], []

    def make(user: str) -> Any:
        context = browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto("/login")
        page.get_by_label("User name").fill(user)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r".*/cases$"))
        return page

    make.dialogs = dialogs  # type: ignore[attr-defined]
    yield make
    for context in contexts:
        context.close()
    assert not dialogs, f"a dialog fired: {dialogs}"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _intake_as_in_production(site: Site) -> str:
    """What `rsi watch --screen` does with the inbox: file the upload, then screen its new case.

    The same calls as the command line: the watcher (one pass) with `screen_case` as the
    after-filing step, so extraction and screening run for real on the uploaded PDF.
    """
    from workflow.filing.runner import watch_inbox
    from workflow.screening.service import screen_case

    outcomes: list[Any] = []

    def screen(case_id: str) -> None:
        screen_case(site.store, site.settings, case_id, actor="intake")

    watch_inbox(site.settings, site.store, oneshot=True, after_filed=screen,
                on_outcome=outcomes.append)
    [filed] = outcomes
    assert isinstance(filed, Accepted), filed
    return filed.case_id


def _listed_match(store: Store, case_id: str) -> tuple[str, str]:
    """(evidence quote, list name) of the stored finding that matched the listed institution."""
    with store.session() as s:
        screening = s.query(ScreeningRow).filter(ScreeningRow.case_id == case_id).one()
        findings = [Finding.model_validate(f) for f in screening.findings]
    for finding in findings:
        for match in finding.matches:
            if match.entry.name == NUDT and finding.evidence:
                return finding.evidence[0].quote, match.entry.source_list or match.entry.list_id
    raise AssertionError(f"no finding matched {NUDT}: {[f.title for f in findings]}")


def test_upload_flag_decide_letter_timeline(new_page: Any, site: Site, tmp_path: Path) -> None:
    cv = text_pdf(tmp_path / "mira-fictional-cv.pdf", [
        "Dr. Mira Fictional\nCurriculum vitae\nmira.fictional@example.edu\n\n"
        "Appointments\n"
        "2021-present Lecturer in Photonics, University of Nowhere, Ruritania\n"
        f"2019-2021 Visiting Professor, {NUDT}, Changsha, China\n\n"
        "Education\n"
        "2014-2018 PhD in Physics, Fictional State University\n"])
    staff = new_page("sam")
    staff.goto("/upload")
    _shot(staff, "upload")
    staff.get_by_label("Files").set_input_files(str(cv))
    staff.get_by_role("button", name="Upload").click()
    staff.get_by_role("status").filter(has_text="Queued for intake").wait_for()
    assert (site.settings.inbox / "mira-fictional-cv.pdf").exists()

    case_id = _intake_as_in_production(site)
    with site.store.session() as s:
        case = s.get(CaseRow, case_id)
        state, severity = case.state, case.highest_severity
    assert state == "flagged" and severity is not None
    quote, list_name = _listed_match(site.store, case_id)
    assert NUDT in quote  # the CV's own line, as extracted from the PDF

    reviewer = new_page("rita")
    reviewer.goto("/cases")
    row = reviewer.get_by_role("row").filter(has_text=case_id)
    assert "Flagged" in row.inner_text() and "Mira Fictional" in row.inner_text()
    assert severity.capitalize() in row.inner_text()
    _shot(reviewer, "queue")
    row.get_by_role("link", name=case_id).click()
    reviewer.locator("blockquote").filter(has_text=quote).first.wait_for()
    assert list_name in reviewer.locator("dl.entry").filter(has_text=NUDT).first.inner_text()
    _shot(reviewer, "case-flagged")

    reviewer.get_by_role("button", name="Start review").click()
    reviewer.get_by_label("Approve with conditions").check()
    reviewer.get_by_label("Rationale").fill("Past visiting post, disclosed; no current tie.")
    reviewer.get_by_label("Conditions, one per line").fill("No access to export-controlled labs")
    reviewer.get_by_role("button", name="Record decision").click()
    reviewer.get_by_role("status").filter(has_text="Decision recorded").wait_for()
    with site.store.session() as s:
        assert s.get(CaseRow, case_id).state == "approved_with_conditions"
    letter = reviewer.locator("#letter")
    # a CV alone names no requester: the decision stands, its letter waits for one (said plainly)
    assert "No letter has been written" in letter.inner_text() and case_id in letter.inner_text()
    assert "no requester email" in reviewer.locator("#request").inner_text()
    assert "No access to export-controlled labs" in (letter.locator("pre.lettertext").text_content() or "")
    timeline = reviewer.locator("#timeline").inner_text()
    assert "Document filed by intake@" in timeline and "Screened → Flagged" in timeline
    assert "Under review → Approved with conditions" in timeline and "rita" in timeline
    _shot(reviewer, "case-decided")
    reviewer.goto(f"/cases/{case_id}/letter")
    _shot(reviewer, "letter")


def test_auditor_cannot_decide(new_page: Any, site: Site) -> None:
    case_id = flagged_case(site.store, site.settings, "C-AUD")
    auditor = new_page("aud")
    auditor.goto(f"/cases/{case_id}")
    assert auditor.get_by_role("button", name="Record decision").count() == 0
    assert auditor.get_by_role("button", name="Start review").count() == 0
    token = auditor.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = auditor.request.post(f"/cases/{case_id}/start-review",
                                    form={"csrf_token": token or ""}, max_redirects=0)
    assert response.status == 403
    auditor.goto("/audit")
    assert "Chain intact" in auditor.locator("main").inner_text()
    _shot(auditor, "audit")
    auditor.goto("/lists")
    _shot(auditor, "lists")


def test_hostile_name_renders_as_text(new_page: Any, site: Site) -> None:
    case_id = flagged_case(site.store, site.settings, "C-XSS", name=XSS, quote=XSS)
    page = new_page("rita")
    page.goto("/cases")
    assert XSS in page.get_by_role("row").filter(has_text="C-XSS").inner_text()
    page.goto(f"/cases/{case_id}")
    assert XSS in page.locator("h1").inner_text()
    assert XSS in page.locator("blockquote").first.inner_text()
    assert page.locator("main img").count() == 0
    _shot(page, "case-hostile-name")
    # new_page asserts afterwards that no dialog fired.


def test_post_without_csrf_token_is_refused(new_page: Any, site: Site) -> None:
    case_id = flagged_case(site.store, site.settings, "C-CSRF")
    page = new_page("rita")
    page.goto(f"/cases/{case_id}")
    page.locator('form[action$="/start-review"] input[name="csrf_token"]').evaluate("e => e.remove()")
    page.get_by_role("button", name="Start review").click()
    assert "CSRF" in page.locator("main").inner_text()
    with site.store.session() as s:
        assert s.get(CaseRow, case_id).state == "flagged"
