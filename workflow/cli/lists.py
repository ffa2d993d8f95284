"""Reference-list commands: rsi lists update|import|status, and rsi screen NAME... (no case)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intake.errors import RsiError
from workflow.cli.common import app, console, fail, print_json, settings, store

lists_app = typer.Typer(help="Reference lists: update from the publishers, import a file, show status.")
app.add_typer(lists_app, name="lists")
Rescreen = Annotated[bool, typer.Option(
    "--rescreen/--no-rescreen",
    help="When a list changed, screen open and recently decided cases again (RSI_RESCREEN_WINDOW_DAYS).",
)]
AllowShrink = Annotated[bool, typer.Option(
    "--allow-shrink", help="Accept a version that removes more than a tenth of the list's entries.")]


def _rescreen_if_changed(created: bool, wanted: bool) -> None:
    """The mission's rule: a changed list means open and recent cases are screened again."""
    if not (created and wanted):
        return
    from workflow.service import screening as screening_service
    from workflow.cli.decisions import print_rescreen, with_progress

    report = with_progress(lambda tick: screening_service.rescreen_after_list_change(
        store(), settings(), created, progress=tick, actor="lists"))
    if report is not None:
        print_rescreen(report)


@lists_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="List file (CSV, JSON, TXT, YAML), or a folder with an OFAC set.")],
    list_name: Annotated[str | None, typer.Option(
        "--list", help="List id, e.g. csl, sdn, dpl, dod_1260h (for a file; a folder's OFAC set names its own).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Parser name; guessed when omitted.")] = None,
    rescreen: Rescreen = True,
    allow_shrink: AllowShrink = False,
) -> None:
    """Load a list file, or a folder's OFAC set (sdn.csv + alt.csv + add.csv as ONE version), as the
    active snapshot of its list (the same content is stored once).

    A version that removes more than a tenth of the active one's entries is refused unless
    --allow-shrink (a truncated download must not clear cases). A new snapshot makes rsi screen open
    and recently decided cases again (--no-rescreen: later, with `rsi rescreen --all`).
    """
    from rich.markup import escape

    from workflow.service import import_folder, import_list

    try:
        if path.is_dir():
            results = import_folder(store(), settings(), path, allow_shrink)
        elif list_name is None:
            raise RsiError(f"{path}: say which list this file is with --list (e.g. csl, sdn, dpl)")
        else:
            results = [import_list(store(), settings(), path, list_name, fmt, allow_shrink)]
    except RsiError as err:
        fail(err)
    for result in results:
        state = "new snapshot" if result.created else "already stored; now active"
        console.print(f"{result.snapshot_id}: {result.entry_count} entries ({state})")
        for warning in result.warnings:
            console.print(f"  [bold yellow]warning:[/] {escape(warning)}", highlight=False)
    _rescreen_if_changed(any(r.created for r in results), rescreen)


@lists_app.command("update")
def update(
    list_name: Annotated[list[str] | None, typer.Option("--list", help="Only these list ids.")] = None,
    rescreen: Rescreen = True,
    allow_shrink: AllowShrink = False,
) -> None:
    """Download the configured lists (settings.list_urls) and store new snapshots.

    When any list changed, open and recently decided cases are screened again (--no-rescreen to skip).
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    from workflow.service import update_lists

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(list_id: str, done: int, total: int | None) -> None:
            if list_id not in tasks:
                tasks[list_id] = bar.add_task(list_id, total=total)
            bar.update(tasks[list_id], completed=done)

        try:
            results = update_lists(store(), settings(), list_name or None, progress, allow_shrink)
        except RsiError as err:
            bar.stop()
            fail(err)
    for r in results:
        console.print(f"{r.snapshot_id}: {r.entry_count} entries ({'new' if r.created else 'unchanged'})")
    _rescreen_if_changed(any(r.created for r in results), rescreen)


@lists_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Each active snapshot's age (warns when one is older than list_max_age_days), then the starter lists."""
    from workflow.service import snapshot_status

    from workflow.service import starter_status

    lines = snapshot_status(store(), settings())
    starters = starter_status(settings())
    if as_json:
        print_json([{**line.__dict__, "kind": "snapshot"} for line in lines]
                   + [{**s.__dict__, "kind": "starter"} for s in starters])
        return
    if not lines:
        console.print("No stored snapshots: only the starter lists below are used. Run `rsi lists update`.")
    for line in lines:
        warn = f"  [bold yellow]warning: {line.warning}[/]" if line.warning else ""
        console.print(f"{line.list_id:<22} {line.entry_count:>7} entries  {line.age_days:>4} days old  "
                      f"{line.sha256[:12]}{warn}")
    if starters:
        console.print(f"Starter lists (in every screening; {starters[0].note}):", highlight=False)
    for s in starters:
        state = f"  [bold red]error: {s.error}[/]" if s.error else ""
        console.print(f"{s.list_id:<22} {s.entry_count:>7} entries  as of {s.as_of or 'undated':<10}  "
                      f"{s.sha256[:12]}{state}", highlight=False)


@app.command("screen")
def screen(
    names: Annotated[list[str], typer.Argument(help="Names to screen.")],
    kind: Annotated[str, typer.Option("--kind", help="org or person.")] = "org",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    threshold: Annotated[float | None, typer.Option("--threshold", help="Override the settings threshold.")] = None,
) -> None:
    """Screen names against the active lists and print matches with scores and explanations."""
    from workflow.service import load_active_reference

    cfg = settings()
    try:
        reference = load_active_reference(store(), cfg)
    except RsiError as err:
        fail(err)
    limit = threshold if threshold is not None else (cfg.person_match_threshold if kind == "person" else cfg.org_match_threshold)
    results = {name: reference.matcher.match(name, kind, limit) for name in names}
    if as_json:
        print_json({"snapshots": reference.snapshot_ids,
                    "results": {n: [m.model_dump(mode="json") for m in ms] for n, ms in results.items()}})
        return
    for name, matches in results.items():
        console.print(f"[bold]{name}[/]: {len(matches)} match(es)")
        for m in matches:
            console.print(f"  {m.score:5.1f}  {m.entry.name}  [{m.entry.source_list}]  {m.why}", highlight=False)


@app.command("rules")
def rules(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the red flags rsi checks: each rule's id, title and what it looks for.

    Findings name their rule id; this is where an auditor reads what the id means.

    Example: [bold]rsi rules[/]   or   [bold]rsi rules --json[/]
    """
    from intake.screen.rules import RULES

    rows = [{"rule_id": r.rule_id, "title": r.title, "explanation": r.explanation} for r in RULES]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"[bold]{row['rule_id']}[/]  {row['title']}", highlight=False)
        console.print(f"    {row['explanation']}", highlight=False, markup=False)
