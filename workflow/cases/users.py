"""Local user accounts: argon2 password hashes, roles, lock-out after repeated failed logins.

Logins, failures and lock-outs are written to the audit chain in the same transaction as the
counter change, so the trail and the account state cannot disagree.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import NotFound, RsiError
from workflow.cases import audit
from workflow.cases.roles import Role  # re-exported: defined apart so the CLI loads it without the store
from workflow.cases.store import Store, UserRow, WebSessionRow, utcnow

LOCKOUT = timedelta(minutes=15)
# The one answer to a refused login: unknown name, wrong password and lock-out read the same, so
# the login form does not tell a stranger which names exist or that one is locked. The reason
# (failed, locked) goes into the audit trail for the admins.
LOGIN_REFUSED = "unknown user or wrong password, or the account is locked; try again later"
_HASHER = PasswordHasher()
# Verified against for unknown names so a miss costs about as much as a wrong password.
_DUMMY_HASH = _HASHER.hash("rsi-no-such-user")




@dataclass(frozen=True)
class User:
    """A user as the edges see it (no hash, no counters)."""

    name: str
    role: Role
    email: str | None = None
    active: bool = True
    locked_until: datetime | None = None


@dataclass(frozen=True)
class LoginOk:
    """The name and password matched an active, unlocked account."""

    user: User


@dataclass(frozen=True)
class LoginRefused:
    """The login was refused; `locked_until` is set when the account is (now) locked."""

    reason: str
    locked_until: datetime | None = None


LoginResult = LoginOk | LoginRefused


def _user(row: UserRow) -> User:
    return User(row.name, Role(row.role), row.email, row.active, row.locked_until)


def _check_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > 200 or any(ch.isspace() or not ch.isprintable() for ch in clean):
        raise RsiError("a user name is 1-200 printable characters without spaces")
    return clean


def _check_password(password: str) -> None:
    # Length is what matters for passphrases; composition rules only annoy (NIST SP 800-63B).
    if len(password) < 10:
        raise RsiError("a password needs at least 10 characters")


def _row(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound(f"no user named {name!r}")
    return row


def add_user(
    store: Store, name: str, role: Role | str, password: str, *, email: str | None = None,
    actor: str = "cli", os_user: str | None = None,
) -> User:
    """Create an active user with an argon2 hash of `password`; names are unique."""
    name, role = _check_name(name), Role(role)
    _check_password(password)
    with store.session() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise RsiError(f"a user named {name!r} already exists")
        row = UserRow(name=name, role=role.value, password_hash=_HASHER.hash(password), email=email,
                      os_user=os_user or None)
        session.add(row)
        audit.append(session, actor=actor, action="user_added",
                     payload={"user": name, "role": role, "os_user": os_user or None})
        return _user(row)


def require_role(session: Session, name: str | None, roles: tuple[Role, ...], *,
                 what: str = "act") -> str:
    """The stored name of the active account `name` holding one of `roles`, else RsiError.

    Two-person actions call this for both people, so neither a made-up name ("ghost"), a
    disabled account nor a staff account counts as a reviewer.
    """
    from intake.errors import TransitionNotAllowed

    clean = (name or "").strip()
    if not clean:
        raise TransitionNotAllowed(f"a named account must {what} (--as USER, or log in)")
    row = session.scalar(select(UserRow).where(UserRow.name == clean))
    if row is None or not row.active:
        raise TransitionNotAllowed(f"no active rsi account named {clean!r} may {what}")
    if Role(row.role) not in roles:
        wanted = " or ".join(r.value for r in roles)
        raise TransitionNotAllowed(f"{clean} is {row.role}; only a {wanted} may {what}")
    return row.name


def account_for_os_user(store: Store, os_user: str) -> User | None:
    """The active account linked to OS login `os_user` (`os_user` column), else one named so."""
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.os_user == os_user))
        if row is None:
            row = session.scalar(select(UserRow).where(UserRow.name == os_user,
                                                       UserRow.os_user.is_(None)))
        return _user(row) if row is not None and row.active else None


def os_user_of(store: Store, name: str) -> str | None:
    """The OS login an account is linked to, if any."""
    with store.session() as session:
        return session.scalar(select(UserRow.os_user).where(UserRow.name == name))


def link_os_user(store: Store, name: str, os_user: str | None, *, actor: str = "cli") -> None:
    """Link an account to an OS login: only that login may then act as it from the CLI."""
    with store.session() as session:
        row = _row(session, name)
        row.os_user = os_user or None
        audit.append(session, actor=actor, action="user_os_linked",
                     payload={"user": name, "os_user": os_user})


def get_user(store: Store, name: str) -> User | None:
    """The active user called `name`, or None (disabled users count as absent)."""
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        return _user(row) if row is not None and row.active else None


def list_users(store: Store) -> list[User]:
    """Every user, active or not, by name."""
    with store.session() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def set_password(store: Store, name: str, password: str, *, actor: str = "cli") -> None:
    """Replace a user's password and clear any lock-out."""
    _check_password(password)
    with store.session() as session:
        row = _row(session, name)
        row.password_hash = _HASHER.hash(password)
        row.failed_logins, row.locked_until = 0, None
        revoked = revoke_sessions(session, name)  # a stolen cookie dies with the old password
        audit.append(session, actor=actor, action="password_set",
                     payload={"user": name, "sessions_revoked": revoked})


def disable(store: Store, name: str, *, actor: str = "cli") -> None:
    """Disable a user: the row stays (the audit trail names it) but it can no longer log in."""
    with store.session() as session:
        row = _row(session, name)
        row.active = False
        revoked = revoke_sessions(session, name)
        audit.append(session, actor=actor, action="user_disabled",
                     payload={"user": name, "sessions_revoked": revoked})


def authenticate(
    store: Store, name: str, password: str, *, max_failures: int, now: datetime | None = None,
) -> LoginResult:
    """Check a login; count failures and lock the account for LOCKOUT after `max_failures`."""
    now = now or utcnow()
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name.strip()))
        if row is None or not row.active or not row.password_hash:
            _verify(_DUMMY_HASH, password)
            return LoginRefused(LOGIN_REFUSED)
        if row.locked_until is not None and row.locked_until > now:
            _verify(_DUMMY_HASH, password)
            audit.append(session, actor=row.name, action="login_refused_locked")
            return LoginRefused(LOGIN_REFUSED, row.locked_until)
        if not _verify(row.password_hash, password):
            return _count_failure(session, row, now, max_failures)
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
        row.failed_logins, row.locked_until = 0, None
        audit.append(session, actor=row.name, action="login")
        return LoginOk(_user(row))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(session: Session, row: UserRow, now: datetime, max_failures: int) -> LoginRefused:
    row.failed_logins += 1
    if row.failed_logins < max_failures:
        audit.append(session, actor=row.name, action="login_failed",
                     payload={"failures": row.failed_logins})
        return LoginRefused(LOGIN_REFUSED)
    row.failed_logins, row.locked_until = 0, now + LOCKOUT
    audit.append(session, actor=row.name, action="login_locked",
                 payload={"until": row.locked_until.isoformat()})
    return LoginRefused(LOGIN_REFUSED, row.locked_until)


def logout(store: Store, name: str, token: str | None = None) -> None:
    """Revoke the session `token` (server side) and record the logout in the audit chain."""
    with store.session() as session:
        if token:
            row = session.get(WebSessionRow, session_token_hash(token))
            if row is not None and row.revoked_at is None:
                row.revoked_at = utcnow()
        audit.append(session, actor=name, action="logout")


# ---------------------------------------------------------------- server-side web sessions
#
# The cookie carries a random token; the store keeps only its SHA-256, the user and the expiry.
# Logging out revokes that row; a password change or a disabled account revokes all the user's
# rows, so a copied cookie stops working at once instead of living out its 8 hours.


def session_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: Store, name: str, lifetime: timedelta) -> str:
    """A new session for `name`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with store.session() as session:
        session.add(WebSessionRow(token_hash=session_token_hash(token), user_name=name,
                                  created_at=now, expires_at=now + lifetime))
    return token


def session_user(store: Store, token: str, *, now: datetime | None = None) -> User | None:
    """The active user of a live (unrevoked, unexpired) session token, else None."""
    now = now or utcnow()
    with store.session() as session:
        row = session.get(WebSessionRow, session_token_hash(token))
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None
        user = session.scalar(select(UserRow).where(UserRow.name == row.user_name))
        return _user(user) if user is not None and user.active else None


def revoke_sessions(session: Session, name: str) -> int:
    """Revoke every live session of `name` in the caller's transaction; how many."""
    rows = session.scalars(select(WebSessionRow).where(
        WebSessionRow.user_name == name, WebSessionRow.revoked_at.is_(None))).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    return len(rows)
