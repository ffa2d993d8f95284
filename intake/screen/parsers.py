"""The list-parser registry: one parser per file format, found by name or guessed from a file.

    parser = get_parser("csl_csv")
    parsed = parser.parse(content, name="consolidated.csv", url=None, retrieved_at=now)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake.errors import ListFormatError
from intake.screen import parsers_compiled as compiled
from intake.screen import parsers_official as official
from intake.screen.list_sets import parse_ofac_set
from intake.screen.parse_common import ParsedList

ParseFn = Callable[..., ParsedList]


@dataclass(frozen=True)
class ListParser:
    """A named file format with its parse function and the extension its snapshots are stored with."""

    name: str
    list_id: str
    ext: str
    parse_fn: ParseFn
    description: str

    def parse(self, content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
        """Parse one file's bytes (pure: no I/O)."""
        return self.parse_fn(content, name=name, url=url, retrieved_at=retrieved_at)


PARSERS: list[ListParser] = [
    ListParser("csl_csv", "csl", "csv", official.parse_csl_csv, "Consolidated Screening List CSV"),
    ListParser("csl_json", "csl", "json", official.parse_csl_json, "Consolidated Screening List JSON"),
    ListParser("ofac_sdn", "sdn", "csv", official.parse_ofac_sdn, "OFAC legacy sdn.csv / cons_prim.csv"),
    ListParser("ofac_alt", "sdn_alt", "csv", official.parse_ofac_alt, "OFAC legacy alt.csv"),
    ListParser("ofac_add", "sdn_add", "csv", official.parse_ofac_add, "OFAC legacy add.csv"),
    ListParser("ofac_set", "sdn", "zip", parse_ofac_set, "OFAC set: sdn + alt + add of one date, as one version"),
    ListParser("bis_dpl", "dpl", "txt", official.parse_bis_dpl, "BIS Denied Persons List (tab file)"),
    ListParser("dod_1260h", "dod_1260h", "csv", compiled.parse_dod_1260h, "DoD 1260H (OpenSanctions CSV)"),
    ListParser("dod_1286", "dod_1286", "csv", compiled.parse_dod_1286, "DoD 1286 (OpenSanctions CSV)"),
    ListParser("aspi_misp", "defence_universities", "json", compiled.parse_aspi_misp, "ASPI tracker (MISP)"),
    ListParser("kaist_json", "kaist_multi", "json", compiled.parse_kaist_json, "KAIST multi-list JSON"),
    ListParser("starter_yaml", "starter", "yaml", compiled.parse_starter_yaml, "rsi starter YAML"),
]

# Which format a configured list id is downloaded in (settings.list_urls keys).
LIST_FORMATS = {
    "csl": "csl_csv",
    "sdn": "ofac_sdn",
    "sdn_alt": "ofac_alt",
    "sdn_add": "ofac_add",
    "ofac_cons": "ofac_sdn",
    "ofac_cons_alt": "ofac_alt",
    "ofac_cons_add": "ofac_add",
    "dpl": "bis_dpl",
    "dod_1260h": "dod_1260h",
    "dod_1286": "dod_1286",
    "defence_universities": "aspi_misp",
    "kaist_multi": "kaist_json",
}


def get_parser(name: str) -> ListParser:
    """The parser registered under `name` (ListFormatError lists the known ones)."""
    for parser in PARSERS:
        if parser.name == name:
            return parser
    known = ", ".join(p.name for p in PARSERS)
    raise ListFormatError(f"unknown list format '{name}' (known: {known})")


def guess_format(path: Path, content: bytes, list_id: str | None = None) -> str:
    """The format of a list file from the list id, its name and its first bytes."""
    if content[:4] == b"PK\x03\x04":
        return "ofac_set"  # the only zipped format: a folder's OFAC files stored as one version
    if list_id in LIST_FORMATS:
        return LIST_FORMATS[list_id]
    base = path.name.lower()
    head = content[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if base.endswith((".yaml", ".yml")):
        return "starter_yaml"
    if base in {"sdn.csv", "cons_prim.csv"}:
        return "ofac_sdn"
    if base in {"alt.csv", "cons_alt.csv"}:
        return "ofac_alt"
    if base in {"add.csv", "cons_add.csv"}:
        return "ofac_add"
    if head.startswith(b'"Name"\t') or head.startswith(b"Name\t"):
        return "bis_dpl"
    if head.startswith(b"Name,Clean Name"):
        return "dod_1260h"
    if head.startswith(b"schema,name,aliases"):
        return "dod_1286"
    if head.startswith(b"{") and b'"values"' in content[:65536]:
        return "aspi_misp"
    if head.startswith(b"{"):
        return "csl_json"
    if head.startswith(b"["):
        return "kaist_json"
    if b"alt_names" in head.split(b"\n", 1)[0]:
        return "csl_csv"
    raise ListFormatError(f"{path}: cannot tell the list format; pass --format (one of {', '.join(p.name for p in PARSERS)})")


def parse_file(
    path: Path, fmt: str | None = None, *, list_id: str | None = None, url: str | None = None,
    retrieved_at: datetime | None = None,
) -> ParsedList:
    """Read and parse a list file (the I/O edge around the pure parsers)."""
    try:
        content = path.read_bytes()
    except OSError as err:
        raise ListFormatError(f"{path}: cannot read ({err.strerror})") from err
    parser = get_parser(fmt or guess_format(path, content, list_id))
    when = retrieved_at or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return parser.parse(content, name=str(path), url=url, retrieved_at=when)
