"""Parsers for compiled lists: DoD 1260H/1286 (OpenSanctions CSV), ASPI (MISP JSON), KAIST JSON,
and rsi's own starter YAML files in lists/."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import yaml

from intake.countries import countries_in, country_code
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

DOD_1260H_URL = "https://www.defense.gov/News/Releases/"  # the annual 1260H list releases
_PROGRAM_NAME = re.compile(r"talent|\bplan\b|program|scholar", re.IGNORECASE)
_PAREN = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def _group_rows(rows: list[tuple[int, dict[str, str]]], key: str) -> dict[str, list[dict[str, str]]]:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for _line, row in rows:
        if (row.get(key) or "").strip():
            groups[row[key].strip()].append(row)
    return groups


def _period(rows: list[dict[str, str]], start: str, end: str) -> tuple[date | None, date | None]:
    """Earliest start; no end while any listing period is still open."""
    starts = [d for d in (parse_date(r.get(start)) for r in rows) if d]
    ends = [parse_date(r.get(end)) for r in rows]
    open_ = any(not (r.get(end) or "").strip() for r in rows)
    closed = [d for d in ends if d]
    return (min(starts) if starts else None, None if open_ or not closed else max(closed))


def parse_dod_1260h(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """DoD 1260H list (OpenSanctions layout): one entry per Clean Name across editions."""
    text = decode(content, name)
    rows = [(n, r) for n, r in read_csv(text, name, required=("Name", "Clean Name", "Start date")) if isinstance(r, dict)]
    entries = []
    for clean, group in _group_rows(rows, "Clean Name").items():
        aliases = {v.strip().rstrip("*") for r in group for v in (r.get("Alias"), r.get("Previous Name")) if v and v.strip()}
        start, end = _period(group, "Start date", "End date")
        parent = next((r["Parent Name"] for r in group if r.get("Parent Name")), None)
        entries.append(
            ListEntry(
                list_id="dod_1260h",
                source_list=SOURCE_CODES["1260H"],
                entry_id=stable_id("1260h", clean),
                name=clean,
                aliases=sorted(aliases - {clean}),
                country="CN",
                programs=[f"parent: {parent}"] if parent else [],
                start_date=start,
                end_date=end,
                source_url=next((r["Source Url"] for r in group if r.get("Source Url")), url or DOD_1260H_URL),
            )
        )
    require_entries(entries, name)
    snap = make_snapshot("dod_1260h", SOURCE_CODES["1260H"], url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


def parse_dod_1286(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """DoD 1286 list (OpenSanctions section_1286.csv): institutions and talent programs."""
    text = decode(content, name)
    rows = [(n, r) for n, r in read_csv(text, name, required=("name", "aliases", "report-date")) if isinstance(r, dict)]
    entries = []
    for title, group in _group_rows(rows, "name").items():
        editions = sorted({r.get("report-date", "").strip() for r in group if r.get("report-date")})
        start, end = _period(group, "report-date", "end-date")
        entries.append(
            ListEntry(
                list_id="dod_1286",
                source_list=SOURCE_CODES["1286"],
                entry_id=stable_id("1286", title),
                name=title,
                aliases=sorted({a for r in group for a in split_list(r.get("aliases"))} - {title}),
                entity_type="program" if _PROGRAM_NAME.search(title) else "organisation",
                country=next((r["country"] for r in group if r.get("country")), None),
                programs=[f"edition {e}" for e in editions],
                start_date=start,
                end_date=end,
                source_url=next((r["source_url"] for r in group if r.get("source_url")), url),
            )
        )
    require_entries(entries, name)
    snap = make_snapshot("dod_1286", SOURCE_CODES["1286"], url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


def parse_aspi_misp(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """ASPI China Defence Universities Tracker as a MISP galaxy cluster (`values`)."""
    data = load_json(decode(content, name), name)
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        raise ListFormatError(f"{name}: expected a MISP galaxy object with a 'values' array")
    entries = []
    for number, value in enumerate(values, start=1):
        if not isinstance(value, dict) or not isinstance(value.get("value"), str):
            raise ListFormatError(f"{name}: value {number}: missing 'value' name")
        meta = value.get("meta") or {}
        english, chinese = value["value"], None
        found = _PAREN.match(english)
        if found:
            english, chinese = found.group(1), found.group(2)
        aliases = [a for a in [chinese, *(meta.get("aliases") or [])] if isinstance(a, str) and a]
        categories = [c for c in meta.get("categories") or [] if isinstance(c, str)]
        refs = meta.get("refs") or []
        entries.append(
            ListEntry(
                list_id="defence_universities",
                source_list=SOURCE_CODES["ASPI"],
                entry_id=str(value.get("uuid") or stable_id("aspi", english)),
                name=english,
                aliases=list(dict.fromkeys(aliases)),
                country="CN",
                programs=categories,
                risk=", ".join(categories) or None,
                source_url=refs[0] if refs else url,
            )
        )
    require_entries(entries, name)
    snap = make_snapshot("defence_universities", SOURCE_CODES["ASPI"] + " (MISP galaxy)", url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


KAIST_SOURCES = {
    "us-bis-entity-list": "EL",
    "us-bis-military-end-user-list": "MEU",
    "us-dod-section-1260h": "1260H",
    "us-dod-section-1286": "1286",
    "us-ofac-ns-cmic": "CMIC",
    "us-dhs-uflpa": "UFLPA",
    "ca-ised-named-research-organizations": "NRO",
    "jp-meti-end-user-list": "JP-EUL",
}


def _kaist_entry(record: dict[str, Any], number: int, name: str) -> ListEntry:
    names = record.get("name") or {}
    source = record.get("source") or {}
    english = (names.get("english") or "").strip() if isinstance(names, dict) else ""
    if not english:
        raise ListFormatError(f"{name}: record {number}: no name.english")
    code = KAIST_SOURCES.get(source.get("list_id", ""), source.get("list_id", "other"))
    parts = [p.strip() for p in english.split(" - ") if p.strip()]
    aliases = [*(a for a in record.get("aliases") or [] if isinstance(a, str)), names.get("native") or ""]
    bracket = _PAREN.match(parts[0])
    if bracket:
        # 'ACM Research (Shanghai)': the bracket is a place, so the name without it is the alias;
        # 'Rostec (Russian Technologies State Corporation)': the bracket is the other name
        inside, outside = bracket.group(2).strip(), bracket.group(1).strip()
        aliases.append(outside if _is_place(inside) else inside)
    countries = [c for c in record.get("countries") or [] if isinstance(c, str)]
    return ListEntry(
        list_id="kaist_multi",
        source_list=SOURCE_CODES.get(code, source.get("list_name", code)),
        entry_id=str(record.get("id") or stable_id("kaist", english)),
        name=english,
        aliases=[a.strip() for a in dict.fromkeys(aliases) if a and a.strip() and a.strip() != english],
        country=countries[0].split("/")[0].strip() if countries else None,
        source_url=source.get("official_source_url") or None,
    )


def _is_place(text: str) -> bool:
    """A country, city or region, or a '... branch' note: not a name of the entity."""
    if re.search(r"\b(?:branch|office|representative office)\b", text, re.IGNORECASE):
        return True
    hits = countries_in(text)
    return bool(country_code(text)) or (bool(hits) and hits[0][1] == 0 and hits[-1][2] == len(text))


def parse_kaist_json(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """KAIST restricted-parties JSON: one array of records from several official lists."""
    data = load_json(decode(content, name), name)
    if not isinstance(data, list):
        raise ListFormatError(f"{name}: expected a JSON array of records")
    entries = [_kaist_entry(r, n, name) for n, r in enumerate(data, start=1) if isinstance(r, dict)]
    require_entries(entries, name)
    snap = make_snapshot("kaist_multi", "KAIST restricted-parties compilation", url, retrieved_at, content, len(entries))
    return ParsedList(entries, snap)


# ---------------------------------------------------------------- rsi starter YAML

STARTER_KINDS = {"entities": "organisation", "programs": "program", "funders": "funder", "countries": "country"}


def _note(listing: dict[str, Any]) -> list[str]:
    return [f"note: {listing['note']}"] if listing and listing.get("note") else []


def _starter_entries(doc: dict[str, Any], name: str) -> list[ListEntry]:
    kind = doc.get("kind")
    if kind not in STARTER_KINDS:
        raise ListFormatError(f"{name}: 'kind' must be one of {', '.join(STARTER_KINDS)}")
    list_id = str(doc.get("list_id") or f"starter_{kind}")
    out = []
    for number, item in enumerate(doc.get("entries") or [], start=1):
        if not isinstance(item, dict) or not item.get("name") or not item.get("id"):
            raise ListFormatError(f"{name}: entry {number}: needs 'id' and 'name'")
        stray = [str(key) for key, value in item.items() if value is None]
        if stray:  # '{name: Acme Co., Ltd.}' is the name 'Acme Co.' and an empty key 'Ltd.'
            raise ListFormatError(f"{name}: entry {number} ({item['id']}): {', '.join(stray)!s} has no value; "
                                  "a name with a comma inside {...} must be quoted")
        base = dict(
            list_id=list_id,
            name=str(item["name"]),
            aliases=[str(a) for a in item.get("aliases") or []],
            entity_type=str(item.get("type") or STARTER_KINDS[kind]),
            country=item.get("country"),
            programs=[str(p) for p in item.get("tags") or []],
            risk=item.get("risk"),
            source_url=item.get("source_url"),
        )
        listings = item.get("listings") or [{}]
        for listing in listings:
            code = str(listing.get("list", "")) if listing else ""
            out.append(
                ListEntry(
                    **base,  # type: ignore[arg-type]
                    entry_id=f"{item['id']}:{code}" if code else str(item["id"]),
                    source_list=(SOURCE_CODES.get(code, code) + " (rsi starter)") if code else "rsi starter",
                    start_date=parse_date(str(listing.get("since", ""))) if listing else None,
                    end_date=parse_date(str(listing.get("until", ""))) if listing else None,
                ).model_copy(update={"programs": base["programs"] + _note(listing)})
            )
    return out


def parse_starter_yaml(content: bytes, *, name: str, url: str | None, retrieved_at: datetime) -> ParsedList:
    """rsi's starter YAML (lists/*.yaml): entities with their listings, programs, funders, countries."""
    try:
        # libyaml's safe loader when built in: the same safe subset, ~7x faster on the starter lists
        doc = yaml.load(decode(content, name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise ListFormatError(f"{name}: {line}invalid YAML") from err
    if not isinstance(doc, dict):
        raise ListFormatError(f"{name}: expected a mapping with 'kind' and 'entries'")
    entries = require_entries(_starter_entries(doc, name), name)
    list_id = entries[0].list_id
    source = str(doc.get("source") or "rsi starter list")
    as_of = doc.get("as_of")
    stamp = datetime.combine(as_of, datetime.min.time()).replace(tzinfo=retrieved_at.tzinfo) if isinstance(as_of, date) else retrieved_at
    return ParsedList(entries, make_snapshot(list_id, source, url, stamp, content, len(entries)))
