"""The starter lists in lists/ as the Lists page and `rsi lists status` show them.

Issue 16: every case is screened against the starter lists, yet the Lists page said "No list
snapshots loaded" and `rsi lists status` showed nothing. They are not stored snapshots (they ship
with rsi and are read from `RSI_LISTS_DIR` at each start), so they are listed on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from intake.errors import RsiError
from intake.screen.lists import starter_paths
from intake.screen.parsers import parse_file
from intake.settings import Settings

STARTER_NOTE = "written by the rsi team from public sources; load the official lists for real screening"


@dataclass(frozen=True)
class StarterStatus:
    """One starter list: what it is, as of when, how many entries, its content hash."""

    list_id: str
    source: str
    as_of: str | None
    entry_count: int
    sha256: str
    path: str
    note: str = STARTER_NOTE
    error: str | None = None  # a starter file that does not parse is shown, not hidden


def _as_of(path: Path) -> str | None:
    try:
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    value = head.get("as_of") if isinstance(head, dict) else None
    return value.isoformat() if isinstance(value, date) else (str(value) if value else None)


def starter_status(settings: Settings) -> list[StarterStatus]:
    """Each starter list file screening reads, in the order it is loaded."""
    out = []
    for path in starter_paths(Path(settings.lists_dir)):
        try:
            parsed = parse_file(path)
        except RsiError as exc:
            out.append(StarterStatus(path.stem, "", None, 0, "", str(path), error=exc.message))
            continue
        snap = parsed.snapshot
        out.append(StarterStatus(snap.list_id, snap.source, _as_of(path), len(parsed.entries), snap.sha256,
                                 str(path)))
    return out
