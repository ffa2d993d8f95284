"""The full-text sweep: real PDFs whose layout the extraction does not understand still yield
findings with page and line; what the structure explains is not repeated. People are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen_factory import EV, TODAY, config, entry, period, profile, starter

from intake.documents import ReadLimits, read_document
from intake.pipeline import assess
from intake.records import Document, Finding, Funding, Page
from intake.screen import screen_profile
from intake.screen.lists import ReferenceData
from intake.screen.sweep import Sweeper

from pdf_factory import columns_pdf, text_pdf

SWEEP = "LISTED_NAME_IN_TEXT"

# Two columns, each section heading on the same line as its first entry, names broken by the column.
LEFT = [
    "Wenli Quorrath", "quorrath@example.org", "",
    "EMPLOYMENT 2019-present Professor,", "School of Aeronautics,", "Northwestern Polytechnical",
    "University, Xi'an, China", "",
    "2012-2019 Associate Professor,", "Harbin Institute of Technology,", "Harbin, China",
]
RIGHT = [
    "EDUCATION 2008 PhD, University of", "Cambridge, UK", "",
    "TALKS 2023 Invited seminar,", "Beihang University, Beijing",
]


def _screen(*documents: Document) -> list[Finding]:
    _, screening = assess(list(documents), starter(), config(), TODAY)
    return screening.findings


def _by(findings: list[Finding], rule_id: str, name: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id and f.matches and f.matches[0].entry.name == name]


@pytest.fixture(scope="module")
def two_column(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = columns_pdf(tmp_path_factory.mktemp("sweep") / "cv.pdf", [[["(cover page)"]], [LEFT, RIGHT]])
    return read_document(path, ReadLimits())


def test_a_layout_the_parser_misses_still_names_the_listed_institutions(two_column: Document) -> None:
    findings = _screen(two_column)
    npu = _by(findings, SWEEP, "Northwestern Polytechnical University")
    hit = _by(findings, SWEEP, "Harbin Institute of Technology")
    assert npu and hit, [f.title for f in findings]
    # page and line of the name, quoted as written (the name is broken over two lines)
    lines = two_column.pages[1].text.splitlines()
    for found, word in ((npu, "Northwestern"), (hit, "Harbin Institute")):
        evidence = found[0].evidence[0]
        assert evidence.page == 2 and evidence.document_sha256 == two_column.sha256
        assert word in lines[evidence.line - 1]
    # 'present' on the entry's date line makes the Entity List tie current (high); HIT is past
    assert {f.severity.value for f in npu if "(EL)" in f.title} == {"high"}
    assert {f.severity.value for f in hit if "(EL)" in f.title} == {"medium"}
    # the seminar at Beihang counts as a hosted talk
    talk = _by(findings, SWEEP, "Beihang University")
    assert talk and all(f.title.startswith("Talk or visit at Beihang University") for f in talk)


STRUCTURED_CV = """Ilse Marrowgate
ilse.marrowgate@example.org

Academic Positions
2021 - present  Associate Professor, Department of Physics, University of Example, Springfield, USA
2016-2019   Lecturer, Harbin Institute of Technology, Harbin, China

Invited Talks
2024  Invited seminar, Beihang University, Beijing, China
"""


def test_what_the_structure_explains_is_not_repeated_by_the_sweep(tmp_path: Path) -> None:
    doc = read_document(text_pdf(tmp_path / "cv.pdf", [STRUCTURED_CV]), ReadLimits())
    findings = _screen(doc)
    assert _by(findings, "RPL_AFFILIATION", "Harbin Institute of Technology"), [f.title for f in findings]
    assert _by(findings, "LISTED_TALK_HOST", "Beihang University"), [f.title for f in findings]
    assert not [f for f in findings if f.rule_id == SWEEP], [f.title for f in findings if f.rule_id == SWEEP]


def _doc(*pages: str) -> Document:
    return Document(source_path="x.txt", file_name="x.txt", sha256="e" * 64, media_type="txt",
                    pages=[Page(number=i, text=t) for i, t in enumerate(pages, start=1)])


def test_acronyms_need_an_unambiguous_entry_and_its_country() -> None:
    ref = starter()
    sweeper = Sweeper(ref.entries, place=ref.country_code)
    bare = "Our HIT rate doubled; results shown at IEEE and MIT.\n"
    assert sweeper.sweep(_doc(bare), ref.matcher) == []
    with_country = bare + "2022 visiting student, Harbin, China\n"
    found = sweeper.sweep(_doc(with_country), ref.matcher)
    assert {m.match.entry.name for m in found} == {"Harbin Institute of Technology"}
    assert {m.method for m in found} == {"acronym"} and {m.line for m in found} == {1}


def test_a_span_inside_a_longer_name_is_not_taken_for_the_listed_one() -> None:
    ref = ReferenceData(entries=[entry(1, "Institute of Applied Quasiphysics")])
    sweeper = Sweeper(ref.entries, place=ref.country_code)
    inside = sweeper.sweep(_doc("Lecturer in the Zorvan Institute of Applied Quasiphysics lab\n"), ref.matcher)
    assert not [m for m in inside if m.method == "span"]
    alone = sweeper.sweep(_doc("Lecturer at the Institute of Applied Quasiphysics in Zorvan\n"), ref.matcher)
    assert [m.method for m in alone] == ["span"]


def test_an_unreadable_document_is_said_not_swept() -> None:
    findings = _screen(_doc("   "))
    assert [f.severity.value for f in findings if f.rule_id == SWEEP] == ["info"]


def test_a_filled_form_answer_is_swept_too() -> None:
    form = Document(source_path="form.pdf", file_name="form.pdf", sha256="f" * 64, media_type="pdf",
                    pages=[Page(number=1, text="International Visitor Screening Form")],
                    form_fields={"full_name": "Orla Fictive", "current_employer": "Beihang University"})
    found = [f for f in _screen(form) if f.rule_id == SWEEP and "Beihang" in f.title]
    assert found and all(e.page is None and "current_employer" in e.quote for f in found for e in f.evidence)


def test_a_listed_funder_no_rule_judges_is_left_to_the_sweep() -> None:
    cv = _doc("Research Funding\n2023-2025 Huawei Technologies Co., Ltd., research gift, USD 80,000\n")
    grant = Funding(funder="Huawei Technologies Co., Ltd.", period=period(2023, 2025), evidence=EV)
    findings = screen_profile(profile(funding=[grant]), starter(), config(), TODAY, [cv]).findings
    assert [f for f in findings if f.rule_id == SWEEP and "Huawei" in f.title], [f.title for f in findings]
