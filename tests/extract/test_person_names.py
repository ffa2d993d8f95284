"""A person's name as printed in the Latin letters of any language: capitals beyond ASCII, letters
with combining marks, the small particles of family names. People are fictional."""

from __future__ import annotations

import pytest
from extract_factory import REAL_LAYOUTS as CORPUS

from intake.documents import ReadLimits, read_document
from intake.extract import extract_profile
from intake.extract.cv import _name_from, readable_name
from intake.person_names import reads_as_name


@pytest.mark.parametrize("name", [
    "Sayuri Ōkubo", "Łukasz Wróbel", "Søren Ørsted", "Çağla Öztürk",  # capitals beyond ASCII
    "Oluwaseun Adébáyọ̀", "Adaeze Nwọ́sụ̀-Okafor", "Trần Thị Bích Ngọc",  # combining marks, stacked ones
    "Jan-Willem ter Horst", "Marek van der Wal", "Ahmed bin Hamdan", "Juan García y López",  # particles
    "Leila al-Amin", "Jean d'Arcy", "Mary O'Neil",  # a particle or a letter joined to the name
])
def test_names_of_many_languages_read_as_names(name: str) -> None:
    assert reads_as_name(name)
    assert _name_from(name) == name


@pytest.mark.parametrize("text", [
    "Research interests", "van Gogh", "Marek van", "Senior Lecturer in Chemistry", "2019 – 2021 Lecturer",
    "Adaeze_Nwosu", "Jan- Horst",
])
def test_lines_that_are_no_name(text: str) -> None:
    assert not reads_as_name(text)


@pytest.mark.parametrize(("line", "name"), [
    ("Dr. Sayuri Ōkubo", "Sayuri Ōkubo"),
    ("Marek van der Wal, PhD", "Marek van der Wal"),
    ("NAME: van der Wal, Marek", "Marek van der Wal"),  # family name first, after its label
    ("Name: Nwọ́sụ̀-Okafor, Adaeze", "Adaeze Nwọ́sụ̀-Okafor"),
])
def test_a_name_after_a_title_or_label(line: str, name: str) -> None:
    assert _name_from(line) == name


def test_a_name_in_capitals_keeps_its_particles_small_and_its_accents_on_their_letters() -> None:
    assert readable_name("MAREK VAN DER WAL") == "Marek van der Wal"
    # the marks do not cut the word: 'Nwọ́sụ̀', not 'Nwọ́Sụ̀'
    assert readable_name("ADAEZE NWỌ́SỤ̀-OKAFOR") == "Adaeze Nwọ́sụ̀-Okafor"
    assert readable_name("Adaeze NWỌ́SỤ̀-OKAFOR") == "Adaeze Nwọ́sụ̀-Okafor"


def test_typst_redraws_no_accent_into_the_name() -> None:
    # Typst maps each glyph of 'ọ́' to the cluster's text, and pdfium breaks the line at the acute
    # drawn above it: 'Nwọ́ọ́' / 'sụ̀-Okafor' until the repeated glyph is dropped
    cv = read_document(CORPUS / "typst_banner" / "p19.pdf", ReadLimits())
    assert cv.pages[0].text.splitlines()[0] == "Adaeze Nwọ́sụ̀-Okafor"
    assert extract_profile([cv], []).person.name == "Adaeze Nwọ́sụ̀-Okafor"


def test_a_name_with_a_particle_is_the_cvs_name() -> None:
    cv = read_document(CORPUS / "typst_banner" / "p21.pdf", ReadLimits())
    assert extract_profile([cv], []).person.name == "Jan-Willem ter Horst"


def test_a_name_wrapped_at_a_hyphen_after_an_accent_is_one_name() -> None:
    # JSON Resume 'autumn' sets the name large beside the contacts: 'Adaeze Nwọ́sụ̀-' over 'Okafor',
    # the hyphen after a combining grave accent
    cv = read_document(CORPUS / "jsonresume_autumn" / "p19.pdf", ReadLimits())
    assert extract_profile([cv], []).person.name == "Adaeze Nwọ́sụ̀-Okafor"
