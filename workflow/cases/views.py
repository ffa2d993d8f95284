"""Read-only views of cases for the CLI and the web: a case list and one case with its documents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from pydantic import ValidationError

from intake.errors import NotFound
from intake.records import Finding, Profile
from intake.screen.context import ScreeningConfig
from intake.screen.summary import CaseSummary, summarise
from workflow.cases.findings import dismissed_keys
from workflow.cases.manage import links_of, merged_summary
from workflow.cases.store import CaseRow, DocumentRow, ScreeningRow, Store, utcnow
from workflow.cases.requests import missing_for_letter, request_of
from workflow.cases import pending


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


def summary_of(profile: dict[str, Any] | None, findings: list[Finding], kind: str,
               sanctioned: frozenset[str] | None = None) -> CaseSummary | None:
    """The case summary (intake/screen/summary.py) of a stored profile and its findings that count;
    None before the first screening, or when the stored profile no longer reads."""
    if profile is None:
        return None
    try:
        record = Profile.model_validate(profile)
    except ValidationError:
        return None
    countries = sanctioned if sanctioned is not None else ScreeningConfig().sanctioned_countries
    return summarise(record, findings, utcnow().date(), countries, kind)


def counting_findings(session: Any, case_id: str, raw: list[Any]) -> list[Finding]:
    """The stored findings that still count: parsed, and not dismissed as false positives."""
    dismissed = dismissed_keys(session, case_id)
    found = []
    for item in raw:
        try:
            finding = Finding.model_validate(item)
        except ValidationError:
            continue
        if not dismissed.covers(finding):
            found.append(finding)
    return found


def case_detail(store: Store, case_id: str, sanctioned: frozenset[str] | None = None) -> dict[str, Any]:
    """One case with its summary, documents, profile and latest findings; NotFound if there is none."""
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
        for link in links_of(s, case_id):  # filed in another case, linked here by name (issue 16)
            linked = s.get(DocumentRow, link.document_id)
            if linked is not None:
                detail["documents"].append({**_document(linked), "file_name": link.file_name,
                                            "linked_from": linked.case_id})
        detail.update(merged_summary(s, case))
        detail["profile"] = case.profile
        detail["findings"] = [_with_keys(f) for f in screening.findings] if screening else []
        detail["screened_at"] = screening.screened_at.isoformat() if screening else None
        stored = list(screening.findings) if screening else []
        summary = summary_of(case.profile, counting_findings(s, case_id, stored), case.kind, sanctioned)
        detail["summary"] = summary.model_dump(mode="json") if summary else None
        detail["request"] = request_of(case)  # who asked, for what: the letter's addressee and scope
        detail["letter_missing"] = missing_for_letter(case)
        # None once screened; else pending | running | failed, with the reason (issue 16)
        detail["screening_status"] = pending.status_of(s, [case_id]).get(case_id)
        return detail


def _with_keys(raw: dict[str, Any]) -> dict[str, Any]:
    """A stored finding plus its key and short key (what `rsi dismiss` takes)."""
    try:
        found = Finding.model_validate(raw)
    except ValidationError:
        return dict(raw)  # a malformed stored finding is still shown
    return {"short_key": found.short_key, "key": found.key, **raw}


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
