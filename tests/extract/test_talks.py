"""A talk's country however the CV writes its place (intake/extract/talks.py), and no talk dropped silently.

Entries are written the ways CVs write invited talks: title, host, city, country and date; a date
first and the city in brackets; 'Seminar at X'; table rows; bullets; a title line over a host line;
US places by city and state. The people are fictional, the institutions real.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from extract_factory import cv_document

from intake import places
from intake.documents import ReadLimits, read_document
from intake.extract import extract_profile
from intake.extract.talks import talk_country, talk_parts, talk_text

GAZ = [("FUNDER", "National Science Foundation")]


@pytest.mark.parametrize(("entry", "country"), [
    # the country written last wins over the places before it, and a quoted title is no place
    ('"Lessons from China", ETH Zurich, Zurich, Switzerland, March 2023', "CH"),
    ("Mar 2023 — Kyoto University (Kyoto)", "JP"),
    ("Seminar at Kyoto University, 2022", "JP"),
    ("Keynote, EPFL, Lausanne, Switzerland, 2019", "CH"),
    ("2019 | Invited talk | Peking University | Beijing", "CN"),
    ("KAIST, Daejeon, April 2023", "KR"),
    ("Research visit, Stanford University, Stanford, U.S.A. (honorarium), Feb 2021", "US"),
    ("Seminar, Kyoto University, Kyoto/Japan, 2021", "JP"),
    ("Talk at Weizmann Institute of Science, Rehovot, 2021", "IL"),
    ("Seminar, Max Planck Institute of Quantum Optics, Garching, June 2022", "DE"),
    # a US state after a city of that state is the US, not Georgia the country or Canada
    ("Colloquium, Georgia Institute of Technology, Atlanta, Georgia, 2021", "US"),
    ("Colloquium, Tbilisi State University, Tbilisi, Georgia, 2021", "GE"),
    ("Seminar, University of Georgia, Athens, GA, 2020", "US"),
    ("Seminar, UC Berkeley, Berkeley, CA, 2020", "US"),
    ("Seminar, Amherst College, Amherst, MA, 2020", "US"),
    ("Talk, Mohammed V University, Rabat, MA, 2020", "MA"),  # a city abroad before the code: Morocco
    ("Seminar, Harvard University, Cambridge, MA, 2021", "US"),
    ("Department seminar, University of New Mexico, 2021", "US"),
    # ... and likewise a province or state after its city elsewhere
    ("Seminar, Caltech, Pasadena, Calif., 2020", "US"),
    ("Seminar, University of Waterloo, Waterloo, ON, 2020", "CA"),
    ("Colloquium, University of Western Australia, Perth, WA, 2019", "AU"),
    ("Colloquium, University of Washington, Seattle, WA, 2019", "US"),
    # the host's own name says where it is
    ("Wageningen University, 2022", "NL"),
    ("Physics colloquium, University of Cape Town, 2022", "ZA"),
    ("Seminar, University of Queensland, 2021", "AU"),
    ("Seminar, Chinese Academy of Sciences, 2020", "CN"),
    ("Seminar, Georgia Tech, 2020", "US"),
    # a venue that names its place; one that does not tells nothing
    ("ICML 2023, Honolulu", "US"),
    ("Workshop on Arithmetic Geometry, Oberwolfach, 2019", "DE"),  # a venue too small for the gazetteer
    ("Seminar, Los Alamos National Laboratory, Los Alamos, 2018", "US"),  # not Los Álamos in Chile
    ("NeurIPS 2022 New Orleans", "US"),
    ("NeurIPS 2022", None),
    ("Invited talk: Deep Learning for Mobile, 2022", None),  # a title's last word is no venue's city
    # a city several countries share tells nothing alone
    ("Seminar, Victoria University, 2021", None),
    ("Seminar, Anglia Ruskin University, Cambridge, 2021", None),
])
def test_a_talks_country_from_its_places(entry: str, country: str | None) -> None:
    assert talk_country(entry) == country


@pytest.mark.parametrize(("entry", "host", "country"), [
    ("Seminar, Max Planck Institute of Quantum Optics, 2022", "Max Planck Institute of Quantum Optics", "DE"),
    ("Colloquium, Technion, 2021", "Technion", "IL"),
    ("Colloquium, Technion, Haifa, 2021", "Technion", "IL"),
    ("Keynote, CERN, Meyrin, France, 2019", "CERN", "FR"),  # the place written wins over the body's country
])
def test_a_research_body_the_extractor_knows_by_name_gives_its_country(entry: str, host: str, country: str) -> None:
    assert talk_country(entry, host) == country


def test_a_special_administrative_region_before_china_is_the_answer() -> None:
    assert talk_country("Workshop, University of Macau, Taipa, Macau SAR, China, 2019") == "MO"
    assert talk_country("Seminar, HKUST, Kowloon, Hong Kong, China, 2019") == "HK"


def test_a_listed_host_gives_the_lists_country() -> None:
    hosts = places.name_countries([("Beihang University", "CN"), ("BUAA", "CN")])
    assert talk_country("Invited seminar, Beihang University, May 2021", "Beihang University", hosts) == "CN"
    assert talk_country("Invited seminar, Beihang University, May 2021", "Beihang University") is None
    # a place written in the entry still wins over the host's listed country
    assert talk_country("Workshop of Beihang University, Lausanne, 2021", "Beihang University", hosts) == "CH"


CV = """Marisol Quenneville-Arce
m.quenneville@example.org

Employment
2019-present  Associate Professor, Department of Physics, University of Michigan, Ann Arbor, MI, USA

Invited Talks
"Spin textures in thin films", University of Tokyo, Tokyo, Japan, March 2023
November 2022 — Kyoto University (Kyoto)
Seminar at Lausanne, EPFL, June 2022
Colloquium, Georgia Institute of Technology, Atlanta, Georgia, October 2021
Colloquium, Tbilisi State University, Tbilisi, Georgia, May 2021
Physics seminar, University of California, Berkeley, Berkeley, CA, February 2021
NeurIPS 2020

Seminars
• Keynote, Wageningen University, September 2019
• Condensed matter seminar, Tsinghua University, Beijing, April 2019
• Visiting seminar, Beihang University, March 2019

Presentations
2018     Invited talk        University of Toronto          Toronto
2017     Plenary lecture     Universidad de Chile           Santiago
2016     Seminar             Politecnico di Milano          Milan

Invited Lectures
Ultrafast optics in practice
    Peking University, Beijing                                     May 2015
Attosecond pulses
    Weizmann Institute of Science, Rehovot                         Jan 2014

Conference Presentations
- Invited talk. University of Cape Town. Cape Town. 2013.
- Contributed talk. Ruhr University Bochum. 2012.
- Poster. APS March Meeting, Las Vegas, NV. 2011.
"""
WANT = ["JP", "JP", "CH", "US", "GE", "US", None, "NL", "CN", "CN", "CA", "CL", "IT", "CN", "IL", "ZA", "DE", "US"]


@pytest.fixture(scope="module")
def profile():
    hosts = places.name_countries([("Beihang University", "CN")])
    return extract_profile([cv_document(CV)], GAZ + [("ORG", "Beihang University")], host_countries=hosts)


def test_every_talk_style_gives_its_country(profile) -> None:
    assert Counter(t.country for t in profile.travel) == Counter(WANT)
    assert [t.when.start.year for t in profile.travel] == [2023, 2022, 2022, 2021, 2021, 2021, 2020, 2019, 2019,
                                                          2019, 2018, 2017, 2016, 2015, 2014, 2013, 2012, 2011]


def test_a_talk_whose_country_is_unknown_is_kept_and_warned_about(profile) -> None:
    [unknown] = [t for t in profile.travel if t.country is None]
    assert unknown.evidence[0].quote == "NeurIPS 2020"
    [warning] = [w for w in profile.warnings if "talk" in w]
    assert "NeurIPS 2020" in warning and "country is not known" in warning


def test_the_employment_line_keeps_its_country(profile) -> None:
    assert [(a.organisation, a.country) for a in profile.affiliations] == [("University of Michigan", "US")]


def test_talks_in_a_word_table_get_their_countries(tmp_path: Path) -> None:
    from pdf_factory import docx_file

    path = docx_file(tmp_path / "cv.docx", ["Tomasz Ekwueme-Lindahl", "tomasz.el@example.org", "Invited Talks"], table=[
        ["2023", "Seminar", "University of Toronto", "Toronto"],
        ["2022", "Keynote", "Sharif University of Technology", "Tehran"],
        ["2021", "Colloquium", "Emory University", "Atlanta, Georgia"],
    ])
    profile = extract_profile([read_document(path, ReadLimits())], GAZ)
    assert [t.country for t in profile.travel] == ["CA", "IR", "US"]


LINED = """Ilse Marchetti-Owusu
ilse.mo@example.org

Invited Talks
Spin textures in thin films
University of Tokyo
March 2023    Tokyo, Japan
Quantum dots in cavities
Kyoto University
Nov 2022    Kyoto
Topological magnons
Tbilisi State University
May 2021    Tbilisi, Georgia

Selected Talks
2020  Magnon transport. Technion, Haifa
2019  Skyrmion lattices. Georgia Tech, Atlanta, GA
"""


def test_a_talk_on_several_lines_names_its_host_not_its_title() -> None:
    profile = extract_profile([cv_document(LINED)], GAZ)
    assert [(t.host, t.country) for t in profile.travel] == [
        ("University of Tokyo", "JP"), ("Kyoto University", "JP"), ("Tbilisi State University", "GE"),
        ("Technion", "IL"), ("Georgia Tech", "US"),
    ]


GROUPED = """Hamid Oyelaran-Strand
hamid.os@example.org

Invited Talks
2023
Kyoto University, Kyoto, Japan
ETH Zurich, Zurich, Switzerland
2022
Tsinghua University, Beijing, China

Conference Talks
Keynote, ICML, Vienna, Austria, July 2024; Invited talk, NeurIPS, New Orleans, USA, December 2023
"""


def test_an_entry_naming_several_talks_gives_each_its_country_and_date() -> None:
    profile = extract_profile([cv_document(GROUPED)], GAZ)
    assert [(t.host, t.country, t.when.start.year) for t in profile.travel] == [
        ("Kyoto University", "JP", 2023), ("ETH Zurich", "CH", 2023), ("Tsinghua University", "CN", 2022),
        ("ICML", "AT", 2024), ("", "US", 2023),
    ]


@pytest.mark.parametrize("lined", [
    "University of Tokyo, Tokyo ; Mar 2023 ; Tokyo, Japan",  # the host's place and the talk's place
    "Spin textures ; University of Tokyo ; March 2023    Tokyo, Japan",
    "Kyoto University, Kyoto, Japan ; May 2022 ; travel paid by the host",
])
def test_one_talk_over_several_lines_stays_one(lined: str) -> None:
    assert talk_parts(lined) == [lined]


def test_an_icon_before_the_place_is_not_part_of_its_name() -> None:
    # icon fonts (a map pin, a calendar) read as private-use or symbol characters glued to the words
    text = talk_text("Spin textures in thin films\nUniversity of Toronto\n\uf073 Mar 2023 \uf041Toronto")
    assert talk_country(text) == "CA" and "\uf041" not in text
    assert talk_country(talk_text("\U0001F4CD Lausanne")) == "CH"


@pytest.mark.parametrize("heading", ["Projects", "Publications", "Awards", "Volunteer"])
def test_a_talk_filed_where_the_template_has_room_is_a_talk(heading: str) -> None:
    # JSON Resume has no section for talks: themes print them under projects, publications, awards
    text = (f"Wei Fictive\n{heading}\nEfficient inference\nInvited talk at Academia Sinica\nDec 2022\n"
            "Taipei, Taiwan\n\nSparse models\nKeynote, Workshop on Sparse Models\nApr 2023\nDaejeon, South Korea\n")
    profile = extract_profile([cv_document(text)], [])
    assert sorted(t.country for t in profile.travel) == ["KR", "TW"]
    assert not [f for f in profile.funding if "Academia Sinica" in f.funder]
    # ... while a reviewer invited to a journal is no talk
    service = extract_profile([cv_document("Wei Fictive\nService\nInvited reviewer, Nature Physics, 2021\n")], [])
    assert service.travel == []


def test_a_talk_said_after_its_host_under_projects_is_a_talk() -> None:
    # JSON Resume 'eloquent' prints volunteering as 'Projects': host, then 'Invited talk "..."', place
    text = ("Wei Fictive\nProjects\nTsinghua University , Invited talk “Molten salts”, Beijing, China, November 2019\n"
            "Kyushu University , Invited talk “Solar cells”, Fukuoka, Japan, December 2023\n")
    profile = extract_profile([cv_document(text)], [])
    assert sorted(t.country for t in profile.travel) == ["CN", "JP"] and profile.funding == []


def test_a_label_over_each_talk_opens_no_section() -> None:
    # 'INVITED TALK' written over each talk: worded like the section's heading, but a section is
    # headed once; each talk keeps its host, date and place
    text = ("Wei Fictive\nVolunteer\n09/2019 - 09/2019 | Delft University of Technology\nINVITED TALK\n"
            "“Learning-based flight control”, Delft, Netherlands\n04/2021 - 04/2021 | Northwestern Polytechnical "
            "University\nINVITED TALK\n“Autonomy under faults”, Xi'an, China\n")
    profile = extract_profile([cv_document(text)], [])
    assert [(t.country, t.host) for t in profile.travel] == [
        ("NL", "Delft University of Technology"), ("CN", "Northwestern Polytechnical University")]
