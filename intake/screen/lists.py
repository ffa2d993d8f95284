"""Reference data for screening: every active list's entries, the country tables, programs, funders.

    reference = load_reference(settings, stored)     # starter lists in lists/ + stored snapshots
    reference.matcher.match("Harbin Institute of Technology")
    reference.country_code("Changsha, Hunan, China")  # -> "CN"
    reference.gazetteer()                             # (label, phrase) pairs for spaCy's EntityRuler

Parsers live in parsers.py (registry); this module merges their output and answers lookups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intake.records import ListEntry, ListSnapshot
from intake.screen.matcher import Matcher
from intake.screen.normalise import ascii_fold, is_cjk
from intake.screen.parse_common import ParsedList
from intake.screen.parsers import parse_file
from intake.screen.sweep import Sweeper

if TYPE_CHECKING:
    from intake.settings import Settings

STARTER_FILES = ("institutions.yaml", "talent_programs.yaml", "funders.yaml", "research_funders.yaml", "countries.yaml")
COMPANION_PARENTS = {"sdn_alt": "sdn", "sdn_add": "sdn", "ofac_cons_alt": "ofac_cons", "ofac_cons_add": "ofac_cons"}
NOT_SCREENED = frozenset({"alias", "address", "program", "funder", "country"})


@dataclass(frozen=True)
class StoredList:
    """A stored snapshot to load: its content file, format and when/where it was retrieved."""

    path: Path
    fmt: str
    retrieved_at: datetime
    url: str | None = None
    list_id: str | None = None


@dataclass
class ReferenceData:
    """All reference data one screening uses, with the snapshots it came from."""

    entries: list[ListEntry] = field(default_factory=list)
    programs: list[ListEntry] = field(default_factory=list)
    funders: list[ListEntry] = field(default_factory=list)
    countries: list[ListEntry] = field(default_factory=list)
    snapshots: list[ListSnapshot] = field(default_factory=list)

    @cached_property
    def matcher(self) -> Matcher:
        """Matcher over every listed organisation and person (built on first use)."""
        return Matcher(self.entries)

    @cached_property
    def org_countries(self) -> dict[str, str]:
        """Folded listed organisation name or alias -> the list's country (where a talk host is)."""
        from intake.places import name_countries

        return name_countries((name, entry.country) for entry in self.entries
                              if entry.entity_type in {"organisation", "unknown"}
                              for name in [entry.name, *entry.aliases])

    @cached_property
    def sweeper(self) -> Sweeper:
        """Full-text sweep candidates over every listed organisation (built on first use)."""
        return Sweeper(self.entries, place=self.country_code)

    @cached_property
    def program_matcher(self) -> Matcher:
        """Matcher over talent programs (starter list plus programs found in the 1286 list)."""
        return Matcher(self.programs)

    @cached_property
    def funder_matcher(self) -> Matcher:
        """Matcher over research funders: those of countries of concern, and major others (their country)."""
        return Matcher(self.funders)

    @cached_property
    def _country_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in self.countries:
            for name in [entry.entry_id, entry.name, *entry.aliases]:
                names.setdefault(_country_key(name), entry.entry_id)
        return names

    def country_code(self, text: str | None) -> str | None:
        """ISO code of a country, region or Chinese province/city named in `text` (last part wins)."""
        if not text:
            return None
        names = self._country_names
        whole = names.get(_country_key(text))
        if whole:
            return whole
        for part in reversed([p for p in text.replace(";", ",").split(",") if p.strip()]):
            code = names.get(_country_key(part))
            if code:
                return code
        return None

    def country_tags(self, code: str | None) -> set[str]:
        """Tags of a country code: fcoc, ofac-comprehensive, ofac-ended:<date>, EAR:<group>."""
        for entry in self.countries:
            if entry.entry_id == code:
                return set(entry.programs)
        return set()

    def country_name(self, code: str | None) -> str:
        """Display name of a country code (the code itself when unknown)."""
        return next((e.name for e in self.countries if e.entry_id == code), code or "")

    @property
    def snapshot_ids(self) -> list[str]:
        """Ids of the snapshots behind this reference data."""
        return [s.snapshot_id for s in self.snapshots]

    def gazetteer(self) -> list[tuple[str, str]]:
        """(label, phrase) pairs for an EntityRuler: ORG names/aliases, FUNDER and PROGRAM names."""
        pairs: dict[tuple[str, str], None] = {}
        for label, entries in (("ORG", self.entries), ("FUNDER", self.funders), ("PROGRAM", self.programs)):
            for entry in entries:
                if label == "ORG" and entry.entity_type not in {"organisation", "unknown"}:
                    continue
                for phrase in [entry.name, *entry.aliases]:
                    phrase = phrase.strip()
                    if len(phrase) >= 3 or (is_cjk(phrase) and len(phrase) >= 2):
                        pairs[(label, phrase)] = None
        return list(pairs)


def _country_key(text: str) -> str:
    text = text.strip().strip(".")
    return text if is_cjk(text) or not text.isascii() and not ascii_fold(text).strip() else " ".join(
        ascii_fold(text).replace(".", "").replace("'", "").split()
    )


def merge_ofac(parsed: Sequence[ParsedList]) -> list[ListEntry]:
    """Primary entries with the aliases (alt.csv) and countries (add.csv) of their ent_num."""
    extra: dict[tuple[str, str], list[ListEntry]] = {}
    for plist in parsed:
        for entry in plist.entries:
            parent = COMPANION_PARENTS.get(entry.list_id)
            if parent:
                extra.setdefault((parent, entry.entry_id), []).append(entry)
    out = []
    for plist in parsed:
        for entry in plist.entries:
            if entry.list_id in COMPANION_PARENTS:
                continue
            more = extra.get((entry.list_id, entry.entry_id))
            if more:
                aliases = [e.name for e in more if e.entity_type == "alias"]
                country = entry.country or next((e.country for e in more if e.country), None)
                entry = entry.model_copy(update={"aliases": [*entry.aliases, *aliases], "country": country})
            out.append(entry)
    return out


def build_reference(parsed: Sequence[ParsedList]) -> ReferenceData:
    """Reference data from parsed lists (pure): merged, split by kind, countries normalised."""
    ref = ReferenceData(snapshots=[p.snapshot for p in parsed])
    merged = merge_ofac(parsed)
    ref.countries = [e for e in merged if e.entity_type == "country"]
    for entry in merged:
        if entry.country and len(entry.country) != 2:
            code = ref.country_code(entry.country)
            entry = entry.model_copy(update={"country": code}) if code else entry
        if entry.entity_type == "program":
            ref.programs.append(entry)
        elif entry.entity_type == "funder":
            ref.funders.append(entry)
        if entry.entity_type not in NOT_SCREENED:
            ref.entries.append(entry)
    return ref


def starter_paths(lists_dir: Path) -> list[Path]:
    """The starter YAML files shipped in lists/."""
    return [lists_dir / name for name in STARTER_FILES if (lists_dir / name).exists()]


def load_reference(source: Settings | Path | Iterable[Path], stored: Sequence[StoredList] = ()) -> ReferenceData:
    """Parse the starter lists (from settings.lists_dir, a folder or files) plus stored snapshots."""
    if isinstance(source, Path):
        paths = starter_paths(source) if source.is_dir() else [source]
    elif hasattr(source, "lists_dir"):
        paths = starter_paths(Path(source.lists_dir))  # type: ignore[union-attr]
    else:
        paths = list(source)  # type: ignore[arg-type]
    parsed = [parse_file(p) for p in paths]
    parsed += [
        parse_file(s.path, s.fmt, list_id=s.list_id, url=s.url, retrieved_at=s.retrieved_at) for s in stored
    ]
    return build_reference(parsed)
