"""CV structure and facts: sections by heading, entries with their periods, every fact evidenced."""

from __future__ import annotations

from datetime import date

import pytest

from intake.extract import extract_profile
from intake.countries import countries_in, country_code
from intake.extract.dates import find_ranges
from intake.extract.nlp import pipeline
from intake.extract.sections import Line, Section, heading_section, split_entries

from extract_factory import cv_document

GAZ = [
    ("ORG", "Harbin Institute of Technology"), ("ORG", "HIT"), ("ORG", "哈尔滨工业大学"),
    ("ORG", "Beihang University"), ("ORG", "Northwestern Polytechnical University"),
    ("PROGRAM", "Thousand Talents Program"), ("PROGRAM", "千人计划"),
    ("FUNDER", "National Natural Science Foundation of China"), ("FUNDER", "NSFC"),
]

CV = """Curriculum Vitae
Dr. Elena Varkoni
Department of Materials Science, University of Example, Springfield, USA
e.varkoni@example.edu | +1 555 0100
Citizenship: Canada
Country of residence: United States

EDUCATION
Ph.D. in Materials Science, Tsinghua University, Beijing, China, 2008–2012
B.Sc. Physics, University of Toronto, Canada, 2004-2008

PROFESSIONAL EXPERIENCE
Sep 2019 - present    Associate Professor, Department of Materials Science, University of Example, Springfield, USA
2016 – 2019    Assistant Professor, School of Materials, Harbin Institute of Technology, Harbin, China
2012-2016
Postdoctoral Fellow, Max Planck Institute for Solid State Research, Stuttgart, Germany

Visiting Positions
2021-     Adjunct Professor (unpaid), Beihang University, Beijing, China

GRANTS AND RESEARCH SUPPORT
2020-2023  National Natural Science Foundation of China, Grant No. 51872001, "Layered oxides", ¥600,000, PI
2018-2021  NSF DMR-1812345, $450,000, Co-PI

Patents
1. CN 112345678 A, "Method for coating oxides", granted 2021
2. US 10,123,456 B2, "Thin film process", 2019

Honors and Awards
2018  Thousand Talents Program (Youth)
2015  Best Paper Award, MRS Fall Meeting

Invited Talks
"Oxide interfaces", Shanghai Jiao Tong University, Shanghai, China, May 2022 (travel paid by host, honorarium)
"Thin films", ETH Zurich, Zurich, Switzerland, 2021

Visiting Scholars Hosted
Dr. Wei Lantern, Northwestern Polytechnical University, Xi'an, China, 2020-2021
"""


cv = cv_document


@pytest.fixture(scope="module")
def profile():
    return extract_profile([cv(CV)], GAZ)


def _years(period) -> tuple[int | None, int | None, bool]:
    return (period.start.year if period.start else None, period.end.year if period.end else None, period.current)


def test_person_facts(profile) -> None:
    person = profile.person
    assert person.name == "Elena Varkoni"  # the title "Dr." and the "Curriculum Vitae" line are not the name
    assert person.email == "e.varkoni@example.edu"
    assert person.citizenships == ["CA"] and person.residence_country == "US"
    assert person.evidence and person.evidence[0].quote == "Dr. Elena Varkoni"


def test_affiliations_with_periods_roles_and_countries(profile) -> None:
    got = [(a.organisation, a.country, a.role, _years(a.period)) for a in profile.affiliations]
    assert got == [
        ("University of Example", "US", "Associate Professor", (2019, None, True)),
        ("Harbin Institute of Technology", "CN", "Assistant Professor", (2016, 2019, False)),
        # the date on its own line belongs to the role line after it
        ("Max Planck Institute for Solid State Research", "DE", "Postdoctoral Fellow", (2012, 2016, False)),
    ]
    first = profile.affiliations[0]
    assert first.period.start == date(2019, 9, 1)  # month precision kept
    assert first.evidence[0].page == 1 and first.evidence[0].line == 13


def test_visiting_position_is_kept_apart_with_its_flags(profile) -> None:
    [visit] = profile.visiting_appointments
    assert (visit.organisation, visit.country, _years(visit.period)) == ("Beihang University", "CN", (2021, None, True))
    assert visit.visiting and visit.adjunct and visit.paid is False


def test_education_funding_patents_programs(profile) -> None:
    assert [(e.organisation, e.degree, _years(e.period)) for e in profile.education] == [
        ("Tsinghua University", "Ph.D.", (2008, 2012, False)),
        ("University of Toronto", "B.Sc.", (2004, 2008, False)),
    ]
    nsfc, nsf = profile.funding
    assert (nsfc.funder, nsfc.grant_id, nsfc.amount, nsfc.role, nsfc.country) == (
        "National Natural Science Foundation of China", "51872001", "¥600,000", "PI", "CN")
    assert (nsf.funder, nsf.grant_id, nsf.amount, nsf.role) == ("NSF", "DMR-1812345", "$450,000", "Co-PI")
    assert [(p.number, p.office, p.title, p.year, p.status) for p in profile.patents] == [
        ("CN 112345678 A", "CN", "Method for coating oxides", 2021, "granted"),
        ("US 10,123,456 B2", "US", "Thin film process", 2019, ""),
    ]
    assert [(t.name, _years(t.period)) for t in profile.talent_programs] == [("Thousand Talents Program", (2018, 2018, False))]


def test_talks_with_country_and_who_paid(profile) -> None:
    got = [(t.host, t.country, t.event, t.sponsored, t.honorarium, _years(t.when)) for t in profile.travel]
    assert got == [
        ("Shanghai Jiao Tong University", "CN", "Oxide interfaces", True, True, (2022, 2022, False)),
        ("ETH Zurich", "CH", "Thin films", None, None, (2021, 2021, False)),
    ]


def test_hosted_visitor(profile) -> None:
    [visitor] = profile.hosted_visitors
    assert (visitor.name, visitor.organisation, visitor.country) == ("Wei Lantern", "Northwestern Polytechnical University", "CN")


def test_every_fact_quotes_its_line(profile) -> None:
    facts = [*profile.affiliations, *profile.visiting_appointments, *profile.education, *profile.funding,
             *profile.patents, *profile.talent_programs, *profile.travel, *profile.hosted_visitors]
    for fact in facts:
        [ev] = fact.evidence
        assert ev.document_sha256 == "c" * 64 and ev.page == 1
        assert ev.quote in CV.replace("\n", " ") or ev.quote.split(" ")[0] in CV


def test_a_heading_whose_word_spaces_a_pdf_misplaced_is_still_a_heading() -> None:
    # text extraction guesses word spaces from glyph gaps: kerned capitals come out cut in the wrong places
    assert heading_section("PUBLIC ATIONS") == Section.PUBLICATIONS
    assert heading_section("WORKEXPERIENCE") == Section.EMPLOYMENT
    assert heading_section("HONOURS ANDAWARDS") == Section.HONORS
    # ... but only when the pieces are no heading words as written, and only into whole heading words
    assert heading_section("HARVARD UNIVERSITY") is None and heading_section("NATIONAL TSING HUA") is None


@pytest.mark.parametrize(("text", "section"), [
    ("EDUCATION", Section.EDUCATION), ("Education and Training", Section.EDUCATION),
    ("Professional Experience", Section.EMPLOYMENT), ("2. Academic Positions", Section.EMPLOYMENT),
    ("APPOINTMENTS:", Section.EMPLOYMENT), ("Employment History", Section.EMPLOYMENT),
    ("Grants and Research Support", Section.FUNDING), ("Research Funding", Section.FUNDING),
    ("Invited Lectures and Travel", Section.TALKS), ("Presentations", Section.TALKS),
    ("Honors and Awards", Section.HONORS), ("Talent Programs", Section.HONORS),
    ("Intellectual Property", Section.PATENTS), ("PATENTS", Section.PATENTS),
    ("Visiting Positions", Section.VISITING), ("Visiting Scholars Hosted", Section.HOSTED),
    ("Hosted Visitors", Section.HOSTED), ("Selected Publications", Section.PUBLICATIONS),
    ("Professional Service", Section.SERVICE),
    # papers in proceedings are publications; talks, addresses and visits are told with the talks
    ("Refereed Conference Papers", Section.PUBLICATIONS), ("Conference Proceedings", Section.PUBLICATIONS),
    ("Conference Presentations", Section.TALKS), ("Speaking Engagements", Section.TALKS),
    ("Colloquia", Section.TALKS), ("Research Visits", Section.TALKS), ("Research Stays Abroad", Section.VISITING),
    ("Sabbaticals", Section.VISITING), ("Scholarships", Section.HONORS), ("Postdoctoral Training", Section.EMPLOYMENT),
    ("Consulting", Section.EMPLOYMENT), ("Additional Information", Section.OTHER),
])
def test_headings_in_many_wordings(text: str, section: Section) -> None:
    assert heading_section(text) == section


@pytest.mark.parametrize("text", [
    "Professor of Physics at the University",  # a role line, not a heading
    "2016-2019 Employment at Example Corp",  # dated: an entry
    "education of graduate students in the lab",  # lower case: a sentence
    "Grants | NSF | 2019",  # a table row with content
    "Research in quantum materials and devices for energy storage applications",  # too long
    "Postdoctoral Researcher",  # a post alone on its line heads an entry
    "Postdoctoral Research Associate, School of Bioengineering",  # ... and so does a post and its unit
    # a heading word inside a name, or an English title whose first word a French heading shares
    "Arup Consulting Engineers", "MediaTek", "Premier League", "Formation of planetary systems",
])
def test_lines_that_are_not_headings(text: str) -> None:
    assert heading_section(text) is None


def test_entries_role_line_then_dated_line() -> None:
    lines = [Line(t, 1, i) for i, t in enumerate([
        "Senior Lecturer", "University of Example, 2015-2018", "Lecturer", "Example Institute, 2012-2015"], 1)]
    assert [[ln.text for ln in e] for e in split_entries(lines)] == [
        ["Senior Lecturer", "University of Example, 2015-2018"], ["Lecturer", "Example Institute, 2012-2015"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("2016-2019", (date(2016, 1, 1), date(2019, 12, 31), False)),
    ("Sep 2019 - present", (date(2019, 9, 1), None, True)),
    ("09/2019–now", (date(2019, 9, 1), None, True)),
    ("2021-", (date(2021, 1, 1), None, True)),
    ("Jan. 2015 to Dec. 2018", (date(2015, 1, 1), date(2018, 12, 31), False)),
    ("since 2020", (date(2020, 1, 1), None, True)),
    ("2019.09-2021.06", (date(2019, 9, 1), date(2021, 6, 30), False)),
    ("2018", (date(2018, 1, 1), date(2018, 12, 31), False)),
    ("2019-21", (date(2019, 1, 1), date(2021, 12, 31), False)),
    # a day beside the month's name, before or after it: no '31' read as a short year
    ("1 Sep 2017 – 31 Aug 2019", (date(2017, 9, 1), date(2019, 8, 31), False)),
    ("Sep 1, 2017 – Aug 31, 2019", (date(2017, 9, 1), date(2019, 8, 31), False)),
    ("2017-09 – 2019-03", (date(2017, 9, 1), date(2019, 3, 31), False)),
    ("2016/17", (date(2016, 1, 1), date(2017, 12, 31), False)),
    ("Autumn 2018 – Spring 2020", (date(2018, 9, 1), date(2020, 3, 31), False)),
    ("Jan–Mar 2019", (date(2019, 1, 1), date(2019, 3, 31), False)),
    ("March – June 2018", (date(2018, 3, 1), date(2018, 6, 30), False)),
    ("2017年9月–2019年3月", (date(2017, 9, 1), date(2019, 3, 31), False)),
])
def test_date_styles(text: str, expected) -> None:
    [found] = find_ranges(text)
    assert (found.period.start, found.period.end, found.period.current) == expected
    assert found.period.raw == text


@pytest.mark.parametrize("text", ["ZL201910123456.7", "Grant 61872012", "phone 2019123456", "award 2019-12"])
def test_numbers_are_not_dates(text: str) -> None:
    assert find_ranges(text) == []


def test_country_names_and_places() -> None:
    assert country_code("Peoples R China") == "CN" and country_code("U.S.A.") == "US"
    assert country_code("Korea, Republic of") == "KR" and country_code("Russian Federation") == "RU"
    assert [c for c, _, _ in countries_in("Sch Astronaut, Harbin Inst Technol, Harbin 150001, Peoples R China")][-1] == "CN"
    assert countries_in("they told us about it") == []  # "us" in lower case is a pronoun


def test_listed_acronyms_match_only_as_written() -> None:
    text = "EMPLOYMENT\n2016-2019 Lecturer, HIT, Harbin\n2019- Engineer, Example Robotics Ltd; the robot hit a wall\n"
    profile = extract_profile([cv("Ada Quill\n" + text)], GAZ)
    assert [a.organisation for a in profile.affiliations] == ["HIT", "Example Robotics Ltd"]


def test_chinese_names_are_found_inside_longer_text() -> None:
    profile = extract_profile([cv("Ada Quill\nHONORS\n2019 入选国家千人计划青年项目\nEMPLOYMENT\n2015-2018 讲师, 哈尔滨工业大学\n")], GAZ)
    assert [p.name for p in profile.talent_programs] == ["千人计划"]
    assert [a.organisation for a in profile.affiliations] == ["哈尔滨工业大学"]


def test_model_is_loaded_once_per_gazetteer() -> None:
    nlp = pipeline(GAZ)
    assert pipeline(list(GAZ)) is nlp
    assert "entity_ruler" in nlp.pipe_names and "parser" not in nlp.pipe_names and "tagger" not in nlp.pipe_names


def test_facts_across_pages_keep_their_page() -> None:
    text = "Ada Quill\nEMPLOYMENT\n2010-2012 Lecturer, University of Example\f2012-2015 Reader, Example Institute of Technology\n"
    profile = extract_profile([cv(text)], GAZ)
    assert [(a.organisation, a.evidence[0].page) for a in profile.affiliations] == [
        ("University of Example", 1), ("Example Institute of Technology", 2)]


def test_table_rows_read_as_one_line_split_role_from_organisation() -> None:
    # pdfium joins the cells of a table row with single spaces: no commas between role and organisation
    text = ("Ada Quill\nEmployment\n2016–2019 Associate Professor Tsinghua University, Beijing, China\n"
            "Sep 2019 - present Professor University of Example, Springfield, USA\n")
    got = [(a.organisation, a.role, a.country) for a in extract_profile([cv(text)], GAZ).affiliations]
    assert got == [("Tsinghua University", "Associate Professor", "CN"), ("University of Example", "Professor", "US")]


def test_hong_kong_and_macau_addresses_name_their_region() -> None:
    from intake.countries import last_country

    assert last_country("Dept Phys, Univ Hong Kong, Hong Kong, Peoples R China") == "HK"
    assert last_country("Univ Macau, Taipa, Macau, Peoples R China") == "MO"
    assert last_country("Tsinghua Univ, Beijing, Peoples R China") == "CN"


def test_a_cv_whose_posts_and_name_could_not_be_read_says_so() -> None:
    # twenty lines of prose with no heading, date or post the reader can use, and no name on top
    prose = "\n".join(f"our group studies fluid flows and their control in setting number {i}." for i in range(20))
    gazetteer = [("ORG", "Tsinghua University")]
    profile = extract_profile([cv_document(prose, name="cv.pdf")], gazetteer)
    assert not profile.affiliations and not profile.person.name
    assert any("cv.pdf: no appointment or degree could be read" in w for w in profile.warnings)
    assert any("no person's name could be read" in w for w in profile.warnings)
    # ... while a CV that is read says nothing of the kind
    read = extract_profile([cv_document("Marta Quillfeather\nEMPLOYMENT\n2019-present Professor, Tsinghua University\n"
                                        + prose, name="ok.pdf")], gazetteer)
    assert read.affiliations and not any("could be read" in w for w in read.warnings)
