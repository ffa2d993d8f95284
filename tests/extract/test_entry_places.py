"""An entry's country when it ends in a state or province after one of its cities (issue 13)."""

from __future__ import annotations

import pytest

from intake.extract.entries import read_entry


@pytest.mark.parametrize(("text", "country"), [
    ("2015-2018 Postdoctoral Fellow, Georgia Institute of Technology, Atlanta, Georgia", "US"),
    ("2012 Lecturer, University of Georgia, Athens, GA 30602", "US"),
    ("2016 Research Scientist, University of Washington, Seattle, WA", "US"),
    ("2014 Research Fellow, Curtin University, Perth, WA", "AU"),
    ("2012 Visiting Fellow, University of Waterloo, Waterloo, ON", "CA"),
    # a country named Georgia stays the country where its city is not a US one
    ("2010-2012 Lecturer, Tbilisi State University, Tbilisi, Georgia", "GE"),
    ("2013 Lecturer, National Technical University of Athens, Athens, Greece", "GR"),
    ("2017 Engineer, Harbin Institute of Technology, Harbin, China", "CN"),
])
def test_a_region_after_its_city_gives_the_country(text: str, country: str) -> None:
    assert read_entry(text).country == country


def test_a_postal_code_after_a_place_unknown_to_the_gazetteer_tells_its_country() -> None:
    from intake.extract.entries import region_after_city

    assert region_after_city("Stanford, CA") == ("US", 10)
    assert region_after_city("Research Scientist, CA") is None  # a post, not a place
    assert region_after_city("Google Brain Laboratory, CA") is None  # a body, not a place
