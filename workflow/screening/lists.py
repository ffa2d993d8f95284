"""Reference-list snapshots: import, download, status, and the active reference data.

A snapshot is a ListSnapshotRow plus its content file at data_dir/lists/<list_id>/<sha256>.<ext>.
The same content twice is the same snapshot (unique list_id + sha256); importing it again only
makes it the active one. Exactly one snapshot per list id is active.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from intake.errors import ErrorCode, ListDownloadError, ListFormatError, RsiError
from intake.screen.list_sets import bundle, check_shrink, find_ofac_sets, removed_entries
from intake.screen.lists import COMPANION_PARENTS, ReferenceData, StoredList, load_reference
from intake.screen.parse_common import ParsedList, sha256_hex
from intake.screen.parsers import get_parser, guess_format, parse_file
from intake.settings import Settings
from workflow.cases.store import ListSnapshotRow, Store, utcnow

Progress = Callable[[str, int, int | None], None]  # list id, bytes so far, total bytes


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the snapshot, and whether its content was new."""

    list_id: str
    sha256: str
    entry_count: int
    path: str
    created: bool
    snapshot_id: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SnapshotStatus:
    """An active snapshot with its age and a warning when it is too old."""

    list_id: str
    source: str
    url: str | None
    retrieved_at: datetime
    age_days: int
    entry_count: int
    sha256: str
    warning: str | None


# A list id names a folder under var/lists/: letters, digits, "_" and "-" only, so "../../X"
# or "/etc" can never place a snapshot outside it.
LIST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")


def check_list_id(list_id: str) -> str:
    """`list_id` if it is a safe folder name, else RsiError naming the rule."""
    if not LIST_ID.fullmatch(list_id or ""):
        raise RsiError(f"list id {list_id!r} is not allowed: 1-60 letters, digits, '_' or '-', "
                       f"starting with a letter or digit")
    return list_id


def _write_atomic(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
        tmp.write(content)
    os.replace(tmp.name, target)


def _check_shrink(row: ListSnapshotRow, parsed: ParsedList, allow: bool) -> None:
    """Refuse a version that removes more than a tenth of the active one's entries (unless allowed)."""
    new = parsed.entries
    try:
        removed, before = removed_entries(parse_file(Path(row.path), row.format).entries, new)
    except RsiError:  # the active snapshot's file is gone: compare counts
        removed, before = max(0, row.entry_count - len(new)), row.entry_count
    check_shrink(row.list_id, before, removed, len(new), allow=allow,
                 old_label=f"{row.list_id}@{row.sha256[:12]}")


def store_snapshot(
    store: Store, settings: Settings, list_id: str, content: bytes, *, name: str,
    fmt: str | None = None, url: str | None = None, retrieved_at: datetime | None = None,
    allow_shrink: bool = False,
) -> ImportResult:
    """Parse (validate) the content, store it once, and make it the active snapshot of `list_id`
    (refused when it removes more than a tenth of the active snapshot's entries, unless `allow_shrink`)."""
    check_list_id(list_id)
    fmt = fmt or guess_format(Path(name), content, list_id)
    parser = get_parser(fmt)
    when = retrieved_at or utcnow()
    parsed: ParsedList = parser.parse(content, name=name, url=url, retrieved_at=when)
    digest = sha256_hex(content)
    target = settings.data_dir / "lists" / list_id / f"{digest}.{parser.ext}"
    with store.session() as session:
        rows = list(session.scalars(select(ListSnapshotRow).where(ListSnapshotRow.list_id == list_id)))
        existing = next((r for r in rows if r.sha256 == digest), None)
        active = next((r for r in rows if r.active), None)
        if active is not None and active.sha256 != digest:
            _check_shrink(active, parsed, allow_shrink)
        if not target.exists():
            _write_atomic(target, content)
        for row in rows:
            row.active = row is existing
        created = existing is None
        if existing is None:
            existing = ListSnapshotRow(
                list_id=list_id, source=parsed.snapshot.source, url=url, retrieved_at=when, sha256=digest,
                entry_count=len(parsed.entries), format=fmt, path=str(target), active=True,
            )
            session.add(existing)
        session.commit()
        return ImportResult(list_id, digest, existing.entry_count, existing.path, created, f"{list_id}@{digest[:12]}",
                            tuple(parsed.warnings))


def import_list(store: Store, settings: Settings, path: Path, list_id: str, fmt: str | None = None,
                allow_shrink: bool = False) -> ImportResult:
    """`rsi lists import PATH --list NAME`: load a local file as the active snapshot of a list."""
    try:
        content = path.read_bytes()
    except OSError as err:
        raise ListDownloadError(f"{path}: cannot read ({err.strerror})") from err
    return store_snapshot(store, settings, list_id, content, name=str(path), fmt=fmt, url=None,
                          allow_shrink=allow_shrink)


def import_folder(store: Store, settings: Settings, folder: Path, allow_shrink: bool = False) -> list[ImportResult]:
    """`rsi lists import FOLDER`: each OFAC set in the folder (sdn.csv + alt.csv + add.csv, or the
    cons_* files) becomes ONE version of its list, replacing any separately imported alt/add files."""
    sets, skipped = find_ofac_sets(folder)
    if not sets:
        raise ListFormatError(f"{folder}: no OFAC set here (sdn.csv with alt.csv and add.csv, or cons_prim.csv "
                              "with cons_alt.csv and cons_add.csv); import other list files one by one with --list")
    results = []
    for list_id, members in sets:
        content = bundle({n: p.read_bytes() for n, p in members.items()})
        result = store_snapshot(store, settings, list_id, content, name=str(folder / f"{list_id}-set.zip"),
                                fmt="ofac_set", allow_shrink=allow_shrink)
        with store.session() as session:  # the set carries its own aliases and addresses now
            for row in session.scalars(select(ListSnapshotRow).where(ListSnapshotRow.active)):
                if COMPANION_PARENTS.get(row.list_id) == list_id:
                    row.active = False
            session.commit()
        ignored = [f"ignored (not part of an OFAC set): {', '.join(skipped)}"] if skipped and not results else []
        results.append(dataclasses.replace(result, warnings=(*result.warnings, *ignored)))
    return results


def download(url: str, list_id: str, progress: Progress | None = None, timeout: float = 60.0) -> bytes:
    """The bytes at `url`; ListDownloadError with a clear message when offline or refused."""
    import httpx  # here: only downloads need it, and it costs a one-shot command ~70 ms to import

    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise ListDownloadError(f"{list_id}: {url} answered HTTP {response.status_code}")
            total = int(response.headers.get("content-length") or 0) or None
            chunks, done = [], 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                done += len(chunk)
                if progress:
                    progress(list_id, done, total)
            return b"".join(chunks)
    except httpx.HTTPError as err:
        raise ListDownloadError(
            f"{list_id}: cannot download {url} ({type(err).__name__}: {err}); are you offline? "
            "Use `rsi lists import PATH --list NAME` with a file fetched another way."
        ) from err


def update_lists(
    store: Store, settings: Settings, list_ids: list[str] | None = None, progress: Progress | None = None,
    allow_shrink: bool = False,
) -> list[ImportResult]:
    """`rsi lists update`: download every configured list (or the named ones) and store them."""
    wanted = list_ids or list(settings.list_urls)
    unknown = [n for n in wanted if n not in settings.list_urls]
    if unknown:
        raise ListDownloadError(f"no URL configured for {', '.join(unknown)} (known: {', '.join(settings.list_urls)})")
    results = []
    for list_id in wanted:
        url = settings.list_urls[list_id]
        content = download(url, list_id, progress)
        name = url.rsplit("/", 1)[-1] or list_id
        results.append(store_snapshot(store, settings, list_id, content, name=name, url=url, allow_shrink=allow_shrink))
    return results


def snapshot_status(store: Store, settings: Settings, now: datetime | None = None) -> list[SnapshotStatus]:
    """Each active snapshot's age, with a warning when older than `list_max_age_days`."""
    now = now or utcnow()
    with store.session() as session:
        rows = list(session.scalars(select(ListSnapshotRow).where(ListSnapshotRow.active).order_by(ListSnapshotRow.list_id)))
    out = []
    for row in rows:
        age = (now - row.retrieved_at).days
        warning = f"older than {settings.list_max_age_days} days: run `rsi lists update`" if age > settings.list_max_age_days else None
        out.append(SnapshotStatus(row.list_id, row.source, row.url, row.retrieved_at, age, row.entry_count, row.sha256, warning))
    return out


def active_stored(store: Store) -> list[StoredList]:
    """The active snapshots as files to load."""
    with store.session() as session:
        rows = list(session.scalars(select(ListSnapshotRow).where(ListSnapshotRow.active).order_by(ListSnapshotRow.id)))
        return [StoredList(Path(r.path), r.format, r.retrieved_at, r.url, r.list_id) for r in rows]


_CACHE: dict[tuple[str, frozenset[str]], ReferenceData] = {}


def load_active_reference(store: Store, settings: Settings) -> ReferenceData:
    """Starter lists plus active snapshots, built once per process per set of snapshots."""
    stored = active_stored(store)
    key = (str(Path(settings.lists_dir).resolve()), frozenset(f"{s.list_id}:{s.path}" for s in stored))
    if key not in _CACHE:
        reference = load_reference(settings, stored)
        if not reference.entries:
            # Screening against nothing would pass every case as clean: refuse, and say what to do.
            raise RsiError(
                f"no reference lists to screen against: no starter lists in {settings.lists_dir} and no "
                "imported snapshots (set RSI_LISTS_DIR, or run `rsi lists update` / `rsi lists import`)",
                ErrorCode.NOT_FOUND)
        _CACHE.clear()  # one reference set in memory at a time
        _CACHE[key] = reference
    return _CACHE[key]
