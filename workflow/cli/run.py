"""`rsi run`: the whole service in one process: the inbox watcher plus the web UI."""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Optional

import typer

from workflow.cli.common import app, console, settings


@app.command()
def run(
    web: bool = typer.Option(True, "--web/--no-web", help="Also serve the web UI."),
    screen: bool = typer.Option(True, "--screen/--no-screen", help="Screen each new case right after filing it."),
    host: Annotated[Optional[str], typer.Option(help="Address the web UI listens on (default RSI_WEB_HOST, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port of the web UI (default RSI_WEB_PORT, 8000).")] = None,
) -> None:
    """Watch the inbox and serve the web UI until Ctrl-C (what `make run` starts).

    Logs one line per file (filed / duplicate / failed with the reason) and per screening.

    Example: `rsi run --port 8080` then open http://127.0.0.1:8080 and drop a CV into inbox/.
    """
    import uvicorn

    from workflow.cli.cases import outcome_json, screening_hook, store_when_up
    from workflow.service import Outcome, watch_inbox
    from workflow.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("transitions").setLevel(logging.WARNING)  # one line per state callback otherwise
    cfg, st = settings(), store_when_up()
    web_host, web_port = host or cfg.web_host, port or cfg.web_port
    if web:
        # uvicorn skips its signal handlers off the main thread; the watcher owns SIGINT/SIGTERM.
        server = uvicorn.Server(
            uvicorn.Config(create_app(cfg, st), host=web_host, port=web_port, log_level="warning")
        )
        threading.Thread(target=server.run, name="rsi-web", daemon=True).start()
        console.print(f"web UI on http://{web_host}:{web_port}  (create a login: rsi users add NAME --role reviewer)")
    console.print(f"watching {cfg.inbox.resolve()}  (Ctrl-C stops)")
    file_log = logging.getLogger("rsi.files")

    def log_outcome(outcome: Outcome) -> None:
        row = outcome_json(outcome, outcome.file)
        if row["status"] == "failed":
            file_log.warning("failed %s: %s: %s (kept in %s)", row["file"], row["code"], row["error"],
                             row.get("failed_path") or "inbox/.processing")
        elif row["status"] == "duplicate":
            file_log.info("duplicate %s: same content as a document of %s", row["file"], row["case_id"])
        else:
            file_log.info("filed %s -> %s", row["file"], row["case_id"])

    watch_inbox(cfg, st, after_filed=screening_hook(screen), on_outcome=log_outcome)
