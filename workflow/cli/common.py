"""What every `rsi` command shares: the typer app, settings and store at the edge, error mapping."""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from intake.errors import ErrorCode, RsiError

if TYPE_CHECKING:  # imported when first used: `rsi --help` needs neither settings nor the store
    from intake.settings import Settings
    from workflow.service import Store

# Everything rsi writes (database, archive, list snapshots, letters, keys) is about people under
# screening: private to the service account, whatever the caller's umask (README "Files").
os.umask(0o077)

app = typer.Typer(
    name="rsi",
    help=(
        "Research Security Intake: screen international collaborators and visitors.\n\n"
        "Drop CVs and screening forms into inbox/ (or run `rsi process FILE`), then review the "
        "cases (`rsi cases`, `rsi show CASE`) and decide them (`rsi decide`)."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)
console = Console()
err_console = Console(stderr=True)


def reflowed(doc: str) -> str:
    """A docstring as help text: paragraphs kept, the line breaks inside them removed.

    Typer's rich mode keeps every newline, so help would break mid-sentence at the width the
    source was wrapped to; the terminal wraps the text instead.
    """
    import inspect

    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(p if p.startswith("Example") else " ".join(line.strip() for line in p.splitlines())
                       for p in paragraphs)  # examples keep one command per line


def reflow_help(typer_app: typer.Typer) -> None:
    """Give every registered command (and sub-app's command) its reflowed docstring as help."""
    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = reflowed(info.callback.__doc__)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)

# One exit code per error family, so scripts can tell a bad file from a conflict.
EXIT_CODES: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 3,
    ErrorCode.CONFLICT: 4,
    ErrorCode.TRANSITION: 5,
    ErrorCode.LIST_FORMAT: 6,
    ErrorCode.LIST_DOWNLOAD: 7,
    ErrorCode.LETTER: 8,
    # 9: `rsi audit verify` found the chain broken (workflow/cli/decisions.py)
    ErrorCode.LETTER_UNCERTAIN: 10,
    ErrorCode.LIST_SHRINK: 11,
}


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings for this process, read once from RSI_* and rsi.toml."""
    from intake.settings import load_settings

    return load_settings()


@lru_cache(maxsize=1)
def store() -> Store:
    """The store for this process, migrated to the current schema, with its audit anchor."""
    from workflow.service import audit_anchor, open_store

    cfg = settings()
    url = cfg.effective_database_url
    try:
        anchor = audit_anchor(url, key=cfg.audit_key.get_secret_value() if cfg.audit_key else None,
                              key_file=cfg.audit_key_file, head_path=cfg.audit_head_file,
                              # an SQLite file keeps its key and head beside it, wherever it is
                              data_dir=None if url.startswith("sqlite:///") else cfg.data_dir)
    except RsiError as exc:
        fail(exc)
    return open_store(url, anchor=anchor)


def _json_wanted() -> bool:
    """True when the running command was given --json (every command names that option as_json)."""
    from typer.main import get_current_context  # typer >= 0.26 carries its own click

    context = get_current_context(silent=True)
    return bool(context is not None and context.params.get("as_json"))


def fail(error: RsiError, as_json: bool | None = None) -> NoReturn:
    """Print an rsi error as `error[code]: message` (with --json: one JSON object) and exit with its code."""
    exit_code = EXIT_CODES.get(error.code, 1)
    if _json_wanted() if as_json is None else as_json:
        # stdout, like the command's normal --json output, so a script reads one stream
        print_json({"error": {"code": error.code.value, "message": error.message, "exit_code": exit_code}})
        raise typer.Exit(exit_code)
    # escape(): "[conflict]" would otherwise be swallowed as rich markup.
    err_console.print(f"[bold red]error{escape('[' + error.code.value + ']')}[/]: {escape(error.message)}", highlight=False)
    raise typer.Exit(exit_code)


def print_json(value: Any) -> None:
    """One JSON document on stdout (no colour, no wrapping)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def identity(st: Store, as_user: str | None, roles: tuple[Any, ...], what: str) -> str:
    """Who runs this command: `--as NAME` checked against the accounts, else the OS login's account.

    An account linked to an OS login (`rsi users add NAME --os-user LOGIN`) can only be used from
    that login, and a login linked to an account cannot act as another one, so two-person rules
    hold between OS users. Refusals exit 5 (rule not met).
    """
    import getpass

    from intake.errors import TransitionNotAllowed
    from workflow.service import users as user_service

    login = getpass.getuser()
    mine = user_service.account_for_os_user(st, login)
    mine_linked = mine is not None and user_service.os_user_of(st, mine.name) == login
    if as_user:
        user = user_service.get_user(st, as_user.strip())
        if user is None:
            fail(TransitionNotAllowed(f"no active rsi account named {as_user.strip()!r} "
                                      f"(create one: rsi users add NAME --role reviewer)"))
        linked = user_service.os_user_of(st, user.name)
        if linked and linked != login:
            fail(TransitionNotAllowed(f"account {user.name} belongs to OS user {linked}; "
                                      f"you are {login}"))
        if mine_linked and mine is not None and mine.name != user.name:
            fail(TransitionNotAllowed(f"OS user {login} is rsi account {mine.name}; it cannot "
                                      f"act as {user.name}"))
    elif mine is not None:
        user = mine
    else:
        fail(TransitionNotAllowed(f"no rsi account for OS user {login}: pass --as NAME, or link "
                                  f"one with rsi users add NAME --role reviewer --os-user {login}"))
    if user.role not in roles:
        wanted = " or ".join(str(r) for r in roles)
        fail(TransitionNotAllowed(f"{user.name} is {user.role}; only a {wanted} may {what}"))
    return user.name
