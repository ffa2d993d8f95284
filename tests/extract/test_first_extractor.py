"""The rule-based extractor finds listed names, programs, funders and patents with evidence."""

from __future__ import annotations

from datetime import date

from intake.extract import extract_profile
from intake.records import Document, DocumentKind, Page

GAZ = [
    ("ORG", "National University of Defense Technology"),
    ("ORG", "NUDT"),
    ("PROGRAM", "Thousand Talents Plan"),
    ("FUNDER", "National Natural Science Foundation of China"),
]

CV = """Mira Tollenby
mira.tollenby@example.org

EMPLOYMENT
2016-2019 Lecturer, National University of Defense Technology, Changsha, China
2019 - present Associate Professor, University of Example

HONORS
2018 Thousand Talents Plan (young scholar)

GRANTS
2017-2020 National Natural Science Foundation of China, grant 61772001

PATENTS
ZL201810123456.7 Method for signal fusion (granted 2020)

PUBLICATIONS
2021 A paper with co-authors at National University of Defense Technology
"""


def doc(text: str, kind: DocumentKind = DocumentKind.CV, fields: dict[str, str] | None = None) -> Document:
    return Document(source_path="x", file_name="cv.txt", sha256="f" * 64, media_type="txt", kind=kind,
                    pages=[Page(number=1, text=text)], form_fields=fields or {})


def test_cv_facts_come_with_their_line_as_evidence() -> None:
    profile = extract_profile([doc(CV)], GAZ)
    assert profile.person.name == "Mira Tollenby"
    assert profile.person.email == "mira.tollenby@example.org"
    aff, current = profile.affiliations  # the publication line is not an affiliation
    assert current.organisation == "University of Example" and current.period.current
    assert aff.organisation == "National University of Defense Technology"
    assert (aff.period.start, aff.period.end, aff.period.current) == (date(2016, 1, 1), date(2019, 12, 31), False)
    assert aff.evidence[0].line == 5 and "Lecturer" in aff.evidence[0].quote
    assert [p.name for p in profile.talent_programs] == ["Thousand Talents Plan"]
    assert profile.funding[0].funder == "National Natural Science Foundation of China"
    assert [(p.number, p.office) for p in profile.patents] == [("ZL201810123456.7", "CN")]


def test_names_not_written_whole_do_not_match() -> None:
    profile = extract_profile([doc("Ada Quill\nEMPLOYMENT\n2020- Researcher, NUDTX Labs\n")], GAZ)
    assert [a.organisation for a in profile.affiliations] == ["NUDTX Labs"]  # an organisation, not NUDT


def test_form_answers_become_disclosures() -> None:
    form = doc("", DocumentKind.SCREENING_FORM, {"foreign_funding": "No", "blank": " "})
    profile = extract_profile([form], GAZ)
    assert [(d.field, d.answer) for d in profile.disclosures] == [("foreign_funding", "No")]


def test_a_form_that_contradicts_the_cv_about_the_person_is_recorded(tmp_path) -> None:
    from intake.documents import ReadLimits, read_document
    from intake.forms.generate import filled_form

    def form(name: str, citizenship: str):
        path = filled_form("visitor", {"full_name": name, "citizenship": citizenship}, tmp_path / f"{name}.pdf")
        return read_document(path, ReadLimits())

    cv_doc = doc("Ada Quill\nCitizenship: Canada\nEMPLOYMENT\n2020- Researcher, Example Labs\n")
    assert extract_profile([cv_doc, form("Quill, Ada", "Canada")], GAZ).inconsistencies == []
    found = extract_profile([cv_doc, form("Adaline Quill-Marsh", "China")], GAZ).inconsistencies
    assert {i.field: i.values for i in found} == {"name": ["Ada Quill", "Adaline Quill-Marsh"], "citizenship": ["CA", "CN"]}
    assert all(len({e.document_sha256 for e in i.evidence}) == 2 for i in found)  # both documents quoted
