"""Issue 15's web probes: sessions that outlive logout, telling login errors, export injection."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from web_factory import PASSWORD, csrf, login

from intake.settings import Settings
from workflow.cases import audit
from workflow.cases.store import Store
from workflow.cases.users import set_password
from workflow.web.security import SESSION_COOKIE


def _copy_of_cookie(client: TestClient) -> str:
    return client.cookies[SESSION_COOKIE]


def _with_cookie(client: TestClient, cookie: str) -> TestClient:
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)
    return client


def test_a_copied_cookie_is_dead_after_logout(client: TestClient) -> None:
    token = login(client, "rita")
    stolen = _copy_of_cookie(client)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = _with_cookie(client, stolen).get("/cases")
    assert replay.status_code == 303 and replay.headers["location"].startswith("/login")


def test_a_copied_cookie_is_dead_after_a_password_change(client: TestClient, store: Store) -> None:
    login(client, "rita")
    stolen = _copy_of_cookie(client)
    assert client.get("/cases").status_code == 200
    set_password(store, "rita", "a brand new long password")
    assert _with_cookie(client, stolen).get("/cases").status_code == 303


def test_the_cookie_holds_no_user_name(client: TestClient) -> None:
    """The signed cookie is readable base64: it must carry a token, not `{"user": "rita"}`."""
    import base64

    login(client, "rita")
    body = _copy_of_cookie(client).split(".")[0]
    decoded = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    assert b"rita" not in decoded and b"sid" in decoded


def _error(text: str) -> str:
    found = re.search(r'class="error"[^>]*>(.*?)<', text, re.S) or re.search(r"role=\"alert\"[^>]*>(.*?)<", text, re.S)
    return found.group(1).strip() if found else text


def test_one_message_for_unknown_user_wrong_password_and_lock_out(client: TestClient,
                                                                  settings: Settings) -> None:
    token = csrf(client)

    def attempt(name: str, password: str) -> str:
        response = client.post("/login", data={"name": name, "password": password,
                                               "csrf_token": token})
        assert response.status_code == 401
        return _error(response.text)

    unknown = attempt("nobody-here", "whatever-it-is")
    wrong = attempt("rita", "whatever-it-is")
    for _ in range(settings.max_failed_logins):
        attempt("sam", "wrong-one")
    locked = attempt("sam", PASSWORD)  # the right password on a locked account
    assert unknown == wrong == locked, (unknown, wrong, locked)


def test_web_csv_export_escapes_formula_cells(client: TestClient, store: Store) -> None:
    with store.session() as s:
        audit.append(s, actor='=HYPERLINK("http://evil.example","open")', action="login")
    login(client, "aud")
    response = client.get("/audit/export?fmt=csv")
    assert response.status_code == 200
    actors = [r["actor"] for r in csv.DictReader(io.StringIO(response.text))]
    assert not [a for a in actors if a[:1] in "=+-@"]
    assert "'=HYPERLINK(\"http://evil.example\",\"open\")" in actors


@pytest.mark.parametrize("case_id", ['x"; filename*=UTF-8\'\'evil.html', "a\r\nSet-Cookie: x=1",
                                     "../../etc/passwd", 'C-1";x="'])
def test_download_names_cannot_carry_header_parameters(client: TestClient, case_id: str) -> None:
    login(client, "aud")
    response = client.get("/audit/export", params={"fmt": "csv", "case_id": case_id})
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="rsi-audit-[A-Za-z0-9._-]+\.csv"', disposition), \
        disposition
