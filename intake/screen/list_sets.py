"""List versions made of several files, and the guard against a version that silently shrinks.

OFAC publishes one list as three files of one date: sdn.csv (entries), alt.csv (aliases) and
add.csv (addresses, hence countries). Loaded one by one, a new sdn.csv would be screened with
yesterday's aliases, so a folder holding a set becomes ONE snapshot: a deterministic zip of its
files (format `ofac_set`) whose parser merges them.

    sets, skipped = find_ofac_sets(folder)         # [(list id, {member name: path})], [ignored files]
    content = bundle({name: path.read_bytes() for name, path in members.items()})
    removed, before = removed_entries(old.entries, new.entries)
    check_shrink("sdn", before, removed, len(new.entries), allow=False)  # ListShrinkError past a tenth
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from intake.errors import ListFormatError, ListShrinkError
from intake.records import ListEntry
from intake.screen.parse_common import ParsedList, make_snapshot

# list id -> (primary, alias, address) file names of one OFAC set
OFAC_SETS = {"sdn": ("sdn.csv", "alt.csv", "add.csv"), "ofac_cons": ("cons_prim.csv", "cons_alt.csv", "cons_add.csv")}
MAX_REMOVED_SHARE = 0.10  # a new version that removes more than this share of entries is refused
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files always make the same snapshot hash


def find_ofac_sets(folder: Path) -> tuple[list[tuple[str, dict[str, Path]]], list[str]]:
    """The OFAC sets in a folder (by file name, case-insensitive) and the files that are in none."""
    files = {p.name.lower(): p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
    sets = []
    used: set[str] = set()
    for list_id, names in OFAC_SETS.items():
        if names[0] in files:
            members = {n: files[n] for n in names if n in files}
            used.update(members)
            sets.append((list_id, members))
    return sets, sorted(p.name for n, p in files.items() if n not in used)


def bundle(members: dict[str, bytes]) -> bytes:
    """A deterministic zip of the set's files (sorted names, fixed dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return buffer.getvalue()


def parse_ofac_set(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """An OFAC set (zip of sdn/alt/add or cons_prim/cons_alt/cons_add) as one list: primary entries
    with their aliases and address countries merged; rows naming absent entries are reported."""
    from intake.screen.lists import merge_ofac
    from intake.screen.parsers_official import parse_ofac_add, parse_ofac_alt, parse_ofac_sdn

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = {n.lower(): archive.read(n) for n in archive.namelist()}
    except (zipfile.BadZipFile, KeyError, OSError) as err:
        raise ListFormatError(f"{name}: not an OFAC set archive ({err})") from err
    list_id, names = next(((i, ns) for i, ns in OFAC_SETS.items() if ns[0] in members), (None, None))
    if list_id is None or names is None:
        raise ListFormatError(f"{name}: no sdn.csv or cons_prim.csv in the set (has: {', '.join(sorted(members))})")
    parsers = (parse_ofac_sdn, parse_ofac_alt, parse_ofac_add)
    parsed = [fn(members[n], name=f"{name}/{n}", url=url, retrieved_at=retrieved_at)
              for fn, n in zip(parsers, names, strict=True) if n in members]
    primary_ids = {e.entry_id for e in parsed[0].entries}
    warnings = [f"{name}: no {n} in the set ({'aliases' if i == 1 else 'addresses'} missing)"
                for i, n in enumerate(names) if n not in members]
    for plist, n in zip(parsed[1:], [n for n in names[1:] if n in members], strict=True):
        orphans = {e.entry_id for e in plist.entries} - primary_ids
        if orphans:
            warnings.append(f"{n}: {len(orphans)} entries named here are not in {names[0]} (files of another date?)")
    entries = merge_ofac(parsed)
    snapshot = make_snapshot(list_id, parsed[0].snapshot.source.replace("(legacy CSV)", "(OFAC set: ")
                             + ", ".join(n for n in names if n in members) + ")", url, retrieved_at, content,
                             len(entries))
    return ParsedList(entries, snapshot, warnings)


def _names(entries: Sequence[ListEntry]) -> set[str]:
    return {" ".join(e.name.casefold().split()) for e in entries}


def removed_entries(old: Sequence[ListEntry], new: Sequence[ListEntry]) -> tuple[int, int]:
    """(removed, before): how many of the old version's listed names the new one no longer has,
    out of how many (by name: exports of one list differ in their id schemes, as CSL files with
    and without `_id` do)."""
    before = _names(old)
    return len(before - _names(new)), len(before)


def check_shrink(list_id: str, before: int, removed: int, kept: int, *, allow: bool,
                 old_label: str = "the active version") -> None:
    """ListShrinkError when a new version removes more than a tenth of the `before` entries and
    that was not allowed: a truncated download must not silently clear cases."""
    if before and removed > MAX_REMOVED_SHARE * before and not allow:
        raise ListShrinkError(
            f"{list_id}: the new version removes {removed:,} of the {before:,} entries of {old_label} "
            f"({removed / before:.1%}, more than {MAX_REMOVED_SHARE:.0%}; it has {kept:,} entries in all): "
            "a truncated or wrong file would clear cases. Check the file; if these removals are real, "
            "import it again with --allow-shrink.")
