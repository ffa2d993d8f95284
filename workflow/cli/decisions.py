"""Workflow commands: review, decide, dismiss, confirm-dismissal, close, hold, history, audit, states,
rescreen.

Each command calls one service function and maps RsiError to an exit code via `fail`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from intake.errors import RsiError
from workflow.cli.common import app, console, err_console, fail, print_json, settings, store
from workflow.cli.requests import report_letter, warn_if_no_requester
from workflow.service import lazy

# Bound on first use, so `rsi --help` does not load the store or the screening stack.
audit, decisions, screening_service = lazy("audit"), lazy("decisions"), lazy("screening")
diagram, utcnow = lazy("diagram"), lazy("utcnow")

audit_app = typer.Typer(help="Verify and export the hash-chained audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

AUDIT_BROKEN_EXIT = 9  # distinct from the RsiError codes 3-8 and typer usage errors (2)
AsUser = Annotated[Optional[str], typer.Option("--as", help="Who acts (reviewer name).")]


def _done(result: decisions.Transitioned) -> None:
    console.print(f"{result.case_id}: {result.from_state} -> [bold]{result.state}[/] "
                  f"(version {result.version})")


@app.command()
def review(case: str, as_user: AsUser = None) -> None:
    """Take a flagged or reopened case for review (-> under_review).

    Example: rsi review C-0001 --as alice
    """
    try:
        _done(decisions.start_review(store(), case, as_user or ""))
    except RsiError as exc:
        fail(exc)
    warn_if_no_requester(case, store())


@app.command()
def decide(
    case: str,
    outcome: Annotated[str, typer.Argument(help="approve | conditions | deny | request-info")],
    reason: Annotated[str, typer.Option("--reason", help="Written rationale (required).")] = "",
    condition: Annotated[Optional[list[str]], typer.Option(help="A condition (repeat).")] = None,
    item: Annotated[Optional[list[str]], typer.Option(help="Information requested (repeat).")] = None,
    as_user: AsUser = None,
    second_reviewer: Annotated[Optional[str], typer.Option(help="Second reviewer (blockers).")] = None,
    override_reason: Annotated[Optional[str], typer.Option(help="Why a blocker is overridden.")] = None,
    expires: Annotated[Optional[str], typer.Option(help="Approval valid until (YYYY-MM-DD).")] = None,
    expect_version: Annotated[Optional[int], typer.Option(help="Case version you reviewed.")] = None,
) -> None:
    """Decide a case under review. Exit 4 if someone else decided it first, 5 if a rule fails.

    Example: rsi decide C-0001 conditions --reason "Low risk" --condition "No lab keys" --as alice
    A blocker finding needs: --second-reviewer bob --override-reason "Name match is a namesake"
    """
    if expires is not None:
        try:
            expires = date.fromisoformat(expires).isoformat()
        except ValueError:
            fail(RsiError(f"--expires {expires!r} is not a date (YYYY-MM-DD)"))
    warn_if_no_requester(case, store())
    try:
        _done(decisions.decide(
            store(), case, outcome, as_user or "", reason, conditions=condition or [],
            second_reviewer=second_reviewer, override_rationale=override_reason,
            expires_on=expires, expected_version=expect_version, items=item or [],
        ))
    except RsiError as exc:
        fail(exc)
    report_letter(case, as_user or "system", store(), settings())  # the decision's letter goes into the outbox at once


@app.command()
def dismiss(
    case: str,
    finding_key: Annotated[str, typer.Argument(help="Finding key as `rsi show` and `rsi history` print it (10 characters).")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is a false positive.")] = "",
    as_user: AsUser = None,
) -> None:
    """Dismiss a finding as a false positive; re-screenings then ignore it.

    A blocker finding is only proposed for dismissal: it counts until a second reviewer runs
    `rsi confirm-dismissal`.

    Example: rsi dismiss C-0001 3f9a2c81d0 --reason "Different person" --as alice
    """
    try:
        done = decisions.dismiss_finding(store(), case, finding_key, as_user or "", reason)
    except RsiError as exc:
        fail(exc)
    if done.pending:
        console.print(f"{case}: dismissal of blocker {finding_key} proposed (disposition "
                      f"{done.disposition_id}); it counts until a second reviewer runs "
                      f"rsi confirm-dismissal", highlight=False, markup=False, soft_wrap=True)
    else:
        console.print(f"{case}: {finding_key} dismissed (disposition {done.disposition_id})",
                      highlight=False, markup=False, soft_wrap=True)


@app.command("confirm-dismissal")
def confirm_dismissal(
    case: str,
    finding_key: Annotated[str, typer.Argument(help="Finding key of the proposed dismissal.")],
    note: Annotated[str, typer.Option("--note", help="What you checked (optional).")] = "",
    as_user: AsUser = None,
) -> None:
    """Confirm another reviewer's dismissal of a blocker finding (two-person rule). Exit 5 if it was yours.

    Example: rsi confirm-dismissal C-0001 "RPL_AFFILIATION:csl-123" --as bob --note "ID checked"
    """
    try:
        done = decisions.confirm_dismissal(store(), case, finding_key, as_user or "", note)
    except RsiError as exc:
        fail(exc)
    console.print(f"{case}: {finding_key} dismissed by {done.proposed_by}, confirmed by "
                  f"{done.confirmed_by} (disposition {done.disposition_id})",
                  highlight=False, markup=False, soft_wrap=True)


@app.command()
def close(case: str, as_user: AsUser = None) -> None:
    """Close a decided case.

    Example: rsi close C-0001 --as alice
    """
    try:
        _done(decisions.close(store(), case, as_user or "system"))
    except RsiError as exc:
        fail(exc)


@app.command()
def hold(
    case: str,
    reason: Annotated[str, typer.Option("--reason", help="Why (e.g. agency request).")],
    release: Annotated[bool, typer.Option(help="Release the hold instead.")] = False,
    as_user: AsUser = None,
) -> None:
    """Put a case under legal hold (never purged) or release it.

    Example: rsi hold C-0001 --reason "BIS request 2025-04" --as alice
    """
    try:
        decisions.set_legal_hold(store(), case, not release, as_user or "system", reason)
        console.print(f"{case}: legal hold {'released' if release else 'on'}")
    except RsiError as exc:
        fail(exc)


@app.command()
def history(case: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show a case's audit trail and decisions, oldest first.

    Example: rsi history C-0001 --json
    """
    try:
        found = decisions.history(store(), case)
    except RsiError as exc:
        fail(exc)
    if as_json:
        print_json(found.to_dict())
        return
    table = Table(title=f"{case} ({found.case['state']})")
    for column in ("seq", "at (UTC)", "actor", "action", "from", "to"):
        table.add_column(column)
    for e in found.events:
        table.add_row(str(e["seq"]), e["at"][:19], e["actor"], e["action"],
                      e["from_state"] or "", e["to_state"] or "")
    console.print(table)
    if found.findings:  # the keys `rsi dismiss` takes (issue 16: no command showed them)
        keys = Table("key", "severity", "rule", "title", "disposition", title="Findings (latest screening)")
        keys.columns[0].no_wrap = True
        for f in found.findings:
            keys.add_row(f["short_key"], f["severity"], f["rule_id"], f["title"], f["disposition"] or "")
        console.print(keys)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain; exit 9 naming the first edited, deleted, inserted or moved record.

    Example: rsi audit verify
    """
    with store().session() as session:
        result = audit.verify(session)
    if result.ok:
        console.print(f"{result.message}; head {result.head_seq} {result.head_hash}")
        return
    err_console.print(f"[bold red]audit chain broken[/]: {result.message} "
                      f"(first bad record: {result.first_bad_seq}, {result.problem})", soft_wrap=True)
    raise typer.Exit(AUDIT_BROKEN_EXIT)


@audit_app.command("export")
def audit_export(
    case: Annotated[Optional[str], typer.Option("--case", help="Only this case.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv | json")] = "csv",
    output: Annotated[Optional[Path], typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Export audit records for auditors.

    Example: rsi audit export --case C-0001 --format json --output c-0001-audit.json
    """
    if fmt not in ("csv", "json"):
        fail(RsiError(f"--format must be csv or json, not {fmt!r}"))
    with store().session() as session:
        if output is None:
            audit.write_export(session, sys.stdout, case_id=case, fmt=fmt)
            return
        with output.open("w", encoding="utf-8", newline="") as out:
            count = audit.write_export(session, out, case_id=case, fmt=fmt)
    err_console.print(f"{count} records written to {output}")


@audit_app.command("purge")
def audit_purge(
    through: Annotated[Optional[int], typer.Option(help="Purge records 1..N.")] = None,
    as_user: AsUser = None,
) -> None:
    """Show what retention allows to purge; with --through N, purge it (writes a checkpoint).

    Example: rsi audit purge            (dry run)   rsi audit purge --through 1200 --as admin
    """
    years = settings().retention_years
    with store().session() as session:
        plan = audit.purgeable(session, now=utcnow(), retention_years=years)
        console.print(f"purgeable through record {plan.through_seq} ({plan.count} records, "
                      f"retention {years} years); stops at: {plan.reason or 'end of chain'}")
        if through is None:
            return
        try:
            audit.purge(session, actor=as_user or "system", now=utcnow(),
                        retention_years=years, through_seq=through)
        except RsiError as exc:
            fail(exc)
    console.print(f"purged records through {through}; checkpoint written")


@app.command()
def states(
    show_diagram: Annotated[bool, typer.Option("--diagram", help="Print a mermaid diagram.")] = False,
) -> None:
    """Print the case state machine, generated from its definition in workflow/states.py.

    Example: rsi states --diagram > docs/states.mmd
    """
    if show_diagram:
        sys.stdout.write(diagram() + "\n")
        return
    from workflow.service import TRANSITIONS

    for t in TRANSITIONS:
        guards = " & ".join(t.get("conditions", []))
        console.print(f"{t['trigger']}: {t['source']} -> {t['dest']}" + (f" [{guards}]" if guards else ""),
                      highlight=False, markup=False)


@app.command()
def rescreen(
    cases: Annotated[Optional[list[str]], typer.Argument(help="Case ids.")] = None,
    all_cases: Annotated[bool, typer.Option("--all", help="Open + recently decided cases.")] = False,
) -> None:
    """Screen cases again against the active lists; new or stronger findings reopen decided cases.

    Example: rsi rescreen --all      rsi rescreen C-0001 C-0002
    """
    if not cases and not all_cases:
        fail(RsiError("name cases or use --all"))
    ids = None if all_cases else list(cases or [])
    report = with_progress(lambda tick: screening_service.rescreen(store(), settings(), ids, progress=tick))
    print_rescreen(report)


def with_progress(run: Callable[[Callable[[int, int, str], None]], screening_service.RescreenReport]
                  ) -> screening_service.RescreenReport:
    """Run a re-screening under a progress bar on stderr (cases done of total, time elapsed)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("rescreening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console) as bar:
        task = bar.add_task("rescreen", total=None)

        def tick(done: int, total: int, case_id: str) -> None:
            bar.update(task, completed=done, total=total)

        return run(tick)


def print_rescreen(report: screening_service.RescreenReport) -> None:
    """One summary line, each failure on stderr; exit 1 when a case could not be screened."""
    console.print(f"{report.screened}/{report.total} screened, {len(report.reopened)} reopened"
                  + (f": {', '.join(report.reopened)}" if report.reopened else ""))
    for case_id, why in report.failed.items():
        err_console.print(f"[red]{case_id}[/]: {why}", highlight=False)
    if report.failed:
        raise typer.Exit(1)
