"""The full-text sweep: real PDFs whose layout the extraction does not understand still yield
findings with page and line; what the structure explains is not repeated. People are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen_factory import EV, TODAY, config, entry, period, profile, starter

from intake.documents import ReadLimits, read_document
from intake.pipeline import assess
from intake.records import Document, Finding, Funding, Page, Person
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


# Fictional listed parties for the sweep's own paths: people, a one-word company, an English word.
LISTED = ReferenceData(entries=[
    entry(1, "QORVANTH, Dafeng Yusel", kind="person", source="SDN"),
    entry(2, "Zelvorin Bratash MEKEL", kind="person", source="SDN"),
    entry(3, "SAKHATRONIX LLC", source="SDN"),
    entry(4, "COSMOS LLC", source="SDN"),
    entry(5, "Vostraleth Polytechnical Institute"),
    *[entry(6 + i, f"TRELLOWAY, {given}", kind="person", source="SDN") for i, given in enumerate(["Ansel", "Bettin", "Ciran Bodo"])],
])


def _swept(*pages: str) -> list[tuple[str, str, int]]:
    sweeper = Sweeper(LISTED.entries, place=LISTED.country_code)
    return [(m.match.entry.name, m.method, m.line) for m in sweeper.sweep(_doc(*pages), LISTED.matcher)]


@pytest.mark.parametrize("line", [
    "2018 - 2021  Postdoctoral researcher with Dafeng Yusel Qorvanth",
    "D. Y. Qorvanth, Q. Fictional and R. Example. A fictional study. J. Fict. 12, 2020.",
    "QORVANTH, Dafeng (hosted me in 2019)",
    "I worked with Zelvorin Mekel on turbines.",
    "I worked with Želvorin Mekel on turbines.",  # a capital beyond ASCII still opens a name
])
def test_a_listed_person_named_anywhere_is_found(line: str) -> None:
    found = _swept(f"Research interests: fluid dynamics\n{line}\n")
    assert {(name, method, at) for name, method, at in found} & {
        ("QORVANTH, Dafeng Yusel", "person", 2), ("Zelvorin Bratash MEKEL", "person", 2)}, found


def test_people_nobody_listed_are_not_listed_persons() -> None:
    text = ("Q. Fictional, R. Example and S. Sample. A fictional study. J. Fict. 12, 2020.\n"
            "I worked with Dafeng Marrowgate and Yusel Brandt on turbines.\n"
            "Supervisor: Zelvorin Quist\n"
            "2019 Lecturer, Dafeng Qorvanth Memorial Institute of Fluids\n"  # named after someone: not them
            "A. Trelloway and B. Sample. Fictional flows. J. Fict. 3, 2021.\n")  # three listed Trelloways
    assert [f for f in _swept(text) if f[1] == "person"] == []
    assert [f[:2] for f in _swept("With Ansel Trelloway and Prof. Dafeng Qorvanth.\n")] == [
        ("TRELLOWAY, Ansel", "person"), ("QORVANTH, Dafeng Yusel", "person")]


def test_the_subjects_own_listed_name_is_left_to_listed_person() -> None:
    cv = _doc("Dafeng Yusel Qorvanth\nqorvanth@example.org\nWorked with Z. B. Mekel on turbines.\n")
    subject = profile(person=Person(name="Dafeng Yusel Qorvanth"))
    findings = screen_profile(subject, LISTED, config(), TODAY, [cv]).findings
    swept = [f.matches[0].entry.name for f in findings if f.rule_id == SWEEP]
    assert swept == ["Zelvorin Bratash MEKEL"], [f.title for f in findings]
    assert [f for f in findings if f.rule_id == "LISTED_PERSON"], [f.title for f in findings]


def test_a_listed_persons_full_name_is_a_list_tier_finding_part_of_it_a_low_one() -> None:
    def swept_person(line: str) -> Finding:
        findings = screen_profile(profile(), LISTED, config(), TODAY, [_doc(f"Collaborators\n{line}\n")]).findings
        (found,) = [f for f in findings if f.rule_id == SWEEP and f.matches[0].entry.name == "QORVANTH, Dafeng Yusel"]
        return found

    full = swept_person("2019 - 2021  joint project with Dafeng Yusel Qorvanth")
    partial = swept_person("2019 - 2021  joint project with Dafeng Qorvanth")
    assert full.severity not in ("low", "info"), full
    assert partial.severity == "low" and "namesake" in partial.explanation, partial


def test_a_one_word_company_in_prose_is_found_but_not_an_english_word() -> None:
    found = _swept("In 2019 I spent a year at Sakhatronix as a consultant.\nOur Cosmos survey found Sakhatronix-Lab.\n"
                   "2016 - 2019  Senior Engineer, Sakhatronix\n")
    assert [(name, line) for name, _method, line in found] == [("SAKHATRONIX LLC", 1), ("SAKHATRONIX LLC", 3)]


def test_a_name_hyphenated_at_a_line_end_is_asked_about_whole() -> None:
    sweeper = Sweeper(LISTED.entries, place=LISTED.country_code)
    for text in ("2012-2015 Research Fellow at Vostra-\nleth Polytechnical Institute, Zorvan\n",
                 "2012-2015 Research Fellow at Vostraleth Polytech-\nnical Institute, Zorvan\n"):
        found = sweeper.sweep(_doc(text), LISTED.matcher)
        assert [(m.match.query, m.line, m.last_line) for m in found] == [("Vostraleth Polytechnical Institute", 1, 2)]


def test_a_hostile_page_is_swept_in_bounded_work_and_says_so() -> None:
    from intake.screen.sweep import SweepStats
    from intake.screen.sweep_text import QUERIES_PER_PAGE, WORDS_PER_PAGE

    words = ("Vostraleth Institute Polytechnical of Qorvanth Dafeng Sakhatronix Zelvorin Mekel the and "
             "Yusel Bratash").split()
    line = " ".join(words[(i * 7) % len(words)] + str(i % 97) * (i % 3 == 0) for i in range(3 * WORDS_PER_PAGE))
    stats = SweepStats()
    sweeper = Sweeper(LISTED.entries, place=LISTED.country_code)
    found = sweeper.sweep(_doc(line), LISTED.matcher, stats=stats)
    assert stats.queries <= QUERIES_PER_PAGE
    assert [(name, page) for name, page, _left in stats.partial] == [("x.txt", 1)]
    assert "8,000 words after the first 4,000" in stats.partial[0][2]
    assert all(len(m.quote) <= 400 for m in found)  # quotes are windows, not the page-long line
    findings = screen_profile(profile(), LISTED, config(), TODAY, [_doc(line)]).findings
    assert [f.severity.value for f in findings if f.rule_id == SWEEP and "swept in part" in f.title] == ["info"]


def test_a_paragraph_written_as_one_line_is_swept_sentence_by_sentence() -> None:
    filler = "We studied fictional turbines and their control in several long campaigns at sea. " * 4
    line = filler + "In 2019 I was a guest of the Vostraleth Polytechnical Institute, Zorvan. " + filler
    assert len(line.split()) > 40
    assert [(name, at) for name, _method, at in _swept(line + "\n")] == [("Vostraleth Polytechnical Institute", 1)]
