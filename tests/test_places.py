"""The city gazetteer and US states (intake/places.py): which names tell a country, and which do not."""

from __future__ import annotations

import pytest

from intake import places


@pytest.mark.parametrize(("name", "country"), [
    ("Kyoto", "JP"), ("Lausanne", "CH"), ("Zurich", "CH"), ("Montreal", "CA"), ("Garching", "DE"),
    ("Rehovot", "IL"), ("Paris", "FR"),  # Paris, Texas is 1 % of Paris
    ("Peking", "CN"),  # an old English name of a big city
    ("Cambridge", None), ("Victoria", None),  # several countries' cities of comparable size
    ("March", None), ("kyoto", None), ("Nowhere Town", None),  # a month, a lower-case word, no city
    ("HIT", None), ("TOKYO", "JP"),  # an acronym is no city; a city in capitals is
])
def test_a_city_tells_its_country_only_when_its_name_is_one_countrys(name: str, country: str | None) -> None:
    assert places.city_country(name) == country


@pytest.mark.parametrize(("text", "state"), [
    ("Georgia", "GA"), ("GA", "GA"), ("New Mexico", "NM"), ("D.C.", "DC"), ("ga", None), ("Bavaria", None),
])
def test_a_us_state_by_name_or_capital_postal_code(text: str, state: str | None) -> None:
    assert places.state_code(text) == state


def test_a_us_city_is_checked_against_its_state() -> None:
    assert places.region_country("Athens", "GA") == "US" and places.region_country("Berkeley", "CA") == "US"
    assert places.region_country("Tbilisi", "GA") is None and places.region_country("Atlanta", "CA") is None
    assert places.region_country("Perth", "WA") == "AU" and places.region_country("Waterloo", "ON") == "CA"


def test_a_name_given_two_countries_tells_none() -> None:
    table = places.name_countries([("Beihang University", "CN"), ("BUAA", "CN"), ("Shared Name", "CN"),
                                   ("Shared Name", "IR"), ("No Country Institute", None)])
    assert table == {"beihang university": "CN", "buaa": "CN"}


def test_a_short_region_name_may_be_several_countries_regions() -> None:
    assert places.regions_named("WA") == [("US", "WA"), ("AU", "08")]
    assert places.regions_named("Calif.") == [("US", "CA")]
    assert places.city_in("Perth", "AU", "08") and not places.city_in("Perth", "US", "WA")


@pytest.mark.parametrize(("place", "code", "country"), [
    ("Stanford", "CA", "US"),  # a place the gazetteer lacks, a postal code only the US has
    ("La Jolla", "CA", "US"),
    ("Rabat", "MA", None),  # a city known only elsewhere: Morocco's
    ("Perth", "WA", None),  # Washington's and Western Australia's: the code tells no one country
    ("Tbilisi", "Georgia", None),  # a full name may be a country: not a postal code
])
def test_a_postal_code_after_a_place_unknown_to_the_gazetteer(place: str, code: str, country: str | None) -> None:
    assert places.postal_country(place, code) == country
