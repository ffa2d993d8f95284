"""Accounts and sessions: passwords, lock-out, cookies, CSRF, logout, proxy header."""

from __future__ import annotations

import stat
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_factory import PASSWORD, csrf, login

from intake.settings import Settings
from workflow.cases.store import AuditEventRow, Store, UserRow, utcnow
from workflow.cases.users import LoginOk, LoginRefused, Role, add_user, authenticate, set_password
from workflow.web.app import create_app
from workflow.web.security import SESSION_COOKIE


def _actions(store: Store) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(e.actor, e.action) for e in s.query(AuditEventRow).order_by(AuditEventRow.seq)]


def test_password_is_hashed_with_argon2(app: FastAPI, store: Store) -> None:
    with store.session() as s:
        row = s.query(UserRow).filter_by(name="rita").one()
    assert row.password_hash.startswith("$argon2") and PASSWORD not in row.password_hash


def test_login_sets_hardened_session_cookie_and_audits(client: TestClient, store: Store) -> None:
    response = client.post("/login", data={"name": "rita", "password": PASSWORD,
                                           "csrf_token": csrf(client)})
    assert response.status_code == 303 and response.headers["location"] == "/cases"
    cookie = response.headers["set-cookie"].lower()
    assert f"{SESSION_COOKIE}=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http in tests; see the next test
    assert ("rita", "login") in _actions(store)


def test_secure_cookie_when_configured(settings: Settings, store: Store) -> None:
    add_user(store, "tls", Role.STAFF, PASSWORD)
    client = TestClient(create_app(settings.model_copy(update={"secure_cookies": True}), store),
                        base_url="https://testserver", follow_redirects=False)
    response = client.post("/login", data={"name": "tls", "password": PASSWORD,
                                           "csrf_token": csrf(client)})
    assert "secure" in response.headers["set-cookie"].lower()


def test_wrong_password_refused_and_unknown_user_same_message(client: TestClient) -> None:
    token = csrf(client)
    wrong = client.post("/login", data={"name": "rita", "password": "nope", "csrf_token": token})
    unknown = client.post("/login", data={"name": "zed", "password": "nope", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "unknown user or wrong password" in wrong.text and "unknown user or wrong password" in unknown.text
    assert client.get("/cases").status_code == 303  # still anonymous


def test_lockout_after_max_failures_even_with_right_password(client: TestClient, store: Store,
                                                             settings: Settings) -> None:
    token = csrf(client)
    for _ in range(settings.max_failed_logins):
        client.post("/login", data={"name": "sam", "password": "wrong-one", "csrf_token": token})
    right = client.post("/login", data={"name": "sam", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 401 and "locked" in right.text
    assert ("sam", "login_locked") in _actions(store)
    set_password(store, "sam", "a new long password")  # an admin reset lifts the lock
    assert isinstance(authenticate(store, "sam", "a new long password", max_failures=5), LoginOk)


def test_lock_expires(store: Store) -> None:
    add_user(store, "lee", Role.STAFF, PASSWORD)
    for _ in range(3):
        authenticate(store, "lee", "bad", max_failures=3)
    assert isinstance(authenticate(store, "lee", PASSWORD, max_failures=3), LoginRefused)
    later = utcnow() + timedelta(hours=1)
    assert isinstance(authenticate(store, "lee", PASSWORD, max_failures=3, now=later), LoginOk)


def test_post_without_csrf_token_is_refused(client: TestClient) -> None:
    login(client, "rita")
    response = client.post("/logout")
    assert response.status_code == 403 and "CSRF" in response.text
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/cases").status_code == 200  # still logged in


def test_login_post_needs_csrf_too(client: TestClient) -> None:
    response = client.post("/login", data={"name": "rita", "password": PASSWORD})
    assert response.status_code == 403


def test_csrf_header_accepted_for_htmx(client: TestClient) -> None:
    token = login(client, "rita")
    response = client.post("/logout", headers={"X-CSRF-Token": token})
    assert response.status_code == 303
    assert client.get("/cases").status_code == 303


def test_logout_ends_session_and_audits(client: TestClient, store: Store) -> None:
    token = login(client, "aud")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/cases").headers["location"].startswith("/login")
    assert ("aud", "logout") in _actions(store)


def test_disabled_user_loses_session_at_once(client: TestClient, store: Store) -> None:
    from workflow.cases.users import disable

    login(client, "sam")
    disable(store, "sam")
    assert client.get("/cases").status_code == 303


def test_open_redirect_refused(client: TestClient) -> None:
    response = client.post("/login", data={"name": "rita", "password": PASSWORD,
                                           "next": "//evil.example/", "csrf_token": csrf(client)})
    assert response.headers["location"] == "/cases"


def test_proxy_header_only_when_trusted(settings: Settings, store: Store) -> None:
    add_user(store, "sso", Role.AUDITOR, PASSWORD)
    plain = TestClient(create_app(settings, store), follow_redirects=False)
    assert plain.get("/cases", headers={"X-Remote-User": "sso"}).status_code == 303
    trusting = TestClient(create_app(settings.model_copy(update={"trust_proxy_user_header": True}),
                                     store), follow_redirects=False)
    assert trusting.get("/cases", headers={"X-Remote-User": "sso"}).status_code == 200
    # The proxy's user must exist here with a role.
    assert trusting.get("/cases", headers={"X-Remote-User": "stranger"}).status_code == 303


def test_generated_secret_key_is_private_and_stable(settings: Settings, store: Store) -> None:
    create_app(settings, store)
    key_file = settings.data_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    before = key_file.read_text()
    create_app(settings, store)
    assert key_file.read_text() == before


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_admin_adds_and_disables_users(client: TestClient, store: Store) -> None:
    token = login(client, "adam")
    response = client.post("/users", data={"csrf_token": token, "name": "nina", "role": "staff",
                                           "password": "a long enough password"})
    assert response.status_code == 303
    assert "nina" in client.get("/users").text
    assert client.post("/users/nina/disable", data={"csrf_token": token}).status_code == 303
    assert ("adam", "user_disabled") in _actions(store)
    assert isinstance(authenticate(store, "nina", "a long enough password", max_failures=5),
                      LoginRefused)
