"""CVs written in French and Spanish (visitors send them as they are): headings in sentence case,
month names and 'présent' / 'actualidad' in their language. The people are fictional."""

from __future__ import annotations

from datetime import date

import pytest

from intake.extract import extract_profile
from intake.extract.sections import Section, heading_section

from extract_factory import cv_document

FRENCH = """Camille Verdier-Fontaine
camille.verdier@example.fr

Expérience professionnelle
septembre 2019 – présent  Maître de conférences, Université de Lyon, Lyon, France
mars 2015 – août 2019  Chercheuse postdoctorale, Université Tsinghua, Pékin, Chine

Formation
2010 – 2014  Doctorat en physique, Université Paris-Saclay, France

Conférences invitées
juin 2022  « Matériaux topologiques », Université de Tokyo, Tokyo, Japon
novembre 2021  Séminaire, Harbin Institute of Technology, Harbin, Chine

Brevets
FR 3 098 765 B1, Procédé de dépôt de couches minces (2021)
"""

SPANISH = """Mateo Iturriaga Salvatierra
m.iturriaga@example.es

Experiencia profesional
octubre de 2018 – actualidad  Profesor titular, Universidad de Granada, Granada, España
enero de 2014 – septiembre de 2018  Investigador, Beihang University, Pekín, China

Formación académica
2009 – 2013  Doctorado en Ingeniería Aeroespacial, Universidad Politécnica de Madrid

Conferencias invitadas
mayo de 2021  Seminario, Northwestern Polytechnical University, Xi'an, China
"""


@pytest.mark.parametrize(("text", "section"), [
    ("Expérience professionnelle", Section.EMPLOYMENT), ("Formation", Section.EDUCATION),
    ("Conférences invitées", Section.TALKS), ("Brevets", Section.PATENTS),
    ("Experiencia profesional", Section.EMPLOYMENT), ("Formación académica", Section.EDUCATION),
    ("Berufserfahrung", Section.EMPLOYMENT), ("Опыт работы", Section.EMPLOYMENT),
    ("Publikationen", Section.PUBLICATIONS), ("Drittmittel", Section.FUNDING),
])
def test_headings_in_other_languages(text: str, section: Section) -> None:
    assert heading_section(text) == section


def test_a_french_cv_is_read() -> None:
    profile = extract_profile([cv_document(FRENCH)], [("ORG", "Harbin Institute of Technology")])
    posts = {a.organisation: a.period for a in profile.affiliations}
    assert posts["Université de Lyon"].start == date(2019, 9, 1) and posts["Université de Lyon"].current
    tsinghua = next(p for org, p in posts.items() if "Tsinghua" in org)
    assert (tsinghua.start, tsinghua.end) == (date(2015, 3, 1), date(2019, 8, 31))
    assert [e.organisation for e in profile.education] == ["Université Paris-Saclay"]
    assert sorted(t.country for t in profile.travel) == ["CN", "JP"]
    assert [p.office for p in profile.patents] == ["FR"]


def test_a_spanish_cv_is_read() -> None:
    profile = extract_profile([cv_document(SPANISH)], [("ORG", "Beihang University")])
    posts = {a.organisation: a.period for a in profile.affiliations}
    assert posts["Universidad de Granada"].start == date(2018, 10, 1) and posts["Universidad de Granada"].current
    assert (posts["Beihang University"].start, posts["Beihang University"].end) == (date(2014, 1, 1), date(2018, 9, 30))
    assert [t.country for t in profile.travel] == ["CN"]


@pytest.mark.parametrize(("written", "code"), [
    ("Chine", "CN"), ("Allemagne", "DE"), ("Estados Unidos", "US"), ("Deutschland", "DE"), ("Reino Unido", "GB"),
    ("Russie", "RU"), ("Россия", "RU"), ("Corée du Sud", "KR"), ("Irán", "IR"), ("Suisse", "CH"),
])
def test_country_names_in_other_languages(written: str, code: str) -> None:
    from intake.countries import country_code

    assert country_code(written) == code


def test_a_given_name_or_a_word_is_no_country() -> None:
    from intake.countries import countries_in

    assert countries_in("Maurice Fréchet Lecture, machine learning") == []
