"""What became of dropped and uploaded files, for the people who gave them (issue 16).

An upload is recorded with its uploader and content hash (UploadRow); intake's job rows
(IntakeJobRow) carry the same hash, so each uploaded file is followed to its end: waiting,
filed into a case, a duplicate of a case's document, or failed with the reason from failed/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.cases.store import IntakeJobRow, Store, UploadRow

# A job claimed a moment before the upload row was committed still belongs to that upload.
_SLACK = timedelta(seconds=5)


@dataclass(frozen=True)
class UploadedFile:
    """One file given on the upload page and what intake made of it."""

    file_name: str
    saved_name: str
    uploader: str
    uploaded_at: datetime
    status: str  # waiting | filed | duplicate | failed
    case_id: str | None
    reason: str | None  # why it failed, as in its .error.txt


@dataclass(frozen=True)
class IntakeFailure:
    """A file intake could not file, with its reason and who uploaded it (if it was uploaded)."""

    file_name: str
    code: str
    message: str
    at: datetime | None
    uploader: str | None


def record_uploads(session: Session, uploader: str, files: list[tuple[str, str, str]],
                   case_id: str | None = None) -> None:
    """Record (file name, name saved in the inbox, sha256) of each uploaded file for `uploader`."""
    for file_name, saved_name, sha256 in files:
        session.add(UploadRow(uploader=uploader, file_name=file_name[:500], saved_name=saved_name[:600],
                              sha256=sha256, case_id=case_id))


def _status(job: IntakeJobRow | None) -> tuple[str, str | None, str | None]:
    if job is None or job.status == "claimed":
        return "waiting", None, None
    if job.status == "processed":
        return "filed", job.case_id, None
    if job.status == "duplicate":
        return "duplicate", job.case_id, None
    return "failed", None, job.error


def uploads_of(store: Store, uploader: str, *, limit: int = 30) -> list[UploadedFile]:
    """The uploader's latest uploads, newest first, each with intake's verdict."""
    with store.session() as s:
        rows = s.scalars(select(UploadRow).where(UploadRow.uploader == uploader)
                         .order_by(UploadRow.id.desc()).limit(limit)).all()
        jobs = _jobs_by_sha(s, [r.sha256 for r in rows])
    found = []
    for r in rows:
        job = next((j for j in jobs.get(r.sha256, []) if j.claimed_at >= r.uploaded_at - _SLACK), None)
        status, case_id, reason = _status(job)
        found.append(UploadedFile(r.file_name, r.saved_name, r.uploader, r.uploaded_at, status,
                                  case_id or r.case_id if status != "failed" else None, reason))
    return found


def _jobs_by_sha(s: Session, shas: list[str]) -> dict[str, list[IntakeJobRow]]:
    by_sha: dict[str, list[IntakeJobRow]] = {}
    if not shas:
        return by_sha
    for job in s.scalars(select(IntakeJobRow).where(IntakeJobRow.sha256.in_(set(shas)))
                         .order_by(IntakeJobRow.claimed_at, IntakeJobRow.id)):
        by_sha.setdefault(job.sha256 or "", []).append(job)
    return by_sha


def recent_failures(store: Store, *, uploader: str | None = None, limit: int = 50) -> list[IntakeFailure]:
    """Files intake set aside in failed/, newest first (only one uploader's when given)."""
    with store.session() as s:
        query = select(IntakeJobRow).where(IntakeJobRow.status == "failed")
        if uploader is not None:
            mine = select(UploadRow.sha256).where(UploadRow.uploader == uploader)
            query = query.where(IntakeJobRow.sha256.in_(mine))
        jobs = s.scalars(query.order_by(IntakeJobRow.id.desc()).limit(limit)).all()
        owners = _uploaders(s, [j.sha256 for j in jobs if j.sha256])
    failures = []
    for job in jobs:
        code, _, message = (job.error or "internal: unknown").partition(": ")
        failures.append(IntakeFailure(job.original_name, code, message, job.finished_at,
                                      owners.get(job.sha256 or "")))
    return failures


def _uploaders(s: Session, shas: list[str]) -> dict[str, str]:
    if not shas:
        return {}
    rows = s.execute(select(UploadRow.sha256, UploadRow.uploader).where(UploadRow.sha256.in_(set(shas)))
                     .order_by(UploadRow.id)).all()
    return {sha: who for sha, who in rows}


def as_dict(item: Any) -> dict[str, Any]:
    """A feedback record as JSON-ready data."""
    data = dict(item.__dict__)
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}
