"""The upload page: files (and folders, which become one case) written safely into the inbox.

The watcher files what lands in the inbox, so this page only has to make sure it sees complete
files: each upload is written under a dotted scratch name (the watcher ignores those) and then
moved into place without overwriting anything; a folder is assembled in a dotted scratch folder
and renamed in one step, so the watcher never sees it half-filled. Documents uploaded for an
existing case (`/upload?case=ID`) are saved under names starting with the case id, which intake
files into that case. All files chosen in one upload are one person's, so they go into one folder
(one case) unless the uploader ticks "each file is a different person".
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from intake.errors import ErrorCode, NotFound, RsiError
from workflow.service import audit
from workflow.service import claims, intake_feedback, is_ignored
from workflow.service import named_case_id
from workflow.service import CaseRow, Store
from workflow.service import User
from workflow.web.render import flash, page
from workflow.web.security import any_user, uploader

router = APIRouter()
Saved = list[tuple[str, str, str]]  # (name as given, name in the inbox, sha256)
MAX_FILES = 200
CHUNK = 1 << 20
SCRATCH_PREFIX = ".upload-"


class UploadTooLarge(RsiError):
    """An uploaded file is over the size limit."""

    code = ErrorCode.TOO_LARGE


def _copy_limited(src: BinaryIO, dest: Path, limit: int, name: str) -> None:
    """Copy `src` into a new file `dest`, refusing (and removing) it past `limit` bytes."""
    written = 0
    with dest.open("xb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > limit:
                break
            out.write(chunk)
    if written > limit:
        dest.unlink()
        raise UploadTooLarge(f"{name} is larger than the {limit // (1024 * 1024)} MiB limit")


def save_file(inbox: Path, name: str, src: BinaryIO, limit: int, record: Saved | None = None) -> Path:
    """Write one upload into `inbox` under its safe name (suffixed if taken); return its path.

    `record` collects (name, saved name, sha256), so the uploader can follow the file later.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    scratch = inbox / f"{SCRATCH_PREFIX}{uuid.uuid4().hex}.part"
    _copy_limited(src, scratch, limit, claims.display_name(name))
    sha256 = claims.sha256_file(scratch)  # now: once placed, the watcher may take it at any time
    landed = claims.place(scratch, inbox / claims.safe_name(name))
    if record is not None:
        record.append((claims.display_name(name), landed.name, sha256))
    return landed


def save_folder(inbox: Path, folder: str, members: list[tuple[str, BinaryIO]], limit: int,
                record: Saved | None = None, *, shown_in_folder: bool = True) -> Path:
    """Write a folder's files (relative paths flattened) and move it into `inbox` as one folder.

    `shown_in_folder=False` records each file under the name it was chosen by (files chosen one by
    one and gathered into one case folder), not under the folder rsi made for them.
    """
    scratch = inbox / f"{SCRATCH_PREFIX}{uuid.uuid4().hex}"
    scratch.mkdir(parents=True)
    try:
        for relpath, src in members:
            scratch_file = scratch / f"{SCRATCH_PREFIX}{uuid.uuid4().hex}.part"
            _copy_limited(src, scratch_file, limit, claims.display_name(relpath))
            if record is not None:
                shown = f"{folder}/{relpath}" if shown_in_folder else relpath
                record.append((claims.display_name(shown), f"{folder}/{relpath}",
                               claims.sha256_file(scratch_file)))
            claims.place(scratch_file, scratch / claims.flat_name(relpath))
        return _rename_dir_free(scratch, inbox, claims.safe_name(folder))
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _rename_dir_free(scratch: Path, inbox: Path, name: str) -> Path:
    """Rename the scratch folder to the first free `name`, `name-1`, ... (never over another)."""
    for i in range(1000):
        dest = inbox / (name if i == 0 else f"{name}-{i}")
        if dest.exists() or dest.is_symlink():
            continue
        # Python has no RENAME_NOREPLACE; the check above leaves only an empty-folder race.
        os.rename(scratch, dest)
        return dest
    raise RsiError(f"no free folder name for {name!r} in the inbox")


def _folder_name(uploads: list[UploadFile], given: str) -> str:
    """The folder's name: the common first path part the browser sent, else the form field."""
    firsts = {(u.filename or "").replace("\\", "/").split("/")[0] for u in uploads}
    if len(firsts) == 1 and all("/" in (u.filename or "").replace("\\", "/") for u in uploads):
        return firsts.pop()
    return given or f"upload-{uuid.uuid4().hex[:8]}"


def _relpath(upload: UploadFile, folder: str) -> str:
    name = (upload.filename or "file").replace("\\", "/")
    return name.removeprefix(folder + "/") if name.startswith(folder + "/") else name


def case_for_upload(store: Store, case_id: str) -> str:
    """The existing case an upload adds documents to; NotFound, or RsiError if intake cannot route it.

    Intake files a dropped name that starts with a case id into that case (workflow/ingest.py).
    """
    wanted = case_id.strip().upper()
    with store.session() as session:
        if session.get(CaseRow, wanted) is None:
            raise NotFound(f"case {case_id} does not exist")
    if named_case_id(f"upload__{wanted} file") != wanted:
        raise RsiError(f"documents cannot be added to case {wanted} by upload")
    return wanted


@router.get("/upload")
def upload_page(request: Request, user: Annotated[User, Depends(uploader)], case: str = "") -> Response:
    """The upload form: drag and drop, several files, or a whole folder (or documents for a case)."""
    settings = request.app.state.settings
    for_case = case_for_upload(request.app.state.store, case) if case else ""
    return page(request, "upload.html", title="Upload", for_case=for_case,
                limit_mib=settings.max_file_bytes // (1024 * 1024), max_files=MAX_FILES,
                my_uploads=intake_feedback.uploads_of(request.app.state.store, user.name))


@router.post("/upload")
def upload(
    request: Request,
    user: Annotated[User, Depends(uploader)],
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006  (FastAPI copies defaults)
    folder: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    folder_name: Annotated[str, Form()] = "",
    case_id: Annotated[str, Form()] = "",
    separate: Annotated[bool, Form()] = False,
) -> Response:
    """Save the uploads into the inbox and record who uploaded what (for a case: named after it)."""
    files = [f for f in files if f.filename]
    folder = [f for f in folder if f.filename]
    if not files and not folder:
        raise RsiError("choose at least one file or a folder")
    if len(files) + len(folder) > MAX_FILES:
        raise RsiError(f"at most {MAX_FILES} files per upload")
    settings = request.app.state.settings
    inbox, limit = settings.inbox, settings.max_file_bytes
    target = case_for_upload(request.app.state.store, case_id) if case_id.strip() else ""
    prefix = f"{target} " if target else ""  # intake files a name starting with a case id into it
    for f in files + folder:  # refuse before writing anything, so no upload is half-saved
        if f.size is not None and f.size > limit:
            raise UploadTooLarge(f"{claims.display_name(f.filename or '')} is over the size limit")
    refuse_ignored_names([prefix + _base_name(f) for f in files])
    folder, skipped = skip_ignored_members(folder)
    if not files and not folder:
        refuse_ignored_names(skipped)
    record: Saved = []
    if not target and not separate and len(files) + len(folder) > 1:
        # One upload is one person by default (issue 16: a CV and a form chosen together made two
        # cases): everything chosen goes into one folder, which intake files as one case.
        saved = [save_folder(inbox, _one_case_name(files, folder, folder_name),
                             _one_case_members(files, folder, folder_name), limit, record,
                             shown_in_folder=False).name + "/"]
    else:
        saved = [save_file(inbox, prefix + _base_name(f), f.file, limit, record).name for f in files]
        if folder:
            name = _folder_name(folder, folder_name)
            members = [(_relpath(f, name), f.file) for f in folder]
            saved.append(save_folder(inbox, prefix + name, members, limit, record).name + "/")
    with request.app.state.store.session() as session:
        audit.append(session, actor=user.name, action="upload", case_id=target or None,
                     payload={"saved": saved, **({"skipped": skipped} if skipped else {})})
        intake_feedback.record_uploads(session, user.name, record, target or None)
    note = f" Not uploaded (temporary or hidden files are never read): {', '.join(skipped)}." if skipped else ""
    if target:
        flash(request, f"Queued for case {target}: {', '.join(saved)}. They are added to the case once read.{note}")
        return RedirectResponse(f"/upload?case={target}", status_code=303)
    flash(request, f"Queued for intake: {', '.join(saved)}. Cases appear in the queue once read; see below what became of each file.{note}")
    return RedirectResponse("/upload", status_code=303)


def _one_case_name(files: list[UploadFile], folder: list[UploadFile], given: str) -> str:
    """The case folder's name: the folder the browser sent or the name given, else the first file's."""
    if folder:
        return _folder_name(folder, given)
    return given.strip() or f"{Path(_base_name(files[0])).stem}-upload-{uuid.uuid4().hex[:6]}"


def _one_case_members(files: list[UploadFile], folder: list[UploadFile], given: str) -> list[tuple[str, BinaryIO]]:
    """Every chosen file under one folder: loose files by name, a folder's files by relative path."""
    members = [(_base_name(f), f.file) for f in files]
    if folder:
        name = _folder_name(folder, given)
        members += [(_relpath(f, name), f.file) for f in folder]
    taken: set[str] = set()
    unique = []
    for rel, src in members:  # two files called cv.pdf from different places both arrive
        base, n = rel, 1
        while rel.casefold() in taken:
            stem, dot, ext = base.rpartition(".")
            rel = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
            n += 1
        taken.add(rel.casefold())
        unique.append((rel, src))
    return unique


class RefusedName(RsiError):
    """A file name the inbox ignores (temporary, hidden, lock file): it would never be read."""

    code = ErrorCode.UNSUPPORTED


def refuse_ignored_names(names: list[str]) -> None:
    """Refuse the upload if a file would land under a name the watcher ignores (issue 16: cv.part)."""
    bad = [n for n in names if is_ignored(n) or is_ignored(claims.safe_name(n))]
    if bad:
        shown = ", ".join(claims.display_name(n) for n in bad)
        raise RefusedName(f"{shown}: the inbox never reads temporary or hidden files (names ending in "
                          ".part, .tmp, .crdownload or ~, starting with a dot or ~$); rename the file "
                          "and upload it again")


def skip_ignored_members(folder: list[UploadFile]) -> tuple[list[UploadFile], list[str]]:
    """A folder's files without the hidden and temporary ones browsers add (.DS_Store, ~$x.docx)."""
    kept = [f for f in folder if not is_ignored(_base_name(f))]
    return kept, [claims.display_name(f.filename or "") for f in folder if is_ignored(_base_name(f))]


def _base_name(upload: UploadFile) -> str:
    """The uploaded file's own name, without any folder part the browser sent."""
    return (upload.filename or "file").replace("\\", "/").split("/")[-1] or "file"


@router.get("/forms/{form_key}.pdf")
def blank_screening_form(form_key: str, user: Annotated[User, Depends(any_user)]) -> Response:
    """A blank, fillable screening form to send to a researcher or host (filled ones go to /upload)."""
    from intake.forms.generate import blank_form_bytes
    from intake.forms.spec import FORMS

    form = FORMS.get(form_key)
    if form is None:
        raise NotFound(f"there is no {form_key!r} form (forms: {', '.join(FORMS)})")
    return Response(blank_form_bytes(form_key), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{form.file_name}"'})
