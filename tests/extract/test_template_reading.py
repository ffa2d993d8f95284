"""Reading what public CV templates do to text (issue 13): icon fonts, small capitals, typeset hyphens,
stacked and From/To dates, table headers and wrapped cells, columns set close, hyphenation. Word
boxes are plain data; the committed renders (tests/corpus/real_layouts/, people fictional) check the
same rules on real PDFs."""

from __future__ import annotations

from pathlib import Path

from intake.documents import ReadLimits, read_document
from intake.extract.cv import readable_name
from intake.extract.dates import find_ranges
from intake.extract.sections import (Line, Section, field_labels, heading_section, join_wrapped_dates,
                                     split_entries)
from intake.layout import SOFT_HYPHEN, Out, _rejoin_hyphenated, reading_order
from intake.layout_rows import Word
from intake.glyphs import capitals as _capitals

from extract_factory import REAL_LAYOUTS as CORPUS
from extract_factory import words


def lines(*texts: str) -> list[Line]:
    return [Line(text, 1, number) for number, text in enumerate(texts, start=1)]


def _text(path: Path) -> str:
    return "\n".join(page.text for page in read_document(path, ReadLimits()).pages)


def test_icon_font_glyphs_are_no_text() -> None:
    # Awesome-CV draws a phone and an envelope from Font Awesome, which pdfium maps to 'Ħ' and 'ć'
    text = _text(CORPUS / "awesome_cv" / "p01.pdf")
    assert "m.ortegavance@example.edu" in text and "+1 617 555 0142" in text
    assert "Ħ" not in text and "ć" not in text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in text)
    # YAAC's icons map to their glyph names ('MOBILE-ALT')
    assert "MOBILE" not in _text(CORPUS / "yaac" / "p01.pdf")


def test_small_capitals_whose_i_maps_to_lower_case_are_capitals() -> None:
    assert _capitals("ENGiNEERiNG") == "ENGINEERING"
    assert _capitals("iN") == "IN"
    assert _capitals("Li") == "Li"  # a name, not small caps
    assert _capitals("iPhone") == "iPhone"
    assert "ASSOCIATE PROFESSOR" in _text(CORPUS / "awesome_cv" / "p01.pdf")


def test_typeset_hyphens_read_as_hyphens() -> None:
    # XeLaTeX's Source Sans sets '-' as U+2011, the non-breaking hyphen
    text = _text(CORPUS / "awesome_cv" / "p01.pdf")
    assert "Jul. 2019 - Present" in text and "N00014-20-1-2455" in text
    assert "\u2011" not in text


def test_a_range_run_into_the_next_word_by_a_narrow_date_column() -> None:
    found = find_ranges("2021–presentSenior Lecturer")
    assert len(found) == 1 and found[0].period.current
    assert not find_ranges("2021–presently")[0].period.current


def test_a_name_set_in_two_weights_is_read_whole() -> None:
    page = (words("Marisol", 150, 60, size=32) + words("ORTEGA-VANCE", 290, 60, size=32, bold=True)
            + words("Associate Professor", 150, 100) + words("77 Massachusetts Avenue, Cambridge", 150, 114))
    assert reading_order(page, 600, first_page=True).splitlines()[0] == "Marisol ORTEGA-VANCE"
    assert readable_name("Marisol ORTEGA-VANCE") == "Marisol Ortega-Vance"
    assert readable_name("Wei-Lun Hsu") == "Wei-Lun Hsu"


def test_two_stacked_dates_of_one_entry_are_one_range() -> None:
    joined = join_wrapped_dates(lines("PRESENT | Associate Professor, MIT", "Department of Physics", "JULY 2019",
                                      "JUNE 2019 | Assistant Professor, Brown University", "SEPTEMBER 2014"))
    assert [ln.text for ln in joined] == ["JULY 2019 – PRESENT | Associate Professor, MIT", "Department of Physics",
                                          "SEPTEMBER 2014 – JUNE 2019 | Assistant Professor, Brown University"]


def test_a_date_cell_alone_before_its_entry_stays_apart() -> None:
    # a table's date cell alone on its line is followed by its entry: no range with the one above
    joined = join_wrapped_dates(lines("2019 | Best Paper Award", "2021", "Kunlun Talents Program"))
    assert [ln.text for ln in joined] == ["2019 | Best Paper Award", "2021", "Kunlun Talents Program"]


def test_from_and_to_columns_are_one_range() -> None:
    joined = join_wrapped_dates(lines("07/2019 | present | Associate Professor | MIT",
                                      "09/2014 | 06/2019 | Assistant Professor | Brown University"))
    assert joined[0].text == "07/2019 – present | Associate Professor | MIT"
    assert joined[1].text == "09/2014 – 06/2019 | Assistant Professor | Brown University"
    # two dates out of order are two facts, not a range
    assert join_wrapped_dates(lines("2021 | 2019 | Prize"))[0].text == "2021 | 2019 | Prize"


def test_a_table_header_row_naming_columns_is_no_entry() -> None:
    entries = split_entries(lines("Period | Funder | Title | Grant no. | Role",
                                  "2021-2026 | National Science Foundation | Lattices | CMMI-2045117 | PI",
                                  "2020-2023 | Office of Naval Research | Panels | N00014-20-1-2455 | Co-PI"))
    assert [len(e) for e in entries] == [1, 1]
    assert entries[0][0].text.startswith("2021-2026")


def test_detail_bullets_stay_with_their_dated_entry() -> None:
    entries = split_entries(lines("Jul. 2019 - Present | Massachusetts Institute of Technology", "ASSOCIATE PROFESSOR",
                                  "• Department of Mechanical Engineering",
                                  "Sep. 2014 - Jun. 2019 | Brown University", "• School of Engineering"))
    assert [len(e) for e in entries] == [3, 2]


def test_a_funder_set_in_bold_is_no_heading() -> None:
    assert heading_section("Defense Advanced Research Projects Agency") is None
    assert heading_section("Research Projects") is Section.FUNDING


def test_a_heading_in_sentence_case_set_in_the_headings_type_heads_its_section() -> None:
    doc = read_document(CORPUS / "markdown_sentence_pdf" / "p04.pdf", ReadLimits())
    assert "Research funding received" in doc.pages[0].headings


def _grant_table_header(top: float, title_x: float) -> list[Word]:
    """A grants table's bold header row: Period, Funder, Title, Role."""
    return (words("Period", 40, top, bold=True) + words("Funder", 120, top, bold=True)
            + words("Title", title_x, top, bold=True) + words("Role", 420, top, bold=True))


def test_wrapped_table_cells_are_rejoined_by_column() -> None:
    page = (_grant_table_header(100, title_x=260)
            + words("2015-2017", 40, 114) + words("Engineering and", 120, 114) + words("Graphene oxide", 260, 114)
            + words("Co-I", 420, 114)
            + words("Physical Sciences", 120, 125) + words("membranes", 260, 125)
            + words("2019-2022", 40, 139) + words("Wellcome Trust", 120, 139) + words("Sleep and memory", 260, 139)
            + words("PI", 420, 139))
    rows = reading_order(page, 600, first_page=False).splitlines()
    assert rows[1] == "2015-2017 | Engineering and Physical Sciences | Graphene oxide membranes | Co-I"
    assert rows[2] == "2019-2022 | Wellcome Trust | Sleep and memory | PI"


def test_a_word_broken_at_a_narrow_cells_edge_is_one_word_again() -> None:
    # a word processor breaks a word wider than its cell where the cell ends ('Forschungsgemei' over
    # 'nschaft'); a line of the next column wrapped between words keeps its space
    page = (_grant_table_header(86, title_x=220)
            + words("2011 - 2012", 40, 100) + words("Deutsche", 120, 100) + words("Interfaces in", 220, 100)
            + words("PI", 420, 100)
            + words("Forschungsgemei", 120, 111) + words("solid electrolytes", 220, 111)
            + words("nschaft", 120, 122))
    rows = reading_order(page, 600, first_page=False).splitlines()
    assert rows[1] == "2011 - 2012 | Deutsche Forschungsgemeinschaft | Interfaces in solid electrolytes | PI"


def test_two_columns_set_a_few_points_apart_are_read_one_after_the_other() -> None:
    # Deedy: the left minipage (education, funding) ends a few points before the right one begins
    text = _text(CORPUS / "deedy" / "p02.pdf")
    assert text.index("FUNDING") < text.index("EXPERIENCE")
    assert "EUROPEAN RESEARCH COUNCIL" in text  # hyphenated 'COUN-' 'CIL' rejoined


def test_a_justified_line_ending_in_a_hyphenated_word_is_one_cell() -> None:
    # Deedy's narrow column: 'DEUTSCHE   FORSCHUNGSGE-' stretched to the column's width, two words
    # and one wide space; and a line hyphenated where the page reads as a table of two columns
    assert "DEUTSCHE FORSCHUNGSGEMEINSCHAFT" in _text(CORPUS / "deedy" / "p05.pdf").splitlines()
    assert "SÃO PAULO RESEARCH FOUNDATION" in _text(CORPUS / "deedy" / "p08.pdf").splitlines()


def test_places_and_dates_flushed_right_stay_beside_their_entries() -> None:
    text = _text(CORPUS / "awesome_cv" / "p06.pdf").splitlines()
    post = next(i for i, line in enumerate(text) if "Sapienza University of Rome" in line)
    assert any("2020" in line for line in text[post : post + 2])


def test_a_word_hyphenated_at_its_line_end_is_whole_again() -> None:
    out = _rejoin_hyphenated([Out(f"RUSSIAN SCIENCE FOUNDA{SOFT_HYPHEN}", 10, 0), Out("TION", 10, 12),
                              Out(f"DEUTSCHE FORSCHUNGSGE{SOFT_HYPHEN}", 10, 24), Out("MEINSCHAFT | 2011", 10, 36)])
    assert [o.text for o in out] == ["RUSSIAN SCIENCE FOUNDATION", "DEUTSCHE FORSCHUNGSGEMEINSCHAFT", "2011"]


def test_an_entry_cut_in_capitalised_cells_is_no_table_header() -> None:
    # Deedy sets a funder in capitals across a justified line: two cells, no digits, yet no header
    entries = split_entries(lines("DEUTSCHE | FORSCHUNGSGEMEINSCHAFT", "Interfaces in solid electrolytes",
                                  "2011 -- 2012 | PE 2345/1-1"))
    assert "DEUTSCHE | FORSCHUNGSGEMEINSCHAFT" in [ln.text for e in entries for ln in e]


def test_a_date_and_a_grant_number_close_their_entry() -> None:
    # Deedy's grey line under the funder and the title
    entries = split_entries(lines("RUSSIAN SCIENCE FOUNDATION", "Cathode materials", "2019 -- 2022 | 19-73-10078",
                                  "NATIONAL INSTITUTES OF HEALTH", "Plant-derived antimalarials",
                                  "2017 -- 2019 | R21 AI145678"))
    assert [e[0].text for e in entries] == ["RUSSIAN SCIENCE FOUNDATION", "NATIONAL INSTITUTES OF HEALTH"]


def test_a_grant_title_set_smaller_than_the_body_is_no_heading() -> None:
    # Awesome-CV sets grant titles in small capitals below the body size; worded like headings
    # ('... FELLOWSHIP', '... GRANT ...'), they must not open sections of their own
    page = read_document(CORPUS / "awesome_cv" / "p06.pdf", ReadLimits()).pages[0]
    assert {"SIR HENRY WELLCOME FELLOWSHIP", "CONSOLIDATOR GRANT SLEEPMEM"} <= set(page.not_headings)
    assert "Research Funding" in page.headings


def _right(text: str, right_edge: float, top: float, size: float = 10.0) -> list[Word]:
    """A cell set flush against right_edge."""
    width = words(text, 0, top, size)[-1].x1
    return words(text, right_edge - width, top, size)


def test_a_date_on_each_entrys_first_row_stays_on_that_row() -> None:
    # Jake's resume: 'Role | dates' over 'Organisation | place', both rows flushed to one right edge;
    # the second entry's date belongs to its role, not to the first entry's organisation row
    page = (words("Experience", 40, 100, size=13)
            + words("Reader", 40, 120) + _right("Sep. 2021 – Present", 560, 120)
            + words("University of Manchester", 40, 132) + _right("Manchester, United Kingdom", 560, 132)
            + words("Lecturer", 40, 146) + _right("Jan. 2017 – Aug. 2021", 560, 146)
            + words("University of Leeds", 40, 158) + _right("Leeds, United Kingdom", 560, 158))
    lines = reading_order(page, 600, first_page=False).splitlines()
    assert "Jan. 2017 – Aug. 2021 | Lecturer" in lines
    assert "University of Manchester | Manchester, United Kingdom" in lines
    # the same on the committed render
    text = _text(CORPUS / "jake_resume" / "p09.pdf").splitlines()
    assert "Jan. 2017 – Aug. 2021 | Lecturer" in text


def test_the_date_moves_up_when_each_entry_opens_with_its_organisation_row() -> None:
    page = (words("Experience", 40, 100, size=13)
            + words("Monash University", 40, 120) + _right("Melbourne, Australia", 560, 120)
            + words("Lecturer", 40, 132) + _right("07/2017 – 01/2021", 560, 132))
    lines = reading_order(page, 600, first_page=False).splitlines()
    assert lines[1].startswith("07/2017 – 01/2021 | Monash University")


def test_labels_set_flush_against_the_gutter_are_a_label_column() -> None:
    # Europass-style: headings and dates right-aligned in a narrow left column, entries on the right;
    # fewer than half the labels are dates, and the content runs beside them, row after row
    text = _text(CORPUS / "label_grid_html" / "p04.pdf").splitlines()
    post = next(i for i, line in enumerate(text) if line.endswith("Research Scientist"))
    assert text[post].startswith("08/2021 – Present")
    assert "Stanford University, Stanford, CA" in text[post + 1]


def test_a_meta_line_of_dates_and_a_city_with_its_state_closes_its_entry() -> None:
    entries = split_entries(lines("Assistant Professor", "University of Texas at Austin",
                                  "Aug. 2022 – Ongoing | Austin, TX", "Postdoctoral Fellow",
                                  "Massachusetts Institute of Technology", "Sep. 2019 – Jul. 2022 | Cambridge, MA"))
    assert [e[0].text for e in entries] == ["Assistant Professor", "Postdoctoral Fellow"]


def test_an_accent_tex_set_apart_from_its_letter_is_put_back() -> None:
    # pdflatex without T1 fonts draws 'ş' as 's' and a cedilla; pdfium reads 'Demirta ¸ s-Hale'
    assert _text(CORPUS / "jake_resume" / "p09.pdf").splitlines()[0] == "Elif Demirtaş-Hale"
    # ... and \uppercase leaves the accented letter in lower case: still a name in capitals
    assert _text(CORPUS / "latexcv_sidebar" / "p09.pdf").splitlines()[0] == "ELIF DEMIRTAş-HALE"
    assert readable_name("ELIF DEMIRTAş-HALE") == "Elif Demirtaş-Hale"


def test_the_documents_title_set_beside_the_name_is_no_part_of_it() -> None:
    page = (words("ALEKSANDR PETROVSKY", 60, 40, size=27) + words("CURRICULUM", 380, 40, size=27)
            + words("VITAE", 260, 76, size=27) + words("Leading Researcher, Materials Science", 60, 120))
    assert reading_order(page, 600, first_page=True).splitlines()[0] == "ALEKSANDR PETROVSKY"


def test_a_sidebar_beside_a_main_column_with_boxed_dates_is_read_column_by_column() -> None:
    # latexcv sidebarleft: the dates' boxes at the main column's right end make the widest band; the
    # sidebar's own gutter is the one that separates the columns
    text = _text(CORPUS / "latexcv_sidebar" / "p09.pdf").splitlines()
    assert text.index("TALKS") < text.index("AWARDS") < text.index("WORK EXPERIENCE")
    assert "Sep. 2021 - Present | Reader" in text


def test_a_meta_line_of_a_grants_role_number_and_amount_closes_its_entry() -> None:
    entries = split_entries(lines("Wideband phased arrays", "Defense Advanced Research Projects Agency",
                                  "2023 – 2026 | PI · HR0011-23-2-0001 · $1,200,000", "mmWave packaging",
                                  "Semiconductor Research Corporation",
                                  "2017 – 2019 | Key personnel · R21 AI145678 · $275,000"))
    assert [e[0].text for e in entries] == ["Wideband phased arrays", "mmWave packaging"]


def _glyph_words(text: str, letter_gap: float, word_gap: float, size: float = 10.0,
                 split_every_letter: bool = True) -> tuple[list[Word], list[list[tuple[str, float, float]]]]:
    """A line as pdfium's words and their glyph boxes: letters 0.5 em wide, `letter_gap` and
    `word_gap` in em; pdfium cuts every letter of a letter-spaced line, or only at the spaces."""
    words_out, glyphs, x = [], [], 50.0
    for token in text.split():
        pieces = list(token) if split_every_letter else [token]
        for piece in pieces:
            boxes = []
            for ch in piece:
                boxes.append((ch, x, x + 0.5 * size))
                x += 0.5 * size + letter_gap * size
            words_out.append(Word(piece, boxes[0][1], boxes[-1][2], 100, 100 + size, size, False, 108))
            glyphs.append(boxes)
        x += (word_gap - letter_gap) * size
    return words_out, glyphs


def test_a_letter_spaced_heading_is_read_as_its_words() -> None:
    from intake.glyphs import letter_spacing_undone as _letter_spacing_undone

    spaced = _letter_spacing_undone(*_glyph_words("INVITED TALKS", 0.3, 0.85))
    assert [w.text for w in spaced] == ["INVITED TALKS"]
    # a typeset line of short words is left as it is
    plain = _letter_spacing_undone(*_glyph_words("I am a PhD at MIT", 0.04, 0.33, split_every_letter=False))
    assert [w.text for w in plain] == ["I", "am", "a", "PhD", "at", "MIT"]
    # a letter-spaced word pdfium cut once, where no gap is wider than the letters' ('Olv' 'era'),
    # is one word; two letter-spaced words stay two
    words, glyphs = _glyph_words("Olvera", 0.15, 0.6, split_every_letter=False)
    cut = [Word("Olv", glyphs[0][0][1], glyphs[0][2][2], 100, 110, 10.0, False, 108),
           Word("era", glyphs[0][3][1], glyphs[0][5][2], 100, 110, 10.0, False, 108)]
    assert [w.text for w in _letter_spacing_undone(cut, [glyphs[0][:3], glyphs[0][3:]])] == ["Olvera"]
    assert [w.text for w in _letter_spacing_undone(*_glyph_words("Tor Olvera", 0.15, 0.6,
                                                                 split_every_letter=False))] == ["Tor", "Olvera"]
    # ... and a letter-spaced date whose space is a little wider than its letters' gaps stays two
    assert [w.text for w in _letter_spacing_undone(*_glyph_words("JULY 2019", 0.16, 0.25,
                                                                 split_every_letter=False))] == ["JULY", "2019"]
    # committed render: McDowell's name, letter-spaced small caps on two centred lines
    assert _text(CORPUS / "mcdowell" / "p11.pdf").splitlines()[0] == "Ana-Lucía Ferreyra Quispe"
    # committed renders: microtype's \textls (latexcv) and CSS letter-spacing (event cards)
    assert "INVITED TALKS" in _text(CORPUS / "latexcv_classic" / "p11.pdf").splitlines()
    assert "TALKS" in _text(CORPUS / "event_cards_html" / "p10.pdf").splitlines()


def test_labels_worded_as_sections_head_their_lists_in_a_label_column() -> None:
    # Europass style: 'Additional information' over labelled lists, each small label beside its
    # list's first item; the empty margin left of the right-aligned labels is wider than the gutter
    from intake.extract.cv import document_lines
    from intake.extract.sections import split_sections

    doc = read_document(CORPUS / "label_lists_html" / "p02.pdf", ReadLimits())
    blocks = split_sections(document_lines(doc))
    by_heading = {b.heading: b.section for b in blocks}
    assert by_heading["ADDITIONAL INFORMATION"] == Section.OTHER  # wrapped in the narrow column, one label
    assert by_heading["Research grants"] == Section.FUNDING
    assert by_heading["Invited talks"] == Section.TALKS
    talks = next(b for b in blocks if b.section == Section.TALKS)
    assert sum(1 for ln in talks.lines if ln.text.startswith("•")) == 3


def test_a_date_cell_wrapped_below_its_row_is_finished_on_its_row() -> None:
    # three cells a line (role, organisation centred, dates right): 'September 2015 – October' and
    # '2020' on the line below, alone
    text = _text(CORPUS / "three_cells_html" / "p06.pdf").splitlines()
    assert "September 2015 – October 2020 | Research Fellow | University of Oxford" in text
    assert "2020" not in text


def test_a_line_set_past_the_pages_edge_is_read_in_layout_order() -> None:
    # an overfull line (TeX's curve class, a long funder and amount) runs past the right edge: the
    # layout pass must not fail over to drawing order for it
    page = [w for top in range(100, 220, 12) for w in words(f"Entry line {top} of the page", 40, top)]
    page += words("Self-healing alloy coatings. Engineering and Physical Sciences Research Council, £610,000", 300, 232)
    text = reading_order(page, 600, first_page=False)
    assert text.splitlines()[-1].endswith("£610,000")
    from intake.pdf_reader import page_text
    import pypdfium2 as pdfium
    warnings: list[str] = []
    doc = pdfium.PdfDocument(CORPUS.parent / "overfull" / "curve_p09.pdf")
    first = page_text(doc[0], first_page=True, warnings=warnings)
    assert not warnings and first.splitlines()[0] == "Elif Demirtaş-Hale"


def test_a_justified_lines_spaces_stretched_alike_keep_one_cell() -> None:
    # Deedy's narrow column: 'SÃO PAULO RESEARCH FOUN-' justified, its last space a little wider (the
    # hyphen's box), the other column's words beside it in a smaller type
    def at(text: str, x0: float, x1: float, top: float = 100, size: float = 12.0) -> Word:
        return Word(text, x0, x1, top, top + size, size)

    # the boxes pdfium gives for that line (gaps 6.8, 6.8, 7.6)
    row = [at("SÃO", 35.6, 59.2), at("PAULO", 66.0, 103.4), at("RESEARCH", 110.2, 169.4), at("FOUNDATION", 177.0, 209.0)]
    row += [w for w in words("Brazilian Agricultural Research Corporation", 260, 101, size=9.0)]
    row += [w for top in range(120, 200, 12) for w in words("Drought tolerance in sugarcane", 36, top, size=9.0)]
    from intake.layout_rows import rows_of

    first = rows_of(row)[0]
    assert first.cells[0].text == "SÃO PAULO RESEARCH FOUNDATION"


def test_a_grants_role_and_amount_under_its_dates_stay_with_it() -> None:
    entries = split_entries(lines("RUSSIAN SCIENCE FOUNDATION", "Cathode materials", "2019 -- 2022 | 19-73-10078",
                                  "PI, RUB 18,000,000", "DEUTSCHE FORSCHUNGSGEMEINSCHAFT", "Interfaces",
                                  "2011 -- 2012 | PE 2345/1-1", "participant, EUR 150,000"))
    assert [[ln.text for ln in e][-1] for e in entries] == ["PI, RUB 18,000,000", "participant, EUR 150,000"]


def _centred(line: str, centre: float, top: float, bold: bool = True) -> list[Word]:
    width = 0.55 * 10 * len(line.replace(" ", "")) + 3 * line.count(" ")
    return words(line, centre - width / 2, top, bold=bold)


def test_cells_wrapped_inside_a_row_of_left_centred_and_right_cells_are_rejoined() -> None:
    # a table row of three equal bold cells (role left, organisation centred, dates right): the role
    # wraps onto three lines, the organisation onto two, the dates not at all; the detail below is plain
    page = (words("Professor, Department", 40, 100, bold=True) + _centred("Indian Institute of", 300, 100)
            + words("2016 - present", 470, 100, bold=True)
            + words("of Aerospace", 40, 111, bold=True) + _centred("Science", 300, 111)
            + words("Engineering", 40, 122, bold=True)
            + words("Bengaluru, India", 40, 136)
            + words("Visiting Professor", 40, 150, bold=True) + _centred("Beihang University", 300, 150)
            + words("2017 - 2017", 490, 150, bold=True))
    rows = reading_order(page, 600, first_page=False).splitlines()
    assert rows[0] == "2016 - present | Professor, Department of Aerospace Engineering | Indian Institute of Science"
    assert rows[1] == "Bengaluru, India"  # body type at the margin: the entry's detail, not a wrapped cell
    assert rows[2] == "2017 - 2017 | Visiting Professor | Beihang University"


def test_the_next_row_of_a_table_is_no_wrapped_cell_of_the_row_above() -> None:
    # every column filled, or a date in the first: the table's next row, though its cells line up
    page = (words("07/2019", 40, 100) + words("present", 120, 100) + words("Senior Lecturer", 200, 100)
            + words("Monash University", 330, 100)
            + words("02/2016", 40, 111) + words("06/2019", 120, 111) + words("Lecturer", 200, 111)
            + words("Imperial College London", 330, 111)
            + words("2012", 40, 122) + words("Research Associate", 200, 122))
    rows = reading_order(page, 600, first_page=False).splitlines()
    assert len(rows) == 3 and rows[2].startswith("2012")


def test_a_line_wrapped_after_a_comma_onto_its_dates_opens_no_entry() -> None:
    # Word paragraphs without bullets: the second grant's dates wrap to the start of a line
    entries = split_entries(lines(
        "Starting Grant QUDOT. European Research Council, ERC-2021-STG 101039876, 2022–2027;",
        "PI, EUR 1,499,000.",
        "Quantum dot sources. National Natural Science Foundation of China, 61875123,",
        "2018–2019; participant, CNY 600,000."))
    assert [e[0].text.split(".")[0] for e in entries] == ["Starting Grant QUDOT", "Quantum dot sources"]


def test_a_word_in_capitals_before_a_colon_in_body_text_is_no_section_label() -> None:
    from intake.extract.sections import split_sections

    grants = [Line("GRANTS", 1, 1, True), Line("CAREER: Fracture of architected lattices", 1, 2),
              Line("National Science Foundation", 1, 3), Line("2021 – 2026", 1, 4),
              Line("CMMI-2045117; PI, $540,000", 1, 5)]
    blocks = split_sections(grants)
    assert [b.section for b in blocks] == [Section.FUNDING]
    assert len(blocks[0].lines) == 4
    # ... while a label in sentence case still lists its section inline
    talks = [Line("GRANTS", 1, 1, True), Line("Invited lectures: ETH Zurich (2019); Kyoto University (2021)", 1, 2)]
    assert Section.TALKS in [b.section for b in split_sections(talks)]


def test_a_space_pdfium_puts_before_a_separate_accent_is_no_word_break() -> None:
    # Times capitals without a composed 'Ş': pdfium reads 'DEMIRTA ¸S-HALE'
    assert _text(CORPUS / "glyph_events" / "p09.pdf").splitlines()[0] == "ELIF DEMIRTAŞ-HALE"


def test_a_letter_whose_box_reaches_over_the_next_stays_in_its_letter_spaced_word() -> None:
    # LuaLaTeX's letter-spaced small capitals: the tail of 'Q' reaches over the 'u' after it
    assert _text(CORPUS / "bold_cells" / "p11.pdf").splitlines()[0] == "Ana-Lucía Ferreyra Quispe"


def test_a_line_naming_only_a_place_is_set_off_from_the_organisation_above() -> None:
    from intake.extract.sections import entry_text

    assert entry_text(lines("Software Engineer | Google", "Mountain View, CA")) == (
        "Software Engineer | Google, Mountain View, CA")
    # ... but a name wrapped before its city, or a city's name that is also an institution's word, runs on
    assert entry_text(lines("Postdoctoral Fellow, University of", "Copenhagen, Denmark")) == (
        "Postdoctoral Fellow, University of Copenhagen, Denmark")
    assert entry_text(lines("Visiting Professor, Beihang", "University, Beijing, China")) == (
        "Visiting Professor, Beihang University, Beijing, China")
    assert entry_text(lines("NATIONAL NATURAL SCIENCE", "FOUNDATION OF CHINA")) == (
        "NATIONAL NATURAL SCIENCE FOUNDATION OF CHINA")


def test_a_name_extending_another_organisation_of_the_entry_is_its_part() -> None:
    from intake.extract.entries import institution, read_entry

    entry = read_entry("June 2016 – July 2021 | Software Engineer, Google Brain | Google, Mountain View, CA",
                       spans=["Google Brain"])
    assert institution(entry) == "Google"


def test_an_events_title_in_large_roman_type_under_bold_capital_headings_is_no_heading() -> None:
    # 'Sir Henry Wellcome Fellowship' (a grant's title, set large but in the body's weight and case)
    # under 'GRANTS' in large bold capitals: worded like a heading, set as an entry
    document = read_document(CORPUS / "glyph_events" / "p06.pdf", ReadLimits())
    assert "Sir Henry Wellcome Fellowship" in document.pages[0].not_headings
    assert "GRANTS" in document.pages[0].headings


def test_a_grant_title_in_the_entries_bold_is_no_heading_for_its_words() -> None:
    # html_sidebar: 'Sir Henry Wellcome Fellowship' in the bold of the posts ('Associate Professor'),
    # under 'Grants' in larger bold: a type worn mostly by lines not worded as headings
    from intake.extract.cv import document_lines
    from intake.extract.sections import split_sections

    doc = read_document(CORPUS / "html_sidebar" / "p06.pdf", ReadLimits())
    assert "Sir Henry Wellcome Fellowship" in doc.pages[0].not_headings
    funding = [b for b in split_sections(document_lines(doc)) if b.section == Section.FUNDING]
    assert [b.heading for b in funding] == ["Grants"]
    assert any("Wellcome Trust" in line.text for line in funding[0].lines)


def test_a_unit_under_each_entrys_date_and_place_line_stays_with_its_entry() -> None:
    # Deedy: 'ORGANISATION | | Role' over 'dates | place', the unit on the line below, the last one too
    entries = split_entries(lines("KTH ROYAL INSTITUTE OF TECHNOLOGY | | Senior Researcher",
                                  "Jan. 2020 -- Present | Stockholm, Sweden", "Department of Applied Physics",
                                  "UNIVERSITY OF COPENHAGEN | | Postdoctoral Fellow",
                                  "Feb. 2016 -- Dec. 2019 | Copenhagen, Denmark", "Niels Bohr Institute"))
    assert [[ln.text for ln in e][-1] for e in entries] == ["Department of Applied Physics", "Niels Bohr Institute"]
    assert len(entries) == 2
    # committed render: Lato Light's narrow space, which pdfium does not write, is read as one
    assert "Niels Bohr Institute" in _text(CORPUS / "deedy" / "p02.pdf").splitlines()


def test_an_organisation_named_again_in_another_section_is_no_form_label() -> None:
    # Typst 'banner': dates then the employer, the role then the place; the employer comes back under
    # education and as a talk's host, which made it look like a form's repeated label (and dropped it)
    cv = lines("September 2018 – present | Delft University of Technology", "Associate Professor | Delft, Netherlands",
               "June 2017 – August 2017 | Beihang University", "Guest Researcher | Beijing, China",
               "2007 – 2009 | Delft University of Technology", "MSc in Electrical Engineering | Delft",
               "Jul 2017 | Radar on a chip", "Beihang University | Beijing, China")
    assert [ln.text for ln in field_labels(cv)] == [ln.text for ln in cv]
    # ... while a form's labels, repeated entry after entry, still go
    form = lines("Dates | 2019 – 2021", "Occupation or position held | Lecturer", "Dates | 2016 – 2019",
                 "Occupation or position held | Postdoctoral Fellow")
    assert [ln.text for ln in field_labels(form)] == ["2019 – 2021", "Lecturer", "2016 – 2019", "Postdoctoral Fellow"]


def test_a_sidebars_lines_beside_a_main_columns_are_no_table_row() -> None:
    # Typst 'sidebar': the contact block's lines share baselines with the main column's by chance; the
    # address wraps (its line is full), the employer's line does not ('Chinese Academy of Sciences,
    # Beijing' with room to spare), so 'Institute of Physics' below it is the entry's own next line
    page = (words("Lecturer in Physics", 26, 83, size=9.5) + words("CONTACT", 26, 115, bold=True)
            + words("1 Dai Co Viet, Hai Ba Trung,", 26, 129, size=9.5) + words("Hanoi, Vietnam", 26, 142, size=9.5)
            + words("ngoc@example.edu.vn", 26, 156, size=9.5) + words("+84 24 5555 0186", 26, 169, size=9.5)
            + words("HONOURS", 26, 198, bold=True) + words("2023 Ta Quang Buu Prize", 26, 213, size=9.5)
            + words("Academic Appointments", 221, 42, size=12.5, bold=True)
            + words("09/2019 – now", 221, 70, size=8.5, bold=True) + words("Lecturer", 293, 70, size=9.5, bold=True)
            + words("Hanoi University of Science", 293, 83, size=9.5)
            + words("03/2017 –", 221, 115, size=8.5, bold=True)
            + words("Postdoctoral Fellow", 293, 115, size=9.5, bold=True)
            + words("08/2019", 221, 129, size=8.5, bold=True)
            + words("Chinese Academy of Sciences, Beijing", 293, 129, size=9.5)
            + words("Institute of Physics", 293, 142, size=9.5)
            + words("09/2012 –", 221, 165, size=8.5, bold=True)
            + words("Research Assistant", 293, 165, size=9.5, bold=True)
            + words("02/2017", 221, 178, size=8.5, bold=True) + words("KAIST, Daejeon", 293, 178, size=9.5))
    text = reading_order(page, 595, first_page=False).splitlines()
    assert "Chinese Academy of Sciences, Beijing" in text and "Institute of Physics" in text
    assert "09/2012 – 02/2017 | Research Assistant" in text
    assert text.index("Hanoi, Vietnam") < text.index("Academic Appointments")


def test_a_heading_set_close_to_its_first_entry_is_no_row_of_that_entry() -> None:
    # Typst 'accent': the organisation and its place on one row, the role and its dates on the next,
    # the heading a few points above, closer than the page's usual line gap: the first entry's dates
    # open its first row like the others' (they stayed on the role's row, an entry of their own)
    text = _text(CORPUS / "typst_accent" / "p08.pdf").splitlines()
    first = text.index("Experience") + 1
    assert text[first] == "Mar 2019 – Present | University of São Paulo | São Paulo, Brazil"
    assert "Jan 2016 – Feb 2019 | University of California, Davis | Davis, CA" in text


def test_a_year_that_opens_a_grants_code_is_no_date() -> None:
    # 'grant no. 2018PM0012' on the funder's line under a dated title: no date, so no entry of its own
    assert find_ranges("Chinese Academy of Sciences, grant no. 2018PM0012, Fellow") == []
    assert [ln.text for ln in split_entries(lines(
        "2018–2019 | President's International Fellowship Initiative: Thin-film photovoltaics",
        "Chinese Academy of Sciences, grant no. 2018PM0012 Fellow, CNY 300,000"))[0]][1].startswith("Chinese")
    assert find_ranges("2021–presentSenior Lecturer")[0].period.current  # a range run into a word still is one


def test_entries_set_apart_as_paragraphs_keep_their_fields_whatever_line_the_date_is_on() -> None:
    # JSON Resume 'even': role / organisation / dates / place / unit, each on a line of its own, the
    # entries a paragraph apart; the date in the middle belongs to neither the line above nor below
    stacked = lines("Research Scientist", "Stanford University", "Aug 2021 – Present", "Stanford, CA",
                    "Stanford Artificial Intelligence Laboratory", "Adjunct Professor", "National Taiwan University",
                    "Feb 2022 – Present", "Taipei, Taiwan")
    assert [[ln.text for ln in e] for e in split_entries(stacked, frozenset({(1, 6)}))] == [
        ["Research Scientist", "Stanford University", "Aug 2021 – Present", "Stanford, CA",
         "Stanford Artificial Intelligence Laboratory"],
        ["Adjunct Professor", "National Taiwan University", "Feb 2022 – Present", "Taipei, Taiwan"]]
    # ... and the reading keeps the paragraphs: a real render, read end to end
    from intake.extract import extract_profile
    cv = read_document(CORPUS / "jsonresume_even" / "p04.pdf", ReadLimits())
    assert "" in cv.pages[0].text.splitlines()
    posts = [(a.organisation, a.period.start.year, a.role) for a in extract_profile([cv], []).affiliations]
    assert posts == [("Stanford University", 2021, "Research Scientist"),
                     ("National Taiwan University", 2022, "Adjunct Professor"), ("Google", 2016, "Software Engineer")]


def test_a_left_column_of_labels_and_dates_beside_most_entries_is_a_label_column() -> None:
    # JSON Resume 'paper': the left column holds each section's label and its entries' dates, each
    # date beside its entry's first row; read as a column of its own it would part them
    text = _text(CORPUS / "jsonresume_paper" / "p02.pdf").splitlines()
    assert "2018-03 to 2018-08 | Visiting Scholar at Chinese Academy of Sciences" in text
    assert "2016-02 to 2019-12 | Postdoctoral Fellow at University of Copenhagen" in text


def test_a_name_wrapped_at_its_hyphen_is_one_name() -> None:
    page = (words("Lucía Martín-", 60, 40, size=30) + words("Beltrán", 60, 76, size=30)
            + words("Researcher in Materials Science", 60, 120) + words("Madrid, Spain", 60, 134))
    assert reading_order(page, 600, first_page=True).splitlines()[0] == "Lucía Martín-Beltrán"


def test_a_talks_title_line_with_its_host_is_no_heading() -> None:
    # 'Invited talk, Fiocruz' in bold, as a theme sets its entries' titles: an entry, not 'Talks'
    from intake.extract.headings import worded_as_heading

    assert not worded_as_heading("Invited talk, Fiocruz") and not worded_as_heading("INVITED TALK, FIOCRUZ")
    assert worded_as_heading("Honors, Awards and Prizes")


def test_a_label_repeated_over_each_entry_is_no_heading() -> None:
    # JSON Resume 'caffeine': 'INVITED TALK' in small body capitals over each talk; worded like a
    # heading, it would make that type the headings' and cut the awards at each funder in capitals
    doc = read_document(CORPUS / "jsonresume_caffeine" / "p15.pdf", ReadLimits())
    assert "INVITED TALK" not in doc.pages[0].headings
    assert "NATIONAL NATURAL SCIENCE FOUNDATION OF CHINA" not in doc.pages[0].headings
    assert "AWARDS" in doc.pages[0].headings


def test_one_programme_or_prize_named_in_the_singular_heads_no_section() -> None:
    # JSON Resume 'eloquent' sets each award's name on a line of its own: 'Thousand Talents Plan' is a
    # talent programme to screen, not a heading like 'Talent Programs'
    for name in ("Thousand Talents Plan", "Qiming Program", "Korean Nuclear Society Young Scientist Award"):
        assert heading_section(name) is None, name
    for heading in ("Talent Programs", "Honors and Awards", "Awards"):
        assert heading_section(heading) is not None, heading
    cv = read_document(CORPUS / "jsonresume_eloquent" / "p12.pdf", ReadLimits())
    from intake.extract import extract_profile
    assert "Thousand Talents Plan" in [t.name for t in extract_profile([cv], [("PROGRAM", "Thousand Talents Plan")])
                                       .talent_programs]


def test_letters_of_faked_small_capitals_drawn_apart_are_one_word() -> None:
    # Chromium fakes small capitals for a font without them, each shrunk letter drawn on its own:
    # 'Recruitment Program o f Foreign Experts', a talent programme's name, until they are joined
    text = _text(CORPUS / "jsonresume_paper" / "p02.pdf")
    assert "Recruitment Program of Foreign" in text and "Gustafsson Prize for" in text
    assert " o f " not in text
