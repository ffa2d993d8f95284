"""The global audit page (chain verification, latest records) and the CSV/JSON exports."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from intake.errors import RsiError
from workflow.service import audit
from workflow.service import AuditEventRow
from workflow.service import Role, User
from workflow.web.render import page
from workflow.web.security import audit_reader, exporter

router = APIRouter()
PAGE_SIZE = 200
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@router.get("/audit")
def audit_page(
    request: Request, user: Annotated[User, Depends(audit_reader)], before: int | None = None,
) -> Response:
    """Verify the whole chain and show the latest records, newest first, a page at a time."""
    with request.app.state.store.session() as session:
        result = audit.verify(session,
                              retention_years=request.app.state.settings.retention_years)
        query = select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(PAGE_SIZE)
        if before is not None:
            query = query.where(AuditEventRow.seq < before)
        events = list(session.scalars(query))
    older = events[-1].seq if len(events) == PAGE_SIZE else None
    return page(request, "audit.html", title="Audit trail", result=result, events=events,
                older=older, can_export=user.role in (Role.AUDITOR, Role.ADMIN))


@router.get("/audit/export")
def audit_export(
    request: Request, user: Annotated[User, Depends(exporter)], fmt: str = "csv",
    case_id: str | None = None,
) -> Response:
    """Download the records (all, or one case's) as CSV or JSON; the export itself is audited."""
    if fmt not in MEDIA:
        raise RsiError("export format is csv or json")
    with request.app.state.store.session() as session:
        body = audit.export(session, case_id=case_id or None, fmt=fmt)
        audit.append(session, actor=user.name, action="audit_exported", case_id=case_id or None,
                     payload={"format": fmt})
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": download_disposition(case_id, fmt)})


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def download_disposition(case_id: str | None, fmt: str) -> str:
    """`attachment; filename="rsi-audit-<id>.<fmt>"` with the id reduced to safe characters.

    A case id is user input here: quotes, semicolons or line breaks in it must not add header
    parameters (`filename*=`) or headers, so everything but letters, digits, '.', '_' and '-' goes.
    """
    label = _SAFE_NAME.sub("_", case_id or "all").strip("._") or "case"
    return f'attachment; filename="rsi-audit-{label[:64]}.{fmt}"'

