"""Who is asking and may they: session user, role gates per route, CSRF on every unsafe request.

Sessions are server-side: Starlette's signed cookie (itsdangerous; HttpOnly, SameSite=Lax, Secure
when `settings.secure_cookies`) carries only a random session token and the CSRF token, and the
store keeps the token's hash, user and expiry (workflow.cases.users). Logging out revokes that
session; a password change or a disabled account revokes all of the user's sessions, so a copied
cookie stops working at once. The user's role and active flag are read on every request.
"""

from __future__ import annotations

import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path

from fastapi import Request

from intake.settings import Settings
from workflow.service import Store
from workflow.service import Role, User, get_user, open_session, session_user

SESSION_COOKIE = "rsi_session"
SESSION_MAX_AGE = 8 * 60 * 60  # one working day
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_PATHS = frozenset({"/login"})  # the only routes without a role gate


class LoginRequired(Exception):
    """No (valid) user on a route that needs one."""


class Forbidden(Exception):
    """The user's role may not use this route, or the CSRF token is missing or wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def secret_key(settings: Settings) -> str:
    """The configured key, else one generated once and kept in data_dir/secret_key (mode 0600)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / "secret_key"
    if not path.exists():
        _write_new_key(path)
    return path.read_text(encoding="ascii").strip()


def _write_new_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting together must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(48))


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def start_session(request: Request, user: User) -> None:
    """Log `user` in: a fresh server-side session (new CSRF token) so a planted cookie gains nothing."""
    request.session.clear()
    request.session["sid"] = open_session(request.app.state.store, user.name,
                                          timedelta(seconds=SESSION_MAX_AGE))
    csrf_token(request)


def session_token(request: Request) -> str | None:
    """The session token the cookie carries, if any."""
    token = request.session.get("sid")
    return str(token) if token else None


def end_session(request: Request) -> None:
    """Forget the user and the CSRF token (the caller revokes the server-side row)."""
    request.session.clear()


def current_user(request: Request) -> User | None:
    """The logged-in user (or the trusted proxy's user), re-read from the store; None if none."""
    if hasattr(request.state, "user"):
        return request.state.user  # type: ignore[no-any-return]
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    proxied = request.headers.get(settings.proxy_user_header) if settings.trust_proxy_user_header else None
    if proxied:
        # Campus SSO: the proxy authenticates; the user must still exist here with a role.
        user = get_user(store, proxied)
    else:
        token = session_token(request)
        user = session_user(store, token) if token else None  # revoked or expired: None
    request.state.user = user
    return user


async def check_csrf(request: Request) -> None:
    """App-wide dependency: every unsafe request carries this session's token (form or header)."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.url.path not in PUBLIC_PATHS and current_user(request) is None:
        raise LoginRequired()  # before reading the body: strangers get no upload parsed
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, str(expected)):
        raise Forbidden("missing or invalid CSRF token; reload the page and try again")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


class RoleGate:
    """A route dependency admitting only `roles`; tests read `.roles` to check every route."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    def __call__(self, request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise LoginRequired()
        if user.role not in self.roles:
            raise Forbidden(f"the {user.role} role may not do this")
        return user


# One gate per capability, so each route states what it needs in one word.
any_user = RoleGate(*Role)
uploader = RoleGate(Role.STAFF, Role.REVIEWER)
reviewer = RoleGate(Role.REVIEWER)
audit_reader = RoleGate(Role.REVIEWER, Role.AUDITOR, Role.ADMIN)
exporter = RoleGate(Role.AUDITOR, Role.ADMIN)
admin = RoleGate(Role.ADMIN)
