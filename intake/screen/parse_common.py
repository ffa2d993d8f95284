"""What every list parser shares: decoding with clear errors, CSV reading, snapshots, dates."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from intake.errors import ListFormatError
from intake.records import ListEntry, ListSnapshot

MAX_LINE_CHARS = 200_000  # the longest real SDN remarks line is a few kB
MAX_BYTES = 500 * 1024 * 1024

# Long CSL source names and their short codes (the code decides severity in the rules).
SOURCE_CODES = {
    "SDN": "Specially Designated Nationals (SDN) - Treasury Department",
    "EL": "Entity List (EL) - Bureau of Industry and Security",
    "MEU": "Military End User (MEU) List - Bureau of Industry and Security",
    "DPL": "Denied Persons List (DPL) - Bureau of Industry and Security",
    "UVL": "Unverified List (UVL) - Bureau of Industry and Security",
    "DTC": "ITAR Debarred (DTC) - State Department",
    "ISN": "Nonproliferation Sanctions (ISN) - State Department",
    "SSI": "Sectoral Sanctions Identifications List (SSI) - Treasury Department",
    "FSE": "Foreign Sanctions Evaders (FSE) - Treasury Department",
    "PLC": "Palestinian Legislative Council List (PLC) - Treasury Department",
    "CAP": "Capta List (CAP) - Treasury Department",
    "CMIC": "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
    "MBS": "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
    "1260H": "DoD Section 1260H List of Chinese Military Companies",
    "1286": "DoD Section 1286 List of Foreign Institutions and Talent Programs of Concern",
    "MIEU": "Military-Intelligence End User (MIEU) List - Bureau of Industry and Security",
    "UFLPA": "UFLPA Entity List - Department of Homeland Security",
    "NRO": "Named Research Organizations - Canada ISED",
    "JP-EUL": "End User List - Japan METI",
    "ASPI": "ASPI China Defence Universities Tracker",
    "NON-SDN": "Non-SDN Consolidated Sanctions List - Treasury Department",
}
_CODE_IN_NAME = re.compile(r"\(([A-Z0-9-]+)(?: List)?\)")


def source_code(source_list: str) -> str:
    """Short code of a list from its long name, e.g. 'Entity List (EL) - BIS' -> 'EL'."""
    for code, long in SOURCE_CODES.items():
        if source_list == code or source_list.startswith(long):
            return code
    found = _CODE_IN_NAME.search(source_list)
    if found:
        return found.group(1).replace("NS-MBS", "MBS")
    return source_list.upper()


@dataclass
class ParsedList:
    """A parsed list file: its entries and the snapshot describing the content."""

    entries: list[ListEntry]
    snapshot: ListSnapshot
    warnings: list[str] = field(default_factory=list)


def sha256_hex(content: bytes) -> str:
    """Hex SHA-256 of the content (the snapshot's identity)."""
    return hashlib.sha256(content).hexdigest()


def decode(content: bytes, name: str, *, fallback: str | None = None) -> str:
    """Text of a list file; raises ListFormatError for empty, binary or wrongly encoded files."""
    if len(content) > MAX_BYTES:
        raise ListFormatError(f"{name}: file is larger than {MAX_BYTES} bytes")
    if not content.strip(b" \r\n\t\x1a"):
        raise ListFormatError(f"{name}: file is empty")
    if b"\x00" in content[:65536]:
        raise ListFormatError(f"{name}: binary content (NUL bytes), not a text list file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if fallback is None:
            line = content[: err.start].count(b"\n") + 1
            raise ListFormatError(f"{name}: line {line}: not UTF-8 text ({err.reason})") from err
        text = content.decode(fallback, errors="replace")
    _check_lines(text, name)
    return text


def _check_lines(text: str, name: str) -> None:
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ListFormatError(f"{name}: line {number}: longer than {MAX_LINE_CHARS} characters")
        start += len(line)


def read_csv(
    text: str, name: str, *, header: bool = True, delimiter: str = ",", required: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str] | list[str]]]:
    """Rows with their line numbers; checks required columns; CSV errors name the line."""
    csv.field_size_limit(MAX_LINE_CHARS)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: list[str] | None = None
    try:
        for row in reader:
            if not row or (len(row) == 1 and row[0].strip(" \x1a") == ""):
                continue
            if header and columns is None:
                columns = [c.strip().strip('"') for c in row]
                missing = [c for c in required if c not in columns]
                if missing:
                    raise ListFormatError(
                        f"{name}: line {reader.line_num}: missing column(s) {', '.join(missing)}"
                        f" (found: {', '.join(columns[:12])})"
                    )
                continue
            if columns is not None:
                if len(row) > len(columns):
                    raise ListFormatError(
                        f"{name}: line {reader.line_num}: {len(row)} fields, header has {len(columns)}"
                    )
                yield reader.line_num, dict(zip(columns, row, strict=False))
            else:
                yield reader.line_num, row
    except csv.Error as err:
        raise ListFormatError(f"{name}: line {reader.line_num}: {err}") from err


def load_json(text: str, name: str) -> Any:
    """Parsed JSON; errors name the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ListFormatError(f"{name}: line {err.lineno}: invalid JSON ({err.msg})") from err


def split_list(value: str | None, sep: str = ";") -> list[str]:
    """Non-empty stripped parts of a separated field."""
    if not value:
        return []
    return [p.strip() for p in value.split(sep) if p.strip() and p.strip() != "-0-"]


def parse_date(value: str | None) -> date | None:
    """ISO, MM/DD/YYYY or bare-year dates; None for empty or impossible values."""
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y"):
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return parsed if 1900 <= parsed.year <= 2100 else None
    return None


def stable_id(*parts: str) -> str:
    """A short deterministic id for entries whose source has none."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def make_snapshot(
    list_id: str, source: str, url: str | None, retrieved_at: datetime, content: bytes, count: int
) -> ListSnapshot:
    """The snapshot record of one parsed file."""
    return ListSnapshot(
        list_id=list_id,
        source=source,
        url=url,
        retrieved_at=retrieved_at,
        sha256=sha256_hex(content),
        entry_count=count,
    )


def require_entries(entries: list[ListEntry], name: str) -> list[ListEntry]:
    """Refuse a file that parsed but held no entries (a wrong file under a right name)."""
    if not entries:
        raise ListFormatError(f"{name}: no entries found")
    return entries
