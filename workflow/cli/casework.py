"""Case management commands: `rsi case merge` and `rsi case withdraw` (issue 16)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from intake.errors import RsiError
from workflow.cli.common import app, console, err_console, fail, identity, settings, store
from workflow.service import Role, lazy

manage = lazy("manage")

case_app = typer.Typer(help="Manage cases: edit the request, merge two cases of one person, withdraw a case.",
                       no_args_is_help=True)
app.add_typer(case_app, name="case")

AsUser = Annotated[Optional[str], typer.Option("--as", help="Who acts: a reviewer account (default: the OS login's account).")]
Reason = Annotated[str, typer.Option("--reason", help="Why (recorded in the audit trail).")]


@case_app.command("merge")
def merge(
    absorbed: Annotated[str, typer.Argument(help="The case to merge away (ends as 'merged').")],
    into: Annotated[str, typer.Argument(help="The case that keeps everything.")],
    reason: Reason = "",
    as_user: AsUser = None,
    screen: Annotated[bool, typer.Option("--screen/--no-screen",
                                         help="Screen the merged case again at once.")] = True,
) -> None:
    """Merge two cases of one person: documents, findings' dispositions and trail are kept.

    The absorbed case's documents move to the other case, its audit trail stays readable, and it
    ends in the terminal state 'merged', pointing to the survivor; a file later dropped with its id
    is filed into the survivor. The survivor is then screened with all documents. Exit 3 if a case
    does not exist, 5 if the merge is not allowed (no --as or --reason, a retired case).

    Example: rsi case merge RSI-20261202-0000AAAA RSI-20261202-0000BBBB --reason "Same person" --as alice
    """
    try:
        who = identity(store(), as_user, (Role.REVIEWER,), "merge cases")
        done = manage.merge_cases(store(), absorbed, into, who, reason)
    except RsiError as exc:
        fail(exc)
    console.print(f"{done.absorbed} merged into {done.survivor}: {len(done.documents)} document(s) "
                  f"moved, {done.dispositions} disposition(s) carried over", highlight=False)
    if screen:
        from workflow.service import screen_case

        try:
            outcome = screen_case(store(), settings(), done.survivor, actor=who,
                                  trigger="merge")
        except Exception as exc:  # the merge is done; say what is left to do
            err_console.print(f"warning: {done.survivor} was not screened again ({exc}); run "
                              f"rsi rescreen {done.survivor}", highlight=False, markup=False)
            raise typer.Exit(1) from exc
        console.print(f"{done.survivor}: screened, {outcome.finding_count} finding(s), state "
                      f"{outcome.state}", highlight=False)


@case_app.command("withdraw")
def withdraw(
    case: Annotated[str, typer.Argument(help="Case id.")],
    reason: Reason = "",
    as_user: AsUser = None,
) -> None:
    """Withdraw an open case (the request was withdrawn, or it duplicates another): no decision, no letter.

    Exit 3 if the case does not exist, 5 if it is decided already or --as / --reason is missing.

    Example: rsi case withdraw RSI-20261202-0000AAAA --reason "Visit cancelled by the host" --as alice
    """
    try:
        done = manage.withdraw_case(store(), case, identity(store(), as_user, (Role.REVIEWER,), "withdraw cases"),
                                    reason)
    except RsiError as exc:
        fail(exc)
    console.print(f"{done.case_id}: {done.from_state} -> [bold]withdrawn[/]")
