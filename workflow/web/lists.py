"""The reference-lists page: each active snapshot with its date, age and warnings; admins update them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from intake.errors import ListShrinkError, RsiError
from workflow.service import audit
from workflow.service import lists as lists_service
from workflow.service import screening as screening_service
from workflow.service import Role, User
from workflow.service import starter_status
from workflow.web.render import flash, page
from workflow.web.security import admin, any_user

router = APIRouter()
MAX_LIST_BYTES = 200 * 1024 * 1024  # the consolidated list is tens of MiB


@router.get("/lists")
def lists_page(request: Request, user: Annotated[User, Depends(any_user)]) -> Response:
    """Which list versions screening uses, and how old they are."""
    settings = request.app.state.settings
    return page(request, "lists.html", title="Reference lists",
                lines=lists_service.snapshot_status(request.app.state.store, settings),
                starters=starter_status(settings),
                max_age=settings.list_max_age_days, list_ids=sorted(settings.list_urls),
                can_manage=user.role == Role.ADMIN)


def _audit(request: Request, user: User, results: list[lists_service.ImportResult], how: str,
           allow_shrink: bool) -> None:
    # allow_shrink is recorded: accepting a version that clears many entries is the admin's decision
    with request.app.state.store.session() as session:
        audit.append(session, actor=user.name, action="lists_updated", payload={
            "how": how, "snapshots": [r.snapshot_id for r in results],
            "new": [r.snapshot_id for r in results if r.created], "allow_shrink": allow_shrink})


def _refused(request: Request, user: User, err: ListShrinkError, how: str) -> ListShrinkError:
    """A refused shrink is audited too (who tried what), and says how to accept it on this page."""
    with request.app.state.store.session() as session:
        audit.append(session, actor=user.name, action="lists_shrink_refused", payload={
            "how": how, "message": err.message})
    return ListShrinkError(err.message.replace("import it again with --allow-shrink",
                                               "tick 'Allow shrink' and import it again"))


@router.post("/lists/import")
def lists_import(
    request: Request,
    tasks: BackgroundTasks,
    user: Annotated[User, Depends(admin)],
    list_id: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    fmt: Annotated[str, Form()] = "",
    allow_shrink: Annotated[bool, Form()] = False,
) -> Response:
    """Load an uploaded list file as the active snapshot of `list_id` (for offline sites); a version
    that removes more than a tenth of the entries is refused unless 'Allow shrink' is ticked."""
    content = file.file.read(MAX_LIST_BYTES + 1)
    if len(content) > MAX_LIST_BYTES:
        raise RsiError("list file is too large")
    try:
        result = lists_service.store_snapshot(request.app.state.store, request.app.state.settings,
                                              list_id.strip(), content, name=file.filename or list_id,
                                              fmt=fmt or None, allow_shrink=allow_shrink)
    except ListShrinkError as err:
        raise _refused(request, user, err, "import") from err
    _audit(request, user, [result], "import", allow_shrink)
    flash(request, f"{result.snapshot_id}: {result.entry_count} entries"
                   f"{'' if result.created else ' (same content as before)'}.{_rescreen_later(request, tasks, result.created)}")
    return RedirectResponse("/lists", status_code=303)


@router.post("/lists/update")
def lists_update(request: Request, tasks: BackgroundTasks, user: Annotated[User, Depends(admin)],
                 allow_shrink: Annotated[bool, Form()] = False) -> Response:
    """Download every configured list from its publisher and make the new versions active (a
    shrink of more than a tenth is refused unless 'Allow shrink' is ticked)."""
    try:
        results = lists_service.update_lists(request.app.state.store, request.app.state.settings,
                                             allow_shrink=allow_shrink)
    except ListShrinkError as err:
        raise _refused(request, user, err, "download") from err
    _audit(request, user, results, "download", allow_shrink)
    flash(request, "Updated: " + ", ".join(f"{r.snapshot_id} ({r.entry_count})" for r in results)
          + "." + _rescreen_later(request, tasks, any(r.created for r in results)))
    return RedirectResponse("/lists", status_code=303)


def _rescreen_later(request: Request, tasks: BackgroundTasks, created: bool) -> str:
    """After the response, screen open and recent cases again when a list changed; say so."""
    if not created:
        return ""
    store, settings = request.app.state.store, request.app.state.settings
    tasks.add_task(screening_service.rescreen_after_list_change, store, settings, created, actor="lists")
    return " Open and recently decided cases are being screened again."
