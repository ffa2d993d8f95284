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
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from intake.errors import RsiError
from workflow.cli.common import app, console, err_console, fail, identity, print_json, settings, store
from workflow.cli.requests import report_letter, warn_if_no_requester
from workflow.service import Role, lazy

# Bound on first use, so `rsi --help` does not load the store or the screening stack.
audit, decisions, screening_service = lazy("audit"), lazy("decisions"), lazy("screening")
anchor_service, diagram, utcnow = lazy("anchor"), lazy("diagram"), lazy("utcnow")

audit_app = typer.Typer(help="Verify and export the hash-chained audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

AUDIT_BROKEN_EXIT = 9  # distinct from the RsiError codes 3-8 and typer usage errors (2)
AsUser = Annotated[Optional[str], typer.Option(
    "--as", help="Who acts: an rsi account (default: the account of your OS login).")]
REVIEWER = (Role.REVIEWER,)


def _who(as_user: str | None, what: str, roles: tuple[Role, ...] = REVIEWER) -> str:
    return identity(store(), as_user, roles, what)


def _done(result: decisions.Transitioned) -> None:
    console.print(f"{result.case_id}: {result.from_state} -> [bold]{result.state}[/] "
                  f"(version {result.version})")


@app.command()
def review(case: str, as_user: AsUser = None) -> None:
    """Take a flagged or reopened case for review (-> under_review).

    Example: rsi review C-0001 --as alice
    """
    try:
        _done(decisions.start_review(store(), case, _who(as_user, "review cases")))
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
    A blocker finding needs --override-reason "Name match is a namesake": the approval is then
    only proposed, and waits until a second reviewer runs `rsi confirm-approval CASE` as
    themselves (`--second-reviewer bob` lets only bob confirm it).
    """
    if expires is not None:
        try:
            expires = date.fromisoformat(expires).isoformat()
        except ValueError:
            fail(RsiError(f"--expires {expires!r} is not a date (YYYY-MM-DD)"))
    who = _who(as_user, "decide cases")
    warn_if_no_requester(case, store())
    try:
        done = decisions.decide(
            store(), case, outcome, who, reason, conditions=condition or [],
            second_reviewer=second_reviewer, override_rationale=override_reason,
            expires_on=expires, expected_version=expect_version, items=item or [],
        )
    except RsiError as exc:
        fail(exc)
    if done.pending_approval is not None:
        asked = f"{second_reviewer} (or another reviewer)" if not second_reviewer else second_reviewer
        console.print(f"{case}: approval over a blocker recorded as proposal {done.pending_approval}; "
                      f"nothing is approved until {asked} runs rsi confirm-approval {case}",
                      highlight=False, markup=False, soft_wrap=True)
        return
    _done(done)
    report_letter(case, who, store(), settings())  # the decision's letter goes into the outbox at once


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
        done = decisions.dismiss_finding(store(), case, finding_key,
                                         _who(as_user, "dismiss findings"), reason)
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
        done = decisions.confirm_dismissal(store(), case, finding_key,
                                           _who(as_user, "confirm dismissals"), note)
    except RsiError as exc:
        fail(exc)
    console.print(f"{case}: {finding_key} dismissed by {done.proposed_by}, confirmed by "
                  f"{done.confirmed_by} (disposition {done.disposition_id})",
                  highlight=False, markup=False, soft_wrap=True)


@app.command("confirm-approval")
def confirm_approval(
    case: str,
    note: Annotated[str, typer.Option("--note", help="What you checked (optional).")] = "",
    as_user: AsUser = None,
) -> None:
    """Confirm another reviewer's approval of a case with a blocker finding (two-person rule).

    Exit 5 if the approval was yours or asked of someone else, 4 if the case changed since.

    Example: rsi confirm-approval C-0001 --as bob --note "Passport checked"
    """
    who = _who(as_user, "confirm approvals")
    try:
        waiting = decisions.pending_approval(store(), case)
        done = decisions.confirm_approval(store(), case, who, note,
                                          pending_id=waiting.id if waiting else None)
    except RsiError as exc:
        fail(exc)
    console.print(f"{case}: approval by {waiting.proposed_by if waiting else '?'} confirmed by {who}",
                  highlight=False, markup=False, soft_wrap=True)
    _done(done)
    report_letter(case, who, store(), settings())  # the approval is the decision: its letter now


@app.command()
def close(case: str, as_user: AsUser = None) -> None:
    """Close a decided case.

    Example: rsi close C-0001 --as alice
    """
    try:
        _done(decisions.close(store(), case, _who(as_user, "close cases")))
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
        decisions.set_legal_hold(store(), case, not release,
                                 _who(as_user, "place legal holds", (Role.REVIEWER, Role.ADMIN)),
                                 reason)
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
def audit_verify(
    anchor_file: Annotated[Optional[Path], typer.Option(
        "--anchor", help="A notary's copy of the chain head (file with `rsi-audit-head` lines).")] = None,
) -> None:
    """Check the keyed chain, its signed head, purges and each case against its trail; exit 9 if broken.

    Example: rsi audit verify      rsi audit verify --anchor /mnt/notary/rsi-heads.log
    """
    st = store()
    heads = []
    if anchor_file is not None:
        try:
            lines = [ln for ln in anchor_file.read_text(encoding="utf-8").splitlines()
                     if "rsi-audit-head " in ln]
        except OSError as exc:
            fail(RsiError(f"cannot read {anchor_file}: {exc.strerror}"))
        if not lines:
            fail(RsiError(f"{anchor_file} holds no rsi-audit-head line"))
        try:
            heads.append(anchor_service.parse_notary_line(st.anchor, lines[-1]))
        except RsiError as exc:
            err_console.print(f"[bold red]audit chain broken[/]: {escape(exc.message)}", soft_wrap=True)
            raise typer.Exit(AUDIT_BROKEN_EXIT)
    with st.session() as session:
        result = audit.verify(session, heads=heads, retention_years=settings().retention_years)
    if result.ok:
        console.print(f"{result.message}; head {result.head_seq} {result.head_hash}",
                      highlight=False, markup=False, soft_wrap=True)
        return
    where = f"first bad record: {result.first_bad_seq}, " if result.first_bad_seq else ""
    err_console.print(f"[bold red]audit chain broken[/]: {escape(result.message)} "
                      f"({where}{result.problem})", soft_wrap=True)
    for extra in result.problems[1:]:
        err_console.print(f"  also: {escape(extra)}", soft_wrap=True)
    raise typer.Exit(AUDIT_BROKEN_EXIT)


@audit_app.command("anchor")
def audit_anchor(
    export: Annotated[bool, typer.Option("--export", help="Print the signed head for a notary.")] = False,
    to: Annotated[Optional[Path], typer.Option(help="Also append the line to this file.")] = None,
    syslog: Annotated[bool, typer.Option("--syslog", help="Also send it to syslog (LOG_AUTH).")] = False,
    reset: Annotated[bool, typer.Option(
        "--reset", help="Re-sign the head from the database after verifying it (admins).")] = False,
    as_user: AsUser = None,
) -> None:
    """Show the signed chain head; `--export` prints it as one line for a notary (file, syslog, mail).

    Keep the exported lines where the database's administrators cannot change them (another
    host, a mail to the auditors): `rsi audit verify --anchor FILE` then catches a rollback of
    both the database and the head file. `--reset` rewrites a missing head (say after restoring a
    backup) from the database as it now is, and records who did it.

    Example: rsi audit anchor --export --to /mnt/notary/rsi-heads.log --syslog
    """
    st = store()
    if reset:
        who = _who(as_user, "reset the chain head", (Role.ADMIN,))
        with st.session() as session:
            result = audit.verify(session, retention_years=settings().retention_years)
            if not result.ok and result.problem != audit.Tamper.UNANCHORED:
                err_console.print(f"[bold red]not reset[/]: {escape(result.message)}", soft_wrap=True)
                raise typer.Exit(AUDIT_BROKEN_EXIT)
            audit.append(session, actor=who, action=audit.HEAD_RESET_ACTION,
                         payload={"previous_problem": result.message if not result.ok else None})
        audit.reset_head(st)
    head = anchor_service.read_head(st.anchor)
    if head is None:
        fail(RsiError(f"no chain head yet at {st.anchor.head_path}"))
    line = anchor_service.notary_line(st.anchor, head)
    if to is not None:
        with to.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    if syslog:
        import syslog as sl

        sl.openlog("rsi", 0, sl.LOG_AUTH)
        sl.syslog(sl.LOG_NOTICE, line)
    if export:
        sys.stdout.write(line + "\n")
    else:
        console.print(f"chain head: record {head.seq} ({head.count} live records, purged through "
                      f"{head.purged_through}), hash {head.hash}, signed {head.written_at} with key "
                      f"{head.key_id}", highlight=False, markup=False, soft_wrap=True)


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
        who = _who(as_user, "purge the audit trail", (Role.ADMIN,))
        try:
            audit.purge(session, actor=who, now=utcnow(),
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
