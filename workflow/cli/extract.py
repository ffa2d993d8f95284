"""rsi extract PATH...: read files and print the extracted profile, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from intake.errors import ErrorCode, RsiError
from workflow.cli.common import app, console, err_console, fail, print_json, settings, store

AsJson = Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")]


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="CV, screening form, publication list (.bib/.ris/.csv), or a folder of them.")],
    as_json: AsJson = False,
) -> None:
    """Read documents and print the profile extracted from them, without creating a case.

    All files given (or found in a folder) are treated as one person's documents, as a case
    would be. The reference lists in use (starter lists plus imported snapshots) feed the
    gazetteer that recognises listed organisations, funders and talent programs.

    Example: [bold]rsi extract cv.pdf form.pdf pubs.bib --json[/]
    """
    from intake.documents import ReadLimits, read_document
    from intake.extract import extract_profile
    from intake.extract_limits import cap_documents

    s = settings()
    files = _files(paths)
    limits = ReadLimits.from_settings(s)
    documents = []
    for path in files:
        try:
            documents.append(read_document(path, limits))
        except RsiError as exc:
            fail(exc)
    if not documents:
        fail(RsiError("no readable files given", ErrorCode.NOT_FOUND))
    reference = _reference()
    with err_console.status("extracting"):
        profile = extract_profile(cap_documents(documents, s.max_extract_chars), reference.gazetteer(),
                                  host_countries=reference.org_countries)
    data = profile.model_dump(mode="json")
    if as_json:
        print_json(data)
    else:
        print_profile(data)


def _reference() -> Any:
    """The lists in use, read without running migrations (a one-shot only reads; Alembic costs ~0.2 s)."""
    from sqlalchemy.exc import SQLAlchemyError

    from workflow.service import load_active_reference, open_store

    try:
        return load_active_reference(open_store(settings().effective_database_url, run_migrations=False), settings())
    except SQLAlchemyError:  # no database yet, or an older schema: migrate it, as other commands do
        return load_active_reference(store(), settings())


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            fail(RsiError(f"{path}: no such file or folder", ErrorCode.NOT_FOUND))
    return files


def _period(p: dict[str, Any] | None) -> str:
    if not p:
        return ""
    start = (p.get("start") or "")[:4]
    end = "present" if p.get("current") else (p.get("end") or "")[:4]
    return f"{start}-{end}" if start or end else ""


def print_profile(profile: dict[str, Any]) -> None:
    """A readable summary of a profile: person, then one table per kind of fact with its evidence."""
    person = profile.get("person") or {}
    console.print(f"[bold]{person.get('name') or '(no name found)'}[/]  {person.get('email') or ''}", highlight=False)
    facts = [
        ("citizenship", ", ".join(person.get("citizenships") or [])),
        ("residence", person.get("residence_country") or ""),
        ("other names", ", ".join(person.get("other_names") or [])),
    ]
    for label, value in facts:
        if value:
            console.print(f"  {label}: {value}", highlight=False, markup=False)
    sections = [
        ("Affiliations", "affiliations", lambda a: [a["organisation"], a.get("country") or "", a.get("role") or "", _period(a.get("period"))]),
        ("Visiting appointments", "visiting_appointments", lambda a: [a["organisation"], a.get("country") or "", a.get("role") or "", _period(a.get("period"))]),
        ("Education", "education", lambda e: [e["organisation"], e.get("country") or "", e.get("degree") or "", _period(e.get("period"))]),
        ("Funding", "funding", lambda f: [f["funder"], f.get("country") or "", f.get("grant_id") or "", _period(f.get("period"))]),
        ("Patents", "patents", lambda p: [p["number"], p.get("office") or "", p.get("title") or "", str(p.get("year") or "")]),
        ("Talent programs", "talent_programs", lambda t: [t["name"], "", "", _period(t.get("period"))]),
        ("Talks and travel", "travel", lambda t: [t.get("host") or "", t.get("country") or "", _paid(t), _period(t.get("when"))]),
        ("Hosted visitors", "hosted_visitors", lambda v: [v.get("name") or "", v.get("country") or "", v.get("organisation") or "", _period(v.get("period"))]),
        ("Publications", "publications", lambda p: [p["title"][:60], "; ".join(p.get("coauthor_organisations") or [])[:60], "", str(p.get("year") or "")]),
        ("Form answers", "disclosures", lambda d: [d["field"][:70], d["answer"][:40], "", ""]),
        ("Documents disagree", "inconsistencies", lambda i: [i["field"], " vs ".join(i["values"])[:70], "", ""]),
    ]
    for title, key, row in sections:
        items = profile.get(key) or []
        if not items:
            continue
        table = Table(title=f"{title} ({len(items)})", title_justify="left", show_header=False)
        for item in items:
            quote = (item.get("evidence") or [{}])[0]
            where = f"p{quote.get('page')}" if quote.get("page") else ""
            table.add_row(*[str(c) for c in row(item)], where)
        console.print(table)
    for warning in profile.get("warnings") or []:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


def _paid(t: dict[str, Any]) -> str:
    flags = [name for name, key in (("sponsored", "sponsored"), ("honorarium", "honorarium")) if t.get(key)]
    return ", ".join(flags)
