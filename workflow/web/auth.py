"""Log in, log out, and the admins' user page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from workflow.service import LoginOk, Role, User, add_user, authenticate, disable, list_users, logout
from workflow.web.render import flash, page
from workflow.web.security import (
    admin,
    any_user,
    current_user,
    end_session,
    session_token,
    start_session,
)

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only same-site paths: "//evil.example" and "https://..." would be open redirects.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/cases"


@router.get("/login")
def login_form(request: Request, next: str = "/cases") -> Response:
    """The login form (already logged-in users go straight on)."""
    if current_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", title="Log in", next=_safe_next(next), error=None)


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/cases",
) -> Response:
    """Check the password; on success start a fresh session, else show the form with the reason."""
    settings, store = request.app.state.settings, request.app.state.store
    result = authenticate(store, name, password, max_failures=settings.max_failed_logins)
    if isinstance(result, LoginOk):
        start_session(request, result.user)
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", status_code=401, title="Log in", next=_safe_next(next),
                error=result.reason, entered_name=name)


@router.post("/logout")
def logout_(request: Request, user: Annotated[User, Depends(any_user)]) -> Response:
    """Revoke the session server-side (the cookie is then worthless) and record the logout."""
    logout(request.app.state.store, user.name, session_token(request))
    end_session(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(user: Annotated[User, Depends(any_user)]) -> Response:
    """The queue is the home page."""
    return RedirectResponse("/cases", status_code=303)


@router.get("/users")
def users_page(request: Request, user: Annotated[User, Depends(admin)]) -> Response:
    """Every account with its role and state."""
    return page(request, "users.html", title="Users", users=list_users(request.app.state.store),
                roles=list(Role))


@router.post("/users")
def users_add(
    request: Request,
    user: Annotated[User, Depends(admin)],
    name: Annotated[str, Form()],
    role: Annotated[Role, Form()],
    password: Annotated[str, Form()],
    email: Annotated[str, Form()] = "",
) -> Response:
    """Create an account."""
    add_user(request.app.state.store, name, role, password, email=email or None, actor=user.name)
    flash(request, f"User {name} added as {role}.")
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/disable")
def users_disable(request: Request, name: str, user: Annotated[User, Depends(admin)]) -> Response:
    """Disable an account (kept for the audit trail)."""
    disable(request.app.state.store, name, actor=user.name)
    flash(request, f"User {name} disabled.")
    return RedirectResponse("/users", status_code=303)
