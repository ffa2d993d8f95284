"""What narrow columns, tables and OCR do to a CV's lines, and how entries are still read whole.

Each case is the text a real layout produced (see tests/corpus/layouts.py) cut down to the shape
that matters; people are fictional.
"""

from __future__ import annotations

import pytest
from extract_factory import cv_document

from intake.extract import entries as ex
from intake.extract import extract_profile
from intake.extract.dates import find_ranges
from intake.extract.sections import (
    Line,
    Section,
    field_labels,
    heading_section,
    join_wrapped_dates,
    split_entries,
    split_sections,
)

GAZ = [("PROGRAM", "Kunlun Talents Program"), ("FUNDER", "National Science Foundation"), ("FUNDER", "NSF")]


def lines(*texts: str) -> list[Line]:
    return [Line(t, 1, i) for i, t in enumerate(texts, 1)]


def entries(*texts: str) -> list[list[str]]:
    return [[ln.text for ln in e] for e in split_entries(join_wrapped_dates(lines(*texts)))]


def profile_of(text: str):
    return extract_profile([cv_document(text)], GAZ)


@pytest.mark.parametrize(("broken", "joined"), [
    (["Dec. 2011 to Feb.", "2014"], "Dec. 2011 to Feb. 2014"),
    (["Professor, Department of Chemistry (Sept. 2019", "to date)"],
     "Professor, Department of Chemistry (Sept. 2019 to date)"),
    (["USD 670,000 (Co-PI), Aug.", "2017 to Aug. 2022"], "USD 670,000 (Co-PI), Aug. 2017 to Aug. 2022"),
])
def test_a_date_range_broken_over_two_lines_is_rejoined(broken: list[str], joined: str) -> None:
    assert [ln.text for ln in join_wrapped_dates(lines(*broken))] == [joined]


def test_lines_that_merely_follow_a_date_stay_apart() -> None:
    kept = ["2019 Best Paper Award", "2020 Teaching Award"]
    assert [ln.text for ln in join_wrapped_dates(lines(*kept))] == kept


def test_institution_first_entries_with_dates_last_or_missing() -> None:
    assert entries(
        "Stanford University, Stanford, CA", "Professor, Department of Chemistry (Sept. 2019", "to date)",
        "Princeton University, Princeton, NJ", "Associate Professor, Department of Computer", "Science",
        "ANU, Canberra", "Lecturer, Faculty of Materials Science and", "Engineering (Nov. 2009 to Nov. 2014)",
    ) == [
        ["Stanford University, Stanford, CA", "Professor, Department of Chemistry (Sept. 2019 to date)"],
        ["Princeton University, Princeton, NJ", "Associate Professor, Department of Computer", "Science"],
        ["ANU, Canberra", "Lecturer, Faculty of Materials Science and", "Engineering (Nov. 2009 to Nov. 2014)"],
    ]


def test_a_date_alone_on_a_line_closes_the_entry_above_it() -> None:
    assert entries("University of Helsinki, Helsinki", "Visiting Scholar (07/2025)",
                   "Harvard University, Cambridge, MA", "Senior Researcher", "(03/2020–11/2024)",
                   "RWTH Aachen University, Aachen", "(12/2015–06/2020)") == [
        ["University of Helsinki, Helsinki", "Visiting Scholar (07/2025)"],
        ["Harvard University, Cambridge, MA", "Senior Researcher", "(03/2020–11/2024)"],
        ["RWTH Aachen University, Aachen", "(12/2015–06/2020)"]]


def test_an_undated_first_entry_does_not_hide_a_date_first_section() -> None:
    assert entries("Research Fellow, Department of Physics, University of Edinburgh",
                   "Feb. 2014 to Sept. 2019 Assistant Professor, Department of Physics, Seoul",
                   "National University, Seoul", "Jan. 2019 to date Senior Researcher, Georgia Tech") == [
        ["Research Fellow, Department of Physics, University of Edinburgh"],
        ["Feb. 2014 to Sept. 2019 Assistant Professor, Department of Physics, Seoul", "National University, Seoul"],
        ["Jan. 2019 to date Senior Researcher, Georgia Tech"]]


def test_undated_one_line_posts_and_talks_are_separate_entries() -> None:
    assert entries("Postdoctoral Fellow, Faculty of Bioengineering, CNRS, Paris, France",
                   "Assistant Professor, Karolinska Institutet, Stockholm, Sweden, 2008-13") == [
        ["Postdoctoral Fellow, Faculty of Bioengineering, CNRS, Paris, France"],
        ["Assistant Professor, Karolinska Institutet, Stockholm, Sweden, 2008-13"]]
    assert len(entries("Keynote lecture, “Spin qubits”, Georgia Tech, Atlanta, U.S.A.",
                       "Keynote lecture, “Graph signals”, Siemens AG, Munich, Germany")) == 2


@pytest.mark.parametrize("text", [
    "Lecturer, Faculty of Materials Science and",  # a wrapped entry line that happens to say 'lecture'
    "Professor, Talent Program Office",  # a role line
    "Grants and",  # cut by a column
])
def test_wrapped_and_role_lines_are_not_headings(text: str) -> None:
    assert heading_section(text) is None


def test_a_table_date_cell_is_followed_by_its_entry_not_a_heading() -> None:
    blocks = split_sections(join_wrapped_dates(lines(
        "Talent Programs:", "Apr. 2018 to Dec.", "2021", "Kunlun Talents Program", "(07/2024–10/2024)",
        "Hosted Visitors:", "Dr. Ana Fictive, Example University")))
    assert [(b.section, b.heading) for b in blocks] == [(Section.HONORS, "Talent Programs:"),
                                                         (Section.HOSTED, "Hosted Visitors:")]
    assert [ln.text for ln in blocks[0].lines] == ["Apr. 2018 to Dec. 2021", "Kunlun Talents Program",
                                                   "(07/2024–10/2024)"]
    after_a_grant = split_sections(lines("Grants:", "NSF grant (2018-", "2021)", "Talent Programs and Fellowships",
                                         "Selected for the Kunlun Talents Program, 2018"))
    assert [b.section for b in after_a_grant] == [Section.FUNDING, Section.HONORS]


@pytest.mark.parametrize(("text", "organisation"), [
    ("2006-2008 Postdoctoral Fellow, School of Physics UIUC, Urbana, IL, U.S.A.", "UIUC"),
    ("2024-now Chair Professor, Department of Electrical Engineering, UC Berkeley, Berkeley, CA", "UC Berkeley"),
    ("Senior Researcher, Department of Electrical Engineering CNRS, Paris, France, 2021-", "CNRS"),
    ("UT Austin, Austin, TX, United States", "UT Austin"),
    ("2011–2017 Senior Lecturer, Technion - Israel Institute of Technology, Haifa",
     "Technion-Israel Institute of Technology"),
    ("2011-2014 Research Scientist, Philips Research, Eindhoven, The Netherlands", "Philips Research"),
    ("2014-19 University of California, Berkeley, Berkeley, CA, United States", "University of California Berkeley"),
    ("Georgia Tech, Atlanta, GA, United States Professor, School of Bioengineering (2019–present)", "Georgia Tech"),
    ("Jul 2011 - Apr 2016 Lecturer, School of Mechanical Engineering, Universidade de Sao Paulo, Brazil",
     "Universidade de Sao Paulo"),
])
def test_the_organisation_of_an_entry(text: str, organisation: str) -> None:
    profile = profile_of(f"Ada Quill\nEMPLOYMENT\n{text}\n")
    assert [a.organisation for a in profile.affiliations] == [organisation]


@pytest.mark.parametrize(("text", "organisation", "unit"), [
    # the second line names the employer; the first line's last name is a part of it
    ("June 2016 – July 2021 | Software Engineer, Google Brain\nGoogle, Mountain View, CA", "Google", "Google Brain"),
    ("2019 – 2022 | Researcher, Department of Physics\nUniversity of Oslo, Oslo, Norway",
     "University of Oslo", "Department of Physics"),
    # one name wrapped over two lines stays one name
    ("2019 – 2022 | Lecturer, Department of Computer Science, National Taiwan\nUniversity, Taipei",
     "National Taiwan University", "Department of Computer Science"),
])
def test_an_organisation_is_one_lines_name_not_a_join_of_two(text: str, organisation: str, unit: str) -> None:
    profile = profile_of(f"Ada Quill\nEMPLOYMENT\n{text}\n")
    assert [(a.organisation, a.unit) for a in profile.affiliations] == [(organisation, unit)]


@pytest.mark.parametrize(("text", "funder"), [
    ("2018-2021 Control of combustion. Funded by the U.S. Department of Energy (DE-SC0093667); role: PI", "U.S. Department of Energy"),
    ("NSF CHE-1297830, “Scalable methods”, USD 290,000 (Co-PI), 2009–2013", "NSF"),
    ("2011-2015 Example Agency R01 GM393705, “Mechanisms”, USD 2,330,000 (Co-Investigator)", "Example Agency"),
])
def test_the_funder_of_a_grant(text: str, funder: str) -> None:
    profile = profile_of(f"Ada Quill\nGRANTS\n{text}\n")
    assert [f.funder for f in profile.funding] == [funder]


def test_roles_currencies_and_dates_are_not_organisations() -> None:
    for text in ("Co-Investigator", "Co-PI", "CHF", "09/2016-01/2021 Theory", "Chair Professor"):
        assert not ex.plausible_organisation(text), text
    assert ex.organisation_parts("Postdoctoral Fellow, School of Physics UIUC") == ["School of Physics UIUC"]
    assert ex.without_grant_id("NIH R21 CA672014") == "NIH" and ex.without_grant_id("Simons Foundation") == "Simons Foundation"


@pytest.mark.parametrize("text", ["WO 2013/193202 A1", "CN 201910123456.7", "award 12.2019.004"])
def test_document_numbers_are_not_dates(text: str) -> None:
    assert find_ranges(text) == []


def test_us_patent_written_in_words_keeps_its_office() -> None:
    profile = profile_of("Ada Quill\nPATENTS\nPatent U.S. Patent No. 9,817,036 B2: System for anodes. Status: granted, 2023\n")
    assert [(p.number, p.office) for p in profile.patents] == [("9,817,036", "US")]


def test_undated_talks_after_a_dated_one_stay_apart() -> None:
    assert entries(
        "2021 Seminar, “Anodes”, International Symposium on Anodes, Berkeley, United States",
        "Seminar, “Combustion”, Carnegie Mellon University, Pittsburgh, United States (travel paid by the host)",
        "“Spin qubits”, keynote lecture at University of Vienna, Vienna,", "Austria",
        "“Error correction”, colloquium at Example Symposium, Munich, Germany",
    ) == [
        ["2021 Seminar, “Anodes”, International Symposium on Anodes, Berkeley, United States"],
        ["Seminar, “Combustion”, Carnegie Mellon University, Pittsburgh, United States (travel paid by the host)"],
        ["“Spin qubits”, keynote lecture at University of Vienna, Vienna,", "Austria"],
        ["“Error correction”, colloquium at Example Symposium, Munich, Germany"],
    ]


def test_a_second_post_after_a_dated_post_is_its_own_entry() -> None:
    assert entries("2020-present Research Scientist, Sharif University of Technology, Tehran",
                   "Postdoctoral Fellow, School of Electrical Engineering, Amirkabir University of Technology",
                   "2012-2015 Lecturer, University of Tehran") == [
        ["2020-present Research Scientist, Sharif University of Technology, Tehran"],
        ["Postdoctoral Fellow, School of Electrical Engineering, Amirkabir University of Technology"],
        ["2012-2015 Lecturer, University of Tehran"]]


@pytest.mark.parametrize("text", ["Visiting Scholar", "Honorary Professor", "Adjunct Professor"])
def test_a_post_alone_on_its_line_is_not_a_heading(text: str) -> None:
    assert heading_section(text) is None


def test_table_date_cells_on_their_own_lines_open_their_entries() -> None:
    assert entries("May 2022 to date University of Oxford, Oxford, United Kingdom",
                   "Chair Professor, Faculty of Computer Science", "Sept. 2018 to Apr.", "2022",
                   "Harvard University, Cambridge, MA", "Senior Lecturer, School of Applied Mathematics") == [
        ["May 2022 to date University of Oxford, Oxford, United Kingdom", "Chair Professor, Faculty of Computer Science"],
        ["Sept. 2018 to Apr. 2022", "Harvard University, Cambridge, MA", "Senior Lecturer, School of Applied Mathematics"]]


@pytest.mark.parametrize(("broken", "number", "office"), [
    (["“System for anodes”, DE 10 2023", "673 128 A1 (granted 2023)"], "DE 10 2023 673 128 A1", "DE"),
    (["“Apparatus”, Chinese invention patent ZL 2015 2", "9469108.2 (published 2015)"], "ZL 2015 2 9469108.2", "CN"),
])
def test_a_patent_number_cut_by_a_column_is_read_whole(broken: list[str], number: str, office: str) -> None:
    profile = profile_of("Ada Quill\nPATENTS\n" + "\n".join(broken) + "\n")
    assert [(p.number, p.office) for p in profile.patents] == [(number, office)]


def test_a_cv_written_as_a_form_drops_its_repeated_field_labels() -> None:
    text = "\n".join([
        "Personal information", "First name(s) / Surname(s) | Ada Quill", "Work experience",
        "Dates | March 2019 – Present", "Occupation or position held | Lecturer",
        "Name and address of employer | Department of Physics, University", "of Oslo, Oslo, Norway",
        "Dates | May 2015 – February 2019", "Occupation or position held | Postdoctoral Fellow",
        "Name and address of employer | ETH Zurich, Zurich, Switzerland",
        "Additional information", ("Invited talks | Spin waves, Kyoto University, Kyoto (Japan), May 2022; "
                                   "Magnons, Peking University, Beijing (China), Jan 2021")])
    profile = profile_of(text + "\n")
    assert profile.person.name == "Ada Quill"
    assert [(a.organisation, a.period.start.year, a.role) for a in profile.affiliations] == [
        ("University of Oslo", 2019, "Lecturer"), ("ETH Zurich", 2015, "Postdoctoral Fellow")]
    assert sorted(t.country for t in profile.travel) == ["CN", "JP"]
    # a document whose 'a | b' lines repeat no label is left as written
    plain = lines("2019 – 2021 | Lecturer, University of Oslo", "Teaching in physics")
    assert [ln.text for ln in field_labels(plain)] == [ln.text for ln in plain]


def test_the_documents_first_line_set_as_a_heading_is_its_title_not_a_section() -> None:
    # a Word CV whose name is in 'Heading 1' (as pandoc writes '# Ada Quill')
    blocks = split_sections([Line("Ada Quill", 1, 1, True), Line("ada@example.org", 1, 2),
                             Line("Employment", 1, 3, True), Line("2019 – 2021 Lecturer, University of Oslo", 1, 4),
                             Line("Outreach Abroad", 1, 5, True), Line("2022 Summer school tutor, Kyoto, Japan", 1, 6)])
    assert [(b.section, [ln.text for ln in b.lines]) for b in blocks] == [
        (Section.HEADER, ["Ada Quill", "ada@example.org"]),
        (Section.EMPLOYMENT, ["2019 – 2021 Lecturer, University of Oslo"]),
        (Section.OTHER, ["2022 Summer school tutor, Kyoto, Japan"])]


def test_an_undated_entry_ends_where_a_spanish_or_portuguese_university_line_begins() -> None:
    assert entries("IIT Bombay, Mumbai, India", "Research Scientist, Department of Computer Science",
                   "Universidade de São Paulo, Sao Paulo, Brazil", "Research Fellow, Department of Physics (2016–2019)") == [
        ["IIT Bombay, Mumbai, India", "Research Scientist, Department of Computer Science"],
        ["Universidade de São Paulo, Sao Paulo, Brazil", "Research Fellow, Department of Physics (2016–2019)"]]


def test_a_note_under_an_events_date_and_place_line_stays_with_its_event() -> None:
    # event designs: title, organisation, date and place, then a note (the unit) that is no next entry
    assert entries(
        "Principal Investigator", "Pontifical Catholic University of Peru", "Mar. 2020 – Present | Lima, Peru",
        "Laboratory of Emerging Viruses",
        "Postdoctoral Researcher", "Chinese Academy of Sciences", "Oct. 2017 – Feb. 2020 | Wuhan, China",
        "Research Associate", "University of Melbourne", "Feb. 2014 – Sep. 2017 | Melbourne, Australia",
        "Department of Microbiology",
    ) == [
        ["Principal Investigator", "Pontifical Catholic University of Peru", "Mar. 2020 – Present | Lima, Peru",
         "Laboratory of Emerging Viruses"],
        ["Postdoctoral Researcher", "Chinese Academy of Sciences", "Oct. 2017 – Feb. 2020 | Wuhan, China"],
        ["Research Associate", "University of Melbourne", "Feb. 2014 – Sep. 2017 | Melbourne, Australia",
         "Department of Microbiology"],
    ]


def test_events_of_uneven_length_are_not_regrouped() -> None:
    # without a steady number of lines per event, no line is taken for a note
    assert entries(
        "Lecturer", "University of Leeds", "Sep. 2016 – Aug. 2019 | Leeds, UK",
        "Reader", "School of Chemistry", "Extra line one", "University of Manchester",
        "Sep. 2019 – Present | Manchester, UK",
    ) == [
        ["Lecturer", "University of Leeds", "Sep. 2016 – Aug. 2019 | Leeds, UK"],
        ["Reader", "School of Chemistry", "Extra line one", "University of Manchester",
         "Sep. 2019 – Present | Manchester, UK"],
    ]
