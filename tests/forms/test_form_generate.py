"""intake/forms/generate.py: the blank, filled and scanned PDFs are what a reader meets in practice."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from intake.forms import FORMS
from intake.forms.generate import blank_form, filled_form, sample_values, scanned_form

STANDARD_FONTS = {"/Helvetica", "/Helvetica-Bold", "/Courier", "/Courier-Oblique", "/ZapfDingbats", "/Times-Roman"}


def _text(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.mark.parametrize("key", sorted(FORMS))
def test_blank_form_has_one_widget_per_answer_and_prints_every_label(key: str, tmp_path: Path) -> None:
    form = FORMS[key]
    path = blank_form(key, tmp_path / f"{key}.pdf")
    fields = PdfReader(path).get_fields() or {}
    assert sorted(fields) == sorted(form.widget_names)
    for spec in form.fields:
        if spec.kind == "yesno":
            assert fields[f"{spec.name}_yes"]["/FT"] == fields[f"{spec.name}_no"]["/FT"] == "/Btn"
        else:
            assert fields[spec.name]["/FT"] == "/Tx" and not fields[spec.name].get("/V")
    assert fields["description"]["/Ff"] & (1 << 12)  # multiline
    pages = _text(path)
    text = " ".join(" ".join(pages).split())
    assert pages[0].lstrip().startswith(form.title) and "screening form" in text.casefold()
    assert all(spec.label in text for spec in form.fields)
    assert [f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, 1)] == [True] * len(pages)


@pytest.mark.parametrize("key", sorted(FORMS))
def test_only_standard_pdf_fonts(key: str, tmp_path: Path) -> None:
    reader = PdfReader(blank_form(key, tmp_path / "form.pdf"))
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and fonts <= STANDARD_FONTS
    assert not any("/FontFile" in str(obj) for obj in reader.pages[0]["/Resources"]["/Font"].values())


def test_filled_form_ticks_one_box_per_answer_and_asks_viewers_to_draw_values(tmp_path: Path) -> None:
    path = filled_form("visitor", {"full_name": "Ada Quill", "patents": "Yes", "shipments": "No"}, tmp_path / "f.pdf")
    reader = PdfReader(path)
    fields = reader.get_fields() or {}
    assert fields["full_name"]["/V"] == "Ada Quill"
    assert (fields["patents_yes"].get("/V"), fields["patents_no"].get("/V")) == ("/Yes", "/Off")
    assert (fields["shipments_yes"].get("/V"), fields["shipments_no"].get("/V")) == ("/Off", "/Yes")
    assert fields["talent_program_yes"].get("/V") in (None, "/Off")
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"]


def test_filled_form_refuses_fields_the_form_does_not_have(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="passport_number"):
        filled_form("visitor", {"passport_number": "X1"}, tmp_path / "f.pdf")


def test_scanned_form_is_images_only_like_a_scanner_output(tmp_path: Path) -> None:
    path = scanned_form("collaboration", sample_values("collaboration", 7), tmp_path / "scan.pdf", dpi=100)
    reader = PdfReader(path)
    assert not reader.get_fields() and len(reader.pages) == len(_text(blank_form("collaboration", tmp_path / "b.pdf")))
    assert all(not text.strip() for text in _text(path))
    assert all("/Image" in str(page["/Resources"]["/XObject"][name]["/Subtype"])
               for page in reader.pages for name in page["/Resources"]["/XObject"])


def test_sample_values_are_seeded_and_answer_every_question() -> None:
    first, again, other = sample_values("visitor", 3), sample_values("visitor", 3), sample_values("visitor", 4)
    assert first == again != other
    assert set(first) == {f.name for f in FORMS["visitor"].fields}
    assert {first[f.name] for f in FORMS["visitor"].fields if f.kind == "yesno"} <= {"Yes", "No"}


@pytest.mark.parametrize("key", sorted(FORMS))
def test_every_label_fits_on_one_printed_line(key: str) -> None:
    """A wrapped label would reach OCR as two lines and no longer match itself."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from intake.forms.generate import LABEL_FONT, LABEL_SIZE, WIDTH

    assert all(stringWidth(f.label, LABEL_FONT, LABEL_SIZE) <= WIDTH for f in FORMS[key].fields)
