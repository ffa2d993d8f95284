"""Reviewer case management on the web: merge a case into another of the same person, withdraw one.

The same services as `rsi case merge` and `rsi case withdraw` (workflow.cases.manage); the
survivor of a merge is screened again at once, so its findings cover every document.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from workflow.service import User, manage
from workflow.web.render import flash
from workflow.web.security import reviewer

router = APIRouter()
log = logging.getLogger("rsi.web")


@router.post("/cases/{case_id}/merge")
def merge(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    into: Annotated[str, Form()],
    rationale: Annotated[str, Form()] = "",
) -> Response:
    """Merge this case into `into` (same person): it ends 'merged'; the other keeps everything."""
    done = manage.merge_cases(request.app.state.store, case_id, into, user.name, rationale)
    note = ""
    try:
        from workflow.service import screen_case

        outcome = screen_case(request.app.state.store, request.app.state.settings, done.survivor,
                              actor=user.name, trigger="merge")
        note = f" Screened again: {outcome.finding_count} finding(s)."
    except Exception as exc:  # the merge stands; say what is left to do
        log.exception("screening after merge failed for %s", done.survivor)
        note = f" It could not be screened again ({type(exc).__name__}); run rsi rescreen {done.survivor}."
    flash(request, f"Case {done.absorbed} merged into {done.survivor}: {len(done.documents)} document(s) "
                   f"moved.{note}")
    return RedirectResponse(f"/cases/{done.survivor}", status_code=303)


@router.post("/cases/{case_id}/withdraw")
def withdraw(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(reviewer)],
    rationale: Annotated[str, Form()] = "",
) -> Response:
    """Withdraw an open case: no decision is recorded, so no letter is written."""
    manage.withdraw_case(request.app.state.store, case_id, user.name, rationale)
    flash(request, "Case withdrawn: no decision and no letter.")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
