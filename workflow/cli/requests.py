"""Request commands: `rsi case set CASE FIELD=VALUE...` and `rsi case request CASE`; the letter after a decision.

The request is who asked for the screening and what they asked for (workflow/cases/requests.py):
the letter goes to `requester_email`. Invalid values (two addresses, a line break, a bad date)
exit 1 with the reason and change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from intake.errors import ErrorCode, RsiError
from workflow.cli.common import app, console, err_console, fail, identity, print_json, settings, store
from workflow.cli.casework import case_app
from workflow.service import Role, lazy

if TYPE_CHECKING:
    from intake.settings import Settings
    from workflow.service import Store

# Bound on first use, so `rsi --help` does not load the store.
requests = lazy("requests")
letter_after_decision = lazy("letter_after_decision")
redraft_after_request_change = lazy("redraft_after_request_change")


def _pairs(assignments: list[str]) -> list[tuple[str, str]]:
    out = []
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep:
            raise RsiError(f"{text!r} is not FIELD=VALUE (fields: {', '.join(requests.REQUEST_FIELDS)})", ErrorCode.INVALID)
        out.append((key.strip(), value))
    return out


@case_app.command("set")
def set_fields(
    case: str,
    assignments: Annotated[list[str], typer.Argument(help="FIELD=VALUE, e.g. requester_email=a@example.edu")],
    as_user: Annotated[Optional[str], typer.Option("--as", help="Who edits: a staff or reviewer account (default: the OS login's account).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the request as JSON.")] = False,
) -> None:
    """Set request fields of CASE (audited, one record per field); every value is checked first.

    Fields: kind, requester_name, requester_email, requester_department, host, host_email,
    department, start, end, purpose, labs, related_award, cc. An empty VALUE clears a field. An
    unsent draft letter is written again with the new values.

    Example: rsi case set RSI-20250101-1A2B3C4D requester_email=ada.quill@example.edu host="Prof. Ada Quill" --as alice
    """
    try:
        pairs = _pairs(assignments)
        for key, value in pairs:
            requests.validate(key, value)  # all or nothing: check every value before the first change
        who = identity(store(), as_user, (Role.STAFF, Role.REVIEWER), "edit requests")
        request = {}
        for key, value in pairs:
            request = requests.set_request_field(store(), case, key, value, who)
        redrafted = redraft_after_request_change(store(), settings(), case, who)
    except RsiError as exc:
        fail(exc)
    if as_json:
        print_json({"case_id": case, "request": request,
                    "letter": redrafted.__dict__ if redrafted and redrafted.written_now else None})
        return
    console.print(f"{case}: set {', '.join(k for k, _ in pairs)}", highlight=False, markup=False)
    if redrafted is not None and redrafted.written_now:
        console.print(f"  letter drafted again: {redrafted.path}", highlight=False, markup=False)


@case_app.command("request")
def show_request(case: str, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Show who asked for the screening of CASE and for what, and what the letter still lacks.

    Example: rsi case request RSI-20250101-1A2B3C4D
    """
    from workflow.service import views

    try:
        detail = views.case_detail(store(), case)
    except RsiError as exc:
        fail(exc)
    request, missing = detail["request"], detail["letter_missing"]
    if as_json:
        print_json({"case_id": case, "request": request, "letter_missing": missing})
        return
    for key, spec in requests.REQUEST_FIELDS.items():
        value = request.get(key)
        shown = ", ".join(value) if isinstance(value, list) else value
        console.print(f"{spec.label + ':':<50} {shown or '(not stated)'}", highlight=False, markup=False)
    for line in [*request.get("request_warnings", []), *missing]:
        err_console.print(f"warning: {line}", highlight=False, markup=False)


def warn_if_no_requester(case: str, case_store: Store) -> None:
    """Before a decision: say plainly that its letter will have nobody to go to."""
    from workflow.service import views

    try:
        missing = views.case_detail(case_store, case)["letter_missing"]
    except (RsiError, KeyError):
        return
    for line in missing:
        err_console.print(f"warning: {case}: {line}", highlight=False, markup=False)


def report_letter(case: str, actor: str, case_store: Store, current: Settings) -> None:
    """After a decision: draft (or send) its letter and say where it is, or why it is not."""
    outcome = letter_after_decision(case_store, current, case, actor)
    target = console if outcome.problem is None else err_console
    target.print(f"{case}: {outcome.summary()}", highlight=False, markup=False, soft_wrap=True)
