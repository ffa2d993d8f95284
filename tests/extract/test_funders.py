"""Which organisation of a grant entry is its funder. People and grants are fictional."""

from __future__ import annotations

import pytest
from extract_factory import cv_document

from intake.extract import extract_profile


def funders(text: str) -> list[str]:
    return [f.funder for f in extract_profile([cv_document("Jan Horst\nResearch Grants\n" + text)], []).funding]


@pytest.mark.parametrize("funder", [
    "Leverhulme Trust", "Newton Fund", "Qatar National Research Fund", "Belmont Forum",
    "Fundação de Amparo à Pesquisa do Estado de São Paulo", "Bundesministerium für Bildung und Forschung",
])
def test_a_funder_named_by_its_kind_on_the_line_of_its_grants_number(funder: str) -> None:
    # a dated title over the funder's line: the title is no organisation, the funder has no
    # institution's word ('Trust', 'Fund', 'Forum', 'Fundação', 'Bundesministerium')
    assert funders(f"2019 – 2021 | Solar microgrids for rural clinics\n{funder}, grant AB/2021/0042\n") == [funder]
    assert funders(f"{funder}, grant AB/2021/0042\n") == [funder]


def test_a_scheme_named_in_the_title_is_not_the_funder() -> None:
    # the title names the funder's scheme ('... Fund: ...'); the line with the number names the funder
    text = ("2020 – 2023 | Global Challenges Research Fund: Water for growing cities\n"
            "Academy of Medical Sciences, grant GCRF-2020-118, PI, GBP 250,000\n")
    assert funders(text) == ["Academy of Medical Sciences"]
