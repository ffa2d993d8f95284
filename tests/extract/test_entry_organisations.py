"""Which organisation an entry names (issue 13): the legal name whole, the employer before its unit."""

from __future__ import annotations

import pytest

from intake.extract.entries import institution, read_entry, segments_of


@pytest.mark.parametrize(("text", "name"), [
    ("Visiting Researcher, Huawei Technologies Co., Ltd., Shenzhen, China", "Huawei Technologies Co., Ltd"),
    ("Engineer | Acme Robotics, Inc. | Boston, MA", "Acme Robotics, Inc"),
    ("Analyst, Banco Ejemplo, S.A., Madrid, Spain", "Banco Ejemplo, S.A"),
])
def test_a_legal_form_after_a_comma_stays_with_its_name(text: str, name: str) -> None:
    assert name in segments_of(text)


@pytest.mark.parametrize("text", ["Poster, APS March Meeting, Las Vegas, NV. 2011", "Lecturer, CU Boulder, Boulder, CO"])
def test_a_state_after_its_city_is_no_legal_form(text: str) -> None:
    city, state = text.split(", ")[-2:]
    assert state.rstrip(". 2011") in segments_of(text)


def test_the_employer_is_the_institution_not_the_unit_written_after_the_post() -> None:
    entry = read_entry("Sep. 2019 – Jul. 2022 | Postdoctoral Fellow\n"
                       "Research Laboratory of Electronics, Massachusetts Institute of Technology | Cambridge, MA")
    assert institution(entry) == "Massachusetts Institute of Technology"
    entry = read_entry("2016 – 2020 | Senior Researcher, Wellcome Centre for Integrative Neuroimaging, "
                       "University of Oxford, Oxford, UK")
    assert institution(entry) == "University of Oxford"
