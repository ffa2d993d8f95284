"""The request and the letter on the case page: edit who asked and for what; write, download, send.

Staff and reviewers edit the request (the letter's addressee and scope); reviewers write and send
the decision letter; anyone who may read the case downloads the .eml or opens the HTML part on
its own page (sandboxed by CSP: no script, no form, nothing from elsewhere), so nothing is cut off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from intake.errors import ErrorCode, LetterError, NotFound
from workflow.service import REQUEST_FIELDS, User, preview_letter, redraft_after_request_change
from workflow.service import requests as case_requests
from workflow.service import send_letter, set_request_field, write_letter
from workflow.web import casedata
from workflow.web.render import flash
from workflow.web.security import any_user, reviewer, uploader

router = APIRouter()
# The HTML part alone: its inline styles may apply, nothing else may load or run.
LETTER_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@router.post("/cases/{case_id}/request")
async def edit_request(request: Request, case_id: str, user: Annotated[User, Depends(uploader)]) -> Response:
    """Save the request fields that changed (each validated and audited), then redraft an unsent letter."""
    store, form = request.app.state.store, await request.form()
    current = casedata.load_case(store, case_id).request
    changes = {}
    for key in REQUEST_FIELDS:
        if key not in form:
            continue
        value = str(form[key])
        shown = ", ".join(current[key]) if isinstance(current[key], list) else str(current[key] or "")
        if value.strip() != shown.strip():
            changes[key] = value
    for key, value in changes.items():
        case_requests.validate(key, value)  # all or nothing: a bad value changes no field
    for key, value in changes.items():
        set_request_field(store, case_id, key, value, user.name)
    redrafted = redraft_after_request_change(store, request.app.state.settings, case_id, user.name)
    note = " The unsent letter was written again." if redrafted and redrafted.written_now else ""
    flash(request, (f"Request updated: {', '.join(changes)}." if changes else "Nothing changed.") + note)
    return RedirectResponse(f"/cases/{case_id}#request", status_code=303)


@router.post("/cases/{case_id}/letter/write")
def write(request: Request, case_id: str, user: Annotated[User, Depends(reviewer)]) -> Response:
    """Write the latest decision's letter to the outbox (again, while it is not sent)."""
    store, settings = request.app.state.store, request.app.state.settings
    view = casedata.load_case(store, case_id)
    current = view.current_letter
    rewrite = current is not None and current.status in ("written", "failed")
    written = write_letter(store, settings, case_id, user.name, rewrite=rewrite)
    flash(request, f"Letter written to {Path(written.path).name} for {', '.join(written.recipients)}."
          if written.written_now else f"The letter is already {written.status}; it is not written again.")
    return RedirectResponse(f"/cases/{case_id}#letter", status_code=303)


@router.post("/cases/{case_id}/letter/send")
def send(request: Request, case_id: str, user: Annotated[User, Depends(reviewer)],
         force: Annotated[str, Form()] = "") -> Response:
    """Send the letter by SMTP, at most once; an uncertain or interrupted send needs `force`."""
    result = send_letter(request.app.state.store, request.app.state.settings, case_id, user.name,
                         force=force == "yes")
    if result.status == "uncertain":
        raise LetterError(f"The connection was lost after the letter was handed to the mail server: it may "
                          f"have arrived ({result.letter.message_id}). Check before sending it again.",
                          ErrorCode.LETTER_UNCERTAIN)
    if result.status != "sent":
        raise LetterError(f"Sending failed after {result.attempts} attempt(s): {result.error}. "
                          "The letter stays in the outbox; try again later.")
    flash(request, f"Letter sent to {', '.join(result.letter.recipients)} ({result.letter.message_id}).")
    return RedirectResponse(f"/cases/{case_id}#letter", status_code=303)


@router.get("/cases/{case_id}/letter.eml")
def download(request: Request, case_id: str, user: Annotated[User, Depends(any_user)]) -> Response:
    """The latest decision's .eml as written (the bytes hashed into the audit trail)."""
    view = casedata.load_case(request.app.state.store, case_id)
    letter = view.current_letter
    outbox = Path(request.app.state.settings.outbox).resolve()
    path = Path(letter.path).resolve() if letter else None
    if path is None or not path.is_file() or outbox not in path.parents:
        raise NotFound(f"case {case_id} has no written letter for its latest decision; write it first")
    return FileResponse(path, media_type="message/rfc822", filename=path.name)


@router.get("/cases/{case_id}/letter/html")
def html_part(request: Request, case_id: str, user: Annotated[User, Depends(any_user)]) -> Response:
    """The letter's HTML part as a page of its own, whole, under a sandboxing CSP."""
    rendered = preview_letter(request.app.state.store, request.app.state.settings, case_id)
    html = rendered[2] if isinstance(rendered, tuple) else rendered.html
    return HTMLResponse(html, headers={"Content-Security-Policy": LETTER_CSP})
