"""An NIH biographical sketch, the form US research offices see most: its shapes must read right.

NAME written family name first, the education table with its header row and completion dates,
positions with ranges, research support written as 'R01 GM123456 Name (PI) 09/01/2019-08/31/2024'
with the agency and title on the lines below. The person is fictional.
"""

from __future__ import annotations

from datetime import date

import pytest

from intake.extract import extract_profile
from intake.extract.dates import find_ranges

from extract_factory import cv_document

BIOSKETCH = """BIOGRAPHICAL SKETCH
NAME: Halvorsen-Mbeki, Ingrid
eRA COMMONS USER NAME (credential, e.g., agency login): IHALVORSEN
POSITION TITLE: Associate Professor of Chemical Engineering

EDUCATION/TRAINING
INSTITUTION AND LOCATION | DEGREE | Completion Date MM/YYYY | FIELD OF STUDY
University of Cape Town, Cape Town, South Africa | BS | 06/2006 | Chemical Engineering
Tsinghua University, Beijing, China | PHD | 07/2011 | Chemical Engineering
Massachusetts Institute of Technology, Cambridge, MA | Postdoctoral Fellow | 08/2014 | Catalysis

B. Positions, Scientific Appointments and Honors
Positions and Scientific Appointments
2020 - present Associate Professor, Department of Chemical Engineering, University of Example, Springfield, IL
2018 - 2021 Adjunct Professor, Harbin Institute of Technology, Harbin, China
Honors
2019 Thousand Young Talents Program

D. Research Support
Ongoing Research Support
R01 GM123456 Halvorsen-Mbeki (PI) 09/01/2019-08/31/2024
NIH/NIGMS
Catalysts for hydrogen storage
Completed Research Support
21875001 Halvorsen-Mbeki (PI) 01/2018-12/2021
National Natural Science Foundation of China
Single-atom catalysts
"""
GAZ = [("FUNDER", "NIH"), ("FUNDER", "National Natural Science Foundation of China"), ("ORG", "Harbin Institute of Technology"),
       ("PROGRAM", "Thousand Young Talents Program"), ("PROGRAM", "Thousand Young Talents")]


@pytest.fixture(scope="module")
def profile():
    return extract_profile([cv_document(BIOSKETCH)], GAZ)


def test_name_written_family_name_first(profile) -> None:
    assert profile.person.name == "Ingrid Halvorsen-Mbeki"


def test_education_table_rows_not_its_header(profile) -> None:
    assert [(e.organisation, e.degree, e.period.start) for e in profile.education] == [
        ("University of Cape Town", "BS", date(2006, 6, 1)),
        ("Tsinghua University", "PHD", date(2011, 7, 1)),
        ("Massachusetts Institute of Technology", "", date(2014, 8, 1)),  # 'Cambridge, MA' is a state
    ]


def test_research_support_with_agency_below_the_dated_line(profile) -> None:
    got = [(f.funder, f.grant_id, f.role, f.period.start, f.period.end) for f in profile.funding]
    assert got == [
        ("NIH", "R01 GM123456", "PI", date(2019, 9, 1), date(2024, 8, 31)),
        ("National Natural Science Foundation of China", "21875001", "PI", date(2018, 1, 1), date(2021, 12, 31)),
    ]


def test_positions_and_programs(profile) -> None:
    assert [(a.organisation, a.adjunct, a.period.end) for a in profile.affiliations] == [
        ("University of Example", False, None), ("Harbin Institute of Technology", True, date(2021, 12, 31))]
    assert [p.name for p in profile.talent_programs] == ["Thousand Young Talents Program"]


@pytest.mark.parametrize(("text", "start", "end"), [
    ("09/01/2019-08/31/2024", date(2019, 9, 1), date(2024, 8, 31)),  # US month/day/year
    ("01.09.2019 - 31.08.2024", date(2019, 9, 1), date(2024, 8, 31)),  # day.month.year
    ("2019-09-01 to 2024-08-31", date(2019, 9, 1), date(2024, 8, 31)),  # ISO
])
def test_day_level_dates(text: str, start: date, end: date) -> None:
    [found] = find_ranges(text)
    assert (found.period.start, found.period.end) == (start, end)
