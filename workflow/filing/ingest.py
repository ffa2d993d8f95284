"""The intake use case: a claimed file or folder becomes a case, a duplicate link or a failure.

Order of work, chosen so a kill -9 at any point is finished or redone by `recover` (recovery.py):
1. claim: rename (watcher) or copy (`rsi process`) into this worker's processing folder;
2. register: one job row per file, committed before any heavy work;
3. analyse: sha256, duplicate check, read_document (no database writes);
4. commit: case, documents, audit events and final job statuses in ONE transaction; a name
   starting with a case id files into that case, and one waiting for information
   (info_requested) moves on by `documents_received` in that same transaction;
5. place: move each file to the archive, archive/duplicates/ or failed/ (never overwriting);
6. after_filed(case_id): screening. The pending-screening record was committed in step 4, so a
   crash or failure here leaves the case due for any screening watcher (workflow/cases/pending.py).
A job row that is final tells recovery to redo step 5 only; anything else is redone from step 3,
and the unique sha256 on documents stops a second filing of the same content.
"""

from __future__ import annotations

import logging
import os
import random
import re
import secrets
import stat
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from intake.errors import ErrorCode, IntakeError
from intake.records import Document, DocumentKind
from intake.settings import Settings
from workflow.filing.watcher import is_ignored
from workflow.cases import audit, pending
from workflow.cases.retry import is_transient, retry_transient
from workflow.filing import claims, identity
from workflow.cases.decisions import documents_received_in
from workflow.cases.manage import link_document_in, live_case_id
from workflow.cases.requests import fill_from_form
from workflow.filing.outcomes import (
    Accepted,
    AfterFiled,
    Duplicate,
    Failed,
    IntakeContext,
    Member,
    Outcome,
    make_context,
)
from workflow.cases.states import State
from workflow.cases.store import CaseRow, DocumentRow, IntakeJobRow, Store, utcnow

log = logging.getLogger("rsi.intake")

COMMIT_ATTEMPTS = 6
# A name starting with a case id (see new_case_id) files into that case: "RSI-20250101-1A2B3C4D x.pdf".
CASE_PREFIX = re.compile(r"(RSI-\d{8}-[0-9A-F]{8})(?=$|[\s_.-])", re.IGNORECASE)


# ---------------------------------------------------------------- entry points


def ingest_entry(path: Path, ctx: IntakeContext) -> list[Outcome]:
    """Claim an inbox file or folder by rename and process it; [] if another worker took it."""
    claimed = claims.claim_by_rename(path, ctx.claim_dir)
    return [] if claimed is None else run_claim(claimed, ctx)


def process_file(
    path: Path, settings: Settings, store: Store, *, after_filed: AfterFiled | None = None
) -> Outcome:
    """Process one file from anywhere; it is copied first, so the user's original stays put."""
    outcomes = process_path(path, make_context(settings, store, after_filed=after_filed))
    return outcomes[0]


def process_folder(
    path: Path, settings: Settings, store: Store, *, after_filed: AfterFiled | None = None
) -> list[Outcome]:
    """Process a folder from anywhere as one case with all its files (copied first)."""
    return process_path(path, make_context(settings, store, after_filed=after_filed))


def process_path(path: Path, ctx: IntakeContext) -> list[Outcome]:
    """Copy a file or folder into the processing area, then the same flow as the watcher."""
    return run_claim(claims.claim_by_copy(path, ctx.claim_dir), ctx)


def run_claim(claim: Path, ctx: IntakeContext) -> list[Outcome]:
    """Steps 2-6 for a claimed file or folder (also used by recovery to finish or redo work).

    Steps 2-5 are redone in place on a transient error (database restarted or locked, disk
    full) for up to `db_retry_s`: each step is safe to repeat, and the file stays claimed.
    """
    members = retry_transient(lambda: _file_claim(claim, ctx), budget_s=ctx.settings.db_retry_s,
                              what=f"filing {claims.display_name(claim.name)}")
    # a linked duplicate (a file named with a case id whose content another case holds) changes
    # that case's documents too, so it is screened again like a filed one
    for case_id in sorted({m.outcome.case_id for m in members
                           if isinstance(m.outcome, Accepted) or getattr(m.outcome, "linked", False)}):
        _after_filed(case_id, ctx)
    return [m.outcome for m in members if m.outcome is not None]


def _file_claim(claim: Path, ctx: IntakeContext) -> list[Member]:
    members = list_members(claim)
    finals = register(members, claim, ctx)
    todo = [m for m in members if m.claim_name not in finals]
    for member in todo:
        analyse(member, ctx)
    if todo:
        commit(todo, claim, ctx)
    for member in members:
        if member.claim_name in finals:
            member.outcome = finals[member.claim_name]
        place_member(member, ctx)
    if claim.is_dir() and not claim.is_symlink():
        claims.remove_empty_dirs(claim)
    return members


# ---------------------------------------------------------------- step 2: members and job rows


def list_members(claim: Path) -> list[Member]:
    """The files of a claim: the claim itself, or every entry inside a claimed folder."""
    uuid_part = claim.name.split("__", 1)[0]
    original = claim.name.split("__", 1)[-1]
    if not stat.S_ISDIR(claim.lstat().st_mode):
        safe = claims.safe_name(original)
        name = claims.display_name(original)
        return [Member(claim, claim.name, name, safe, f"{uuid_part}__{safe}", safe)]
    members = []
    for dirpath, dirnames, filenames in os.walk(claim):
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in sorted(filenames + links):
            path = Path(dirpath, name)
            rel = path.relative_to(claim).as_posix()
            safe, in_folder = claims.flat_name(rel), claims.flat_name(f"{original}/{rel}")
            members.append(
                Member(
                    path,
                    claims.member_claim_name(claim.name, rel),
                    claims.display_name(f"{original}/{rel}"),
                    safe,
                    f"{uuid_part}__{in_folder}",
                    in_folder,
                )
            )
    return members


def register(members: list[Member], claim: Path, ctx: IntakeContext) -> dict[str, Outcome]:
    """Record (or re-own) a job row per member; returns the outcomes already final in the store."""
    finals: dict[str, Outcome] = {}
    with ctx.store.session() as s:
        rows = _jobs(s, [m.claim_name for m in members])
        for m in members:
            row = rows.get(m.claim_name)
            if row is None:
                s.add(IntakeJobRow(claim_name=m.claim_name, original_name=m.name, worker=ctx.worker.label))
            elif row.status == "claimed":
                row.worker, row.claimed_at = ctx.worker.label, utcnow()
            else:
                finals[m.claim_name] = _final_outcome(s, row, m)
    return finals


def _jobs(s: Session, names: list[str]) -> dict[str, IntakeJobRow]:
    rows = s.scalars(select(IntakeJobRow).where(IntakeJobRow.claim_name.in_(names))).all()
    return {r.claim_name: r for r in rows}


def _final_outcome(s: Session, row: IntakeJobRow, m: Member) -> Outcome:
    """What a finished job decided, rebuilt from the store so only the file move is redone."""
    if row.status == "processed":
        doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == row.sha256)).one()
        return Accepted(m.name, doc.sha256, doc.case_id, doc.id, doc.archived_path)
    if row.status == "duplicate":
        return Duplicate(m.name, row.sha256 or "", row.case_id or "", row.duplicate_of or 0)
    code, _, message = (row.error or "internal: unknown").partition(": ")
    return Failed(m.name, code, message, row.sha256)


# ---------------------------------------------------------------- step 3: analyse


def analyse(m: Member, ctx: IntakeContext) -> None:
    """sha256, duplicate check, then read; a bad file becomes Failed, never an exception."""
    try:
        _refuse_unreadable(m)
        sha256 = ctx.hash(m.path)
    except IntakeError as exc:
        m.result = Failed(m.name, exc.code.value, exc.message)
        return
    existing = find_document(ctx.store, sha256)  # database errors propagate: the claim stays
    if existing is not None:
        m.result = Duplicate(m.name, sha256, existing[1], existing[0])
        return
    try:
        m.result = ctx.read(m.path, m.name, sha256)
    except IntakeError as exc:
        m.result = Failed(m.name, exc.code.value, exc.message, sha256)
    except Exception as exc:  # a reader bug must not lose the file or stop the watcher
        if is_transient(exc):
            raise  # a full disk is not the file's fault: retried, not quarantined
        log.exception("unexpected error reading %s", m.name)
        m.result = Failed(m.name, ErrorCode.INTERNAL.value, f"{type(exc).__name__}: {exc}", sha256)


def _refuse_unreadable(m: Member) -> None:
    st = m.path.lstat()
    if not stat.S_ISREG(st.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise IntakeError(f"{kind}; only plain files are read", ErrorCode.UNSUPPORTED)
    if st.st_nlink > 1:
        # A hard link shares its inode with a file elsewhere (say /etc/passwd): archiving it would
        # file that file, and making it private would change the other file's mode.
        raise IntakeError("a hard link to another file; drop a copy of the document instead",
                          ErrorCode.UNSUPPORTED)
    if is_ignored(m.path.name):
        raise IntakeError("a temporary or hidden file inside a dropped folder", ErrorCode.UNSUPPORTED)


def find_document(store: Store, sha256: str) -> tuple[int, str] | None:
    """(document id, case id) of the document already filed with this content, if any."""
    with store.session() as s:
        row = s.execute(
            select(DocumentRow.id, DocumentRow.case_id).where(DocumentRow.sha256 == sha256)
        ).first()
    return (row[0], row[1]) if row else None


# ---------------------------------------------------------------- step 4: one transaction


def new_case_id() -> str:
    """`RSI-YYYYMMDD-XXXXXXXX`: date for people, 32 random bits so no coordination is needed."""
    return f"RSI-{utcnow():%Y%m%d}-{secrets.token_hex(4).upper()}"


def commit(members: list[Member], claim: Path, ctx: IntakeContext) -> str | None:
    """Write case, documents, audit and job statuses in one transaction; retried on conflicts.

    Two workers append to the audit chain and may file the same content at once: the loser's
    transaction fails on a unique key and is retried, and then sees the other's document.
    """
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            with ctx.store.session() as s:
                return _write(s, members, claim, ctx)
        except (IntegrityError, OperationalError, StaleDataError) as exc:
            if attempt == COMMIT_ATTEMPTS:
                raise
            log.info("intake commit conflict (attempt %d): %s", attempt, type(exc).__name__)
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    return None  # unreachable


def named_case_id(claim_name: str) -> str | None:
    """The case id a dropped name starts with (`RSI-20250101-1A2B3C4D contract.pdf`), if any."""
    found = CASE_PREFIX.match(claim_name.split("__", 1)[-1])
    return found.group(1).upper() if found else None


def _write(s: Session, members: list[Member], claim: Path, ctx: IntakeContext) -> str | None:
    jobs = _jobs(s, [m.claim_name for m in members])
    shas = [m.result.sha256 for m in members if isinstance(m.result, Document)]
    filed = {d.sha256: d for d in s.scalars(select(DocumentRow).where(DocumentRow.sha256.in_(shas)))}
    named = named_case_id(claim.name)
    named = live_case_id(s, named) if named else None  # a merged case's id files into its survivor
    case: CaseRow | None = s.get(CaseRow, named) if named else None
    existing_state = case.state if case else None
    arrived: list[dict[str, str]] = []
    taken: set[str] = set()
    for m in members:
        result = m.result
        if isinstance(result, Document) and result.sha256 in filed:
            doc = filed[result.sha256]
            result = Duplicate(m.name, doc.sha256, doc.case_id, doc.id)
        if isinstance(result, Document) and named and case is None:
            result = _no_such_case(m, named, result.sha256)
        if isinstance(result, Document):
            email = identity.subject_email(result)
            if case is None and not named and not claim.is_dir():
                # A file of its own, no case id: the person's open case, if the address names one.
                case = identity.case_of(s, email)
                if case is not None:
                    existing_state = case.state
                    audit.append(s, actor=ctx.actor, action="filed_by_identity", case_id=case.id,
                                 payload={"file_name": m.name, "sha256": result.sha256,
                                          "subject_email": email})
            case = case or _new_case(s, claim, ctx)
            identity.remember(case, email)
            m.outcome = _file_document(s, m, result, case.id, taken, ctx)
            _read_request(s, case, result, m.name, ctx.actor)
            filed[result.sha256] = s.get(DocumentRow, m.outcome.document_id)  # type: ignore[union-attr]
            arrived.append({"file_name": m.name, "sha256": result.sha256})
        elif isinstance(result, Duplicate) and case is not None and named and result.case_id != case.id:
            # The name says which case: seen elsewhere or not, it belongs here too (issue 16).
            link_document_in(s, case, s.get(DocumentRow, result.duplicate_of), m.name, ctx.actor)
            m.outcome = Duplicate(m.name, result.sha256, case.id, result.duplicate_of, linked=True)
            arrived.append({"file_name": m.name, "sha256": result.sha256})
        elif isinstance(result, Duplicate):
            m.outcome = result
            audit.append(s, actor=ctx.actor, action="document_duplicate", case_id=result.case_id,
                         payload={"file_name": m.name, "sha256": result.sha256,
                                  "duplicate_of": result.duplicate_of})
        else:
            assert isinstance(result, Failed)
            m.outcome = result
            audit.append(s, actor=ctx.actor, action="intake_failed",
                         payload={"file_name": m.name, "sha256": result.sha256,
                                  "code": result.code, "message": result.message})
        _finish_job(jobs[m.claim_name], m.outcome)
    if case is not None and arrived:
        # Same transaction as the filing: no crash can leave a filed case without its screening.
        pending.enqueue(s, case.id)
    if case is not None and arrived and existing_state == State.INFO_REQUESTED:
        # Same transaction as the filing: a crash cannot file the answer but lose the move.
        documents_received_in(s, case.id, ctx.actor, arrived)
    return case.id if case else None


def _read_request(s: Session, case: CaseRow, doc: Document, name: str, actor: str) -> None:
    """A screening form names who asked and for what: the case's kind and details come from it."""
    if doc.kind != DocumentKind.SCREENING_FORM:
        return
    from intake.extract.forms import read_form

    reading = read_form(doc)
    if reading.request is not None:
        fill_from_form(s, case, reading.request, name, actor)


def _no_such_case(m: Member, case_id: str, sha256: str) -> Failed:
    """A file named for a case that does not exist is set aside, not filed as a new case."""
    return Failed(m.name, ErrorCode.NOT_FOUND.value,
                  f"the name starts with case id {case_id}, but there is no such case; "
                  "correct the id, or remove it to file the document as a new case", sha256)


def _new_case(s: Session, claim: Path, ctx: IntakeContext) -> CaseRow:
    source = claims.display_name(claim.name.split("__", 1)[-1])
    case = CaseRow(id=new_case_id(), state=State.RECEIVED.value, source_name=source)
    s.add(case)
    s.flush()
    audit.append(s, actor=ctx.actor, action="case_created", case_id=case.id,
                 to_state=State.RECEIVED.value, payload={"source_name": source})
    return case


def _file_document(
    s: Session, m: Member, doc: Document, case_id: str, taken: set[str], ctx: IntakeContext
) -> Accepted:
    folder = ctx.settings.archive_dir / case_id
    dest = claims.free_name(folder, m.safe)
    while dest.name in taken:
        dest = claims.free_name(folder, f"{dest.stem}-{len(taken)}{dest.suffix}")
    taken.add(dest.name)
    dest = dest.absolute()
    doc = doc.model_copy(update={"source_path": str(dest), "file_name": m.name})
    row = DocumentRow(
        case_id=case_id, sha256=doc.sha256, file_name=m.name, archived_path=str(dest),
        media_type=doc.media_type, kind=doc.kind.value, page_count=doc.page_count,
        ocr_used=doc.ocr_used, warnings=list(doc.warnings), document=doc.model_dump(mode="json"),
    )
    s.add(row)
    s.flush()
    audit.append(s, actor=ctx.actor, action="document_filed", case_id=case_id,
                 payload={"file_name": m.name, "sha256": doc.sha256, "kind": doc.kind.value,
                          "pages": doc.page_count})
    return Accepted(m.name, doc.sha256, case_id, row.id, str(dest))


def _finish_job(job: IntakeJobRow, outcome: Outcome) -> None:
    job.sha256 = outcome.sha256
    job.finished_at = utcnow()
    if isinstance(outcome, Accepted):
        job.status, job.case_id = "processed", outcome.case_id
    elif isinstance(outcome, Duplicate):
        job.status, job.case_id, job.duplicate_of = "duplicate", outcome.case_id, outcome.duplicate_of
    else:
        job.status, job.error = "failed", f"{outcome.code}: {outcome.message}"


# ---------------------------------------------------------------- step 5: place the files


def place_member(m: Member, ctx: IntakeContext) -> None:
    """Move a decided member out of the processing area (idempotent after a crash)."""
    outcome = m.outcome
    if isinstance(outcome, (Accepted, Duplicate)):
        claims.make_private(m.path)  # kept for years: readable by the service account only
    if isinstance(outcome, Accepted):
        landed = claims.place(m.path, Path(outcome.archived_path))
        if str(landed) != outcome.archived_path:
            _update_archived_path(ctx.store, outcome.document_id, landed)
            m.outcome = Accepted(outcome.file, outcome.sha256, outcome.case_id,
                                 outcome.document_id, str(landed))
    elif isinstance(outcome, Duplicate):
        claims.place(m.path, ctx.settings.archive_dir / "duplicates" / m.dup_name)
    elif isinstance(outcome, Failed):
        m.outcome = _quarantine(m, outcome, ctx)


def _quarantine(m: Member, outcome: Failed, ctx: IntakeContext) -> Failed:
    """failed/<name> plus <name>.error.txt; the reason is written first so no file lacks one."""
    folder = ctx.settings.failed_dir
    folder.mkdir(parents=True, exist_ok=True)
    dest = claims.free_name(folder, m.failed_name)
    claims.write_reason(dest, reason_text(m, outcome, ctx))
    landed = claims.place(m.path, dest)
    return Failed(outcome.file, outcome.code, outcome.message, outcome.sha256, str(landed))


def reason_text(m: Member, outcome: Failed, ctx: IntakeContext) -> str:
    """The text of an .error.txt: what failed, why, and how to find it again."""
    return (
        f"file: {m.name}\n"
        f"error: {outcome.code}\n"
        f"message: {outcome.message}\n"
        f"sha256: {outcome.sha256 or 'not computed'}\n"
        f"time: {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
        f"claim: {m.claim_name}\n"
        f"worker: {ctx.worker.label}\n"
        "Fix the file and drop it into the inbox again.\n"
    )


def _update_archived_path(store: Store, document_id: int, landed: Path) -> None:
    with store.session() as s:
        row = s.get(DocumentRow, document_id)
        if row is not None:
            row.archived_path = str(landed)


# ---------------------------------------------------------------- step 6: after filing


def _after_filed(case_id: str, ctx: IntakeContext) -> None:
    """Run the follow-up (screening); a failure is logged and audited, never raised."""
    if ctx.after_filed is None:
        return
    try:
        ctx.after_filed(case_id)
    except Exception as exc:
        log.exception("after-filing step failed for case %s", case_id)
        try:
            with ctx.store.session() as s:
                audit.append(s, actor=ctx.actor, action="after_filed_failed", case_id=case_id,
                             payload={"error": f"{type(exc).__name__}: {exc}"})
        except Exception:
            log.exception("could not record the after-filing failure of %s", case_id)
