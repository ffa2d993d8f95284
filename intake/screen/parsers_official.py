"""Parsers for the publishers' own formats: CSL CSV/JSON, OFAC legacy CSV, BIS Denied Persons."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from intake.errors import ListFormatError
from intake.records import ListEntry
from intake.screen.parse_common import (
    SOURCE_CODES,
    ParsedList,
    decode,
    load_json,
    make_snapshot,
    parse_date,
    read_csv,
    require_entries,
    split_list,
    stable_id,
)

CSL_URL = "https://www.trade.gov/consolidated-screening-list"
OFAC_URL = "https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas"
DPL_URL = "https://www.bis.gov/licensing/guidance-on-end-user-and-end-use-controls/denied-persons-list"
CSL_TYPES = {"individual": "person", "entity": "organisation", "vessel": "vessel", "aircraft": "aircraft"}


def _country(value: str | None) -> str | None:
    """ISO code when the value is one, else the name as given (normalised later)."""
    value = (value or "").strip().strip(".")
    if not value or value == "-0-":
        return None
    return value.upper() if len(value) == 2 and value.isalpha() else value


def _address_country(address: str) -> str | None:
    """The country at the end of a CSL address ('..., Yerevan, Armenia, AM' -> 'AM')."""
    tail = address.rsplit(",", 1)[-1].strip()
    return _country(tail) if tail and (len(tail) == 2 or tail[:1].isupper()) and not tail.isdigit() else None


def _csl_entry(row: dict[str, Any], line: int, alt_names: list[str], addresses: list[str]) -> ListEntry:
    source_list = (row.get("source") or "").strip()
    name = (row.get("name") or "").strip()
    if not name:
        raise ListFormatError(f"line {line}: empty name")
    countries = split_list(row.get("citizenships") or "") + [c for c in map(_address_country, addresses) if c]
    entity_id = (row.get("_id") or row.get("id") or row.get("entity_number") or "").strip()
    return ListEntry(
        list_id="csl",
        source_list=source_list,
        entry_id=entity_id or stable_id(source_list, name, row.get("start_date") or ""),
        name=name,
        aliases=alt_names,
        entity_type=CSL_TYPES.get((row.get("type") or "").strip().lower(), "unknown"),
        country=_country(countries[0]) if countries else None,
        programs=split_list(row.get("programs") if isinstance(row.get("programs"), str) else None),
        start_date=parse_date(row.get("start_date")),
        end_date=parse_date(row.get("end_date")),
        source_url=(row.get("source_list_url") or row.get("source_information_url") or None),
    )


def parse_csl_csv(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """Consolidated Screening List CSV, with or without the leading `_id` column."""
    text = decode(content, name)
    entries = []
    for line, row in read_csv(text, name, required=("source", "name", "alt_names")):
        assert isinstance(row, dict)
        try:
            entries.append(_csl_entry(row, line, split_list(row.get("alt_names")), split_list(row.get("addresses"))))
        except ListFormatError as err:
            raise ListFormatError(f"{name}: {err.message}") from err
    require_entries(entries, name)
    snap = make_snapshot("csl", "Consolidated Screening List (trade.gov)", url or CSL_URL, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


def _json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return split_list(value)
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
    return []


def _json_addresses(value: Any) -> list[str]:
    if not isinstance(value, list):
        return _json_strings(value)
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append(", ".join(str(item[k]) for k in ("address", "city", "country") if item.get(k)))
        elif isinstance(item, str):
            out.append(item)
    return out


def parse_csl_json(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """Consolidated Screening List JSON ({"results": [...]} as published by trade.gov)."""
    data = load_json(decode(content, name), name)
    rows = data.get("results") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ListFormatError(f"{name}: expected a 'results' array")
    entries = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or "name" not in row or "source" not in row:
            raise ListFormatError(f"{name}: result {number}: not a CSL record (needs name and source)")
        flat = dict(row, programs="; ".join(_json_strings(row.get("programs"))))
        flat["citizenships"] = "; ".join(_json_strings(row.get("citizenships")))
        flat["_id"] = str(row.get("id") or row.get("_id") or "")
        entries.append(_csl_entry(flat, number, _json_strings(row.get("alt_names")), _json_addresses(row.get("addresses"))))
    require_entries(entries, name)
    snap = make_snapshot("csl", "Consolidated Screening List (trade.gov)", url or CSL_URL, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


# ---------------------------------------------------------------- OFAC legacy CSV

_AKA = re.compile(r"a\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
OFAC_TYPES = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}


def _ofac_value(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _ofac_rows(content: bytes, name: str, width: int) -> list[tuple[int, list[str]]]:
    text = decode(content, name, fallback="cp1252")
    rows = []
    for line, row in read_csv(text, name, header=False):
        assert isinstance(row, list)
        if len(row) != width:
            raise ListFormatError(f"{name}: line {line}: {len(row)} fields, OFAC legacy format has {width}")
        if not row[0].strip().isdigit():
            raise ListFormatError(f"{name}: line {line}: ent_num '{row[0][:20]}' is not a number")
        rows.append((line, [_ofac_value(v) for v in row]))
    if not rows:
        raise ListFormatError(f"{name}: no entries found")
    return rows


def parse_ofac_sdn(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """OFAC legacy sdn.csv / cons_prim.csv (no header, `-0-` empty, 0x1A terminator)."""
    consolidated = "cons" in name.rsplit("/", 1)[-1]
    code = "NON-SDN" if consolidated else "SDN"
    list_id = "ofac_cons" if consolidated else "sdn"
    entries = []
    for _line, row in _ofac_rows(content, name, 12):
        programs = [p.strip("[] ") for p in row[3].split("] [") if p.strip("[] ")]
        entries.append(
            ListEntry(
                list_id=list_id,
                source_list=SOURCE_CODES[code],
                entry_id=row[0].strip(),
                name=row[1],
                aliases=_AKA.findall(row[11]),
                entity_type=OFAC_TYPES.get(row[2].lower(), "organisation"),
                programs=programs,
                source_url=url or OFAC_URL,
            )
        )
    snap = make_snapshot(list_id, SOURCE_CODES[code] + " (legacy CSV)", url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


def parse_ofac_alt(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """OFAC legacy alt.csv: aliases by ent_num (merged into the primary entries at load time)."""
    list_id = "ofac_cons_alt" if "cons" in name.rsplit("/", 1)[-1] else "sdn_alt"
    entries = [
        ListEntry(list_id=list_id, entry_id=row[0].strip(), name=row[3], entity_type="alias", risk=row[2])
        for _line, row in _ofac_rows(content, name, 5)
        if row[3]
    ]
    snap = make_snapshot(list_id, "OFAC alternate names (legacy CSV)", url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


def parse_ofac_add(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """OFAC legacy add.csv: addresses by ent_num (their countries are merged at load time)."""
    list_id = "ofac_cons_add" if "cons" in name.rsplit("/", 1)[-1] else "sdn_add"
    entries = [
        ListEntry(
            list_id=list_id,
            entry_id=row[0].strip(),
            name=", ".join(v for v in row[2:5] if v) or row[4],
            entity_type="address",
            country=_country(row[4]),
        )
        for _line, row in _ofac_rows(content, name, 6)
    ]
    snap = make_snapshot(list_id, "OFAC addresses (legacy CSV)", url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


# ---------------------------------------------------------------- BIS Denied Persons


def parse_bis_dpl(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """BIS Denied Persons List: tab-separated, quoted, header row, MM/DD/YYYY dates."""
    text = decode(content, name)
    entries = []
    rows = read_csv(text, name, delimiter="\t", required=("Name", "Country", "Effective_Date"))
    for _line, row in rows:
        assert isinstance(row, dict)
        person = (row.get("Name") or "").strip()
        if not person:
            continue
        entries.append(
            ListEntry(
                list_id="dpl",
                source_list=SOURCE_CODES["DPL"],
                entry_id=stable_id(person, row.get("Effective_Date") or "", row.get("Street_Address") or ""),
                name=person,
                entity_type="unknown",
                country=_country(row.get("Country")),
                start_date=parse_date(row.get("Effective_Date")),
                end_date=parse_date(row.get("Expiration_Date")),
                source_url=url or DPL_URL,
            )
        )
    require_entries(entries, name)
    snap = make_snapshot("dpl", SOURCE_CODES["DPL"], url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)
