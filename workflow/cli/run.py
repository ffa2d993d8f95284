"""`rsi run`: the whole service in one process: the inbox watcher plus the web UI."""

from __future__ import annotations

import threading

import typer

from workflow.cli.common import app, console, settings, store


@app.command()
def run(
    web: bool = typer.Option(True, "--web/--no-web", help="Also serve the web UI."),
    screen: bool = typer.Option(True, "--screen/--no-screen", help="Screen each new case right after filing it."),
) -> None:
    """Watch the inbox and serve the web UI until Ctrl-C (what `make run` starts).

    Example: `rsi run` then open http://127.0.0.1:8000 and drop a CV into inbox/.
    """
    import uvicorn

    from workflow.cli.cases import screening_hook
    from workflow.service import watch_inbox
    from workflow.web.app import create_app

    cfg, st = settings(), store()
    if web:
        # uvicorn skips its signal handlers off the main thread; the watcher owns SIGINT/SIGTERM.
        server = uvicorn.Server(
            uvicorn.Config(create_app(cfg, st), host=cfg.web_host, port=cfg.web_port, log_level="warning")
        )
        threading.Thread(target=server.run, name="rsi-web", daemon=True).start()
        console.print(f"web UI on http://{cfg.web_host}:{cfg.web_port}  (create a login: rsi users add NAME --role reviewer)")
    console.print(f"watching {cfg.inbox.resolve()}  (Ctrl-C stops)")
    watch_inbox(cfg, st, after_filed=screening_hook(screen))
