"""Letter commands: `rsi letter CASE [--preview | --send] [--rewrite] [--force]`.

A thin layer over workflow.letters.service; errors map to exit code 8 (ErrorCode.LETTER) via `fail`,
and a send that may have arrived (connection lost after the data was handed over) to 10.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from intake.errors import ErrorCode, LetterError, RsiError
from workflow.service import lazy
from workflow.cli.common import app, console, err_console, fail, print_json, settings, store

letters = lazy("letters")  # bound on first use: `rsi --help` does not load Jinja2 or the store


@app.command()
def letter(
    case: str,
    preview: Annotated[bool, typer.Option("--preview", help="Print the text part; write nothing.")] = False,
    html: Annotated[bool, typer.Option("--html", help="With --preview: print the HTML part.")] = False,
    send: Annotated[bool, typer.Option("--send", help="Deliver by SMTP (writes the .eml first).")] = False,
    rewrite: Annotated[bool, typer.Option("--rewrite", help="Re-render a letter not yet sent.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Send again after an interrupted or uncertain send (first check it did not arrive).")] = False,
    as_user: Annotated[Optional[str], typer.Option("--as", help="Who acts (for the audit trail).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write the decision letter of CASE to the outbox as an .eml, preview it, or send it.

    Examples: rsi letter C-0001 --preview | rsi letter C-0001 | rsi letter C-0001 --send
    """
    try:
        if preview and (send or rewrite):
            raise LetterError("--preview writes and sends nothing; drop --send/--rewrite")
        if preview:
            _preview(case, html)
        elif send:
            _send(case, as_user or "system", force, as_json)
        else:
            _write(case, as_user or "system", rewrite, as_json)
    except RsiError as exc:
        fail(exc)


def _preview(case: str, html: bool) -> None:
    rendered = letters.preview_letter(store(), settings(), case)
    sys.stdout.write(rendered.html if html else f"Subject: {rendered.subject}\n\n{rendered.text}")
    sys.stdout.flush()


def _write(case: str, actor: str, rewrite: bool, as_json: bool) -> None:
    written = letters.write_letter(store(), settings(), case, actor, rewrite=rewrite)
    if as_json:
        print_json(written.__dict__)
        return
    verb = "wrote" if written.written_now else f"already written ({written.status}):"
    console.print(f"{case}: {verb} {written.path}\n  {written.letter_type}, sha256 {written.sha256}, "
                  f"{written.message_id}, to {', '.join(written.recipients)}", highlight=False)


def _send(case: str, actor: str, force: bool, as_json: bool) -> None:
    result = letters.send_letter(store(), settings(), case, actor, force=force)
    if result.status == "uncertain":
        raise LetterError(f"sending {result.letter.path} ({result.letter.message_id}) may or may not "
                          f"have arrived: {result.error}. It is marked uncertain and will not be sent "
                          f"again by itself; check with the recipient or the mail server's log, and "
                          f"only if it did not arrive run `rsi letter {case} --send --force`",
                          ErrorCode.LETTER_UNCERTAIN)
    if result.status != "sent":
        raise LetterError(f"sending {result.letter.path} failed after {result.attempts} attempt(s): "
                          f"{result.error}. The letter stays in the outbox (status failed); "
                          f"run `rsi letter {case} --send` to retry")
    if as_json:
        print_json({**result.letter.__dict__, "status": result.status, "attempts": result.attempts,
                    "error": result.error, "refused": result.refused})
    else:
        console.print(f"{case}: sent {result.letter.message_id} to {', '.join(result.letter.recipients)} "
                      f"(attempt {result.attempts})", highlight=False)
        if result.refused:
            err_console.print(f"refused by the server: {result.refused}", highlight=False)
