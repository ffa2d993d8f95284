"""Read-only views of cases for the CLI and the web: a case list and one case with its documents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from intake.errors import NotFound
from workflow.cases import pending
from workflow.cases.store import CaseRow, DocumentRow, ScreeningRow, Store


def list_cases(store: Store, *, state: str | None = None) -> list[dict[str, Any]]:
    """Every case (newest first), optionally in one state, with its document count."""
    counts = (
        select(DocumentRow.case_id, func.count(DocumentRow.id).label("n"))
        .group_by(DocumentRow.case_id)
        .subquery()
    )
    query = (
        select(CaseRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.case_id == CaseRow.id)
        .order_by(CaseRow.created_at.desc(), CaseRow.id)
    )
    if state:
        query = query.where(CaseRow.state == state)
    with store.session() as s:
        return [_summary(case, n) for case, n in s.execute(query).all()]


def _summary(case: CaseRow, documents: int) -> dict[str, Any]:
    return {
        "id": case.id,
        "subject": case.subject_name or "",
        "source": case.source_name,
        "kind": case.kind,
        "state": case.state,
        "severity": case.highest_severity,
        "documents": documents,
        "created": case.created_at.isoformat(),
    }


def case_detail(store: Store, case_id: str) -> dict[str, Any]:
    """One case with its documents, profile and latest findings; NotFound if there is none."""
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        if case is None:
            raise NotFound(f"case {case_id} does not exist (see `rsi cases`)")
        docs = s.scalars(
            select(DocumentRow).where(DocumentRow.case_id == case_id).order_by(DocumentRow.id)
        ).all()
        screening = s.scalars(
            select(ScreeningRow)
            .where(ScreeningRow.case_id == case_id)
            .order_by(ScreeningRow.id.desc())
            .limit(1)
        ).first()
        detail = _summary(case, len(docs))
        detail["documents"] = [_document(d) for d in docs]
        detail["profile"] = case.profile
        detail["findings"] = list(screening.findings) if screening else []
        detail["screened_at"] = screening.screened_at.isoformat() if screening else None
        # None once screened; else pending | running | failed, with the reason (issue 16)
        detail["screening_status"] = pending.status_of(s, [case_id]).get(case_id)
        return detail


def _document(row: DocumentRow) -> dict[str, Any]:
    return {
        "file_name": row.file_name,
        "sha256": row.sha256,
        "kind": row.kind,
        "media_type": row.media_type,
        "pages": row.page_count,
        "ocr_used": row.ocr_used,
        "warnings": list(row.warnings or []),
        "archived_path": row.archived_path,
        "received_at": row.received_at.isoformat(),
    }
