"""Case commands: init, watch, process, cases, show."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from intake.errors import RsiError
from workflow.cli.common import app, console, err_console, fail, print_json, settings, store
from workflow.service import lazy

if TYPE_CHECKING:
    from intake.settings import Settings
    from workflow.service import AfterFiled, Outcome

# Bound on first use, so `rsi --help` does not load the store or the intake stages.
case_views = lazy("views")
process_path = lazy("process_path")
context_for, ensure_dirs, watch_inbox = lazy("context_for"), lazy("ensure_dirs"), lazy("watch_inbox")
recover_claims = lazy("recover_claims")

AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
Screen = Annotated[
    bool, typer.Option("--screen/--no-screen",
                       help="Screen each new case right after filing it (extraction + lists); --no-screen only files it.")
]


def _settings_for(directory: Path | None) -> Settings:
    base = settings()
    return base if directory is None else base.model_copy(update={"inbox": directory})


def screening_hook(enabled: bool) -> AfterFiled | None:
    """Screen a filed case as durable work (lease, retries); None when screening is not wanted."""
    if not enabled:
        return None
    from workflow.service import claims, screen_pending

    me = claims.WorkerId.current()
    return lambda case_id: _ignore(screen_pending(store(), settings(), case_id, owner=me.tag,
                                                  owner_dead=claims.tag_is_dead,
                                                  actor=f"intake@{me.label}"))


def _ignore(_value: Any) -> None:
    return None


def outcome_json(outcome: Outcome, file: str) -> dict[str, Any]:
    """The `rsi process --json` object for one input file."""
    from workflow.service import Accepted, Duplicate, Failed

    status = {Accepted: "processed", Duplicate: "duplicate", Failed: "failed"}

    row: dict[str, Any] = {
        "file": file,
        "sha256": outcome.sha256,
        "case_id": getattr(outcome, "case_id", None),
        "status": status[type(outcome)],
    }
    if isinstance(outcome, Failed):
        row["error"] = outcome.message
        row["code"] = outcome.code
        row["failed_path"] = outcome.failed_path
    if isinstance(outcome, Duplicate):
        row["duplicate_of_document"] = outcome.duplicate_of
    return row


def _line(row: dict[str, Any]) -> str:
    where = row["case_id"] or row.get("failed_path") or ""
    extra = f" ({row['code']}: {row['error']})" if row["status"] == "failed" else ""
    colour = {"processed": "green", "duplicate": "yellow", "failed": "red"}[row["status"]]
    return f"[{colour}]{row['status']:<9}[/] {row['file']} -> {where}{extra}"


@app.command()
def init() -> None:
    """Create the inbox, data folder and database (migrated), and print where they are.

    Example: [bold]rsi init[/] then drop a CV into the inbox and run [bold]rsi watch[/].
    """
    s = settings()
    for path in ensure_dirs(s):
        console.print(f"{path.name + ':':<12} {path.resolve()}", highlight=False)
    from sqlalchemy.engine import make_url

    store()
    url = make_url(s.effective_database_url).render_as_string(hide_password=True)
    console.print(f"{'database:':<12} {url}", highlight=False)


@app.command()
def watch(
    directory: Annotated[
        Optional[Path], typer.Argument(help="Drop folder (default: RSI_INBOX, inbox/).")
    ] = None,
    oneshot: Annotated[
        bool, typer.Option("--oneshot", help="Process what is there, then exit.")
    ] = False,
    screen: Screen = True,
) -> None:
    """Watch a drop folder: each file (or folder = one case) becomes a case when fully written.

    Each new case is screened at once (its profile extracted and checked against the lists),
    unless --no-screen. Files that cannot be read go to failed/ beside <name>.error.txt. Stop with Ctrl-C.

    Example: [bold]rsi watch inbox/[/]   or once: [bold]rsi watch --oneshot[/]
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("transitions").setLevel(logging.WARNING)  # one line per state callback otherwise
    s = _settings_for(directory)

    def show(outcome: Outcome) -> None:
        console.print(_line(outcome_json(outcome, outcome.file)), highlight=False)

    watch_inbox(s, store_when_up(), oneshot=oneshot, after_filed=screening_hook(screen), on_outcome=show)


def store_when_up() -> Any:
    """The store, waiting out a database that is restarting (a watcher started with the server)."""
    from workflow.service import retry_transient

    return retry_transient(store, budget_s=settings().db_retry_s, what="opening the database")


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders (one case each).")],
    as_json: AsJson = False,
    screen: Screen = True,
) -> None:
    """Process files now, without the watcher. The originals are copied, never moved.

    With --json, prints one JSON object per input file: file, sha256, case_id,
    status (processed | duplicate | failed) and error when failed. Exit code 1 if any failed.

    Example: [bold]rsi process cv.pdf form.pdf --json[/]
    """
    from rich.progress import Progress

    ctx = context_for(settings(), store(), screening_hook(screen))
    recover_claims(ctx)
    rows: list[dict[str, Any]] = []
    with Progress(console=err_console, transient=True, disable=as_json or len(paths) < 2) as bar:
        task = bar.add_task("processing", total=len(paths))
        for path in paths:
            for row in _process_one(path, ctx):
                rows.append(row)
                if as_json:
                    print_json(row)
                else:
                    console.print(_line(row), highlight=False)
            bar.advance(task)
    if any(r["status"] == "failed" for r in rows):
        raise typer.Exit(1)


def _process_one(path: Path, ctx: Any) -> list[dict[str, Any]]:
    if not path.exists() and not path.is_symlink():
        return [{"file": str(path), "sha256": None, "case_id": None, "status": "failed",
                 "error": "no such file or folder", "code": "not_found"}]
    outcomes = process_path(path, ctx)
    if path.is_dir():
        return [outcome_json(o, str(path.parent / o.file)) for o in outcomes]
    return [outcome_json(o, str(path)) for o in outcomes]


@app.command("cases")
def cases_command(
    state: Annotated[Optional[str], typer.Option(help="Only cases in this state.")] = None,
    as_json: AsJson = False,
) -> None:
    """List cases, newest first: id, subject, state, severity, documents, created.

    Example: [bold]rsi cases --state received --json[/]
    """
    rows = case_views.list_cases(store(), state=state)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "subject", "state", "severity", "docs", "created")
    # Ids are what people copy into the next command: never cut or wrapped (issue 16), the
    # subject folds instead.
    widest = max((len(r["id"]) for r in rows), default=2)
    table.columns[0].no_wrap, table.columns[0].min_width = True, widest
    table.columns[1].overflow = "fold"
    for r in rows:
        table.add_row(r["id"], r["subject"] or r["source"], r["state"], r["severity"] or "-",
                      str(r["documents"]), r["created"][:19])
    console.print(table)


@app.command()
def show(case: Annotated[str, typer.Argument(help="Case id, e.g. RSI-20250101-1A2B3C4D.")],
         as_json: AsJson = False) -> None:
    """Show one case: a summary first (the office's questions answered yes / no / unknown with
    evidence, findings by organisation), then documents, profile and findings with their keys.

    Example: [bold]rsi show RSI-20250101-1A2B3C4D --json[/]
    """
    try:
        sanctioned = frozenset(c.upper() for c in settings().sanctioned_countries)
        detail = case_views.case_detail(store(), case, sanctioned)
    except RsiError as exc:
        fail(exc)
    if as_json:
        print_json(detail)
        return
    _print_detail(detail)


def _print_detail(d: dict[str, Any]) -> None:
    console.print(f"[bold]{d['id']}[/]  {d['subject'] or d['source']}  state={d['state']}  "
                  f"severity={d['severity'] or '-'}  created={d['created'][:19]}", highlight=False)
    if d.get("merged_into"):
        console.print(f"merged into {d['merged_into']}: its documents and findings are there now",
                      highlight=False, markup=False)
    if d.get("merged_from"):
        console.print(f"absorbed: {', '.join(d['merged_from'])}", highlight=False, markup=False)
    if d.get("same_person"):
        console.print(f"same name or email as {', '.join(d['same_person'])}: if it is the same person, "
                      f"rsi case merge {d['same_person'][0]} {d['id']} --reason TEXT --as USER",
                      highlight=False, markup=False)
    print_summary(d)
    request = d.get("request") or {}
    console.print(f"{request.get('kind', '')}: requested by {request.get('requester_name') or '?'} "
                  f"<{request.get('requester_email') or 'no email'}>, host {request.get('host') or '?'}",
                  highlight=False, markup=False)
    for line in [*request.get("request_warnings", []), *d.get("letter_missing", [])]:
        err_console.print(f"warning: {line}", highlight=False, markup=False)
    _print_screening_status(d.get("screening_status"))
    table = Table("file", "sha256", "kind", "pages", "ocr", "warnings")
    for doc in d["documents"]:
        notes = "; ".join(doc["warnings"])
        if doc.get("linked_from"):  # filed in another case, linked here because its name gave this id
            notes = "; ".join(filter(None, [f"linked, filed in {doc['linked_from']}", notes]))
        table.add_row(doc["file_name"], doc["sha256"][:16], doc["kind"], str(doc["pages"]),
                      "yes" if doc["ocr_used"] else "", notes)
    console.print(table)
    if d["profile"]:
        from workflow.cli.extract import print_profile

        print_profile(d["profile"])
    for f in d["findings"]:
        console.print(f"[{f.get('severity', '')}] {f.get('short_key', '-')}  {f.get('rule_id', '')}: "
                      f"{f.get('title', '')}", highlight=False, markup=False)
    if d["findings"]:
        console.print(f"Dismiss one with: rsi dismiss {d['id']} KEY --reason TEXT --as USER",
                      highlight=False, markup=False, style="dim")


def print_summary(d: dict[str, Any]) -> None:
    """The case summary first: the office's questions answered, then findings by organisation."""
    summary = d.get("summary")
    if not summary:
        return
    table = Table("question", "answer", "evidence", title="Summary", title_justify="left")
    table.columns[2].overflow = "fold"
    for q in summary["questions"]:
        colour = {"yes": "red", "no": "green"}.get(q["answer"], "yellow")
        table.add_row(q["question"], f"[{colour}]{q['answer']}[/]", "; ".join(q["evidence"]) or "-")
    console.print(table)
    for group in summary["groups"]:
        keys = ", ".join(f"{f['short_key']} {f['rule_id']}" for f in group["findings"])
        console.print(f"[{group['severity']}] {group['organisation']}: {keys}", highlight=False,
                      markup=False)


def _print_screening_status(status: dict[str, Any] | None) -> None:
    """Say when a case has not been screened yet, or its screening failed (and why)."""
    if not status:
        return
    if status["status"] == "failed":
        console.print(f"[bold red]screening failed[/] (attempt {status['attempts']}): "
                      f"{escape(status['last_error'] or '')}; retried automatically, next attempt "
                      f"{status['next_attempt_at'][:19]} UTC", highlight=False)
    else:
        console.print(f"[yellow]not screened yet[/] ({status['status']}): no findings until a "
                      "screening watcher (rsi watch / rsi run) has screened it", highlight=False)
