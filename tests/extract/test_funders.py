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


def test_a_grant_among_the_awards_is_funding_from_its_awarder() -> None:
    # JSON Resume has no grants section: the title, 'Awarded by ...', the award's date, then the
    # number, role and amount with the grant's years on a line of their own (one entry, not two)
    text = ("Jan Horst\nAwards\nGrand Challenges Africa: Low-cost water\ndisinfection\n"
            "Awarded by African Academy of Sciences\nJan 2021\nGrant GCA/WASH/21/045; PI; USD 100,000; 2021–2023\n"
            "Young Talent Award\nAwarded by Fictive Society of Chemists\nJan 2020\n")
    profile = extract_profile([cv_document(text)], [])
    assert [(f.funder, f.grant_id) for f in profile.funding] == [("African Academy of Sciences", "GCA/WASH/21/045")]


def test_a_grant_among_the_awards_names_its_awarder_on_a_line_of_its_own() -> None:
    # JSON Resume 'autumn': the award's date and title, the awarder, then number, role, amount, years
    text = ("Jan Horst\nAwards\nJan 2012 | Mid-infrared combs\nNatural Sciences and Engineering Research Council "
            "of Canada\nGrant RGPIN-2012-04567; Collaborator; CAD 90,000; 2012–2014\n"
            "Jan 2016 | Prize of the Fictive Society for Young Scientists\n")
    profile = extract_profile([cv_document(text)], [])
    assert [(f.funder, f.role) for f in profile.funding] == [
        ("Natural Sciences and Engineering Research Council of Canada", "Collaborator")]


@pytest.mark.parametrize(("text", "sum_"), [
    ("PI; VND 1,200,000,000; 2020–2023", "VND 1,200,000,000"), ("Co-PI, SGD 1,200,000", "SGD 1,200,000"),
    ("PI; INR 2.4 crore; 2017–2021", "INR 2.4 crore"), ("NGN 48,000,000", "NGN 48,000,000"),
    ("EUR 15000", "EUR 15000"),
])
def test_a_grants_amount_in_any_currency(text: str, sum_: str) -> None:
    from intake.extract.entries import amount

    assert amount(text) == sum_


def test_a_currency_code_before_a_year_is_no_amount() -> None:
    from intake.extract.entries import amount

    assert amount("ALL 2019 TALKS") is None and amount("TOP 10 PAPERS") is None


def test_an_awarder_in_capitals_is_named_as_written_in_prose() -> None:
    # JSON Resume 'caffeine' sets titles and awarders in capitals
    text = ("Jan Horst\nAwards\nHYPERSONIC INLET FLOWS\nDEFENCE RESEARCH AND DEVELOPMENT ORGANISATION\n"
            "Grant ARDB/01/1052001; PI; INR 2.4 crore; 2017–2021\n")
    assert [f.funder for f in extract_profile([cv_document(text)], []).funding] == [
        "Defence Research and Development Organisation"]
