"""Local user accounts: argon2 password hashes, roles, lock-out after repeated failed logins.

Logins, failures and lock-outs are written to the audit chain in the same transaction as the
counter change, so the trail and the account state cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import NotFound, RsiError
from workflow.cases import audit
from workflow.cases.roles import Role  # re-exported: defined apart so the CLI loads it without the store
from workflow.cases.store import Store, UserRow, utcnow

LOCKOUT = timedelta(minutes=15)
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
    actor: str = "cli",
) -> User:
    """Create an active user with an argon2 hash of `password`; names are unique."""
    name, role = _check_name(name), Role(role)
    _check_password(password)
    with store.session() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise RsiError(f"a user named {name!r} already exists")
        row = UserRow(name=name, role=role.value, password_hash=_HASHER.hash(password), email=email)
        session.add(row)
        audit.append(session, actor=actor, action="user_added", payload={"user": name, "role": role})
        return _user(row)


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
        audit.append(session, actor=actor, action="password_set", payload={"user": name})


def disable(store: Store, name: str, *, actor: str = "cli") -> None:
    """Disable a user: the row stays (the audit trail names it) but it can no longer log in."""
    with store.session() as session:
        row = _row(session, name)
        row.active = False
        audit.append(session, actor=actor, action="user_disabled", payload={"user": name})


def authenticate(
    store: Store, name: str, password: str, *, max_failures: int, now: datetime | None = None,
) -> LoginResult:
    """Check a login; count failures and lock the account for LOCKOUT after `max_failures`."""
    now = now or utcnow()
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name.strip()))
        if row is None or not row.active or not row.password_hash:
            _verify(_DUMMY_HASH, password)
            return LoginRefused("unknown user or wrong password")
        if row.locked_until is not None and row.locked_until > now:
            _verify(_DUMMY_HASH, password)
            return LoginRefused("account locked; try again later", row.locked_until)
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
        return LoginRefused("unknown user or wrong password")
    row.failed_logins, row.locked_until = 0, now + LOCKOUT
    audit.append(session, actor=row.name, action="login_locked",
                 payload={"until": row.locked_until.isoformat()})
    return LoginRefused("account locked; try again later", row.locked_until)


def logout(store: Store, name: str) -> None:
    """Record a logout in the audit chain."""
    with store.session() as session:
        audit.append(session, actor=name, action="logout")
