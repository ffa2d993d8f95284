"""Layout-aware reading (intake/layout.py) on word boxes, and the extraction on CVs rendered from public
templates (tests/corpus/real_layouts/, people fictional)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.extract import entries as ex
from intake.extract.patents import find_patents
from intake.layout import reading_order
from intake.layout_rows import Word

from extract_factory import REAL_LAYOUTS as CORPUS
from extract_factory import words


def test_a_sidebar_is_read_whole_before_the_main_column() -> None:
    page: list[Word] = []
    side = ["EDUCATION", "PhD Physics", "Tsinghua University", "2010-2014", "AWARDS", "Best Paper 2019"]
    main = ["EXPERIENCE", "Lecturer, University of Oxford", "2016-2019", "Professor, ETH Zurich",
            "2019-present", "Invited talk, Kyoto, Japan"]
    for i, (a, b) in enumerate(zip(side, main, strict=True)):
        page += words(a, 40, 100 + 14 * i) + words(b, 260, 100 + 14 * i)
    lines = reading_order(page, 600, first_page=False).splitlines()
    assert lines == [*side, *main]


def test_a_date_flushed_right_opens_its_entry() -> None:
    page = (words("Research Scientist, Stanford AI Lab", 50, 100) + words("August 2021 - Present", 460, 100)
            + words("Stanford University, Stanford, CA", 50, 112)
            + words("Software Engineer, Google Brain", 50, 134) + words("June 2016 - July 2021", 460, 134)
            + words("Google, Mountain View, CA", 50, 146))
    assert reading_order(page, 600, first_page=False).splitlines() == [
        "August 2021 - Present | Research Scientist, Stanford AI Lab", "Stanford University, Stanford, CA",
        "June 2016 - July 2021 | Software Engineer, Google Brain", "Google, Mountain View, CA"]


def test_a_range_wrapped_in_a_narrow_date_column_is_rejoined() -> None:
    page = (words("Sep. 2014 -", 40, 100) + words("Assistant Professor, Brown University", 140, 100)
            + words("Jun. 2019", 40, 112) + words("School of Engineering", 140, 112))
    assert reading_order(page, 600, first_page=False).splitlines() == [
        "Sep. 2014 - Jun. 2019 | Assistant Professor, Brown University", "School of Engineering"]


def test_the_name_is_the_largest_type_on_page_one_up_to_a_change_of_weight() -> None:
    page = (words("Curriculum vitae", 50, 40) + words("Nasrin Koh", 150, 60, size=24, bold=True)
            + words("Senior Lecturer", 320, 60, size=24) + words("Kensington NSW 2052, Australia", 150, 90))
    lines = reading_order(page, 600, first_page=True).splitlines()
    assert lines[0] == "Nasrin Koh"
    assert "Nasrin" not in " ".join(lines[1:])


@pytest.mark.parametrize(("text", "number", "office"), [
    ("AU 2015203456 B2, Selective membrane", "AU 2015203456 B2", "AU"),
    ("IT 102019000012345, Giunto elastico", "IT 102019000012345", "IT"),
    ("TW I712345 B, compression circuit", "TW I712345 B", "TW"),
    ("CA 3 045 678 A1, Drought-inducible promoter", "CA 3 045 678 A1", "CA"),
    ("IN 356789, Variable geometry inlet", "IN 356789", "IN"),
    # every country's office, not a list of the common ones; a comma and a space end the number
    ("Kit de diagnóstico rápido. PE 2021-001234, 2022.", "PE 2021-001234", "PE"),
    ("Kendini onaran kaplama, TR 2019 12345 (2020)", "TR 2019 12345", "TR"),
    ("Procedimiento de síntesis, AR 112345 B1", "AR 112345 B1", "AR"),
    # a check letter against the last digit (Singapore's application numbers)
    ("Swarm formation method, SG 10201801234X (2019)", "SG 10201801234X", "SG"),
    ("SG 10201503612W A1, Attitude controller", "SG 10201503612W A1", "SG"),
    # a series letter between slashes (Nigeria, ARIPO), and an international application by its office
    ("Solar dryer for cassava, NG/P/2021/118 (2021)", "NG/P/2021/118", "NG"),
    ("AP/P/2019/011234: Maize storage silo", "AP/P/2019/011234", "AP"),
    ("PCT/CN2019/123456, Photocatalytic membrane", "PCT/CN2019/123456", "WO"),
])
def test_patents_of_any_office(text: str, number: str, office: str) -> None:
    assert [(p.number, p.office) for p in find_patents(text, in_patent_section=True)] == [(number, office)]


def test_a_kind_code_says_patent_outside_a_patents_section() -> None:
    # a publications list ('Published by TW I712345 B'): the kind code makes it a patent's number,
    # while a postcode after a state stays an address
    assert [(p.number, p.office) for p in find_patents("Published by CH 715432 B1", in_patent_section=False)] == [
        ("CH 715432 B1", "CH")]
    assert find_patents("Stanford, CA 94305, USA", in_patent_section=False) == []
    # ... and a number on a line of its own under its title, as a publications list sets it
    assert [(p.number, p.office) for p in find_patents("Kit de diagnóstico rápido\nPE 2021-001234\n",
                                                       in_patent_section=False)] == [("PE 2021-001234", "PE")]
    assert find_patents("Research grant IN 2019-123456 from the trust", in_patent_section=False) == []


def test_a_number_named_in_words_beside_a_prefixed_one_counts() -> None:
    text = "Swarm robotics, KR 10-1975130 (pending 2016) U.S. Patent No. 10,230,629 B2, granted, 2020"
    assert [(p.number, p.office) for p in find_patents(text, in_patent_section=True)] == [
        ("KR 10-1975130", "KR"), ("10,230,629", "US")]


def test_an_office_wrapped_away_from_its_number_into_the_previous_entry() -> None:
    # a narrow column: '..., DE' ends one line, '10 2018 002 859 A1 (pending 2018)' starts the next,
    # and the entry split falls between them; a number ending one entry does not run into the next
    from extract_factory import cv_document
    from intake.extract import extract_profile

    cv = ("Ilse Marrowby\nPatents\n“Metamaterial antennas”, EP 3 576 423 B1 (published 2020)\n"
          "“Quantum error correction”, DE\n10 2018 002 859 A1 (pending 2018)\n"
          "Kit de diagnóstico, PE 2021-001234\n2020 | Rapid assay, AU 2019203456 B2\n")
    found = {(p.number, p.office) for p in extract_profile([cv_document(cv)], []).patents}
    assert found == {("EP 3 576 423 B1", "EP"), ("DE 10 2018 002 859 A1", "DE"), ("PE 2021-001234", "PE"),
                     ("AU 2019203456 B2", "AU")}


def test_a_state_and_zip_code_is_no_patent() -> None:
    assert find_patents("Stanford, CA 94305", in_patent_section=True) == []
    assert find_patents("Office: IN 560012 (campus)", in_patent_section=False) == []


@pytest.mark.parametrize(("written", "bare"), [
    ("Politecnico di Milano October 2016 – Present", "Politecnico di Milano"),
    ("Monash University | Melbourne, Australia", "Monash University"),
    ("Brown University, Providence, RI", "Brown University"),
])
def test_organisation_names_carry_no_dates_or_places(written: str, bare: str) -> None:
    assert ex.bare_organisation(written) == bare


def _cases() -> list[Path]:
    return sorted(CORPUS.glob("*/*.truth.json"))


@pytest.fixture(scope="module")
def scored():
    from bench.extraction_layouts import score

    _, per = score()
    return per


def test_every_committed_cv_has_its_file_and_its_template_a_licence() -> None:
    assert len(_cases()) >= 15
    for truth_path in _cases():
        truth = json.loads(truth_path.read_text())
        assert (truth_path.parent / truth["files"]["cv"]).is_file()
        assert (truth_path.parent / "LICENCE").is_file()


@pytest.mark.parametrize("field", ["person name", "patents", "talent programs", "funders"])
def test_development_layouts_keep_their_recall(scored, field: str) -> None:
    """Floors a little under what the dev templates score today: a regression shows here."""
    from bench.extraction_layouts import HELD_OUT

    tp = sum(c[field].tp for t, c in scored.items() if t not in HELD_OUT)
    fn = sum(c[field].fn for t, c in scored.items() if t not in HELD_OUT)
    assert tp / (tp + fn) >= 0.9


def test_affiliations_in_date_column_layouts_have_their_years(scored) -> None:
    for template in ("moderncv_classic", "article_sidebar", "article_rightdates"):
        counts = scored[template]["affiliations"]
        assert counts.tp / (counts.tp + counts.fn) >= 0.85, template


def test_an_entry_whose_heading_rows_share_a_right_edge_takes_its_date_on_the_first() -> None:
    # moderncv 'banking': 'Organisation | Place' over 'Post | Dates', both flushed right
    page = (words("Monash University", 50, 100) + words("Melbourne, Australia", 430, 100)
            + words("Lecturer", 50, 113) + words("07/2017 - 01/2021", 456, 113)
            + words("Faculty of Engineering", 50, 126))
    rows = reading_order(page, 600, first_page=False).splitlines()
    assert rows[0].startswith("07/2017 - 01/2021 | Monash University")
    assert rows[1:] == ["Lecturer", "Faculty of Engineering"]


def test_two_columns_with_interleaved_baselines_stay_apart() -> None:
    # the right column's heading is set larger, so its baseline falls between two rows of the left
    left_text = ["Grant A, AUD", "130,000 (PI), 2014-2018", "Grant B, USD", "90,000 (Co-PI), 2019-2022",
                 "Grant C, EUR"]
    right_text = ["Reviewer, Nature", "Editor, PRL", "Chair, APS", "Member, IEEE"]
    left = [w for i, t in enumerate(left_text) for w in words(t, 40, 100 + 12 * i, size=9)]
    right = words("Professional Service", 330, 104.5, size=11) + [
        w for i, t in enumerate(right_text) for w in words(t, 330, 118 + 12 * i, size=9)]
    lines = reading_order(left + right, 600, first_page=False).splitlines()
    assert lines == [*left_text, "Professional Service", *right_text]


def test_a_justified_line_is_not_cut_into_cells() -> None:
    line, x = [], 40.0
    for token in "Hypersonic inlet flows, Defence Research and Development Organisation".split():
        width = 5.5 * len(token)
        line.append(Word(token, x, x + width, 100, 110, 10.0))
        x += width + 7.5  # every space stretched alike, wider than 0.6 em
    assert reading_order(line, 600, first_page=False) == (
        "Hypersonic inlet flows, Defence Research and Development Organisation")


def test_a_post_alone_on_its_line_is_no_heading() -> None:
    from intake.extract.sections import Section, heading_section

    assert heading_section("Lecturer") is None
    assert heading_section("Senior Lecturer in Chemical Engineering") is None
    assert heading_section("Invited Lectures") == Section.TALKS


def test_a_section_written_as_one_labelled_paragraph() -> None:
    from intake.extract.sections import Line, Section, split_sections

    text = ["C. Contributions to Science", "2. Invited lectures: Beihang University, Beijing, China (Jun 2017);",
            "University of Queensland, Brisbane, Australia (Aug 2019).", "More about my work."]
    blocks = split_sections([Line(t, 1, i) for i, t in enumerate(text, 1)])
    talks = [b for b in blocks if b.section == Section.TALKS]
    assert [ln.text for ln in talks[0].lines] == ["• Beihang University, Beijing, China (Jun 2017)",
                                                 "• University of Queensland, Brisbane, Australia (Aug 2019)"]
    assert blocks[-1].section != Section.TALKS and [ln.text for ln in blocks[-1].lines] == ["More about my work."]


def test_a_bulleted_list_keeps_each_bullets_wrapped_lines() -> None:
    from intake.extract.sections import Line, split_entries

    text = ["• Research Assistant, Embrapa, Brazilian Agricultural Research",
            "Corporation, Brasília, Brazil (Jun. 2010 – Dec. 2011)",
            "• Postdoctoral Researcher, UC Davis, Davis, CA", "(Jan. 2016 – Feb. 2019)"]
    got = [[ln.text for ln in e] for e in split_entries([Line(t, 1, i) for i, t in enumerate(text, 1)])]
    assert got == [text[:2], text[2:]]


def test_a_word_paragraph_with_a_tabbed_date_reads_date_first() -> None:
    from intake.docx_reader import tabbed_line

    assert tabbed_line("Professor, Department of Physics, MIT\t2019 - present") == (
        "2019 - present | Professor, Department of Physics, MIT")
    assert tabbed_line("2016 - 2019\tLecturer, Monash University") == "2016 - 2019 | Lecturer, Monash University"


def test_an_affiliation_names_the_university_and_keeps_the_department_as_its_unit() -> None:
    from intake.extract import extract_profile

    from extract_factory import cv_document

    profile = extract_profile([cv_document(
        "Jane Doe\nEmployment\n2014 - 2019 | Assistant Professor, School of Engineering, Brown University, "
        "Providence, RI\n2019 - present | Associate Professor, Department of Mechanical Engineering, "
        "Massachusetts Institute of Technology, Cambridge, MA")], [])
    got = [(a.organisation, a.unit) for a in profile.affiliations]
    assert got == [("Brown University", "School of Engineering"),
                   ("Massachusetts Institute of Technology", "Department of Mechanical Engineering")]


def test_a_word_cv_puts_the_name_in_large_type_first(tmp_path: Path) -> None:
    import docx
    from docx.shared import Pt

    from intake.docx_reader import read_docx
    from intake.limits import ReadLimits

    document = docx.Document()
    document.add_paragraph("77 Massachusetts Avenue, Cambridge, MA 02139")
    document.add_paragraph("Employment", style="Heading 1")
    document.paragraphs[0].insert_paragraph_before("").add_run("Curriculum vitae")
    name = document.add_paragraph()
    name.add_run("Marisol Ortega-Vance").font.size = Pt(22)
    document.add_paragraph("2019 - present\tAssociate Professor, MIT")
    path = tmp_path / "cv.docx"
    document.save(str(path))
    lines = read_docx(path, ReadLimits()).pages[0].text.splitlines()
    assert lines[0] == "Marisol Ortega-Vance"
    assert lines[1:] == ["Curriculum vitae", "77 Massachusetts Avenue, Cambridge, MA 02139", "Employment",
                         "2019 - present | Associate Professor, MIT"]


def test_a_heading_beside_its_first_entry_gets_its_own_line() -> None:
    page = (words("Academic Positions", 40, 100, bold=True) + words("Feb. 2013 - Sept. 2017", 150, 100)
            + words("Postdoctoral Researcher, Politecnico di Milano", 270, 100)
            + words("Oct. 2017 - present", 150, 112) + words("Lecturer, University of Bath", 270, 112))
    lines = reading_order(page, 600, first_page=False).splitlines()
    assert lines[0] == "Academic Positions"
    assert lines[1] == "Feb. 2013 - Sept. 2017 | Postdoctoral Researcher, Politecnico di Milano"


def test_a_bold_post_beside_its_dates_is_not_taken_for_a_heading() -> None:
    page = words("Research Fellow", 40, 100, bold=True) + words("2016 - 2019", 450, 100)
    assert reading_order(page, 600, first_page=False) == "2016 - 2019 | Research Fellow"


def test_a_post_at_a_department_without_its_university_is_flagged() -> None:
    from intake.extract import extract_profile

    from extract_factory import cv_document

    profile = extract_profile([cv_document(
        "Jane Doe\nEmployment\n2016 - 2019 | Lecturer, Department of Aerospace Engineering")], [])
    assert [a.organisation for a in profile.affiliations] == ["Department of Aerospace Engineering"]
    assert any("names a unit (Department of Aerospace Engineering)" in w for w in profile.warnings)


def _page_with_unknown_heading() -> list[Word]:
    rows = [("EMPLOYMENT", 12, True), ("2016-2019 Lecturer, University of Oxford, Oxford, UK", 10, False),
            ("SCIENTIFIC JOURNEYS", 12, True), ("2019 Guest Researcher, Kyoto University, Japan", 10, False),
            ("EDUCATION", 12, True), ("2010-2014 PhD Physics, Tsinghua University", 10, False),
            ("Professor Emeritus", 10, True)]
    page: list[Word] = []
    for i, (text, size, bold) in enumerate(rows):
        page += words(text, 50, 100 + 18 * i, size=size, bold=bold)
    return page


def test_a_line_set_like_the_pages_headings_is_one_whatever_its_words() -> None:
    found: list[str] = []
    reading_order(_page_with_unknown_heading(), 600, first_page=False, headings=found)
    # the bold body-size line is not set like the headings (bold 12 pt capitals)
    assert found == ["EMPLOYMENT", "SCIENTIFIC JOURNEYS", "EDUCATION"]


def test_entries_under_an_unknown_typographic_heading_are_not_the_previous_sections() -> None:
    from intake.extract.sections import Line, Section, split_sections

    found: list[str] = []
    text = reading_order(_page_with_unknown_heading(), 600, first_page=False, headings=found)
    lines = [Line(t, 1, n, heading=t in found) for n, t in enumerate(text.splitlines(), 1)]
    blocks = split_sections(lines)
    assert [(b.section, [ln.text for ln in b.lines]) for b in blocks][:2] == [
        (Section.EMPLOYMENT, ["2016-2019 Lecturer, University of Oxford, Oxford, UK"]),
        (Section.OTHER, ["2019 Guest Researcher, Kyoto University, Japan"])]
    # without the reader's word the unknown heading is read as an entry line of employment
    plain = split_sections([Line(t, 1, n) for n, t in enumerate(text.splitlines(), 1)])
    assert plain[0].section == Section.EMPLOYMENT and len(plain[0].lines) == 3


def test_a_name_set_one_word_a_line_in_capitals_is_read_whole() -> None:
    page = (words("NASRIN", 20, 40, size=26, bold=True) + words("FARAHANI", 20, 70, size=26, bold=True)
            + words("KOH", 20, 100, size=26, bold=True) + words("Senior Lecturer in Chemistry", 20, 140, size=12)
            + words("Email n.koh@example.org", 20, 160))
    assert reading_order(page, 600, first_page=True).splitlines()[0] == "NASRIN FARAHANI KOH"
    from intake.extract.cv import readable_name

    assert readable_name("NASRIN FARAHANI KOH") == "Nasrin Farahani Koh"
    assert readable_name("MARISOL ORTEGA-VANCE") == "Marisol Ortega-Vance"
    assert readable_name("Wei-Lun McArthur") == "Wei-Lun McArthur"  # mixed case is kept as written


def test_a_line_worded_like_a_heading_but_wrapped_in_a_narrow_column_is_not_one() -> None:
    from intake.extract.sections import Line, Section, split_sections

    side = [("HONOURS", 11, True), ("Discovery Early Career", 10, False), ("Researcher Award (2018)", 10, False)]
    main = [("EXPERIENCE", 11, True), ("Lecturer, Monash University", 10, False), ("2017-2021", 10, False)]
    page: list[Word] = []
    for i, ((a, sa, ba), (b, sb, bb)) in enumerate(zip(side, main, strict=True)):
        page += words(a, 20, 100 + 14 * i, size=sa, bold=ba) + words(b, 300, 100 + 14 * i, size=sb, bold=bb)
    # the sidebar is as wide as its widest line: 'Researcher' would not have fitted after 'Career'
    page += words("Iran National Elites Foundation", 20, 142) + words("Melbourne, Australia", 300, 142)
    found: list[str] = []
    plain: list[str] = []
    text = reading_order(page, 600, first_page=False, headings=found, plain=plain)
    assert "Discovery Early Career" in plain and "HONOURS" in found
    lines = [Line(t, 1, n, heading=True if t in found else False if t in plain else None)
             for n, t in enumerate(text.splitlines(), 1)]
    assert [b.section for b in split_sections(lines)] == [Section.HONORS, Section.EMPLOYMENT]


def test_a_date_and_place_line_under_a_post_closes_its_entry() -> None:
    from intake.extract.sections import Line, split_entries

    texts = ["Senior Lecturer", "School of Chemical Engineering · University of New South Wales",
             "Feb. 2021 – Present · Sydney, Australia", "Lecturer", "Faculty of Engineering · Monash University",
             "Jul. 2017 – Jan. 2021 · Melbourne, Australia"]
    got = [[ln.text for ln in e] for e in split_entries([Line(t, 1, n) for n, t in enumerate(texts, 1)])]
    assert got == [texts[:3], texts[3:]]


def test_the_headings_type_found_on_one_page_holds_on_the_next() -> None:
    carried: list = []
    found: list[str] = []
    reading_order(_page_with_unknown_heading(), 600, first_page=False, headings=found, heading_type=carried)
    # page two: only a heading outside the vocabulary, set like page one's headings
    page2 = (words("FIELDWORK", 50, 100, size=12, bold=True) + words("2021 Survey, Svalbard, Norway", 50, 118)
             + words("2022 Survey, Greenland, Denmark", 50, 136))
    on_two: list[str] = []
    reading_order(page2, 600, first_page=False, headings=on_two, heading_type=carried)
    assert on_two == ["FIELDWORK"]
    alone: list[str] = []
    reading_order(page2, 600, first_page=False, headings=alone)
    assert alone == []


def test_a_line_across_both_columns_is_not_cut_at_a_word_space() -> None:
    # a contact line over a two-column page whose last word ('Iran') lies in the band between the
    # columns below it: the band is a gutter, but a plain word space on the line is no column's edge
    contact = words("r.vahid@example.ac.ir | Azadi Avenue, Tehran 11365,", 40, 60)
    contact += words("Iran", contact[-1].x1 + 3.0, 60)
    centre = contact[-1].x0 - 2  # the band between the columns is centred just left of 'Iran'
    left = [("Associate Professor", ""), ("Sharif University of Technology", ""),
            ("Sep. 2019 - Present", "Tehran, Iran"), ("Research Fellow", ""), ("ETH Zurich", ""),
            ("Jan. 2015 - Aug. 2019", "Zurich, Switzerland")]
    right = ["EDUCATION", "PhD in Mechanical Engineering", "Amirkabir University", "2008 - 2013", "HONOURS",
             "Khwarizmi Young Award"]
    page = list(contact)
    for i, ((a, place), b) in enumerate(zip(left, right, strict=True)):
        page += words(a, 40, 100 + 14 * i) + words(b, centre + 30, 100 + 14 * i)
        if place:  # the place cells end 30 pt left of the centre
            page += words(place, centre - 30 - 5.5 * len(place), 100 + 14 * i)
    lines = reading_order(page, 600, first_page=False).splitlines()
    assert lines[0] == "r.vahid@example.ac.ir | Azadi Avenue, Tehran 11365, Iran"
    assert "Iran" not in lines[1:]


def test_a_word_cv_with_headings_in_bold_small_capitals_keeps_its_sections(tmp_path: Path) -> None:
    # no heading styles: headings typed in Normal, bold small capitals in sentence case
    import docx
    from docx.shared import Pt

    from intake.extract import extract_profile
    from intake.pipeline import read
    from intake.limits import ReadLimits

    document = docx.Document()
    document.add_paragraph().add_run("Ilse Brandvold").font.size = Pt(18)

    def heading(text: str) -> None:
        run = document.add_paragraph().add_run(text)
        run.bold, run.font.small_caps, run.font.size = True, True, Pt(12)

    heading("Positions held")
    document.add_paragraph("Associate Professor\tBeihang University\t07/2020 – Present")
    document.add_paragraph("Assistant Professor\tNational University of Singapore\t08/2015 – 06/2020")
    heading("Invited talks")
    document.add_paragraph("Learning-based flight control. Delft University of Technology, Delft, Netherlands")
    document.add_paragraph("Swarm autonomy. KAIST, Daejeon, Republic of Korea")
    path = tmp_path / "cv.docx"
    document.save(str(path))
    profile = extract_profile([read(path, ReadLimits())])
    assert {(a.organisation, a.period.start.year) for a in profile.affiliations} == {
        ("Beihang University", 2020), ("National University of Singapore", 2015)}
    assert sorted(t.country for t in profile.travel) == ["KR", "NL"]


def test_a_bold_entry_title_in_a_word_cv_is_no_heading(tmp_path: Path) -> None:
    # bold is the headings' type only where it is worn mostly by lines worded as headings
    import docx

    from intake.docx_reader import read_docx
    from intake.limits import ReadLimits

    document = docx.Document()
    for text in ("Education", "Ocean dynamics of the Arctic shelf", "Coastal upwelling", "Tidal mixing"):
        document.add_paragraph().add_run(text).bold = True
    path = tmp_path / "cv.docx"
    document.save(str(path))
    assert read_docx(path, ReadLimits()).pages[0].headings == []
