"""The file side of intake: safe names, worker identity, claim by rename, no-clobber placement.

A claim lives at `processing_dir/<worker tag>/<claim name>`. The claim name (`<uuid>__<safe name>`)
is globally unique and never changes, so the job row found by it stays the same even when a
recovering worker re-claims the file into its own folder. The worker tag names the host, pid and
process start time, so a later process can tell a dead owner from a live one without the database.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import socket
import stat
import time
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_NAME_CHARS = 120
WORKER_PREFIX = "worker-"
COPY_PREFIX = ".copying-"  # half-copied inputs of `rsi process`; never processed, removed on recovery
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_name(raw: str, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """A file name safe to create anywhere: no separators, `..`, control chars or leading dots."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = _UNSAFE.sub("_", name)
    stem, dot, ext = name.rpartition(".")
    if not dot or not 0 < len(ext.strip()) <= 10:
        stem, ext = name, ""
    ext = f".{re.sub(r'[^0-9A-Za-z_-]', '_', ext)}" if ext else ""
    stem = re.sub(r"\.{2,}", ".", stem).strip(" ._")
    stem = stem[: max(1, max_chars - len(ext))].rstrip(" ._") or "file"
    return f"{stem}{ext}"


def flat_name(relpath: str) -> str:
    """A member of a dropped folder as one flat safe name (`sub/cv.pdf` -> `sub_cv.pdf`)."""
    return safe_name("_".join(p for p in relpath.replace("\\", "/").split("/") if p))


def display_name(raw: str, *, max_chars: int = 500) -> str:
    """A name as shown to people and stored in rows: control characters made visible."""
    return "".join(c if c.isprintable() else "?" for c in raw)[:max_chars]


# ---------------------------------------------------------------- worker identity


def _proc_start(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks) from /proc, or None where there is no /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname())[:60] or "host"


@dataclass(frozen=True)
class WorkerId:
    """Who owns a claim: host, pid and the pid's start time (so a reused pid is not mistaken)."""

    host: str
    pid: int
    start: str

    @classmethod
    def current(cls) -> WorkerId:
        """This process."""
        proc = _proc_start(os.getpid())
        return cls(_host(), os.getpid(), proc[1] if proc else "0")

    @property
    def tag(self) -> str:
        return f"{WORKER_PREFIX}{self.host}_{self.pid}_{self.start}"

    @property
    def label(self) -> str:
        """host:pid, as recorded in IntakeJobRow.worker."""
        return f"{self.host}:{self.pid}"

    @classmethod
    def parse(cls, tag: str) -> WorkerId | None:
        """The worker a processing sub-folder belongs to, or None if it is not a worker folder."""
        if not tag.startswith(WORKER_PREFIX):
            return None
        parts = tag.removeprefix(WORKER_PREFIX).rsplit("_", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        return cls(parts[0], int(parts[1]), parts[2])

    def is_dead(self) -> bool:
        """True only when this worker surely runs no more (same host, pid gone, zombie or reused)."""
        if self.host != _host():
            return False
        if self.pid == os.getpid():
            return self.start != WorkerId.current().start
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        proc = _proc_start(self.pid)
        if proc is None:
            return False
        state, start = proc
        return state in ("Z", "X") or (self.start != "0" and start != self.start)


def worker_dir(processing_dir: Path, worker: WorkerId) -> Path:
    """This worker's claim folder, created on first use."""
    path = processing_dir / worker.tag
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- claiming


def new_claim_name(original: str) -> str:
    """`<uuid>__<safe name>`: unique everywhere, readable in a directory listing."""
    return f"{uuid.uuid4().hex}__{safe_name(original)}"


def claim_by_rename(path: Path, into: Path) -> Path | None:
    """Move `path` into the worker folder atomically; None if another worker took it first."""
    target = into / new_claim_name(path.name)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def claim_by_copy(path: Path, into: Path) -> Path:
    """Copy a user's file or folder into the worker folder; the original is left untouched."""
    target = into / new_claim_name(path.name)
    scratch = into / f"{COPY_PREFIX}{target.name}"
    try:
        if path.is_dir():
            shutil.copytree(path, scratch, symlinks=True)
        else:
            shutil.copy2(path, scratch, follow_symlinks=False)
    except BaseException:  # a full disk: no half copy is left behind
        if scratch.is_dir():
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            scratch.unlink(missing_ok=True)
        raise
    os.rename(scratch, target)  # a half copy never carries a claim name
    return target


def member_claim_name(folder_claim: str, relpath: str) -> str:
    """The job claim name of one file inside a claimed folder (bounded length, deterministic)."""
    digest = hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{folder_claim}/{digest}"


# ---------------------------------------------------------------- placing files


def _candidates(dest: Path) -> Iterator[Path]:
    """`dest`, then `name-1.ext`, `name-2.ext`, ... (made lazily: usually the first is free)."""
    yield dest
    stem, suffix = dest.stem, dest.suffix
    for i in range(1, 1000):
        yield dest.with_name(f"{stem}-{i}{suffix}")


def _contained(dest: Path, folder: Path) -> Path:
    """Refuse any destination that would land outside `folder` (defence in depth)."""
    if dest.parent.resolve() != folder.resolve():
        raise ValueError(f"refusing to write outside {folder}: {dest.name!r}")
    return dest


def free_name(folder: Path, name: str) -> Path:
    """The first name in `folder` not taken by a file or its `.error.txt` (never overwrite)."""
    for dest in _candidates(_contained(folder / safe_name(name), folder)):
        if not dest.exists() and not dest.with_name(dest.name + ".error.txt").exists():
            return dest
    raise FileExistsError(f"no free name for {name!r} in {folder}")


def place(src: Path, dest: Path) -> Path:
    """Move `src` to `dest` without overwriting; returns where it landed (maybe with a suffix).

    A hard link then unlink is atomic and fails if the name exists. If `dest` is already the same
    file (a crash came between link and unlink), only the unlink is left to do.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    for candidate in _candidates(_contained(dest, dest.parent)):
        if candidate.exists() and _same_file(src, candidate):
            src.unlink()
            return candidate
        try:
            _link_or_copy(src, candidate)
        except FileExistsError:
            continue
        src.unlink()
        return candidate
    raise FileExistsError(f"no free name for {dest}")


def make_private(path: Path) -> None:
    """Mode 0600 on a regular, singly linked file rsi keeps (a hard link is never chmod-ed)."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return  # already placed before a crash; the archived copy got its mode then
    if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
        os.chmod(path, 0o600)


def _same_file(a: Path, b: Path) -> bool:
    """Same inode, or two regular files with equal content (a copy finished before a crash)."""
    try:
        if os.path.samestat(a.lstat(), b.lstat()):
            return True
        regular = stat.S_ISREG(a.lstat().st_mode) and stat.S_ISREG(b.lstat().st_mode)
        return regular and a.stat().st_size == b.stat().st_size and sha256_file(a) == sha256_file(b)
    except OSError:
        return False


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _link_or_copy(src: Path, dest: Path) -> None:
    """Hard-link `src` as `dest`; across file systems copy to a scratch name and link that."""
    try:
        os.link(src, dest, follow_symlinks=False)
        return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP):
            raise
    scratch = dest.with_name(scratch_name())
    try:
        shutil.copy2(src, scratch, follow_symlinks=False)
        os.link(scratch, dest)
    finally:
        scratch.unlink(missing_ok=True)  # a full disk leaves no half copy behind (issue 16)


def write_reason(dest: Path, text: str) -> Path:
    """Write `<dest>.error.txt` atomically (scratch file + link, never over another file)."""
    reason = dest.with_name(dest.name + ".error.txt")
    scratch = dest.with_name(scratch_name())
    try:
        scratch.write_text(text, encoding="utf-8")
        os.link(scratch, reason)
    except FileExistsError:
        pass  # written before a crash: the first reason stands
    finally:
        scratch.unlink(missing_ok=True)
    return reason


def scratch_name() -> str:
    """A scratch file name naming its writer, so a dead writer's leftovers can be told apart."""
    return f"{COPY_PREFIX}{WorkerId.current().tag}.{uuid.uuid4().hex}"


def tag_is_dead(tag: str) -> bool:
    """True when the worker named by `tag` (WorkerId.tag) surely runs no more."""
    worker = WorkerId.parse(tag)
    return worker is not None and worker.is_dead()


def sweep_scratch(folders: list[Path], *, older_than_s: float = 3600.0) -> list[Path]:
    """Remove scratch files a killed writer left in `folders` (archive case folders, failed/).

    A scratch file naming a dead worker of this host goes at once; an unnamed (older format)
    or another host's one once it is `older_than_s` old, by when no copy is still running.
    """
    removed = []
    for folder in folders:
        try:
            entries = [e for e in folder.iterdir() if e.name.startswith(COPY_PREFIX)]
        except OSError:
            continue
        for entry in entries:
            tag = entry.name.removeprefix(COPY_PREFIX).rsplit(".", 1)[0]
            try:
                old = time.time() - entry.lstat().st_ctime > older_than_s
            except FileNotFoundError:
                continue
            owner = WorkerId.parse(tag)
            if (owner is not None and owner.is_dead()) or (old and (owner is None or owner.host != _host())):
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def remove_empty_dirs(root: Path) -> None:
    """Remove `root` and its sub-folders when nothing is left in them."""
    for dirpath, _dirs, _files in sorted(os.walk(root), key=lambda t: -len(t[0])):
        try:
            os.rmdir(dirpath)
        except OSError:
            pass
