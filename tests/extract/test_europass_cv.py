"""A Europass-style CV: day-first slashed dates ('01/09/2019 – CURRENT'), posts and employers in
capitals on the line under the dates, a nationality written as a demonym. The person is fictional."""

from __future__ import annotations

from datetime import date

import pytest

from intake.extract import extract_profile
from intake.extract.dates import day_first_dates, find_ranges, writes_day_first

from extract_factory import cv_document

CV = """Curriculum Vitae
Marek Dvorak-Lind
Nationality: Czech
Email address: marek.dl@example.eu

WORK EXPERIENCE
01/09/2019 – CURRENT Brno, Czechia
ASSOCIATE PROFESSOR – BRNO UNIVERSITY OF TECHNOLOGY
Research in power electronics.

01/10/2015 – 31/08/2019 Moscow, Russia
SENIOR RESEARCHER – SKOLKOVO INSTITUTE OF SCIENCE AND TECHNOLOGY

EDUCATION AND TRAINING
01/10/2010 – 30/06/2015 Prague, Czechia
PHD IN ELECTRICAL ENGINEERING Czech Technical University in Prague
"""
GAZ = [("ORG", "Skolkovo Institute of Science and Technology")]


@pytest.fixture(scope="module")
def profile():
    return extract_profile([cv_document(CV)], GAZ)


def test_posts_and_employers_in_capitals(profile) -> None:
    got = [(a.organisation.casefold(), a.role, a.country, a.period.start, a.period.current) for a in profile.affiliations]
    assert got == [
        ("brno university of technology", "Associate Professor", "CZ", date(2019, 9, 1), True),
        ("skolkovo institute of science and technology", "Senior Researcher", "RU", date(2015, 10, 1), False),
    ]
    assert [(e.organisation, e.period.end) for e in profile.education] == [
        ("Czech Technical University in Prague", date(2015, 6, 30))]


def test_nationality_as_a_demonym(profile) -> None:
    assert profile.person.citizenships == ["CZ"]


def test_day_first_is_a_property_of_the_document() -> None:
    assert writes_day_first(CV) and not writes_day_first("R01 (PI) 09/01/2019-08/31/2024")
    [us] = find_ranges("01/09/2019 - 02/10/2020")
    with day_first_dates(True):
        [eu] = find_ranges("01/09/2019 - 02/10/2020")
    assert (us.period.start, eu.period.start) == (date(2019, 1, 1), date(2019, 9, 1))
