"""Web and user commands: `rsi serve`, `rsi users add|list|passwd|link|disable`."""

from __future__ import annotations

import sys

import typer

from intake.errors import RsiError
from workflow.service import Role, lazy
from workflow.cli.common import app, console, fail, print_json, settings, store

user_service = lazy("users")  # bound on first use: `rsi --help` does not load the store

users_app = typer.Typer(help="Local accounts of the web UI (staff, reviewer, auditor, admin).",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default: settings.web_host)."),
    port: int = typer.Option(None, help="Port to listen on (default: settings.web_port)."),
) -> None:
    """Serve the web UI (put it behind a TLS proxy and set RSI_SECURE_COOKIES=true off localhost)."""
    import uvicorn

    from workflow.web.app import create_app

    cfg = settings()
    uvicorn.run(create_app(cfg, store()), host=host or cfg.web_host, port=port or cfg.web_port,
                log_level="info")


def _read_password(from_stdin: bool) -> str:
    """One line from stdin, or a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    name: str,
    role: Role = typer.Option(..., help="staff | reviewer | auditor | admin"),
    email: str = typer.Option(None, help="Contact address."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    os_user: str = typer.Option(None, "--os-user", help="OS login that acts as this account in the CLI."),
) -> None:
    """Create a user (the password is prompted for, hidden, unless --password-stdin).

    With --os-user LOGIN, CLI commands run by that OS login act as this account, and no other
    login can use it with --as.
    """
    try:
        user = user_service.add_user(store(), name, role, _read_password(password_stdin),
                                     email=email, actor="cli", os_user=os_user)
    except RsiError as exc:
        fail(exc)
    console.print(f"added {user.name} ({user.role})", highlight=False)


@users_app.command("list")
def users_list(as_json: bool = typer.Option(False, "--json", help="One JSON document.")) -> None:
    """Every user with role and status."""
    rows = user_service.list_users(store())
    if as_json:
        print_json([{"name": u.name, "role": u.role, "email": u.email, "active": u.active,
                     "locked_until": u.locked_until} for u in rows])
        return
    for u in rows:
        status = "active" if u.active else "disabled"
        console.print(f"{u.name}\t{u.role}\t{status}\t{u.email or ''}", highlight=False)


@users_app.command("passwd")
def users_passwd(
    name: str,
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Set a user's password (and lift any lock-out)."""
    try:
        user_service.set_password(store(), name, _read_password(password_stdin), actor="cli")
    except RsiError as exc:
        fail(exc)
    console.print(f"password set for {name}", highlight=False)


@users_app.command("link")
def users_link(
    name: str,
    os_user: str = typer.Argument(..., help="OS login (empty string removes the link)."),
) -> None:
    """Link an account to an OS login for the CLI (two-person rules then hold between logins)."""
    try:
        user_service.link_os_user(store(), name, os_user or None, actor="cli")
    except RsiError as exc:
        fail(exc)
    console.print(f"{name} linked to OS user {os_user}" if os_user else f"{name} unlinked",
                  highlight=False)


@users_app.command("disable")
def users_disable(name: str) -> None:
    """Disable a user; the account stays for the audit trail."""
    try:
        user_service.disable(store(), name, actor="cli")
    except RsiError as exc:
        fail(exc)
    console.print(f"disabled {name}", highlight=False)
