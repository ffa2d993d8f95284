"""rsi forms generate OUTDIR: write the blank, fillable screening forms rsi reads back."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.common import app, console, err_console

forms_app = typer.Typer(
    help=(
        "The screening forms rsi ships: write them, send them, drop the filled ones into the inbox.\n\n"
        "rsi reads a form filled in a PDF viewer field by field, and a form that was printed, "
        "filled by hand and scanned through OCR (it then warns which answers it could not read)."
    ),
    no_args_is_help=True,
)
app.add_typer(forms_app, name="forms")


class FormKey(StrEnum):
    """The forms rsi ships (keys of intake.forms.FORMS)."""

    COLLABORATION = "collaboration"
    VISITOR = "visitor"




@forms_app.command("generate")
def generate(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the PDFs into (created if missing).")],
    form: Annotated[
        list[FormKey] | None,
        typer.Option("--form", help="Only this form (repeatable); both when omitted."),
    ] = None,
) -> None:
    """Write the blank, fillable International Collaboration and Visitor Screening Forms.

    Send a form to the researcher (or the host) to fill in a PDF viewer, or print it to be filled
    by hand. Filled forms dropped into the inbox are read back into the case's disclosures: the
    Yes/No answers to the office's questions (foreign funding, foreign appointment, patents,
    talent programs, shipments, military end use, emerging technology, ...) feed the screening.

    Example: [bold]rsi forms generate forms/[/]  ->  forms/international-visitor-screening-form.pdf, ...
    """
    from intake.forms.generate import blank_form
    from intake.forms.spec import FORMS

    keys = [k.value for k in form] if form else list(FORMS)
    if outdir.exists() and not outdir.is_dir():
        err_console.print(f"error: {outdir} exists and is not a folder")
        raise typer.Exit(2)
    outdir.mkdir(parents=True, exist_ok=True)
    for key in keys:
        console.print(str(blank_form(key, outdir / FORMS[key].file_name)), highlight=False, soft_wrap=True)
