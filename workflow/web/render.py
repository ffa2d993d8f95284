"""Page rendering: one Jinja2 environment with autoescape on for every template (text is hostile)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from workflow.service import utcnow
from workflow.web import profile_view
from workflow.web.security import CSRF_FIELD, CSRF_HEADER, csrf_token, current_user

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

SEVERITY_LABELS = {"blocker": "Blocker", "high": "High", "medium": "Medium", "low": "Low",
                   "info": "Info"}


def age(value: datetime | None, now: datetime | None = None) -> str:
    """A short human age: '3 d', '5 h', '12 min'."""
    if value is None:
        return ""
    seconds = max(0, int(((now or utcnow()) - value).total_seconds()))
    if seconds >= 86400:
        return f"{seconds // 86400} d"
    if seconds >= 3600:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min"


def when(value: datetime | None) -> str:
    """A UTC timestamp to the minute."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def label(value: str | None) -> str:
    """'approved_with_conditions' -> 'Approved with conditions'."""
    return (value or "").replace("_", " ").replace("-", " ").capitalize()


def http_url(value: str | None) -> str:
    """The URL if it is http(s), else '' (a list entry must not smuggle a javascript: link)."""
    return value if value and value.lower().startswith(("https://", "http://")) else ""


def _environment() -> Environment:
    # autoescape=True for every template name, not only *.html: no file type escapes unescaped.
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(age=age, when=when, label=label, http_url=http_url)
    env.globals.update(severity_labels=SEVERITY_LABELS, csrf_field=CSRF_FIELD,
                       csrf_header=CSRF_HEADER, profile_sections=profile_view.sections,
                       person_facts=profile_view.person_facts)
    return env


templates = Jinja2Templates(env=_environment())


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template `name` with the user, CSRF token and flash message filled in."""
    context.setdefault("title", "")
    base = {
        "user": current_user(request),
        "csrf_token": csrf_token(request),
        "flash": request.session.pop("flash", None),
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def flash(request: Request, message: str) -> None:
    """Keep a one-line message for the next page (after a post-redirect-get)."""
    request.session["flash"] = message
