"""The case queue, the case page, page texts, and the reviewer actions (decide, dismiss)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from intake.errors import RsiError
from intake.records import Severity
from workflow.service import decisions, intake_feedback
from workflow.service import State
from workflow.service import Role, User
from workflow.service import REQUEST_FIELDS, letter_after_decision
from workflow.web import casedata
from workflow.web.casedata import QueueFilter
from workflow.web.render import flash, page
from workflow.web.security import any_user, reviewer

router = APIRouter()


@router.get("/cases")
def queue_page(
    request: Request,
    user: Annotated[User, Depends(any_user)],
    state: str = "",
    severity: str = "",
    q: str = "",
    sort: str = "severity",
) -> Response:
    """The queue: cases by severity, age and state, filtered; htmx asks for the table only."""
    filters = QueueFilter(state=state, severity=severity, q=q, sort=sort)
    cases = casedata.queue(request.app.state.store, filters)
    template = "_queue_table.html" if request.headers.get("HX-Request") else "queue.html"
    store = request.app.state.store
    return page(request, template, title="Cases", cases=cases, filters=filters,
                states=[s.value for s in State], severities=[s.value for s in Severity],
                screening=casedata.screening_status(store, cases),
                failures=intake_feedback.recent_failures(store, limit=20))


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, user: Annotated[User, Depends(any_user)]) -> Response:
    """One case: documents, profile, findings with evidence, decision form, letter, timeline."""
    store = request.app.state.store
    sanctioned = frozenset(c.upper() for c in request.app.state.settings.sanctioned_countries)
    view = casedata.load_case(store, case_id, sanctioned)
    is_reviewer = user.role == Role.REVIEWER
    can_decide = is_reviewer and bool(view.outcomes)
    pending = decisions.pending_approval(store, case_id)
    # Only another reviewer (the one asked, when one was) sees the confirm button.
    can_confirm = (is_reviewer and pending is not None and pending.proposed_by != user.name
                   and pending.nominated in (None, user.name))
    return page(request, "case.html", title=f"Case {case_id}", view=view, can_decide=can_decide,
                is_reviewer=is_reviewer, pending_approval=pending, can_confirm_approval=can_confirm,
                second_reviewers=casedata.reviewer_names(store, user.name) if can_decide else [],
                letter=_letter_preview(request, view), request_fields=REQUEST_FIELDS)


def _letter_preview(request: Request, view: casedata.CaseView) -> dict[str, Any] | None:
    """The letter for the latest decision, or None before any decision."""
    if not view.decisions:
        return None
    try:
        from workflow.service import preview_letter
    except ImportError:  # the letters module is not installed in this build
        return {"error": "letter preview is not available in this build"}
    try:
        preview = preview_letter(request.app.state.store, request.app.state.settings, view.case.id)
    except RsiError as exc:
        return {"error": exc.message}
    # A (subject, text, html) tuple or a record with those attributes.
    subject, text, html = (preview if isinstance(preview, tuple)
                           else (preview.subject, preview.text, preview.html))
    return {"subject": subject, "text": text, "html": html, "error": None}


@router.get("/cases/{case_id}/documents/{doc_id}/pages/{number}")
def page_text(
    request: Request, case_id: str, doc_id: int, number: int,
    user: Annotated[User, Depends(any_user)],
) -> Response:
    """The extracted text of one page, as plain escaped text."""
    doc, text = casedata.document_page(request.app.state.store, case_id, doc_id, number)
    return page(request, "page_text.html", title=f"{doc.file_name} page {number}", case_id=case_id,
                doc=doc, number=number, text=text)


@router.post("/cases/{case_id}/decide")
def decide(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    outcome: Annotated[str, Form()],
    rationale: Annotated[str, Form()] = "",
    conditions: Annotated[str, Form()] = "",
    second_reviewer: Annotated[str, Form()] = "",
    override_rationale: Annotated[str, Form()] = "",
    items: Annotated[str, Form()] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    """Record the reviewer's decision through the decision service (guards explain refusals).

    An approval over a blocker is only proposed: it waits for a second reviewer, who confirms it
    from their own session (POST confirm-approval).
    """
    done = decisions.decide(request.app.state.store, case_id, outcome=outcome, reviewer=user.name,
                            rationale=rationale, conditions=_lines(conditions), items=_lines(items),
                            second_reviewer=second_reviewer or None,
                            override_rationale=override_rationale or None, expected_version=version)
    if done.pending_approval is not None:
        flash(request, "Approval proposed: nothing is approved until a second reviewer confirms "
                       "it from their own session.")
    else:
        _flash_with_letter(request, case_id, user, f"Decision recorded: {outcome.replace('-', ' ')}.")
    return RedirectResponse(f"/cases/{case_id}#decision", status_code=303)


def _flash_with_letter(request: Request, case_id: str, user: User, said: str) -> None:
    """A decision's letter goes into the outbox at once (or out, with letter_on_decision=send)."""
    drafted = letter_after_decision(request.app.state.store, request.app.state.settings, case_id, user.name)
    summary = drafted.summary()
    flash(request, f"{said} {summary[:1].upper()}{summary[1:]}.")


@router.post("/cases/{case_id}/confirm-approval")
def confirm_approval(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    pending_id: Annotated[int | None, Form()] = None,
    note: Annotated[str, Form()] = "",
) -> Response:
    """A second reviewer, logged in as themselves, confirms another reviewer's approval."""
    decisions.confirm_approval(request.app.state.store, case_id, user.name, note,
                               pending_id=pending_id)
    _flash_with_letter(request, case_id, user, "Approval confirmed: the decision names both reviewers.")
    return RedirectResponse(f"/cases/{case_id}#decision", status_code=303)


@router.post("/cases/{case_id}/findings/dismiss")
def dismiss(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    finding_key: Annotated[str, Form()],
    rationale: Annotated[str, Form()],
) -> Response:
    """Dismiss a finding as a false positive, with the reviewer's reason (a blocker: propose it)."""
    done = decisions.dismiss_finding(request.app.state.store, case_id, finding_key,
                                     actor=user.name, rationale=rationale)
    flash(request, "Dismissal proposed: the blocker counts until a second reviewer confirms it."
          if done.pending else "Finding dismissed as a false positive.")
    return RedirectResponse(f"/cases/{case_id}#findings", status_code=303)


@router.post("/cases/{case_id}/findings/confirm-dismissal")
def confirm_dismissal(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    finding_key: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    """A second reviewer confirms another reviewer's dismissal of a blocker finding."""
    done = decisions.confirm_dismissal(request.app.state.store, case_id, finding_key,
                                       actor=user.name, note=note)
    flash(request, f"Dismissal by {done.proposed_by} confirmed: the finding no longer counts.")
    return RedirectResponse(f"/cases/{case_id}#findings", status_code=303)


@router.post("/cases/{case_id}/start-review")
def start_review(request: Request, case_id: str, user: Annotated[User, Depends(reviewer)]) -> Response:
    """Take a flagged or reopened case into review."""
    decisions.start_review(request.app.state.store, case_id, reviewer=user.name)
    flash(request, "Case taken into review.")
    return RedirectResponse(f"/cases/{case_id}#decision", status_code=303)


@router.post("/cases/{case_id}/close")
def close(request: Request, case_id: str, user: Annotated[User, Depends(reviewer)]) -> Response:
    """Close a decided case."""
    decisions.close(request.app.state.store, case_id, actor=user.name)
    flash(request, "Case closed.")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}/letter")
def letter_page(request: Request, case_id: str, user: Annotated[User, Depends(any_user)]) -> Response:
    """The letter preview on its own page (text part and sandboxed HTML part)."""
    view = casedata.load_case(request.app.state.store, case_id)
    return page(request, "letter.html", title=f"Letter for case {case_id}", view=view,
                letter=_letter_preview(request, view), is_reviewer=user.role == Role.REVIEWER)


def _lines(text: str) -> list[str]:
    """One condition per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]
