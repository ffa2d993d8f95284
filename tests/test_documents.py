"""intake/documents.py: real files generated here, read into Documents or refused with a clear cause."""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from pathlib import Path

import pdf_factory as pf
import pytest

from intake import read_worker
from intake.documents import SUPPORTED_SUFFIXES, ReadLimits, read_document, sha256_file
from intake.errors import ErrorCode, IntakeError
from intake.ocr import render_scale, tesseract_path
from intake.pdf_reader import field_value
from intake.records import DocumentKind
from intake.settings import Settings

# A low memory cap keeps the bomb tests quick and light on this shared machine.
LIMITS = ReadLimits(max_memory_bytes=512 << 20, timeout_s=30)
needs_tesseract = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")


def refused(path: Path, limits: ReadLimits = LIMITS) -> IntakeError:
    """The IntakeError reading `path` raises (fails the test when it reads)."""
    with pytest.raises(IntakeError) as caught:
        read_document(path, limits)
    assert path.name in caught.value.message, "the message must name the file"
    return caught.value


# ---------------------------------------------------------------- PDFs that read


def test_text_pdf_keeps_page_order_numbers_and_hash(tmp_path: Path) -> None:
    pages = [
        "Jane Quill\nCurriculum Vitae",
        "Employment\nUniversity of Nowhere",
        "Publications\nOn fictional things",
    ]
    path = pf.text_pdf(tmp_path / "cv.pdf", pages)
    doc = read_document(path, LIMITS, display_name="Quill CV.pdf")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [p.text.splitlines()[0] for p in doc.pages] == ["Jane Quill", "Employment", "Publications"]
    assert "University of Nowhere" in doc.pages[1].text and "\r" not in doc.text
    assert (doc.media_type, doc.kind, doc.file_name) == ("pdf", DocumentKind.CV, "Quill CV.pdf")
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not doc.ocr_used and doc.warnings == []


def test_given_sha256_is_kept(tmp_path: Path) -> None:
    doc = read_document(pf.text_pdf(tmp_path / "a.pdf", ["x"]), LIMITS, sha256="f" * 64)
    assert doc.sha256 == "f" * 64


def test_filled_acroform_values_and_kind(tmp_path: Path) -> None:
    fields = {
        "full_name": "Jane Quill",
        "home_institution": "University of Nowhere",
        "foreign_appointment": True,
        "talent_program": False,
    }
    doc = read_document(pf.form_pdf(tmp_path / "form.pdf", fields, title="Visitor intake"), LIMITS)
    assert doc.form_fields == {
        "full_name": "Jane Quill",
        "home_institution": "University of Nowhere",
        "foreign_appointment": "Yes",
        "talent_program": "No",
    }
    assert doc.kind == DocumentKind.SCREENING_FORM


def test_title_screening_form_without_fields_is_a_form(tmp_path: Path) -> None:
    doc = read_document(
        pf.text_pdf(
            tmp_path / "f.pdf", ["Name: Jane Quill"], title="International Collaboration Screening Form"
        ),
        LIMITS,
    )
    assert doc.kind == DocumentKind.SCREENING_FORM and doc.form_fields == {}


def test_checkbox_export_values_and_lists() -> None:
    assert field_value({"/FT": "/Btn", "/V": "/Choice2"}) == "Choice2"
    assert field_value({"/FT": "/Btn"}) == "No"
    assert field_value({"/FT": "/Ch", "/V": ["a", "b\x00"]}) == "a; b"
    assert field_value({"/FT": "/Tx"}) == ""


def test_pdf_opening_with_empty_password_is_read(tmp_path: Path) -> None:
    doc = read_document(
        pf.encrypted_pdf(tmp_path / "owner-only.pdf", ["Jane Quill CV"], user_password=""), LIMITS
    )
    assert "Jane Quill CV" in doc.text


def test_pdf_content_is_detected_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(pf.text_pdf_bytes(["Jane Quill"]))
    assert read_document(path, LIMITS).media_type == "pdf"


def test_pdf_without_text_is_other_with_a_warning(tmp_path: Path) -> None:
    doc = read_document(pf.many_pages_pdf(tmp_path / "blank.pdf", 2), LIMITS)
    assert doc.kind == DocumentKind.OTHER and doc.page_count == 2
    assert any("no text" in w for w in doc.warnings)


def test_text_is_cut_at_max_text_chars(tmp_path: Path) -> None:
    path = pf.text_pdf(tmp_path / "long.pdf", ["A" * 80, "B" * 80, "C" * 80])
    doc = read_document(path, ReadLimits(max_text_chars=100, max_memory_bytes=LIMITS.max_memory_bytes))
    assert len(doc.text.replace("\n\f", "")) == 100 and "C" not in doc.text
    assert any("cut off after 100 characters" in w for w in doc.warnings)


# ---------------------------------------------------------------- OCR


@needs_tesseract
def test_scanned_page_is_ocrd_and_flagged(tmp_path: Path) -> None:
    path = pf.image_only_pdf(
        tmp_path / "scan.pdf",
        ["Curriculum Vitae", "Jane Quill", "University of Nowhere"],
        text_pages=["Typed page"],
    )
    doc = read_document(path, LIMITS)
    assert doc.pages[0].ocr_used and not doc.pages[1].ocr_used
    assert "Jane Quill" in doc.pages[0].text and "University of Nowhere" in doc.pages[0].text
    assert doc.pages[1].text.strip() == "Typed page" and doc.kind == DocumentKind.CV


def test_a_bar_ocr_glued_to_a_letter_is_that_letter() -> None:
    # tesseract reads a capital I beside a gap as '|': 'SZ DJ| Technology' is 'SZ DJI Technology'
    from intake.ocr import ocr_fixed

    assert ocr_fixed("SZ DJ| Technology Co., Ltd.\n|nstitute of Physics") == "SZ DJI Technology Co., Ltd.\nInstitute of Physics"
    assert ocr_fixed("Professor | Tsinghua University") == "Professor | Tsinghua University"


def test_ocr_switched_off_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    path = pf.image_only_pdf(tmp_path / "scan.pdf", ["Jane Quill"])
    doc = read_document(path, ReadLimits(ocr_enabled=False, max_memory_bytes=LIMITS.max_memory_bytes))
    assert not doc.ocr_used and doc.pages[0].text == ""
    assert any("page(s) 1 are scanned images" in w and "switched off" in w for w in doc.warnings)


def test_tesseract_missing_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # the worker inherits PATH, and tesseract is not there
    read_worker.shutdown_workers()
    try:
        doc = read_document(pf.image_only_pdf(tmp_path / "scan.pdf", ["Jane Quill"]), LIMITS)
    finally:
        read_worker.shutdown_workers()  # later tests need a worker with the real PATH
    assert any("tesseract is not installed" in w for w in doc.warnings)


def test_render_scale_is_capped_by_max_image_pixels() -> None:
    assert render_scale(612, 792, 10**9) == pytest.approx(300 / 72)
    scale = render_scale(612, 792, 1_000_000)
    assert 612 * 792 * scale * scale == pytest.approx(1_000_000)


@needs_tesseract
def test_huge_scanned_image_is_rendered_within_the_pixel_cap(tmp_path: Path) -> None:
    doc = read_document(pf.image_bomb_pdf(tmp_path / "huge-scan.pdf"), LIMITS)
    assert doc.page_count == 1 and any("OCR found no text" in w for w in doc.warnings)


# ---------------------------------------------------------------- DOCX and text


def test_docx_paragraphs_and_table_rows_in_order(tmp_path: Path) -> None:
    rows = [["2019-2021", "Postdoc", "University of Nowhere"], ["2021-", "Professor", "Example Institute"]]
    path = pf.docx_file(tmp_path / "cv.docx", ["Jane Quill", "Appointments"], table=rows)
    doc = read_document(path, LIMITS)
    assert doc.media_type == "docx" and doc.kind == DocumentKind.CV and doc.page_count == 1
    assert doc.text.splitlines() == [
        "Jane Quill",
        "Appointments",
        "2019-2021 | Postdoc | University of Nowhere",
        "2021- | Professor | Example Institute",
    ]


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        ("Zoë Quill – Curriculum Vitae".encode(), False),
        ("Zoë Quill – Curriculum Vitae".encode("utf-8-sig"), False),
        ("Zoë Quill – Curriculum Vitae".encode("utf-16"), False),
        ("Zoë Quill – Curriculum Vitae".encode("cp1252"), True),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, warned: bool) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(data)
    doc = read_document(path, LIMITS)
    assert doc.text == "Zoë Quill – Curriculum Vitae" and doc.kind == DocumentKind.CV
    assert bool(doc.warnings) == warned


def test_latin1_fallback_and_form_feed_pages(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_bytes("Zoë\x81 Quill\r\nline\fpage two".encode("latin-1"))  # 0x81 is undefined in cp1252
    doc = read_document(path, LIMITS)
    assert [p.text for p in doc.pages] == ["Zoë\x81 Quill\nline", "page two"]
    assert doc.media_type == "txt" and "Latin-1" in doc.warnings[0]


@pytest.mark.parametrize(("suffix", "media_type"), [(".bib", "bibtex"), (".ris", "ris"), (".csv", "csv")])
def test_publication_lists(tmp_path: Path, suffix: str, media_type: str) -> None:
    path = tmp_path / f"pubs{suffix}"
    path.write_text("@article{quill2020, title={On Fictional Things}, year={2020}}\n")
    doc = read_document(path, LIMITS)
    assert (doc.media_type, doc.kind) == (media_type, DocumentKind.PUBLICATION_LIST)
    assert "On Fictional Things" in doc.text


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {".pdf", ".docx", ".txt", ".md", ".bib", ".ris", ".csv"}


def test_sha256_file_reads_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(bytes(range(256)) * 5000)
    assert sha256_file(path, chunk_bytes=1000) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_limits_from_settings() -> None:
    settings = Settings(
        max_pages=7,
        read_timeout_s=3.5,
        ocr_enabled=False,
        ocr_language="eng+deu",
        max_read_memory_bytes=1 << 30,
        _env_file=None,  # type: ignore[call-arg]
    )
    limits = ReadLimits.from_settings(settings)
    assert limits == ReadLimits(
        max_pages=7, timeout_s=3.5, ocr_enabled=False, ocr_language="eng+deu", max_memory_bytes=1 << 30
    )


# ---------------------------------------------------------------- refused inputs


def test_password_protected_pdf(tmp_path: Path) -> None:
    error = refused(pf.encrypted_pdf(tmp_path / "locked.pdf", ["secret"]))
    assert error.code == ErrorCode.ENCRYPTED and "password" in error.message


def test_garbage_after_pdf_header_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    error = refused(path)
    assert error.code == ErrorCode.CORRUPT and "damaged" in error.message


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = pf.text_pdf_bytes(["Jane Quill"] * 3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    error = refused(path)
    assert error.code == ErrorCode.CORRUPT and "cut off" in error.message


@pytest.mark.parametrize("name", ["empty.pdf", "empty.docx", "empty.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).touch()
    error = refused(tmp_path / name)
    assert error.code == ErrorCode.EMPTY and "0 bytes" in error.message


def test_blank_text_file_is_empty(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text(" \n\t\n")
    assert refused(tmp_path / "blank.txt").code == ErrorCode.EMPTY


@pytest.mark.parametrize(
    ("content", "described"),
    [
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "web page"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
    ],
)
def test_not_a_pdf_named_pdf(tmp_path: Path, content: bytes, described: str) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(content)
    error = refused(path)
    assert error.code == ErrorCode.NOT_A_PDF and described in error.message


def test_thousands_of_pages_refused_before_reading(tmp_path: Path) -> None:
    error = refused(
        pf.many_pages_pdf(tmp_path / "long.pdf", 5000),
        ReadLimits(max_pages=100, max_memory_bytes=LIMITS.max_memory_bytes),
    )
    assert (
        error.code == ErrorCode.TOO_MANY_PAGES and "5,000 pages" in error.message and "100" in error.message
    )


def test_content_stream_decompression_bomb(tmp_path: Path) -> None:
    path = pf.content_bomb_pdf(tmp_path / "bomb.pdf", inflated_bytes=2 << 30)
    assert path.stat().st_size < 5 << 20  # small on disk, 2 GiB when inflated
    error = refused(path)
    assert error.code == ErrorCode.DECOMPRESSION_BOMB and "0.5 GiB" in error.message
    # The worker that died is replaced: the next document reads normally.
    assert read_document(pf.text_pdf(tmp_path / "ok.pdf", ["Jane Quill"]), LIMITS).kind == DocumentKind.CV


def test_zeros_deflate_inflates_to_the_requested_size() -> None:
    data = zlib.decompress(pf.zeros_deflate(5 << 20))  # also checks the adler32 trailer
    assert len(data) == 5 << 20 and not any(data)


def test_docx_declaring_huge_parts_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as part:
            for _ in range(20):
                part.write(bytes(1 << 20))
    error = refused(path, ReadLimits(max_memory_bytes=16 << 20))  # parts may use half the memory cap
    assert error.code == ErrorCode.DECOMPRESSION_BOMB and "unpacks to 20.0 MB" in error.message


def test_file_over_max_file_bytes(tmp_path: Path) -> None:
    path = pf.text_pdf(tmp_path / "big.pdf", ["Jane Quill"] * 20)
    error = refused(path, ReadLimits(max_file_bytes=1000))
    assert error.code == ErrorCode.TOO_LARGE and "limit" in error.message


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "cv.docx").write_text("just text")
    error = refused(tmp_path / "cv.docx")
    assert error.code == ErrorCode.CORRUPT and "not a Word document" in error.message


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "cv.docx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refused(tmp_path / "cv.docx").code == ErrorCode.UNSUPPORTED


@pytest.mark.parametrize(
    ("extra", "code"),
    [(b"", ErrorCode.UNSUPPORTED), ("EncryptionInfo".encode("utf-16-le"), ErrorCode.ENCRYPTED)],
)
def test_old_or_protected_office_file_named_docx(tmp_path: Path, extra: bytes, code: ErrorCode) -> None:
    (tmp_path / "cv.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + extra + bytes(600))
    assert refused(tmp_path / "cv.docx").code == code


def test_unsupported_type(tmp_path: Path) -> None:
    (tmp_path / "cv.exe").write_bytes(b"MZ\x90\x00" + bytes(100))
    error = refused(tmp_path / "cv.exe")
    assert error.code == ErrorCode.UNSUPPORTED and ".docx" in error.message


def test_binary_data_in_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "pubs.csv").write_bytes(b"a,b\n\x00\x01\x02")
    assert refused(tmp_path / "pubs.csv").code == ErrorCode.UNSUPPORTED


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "gone.pdf").code == ErrorCode.NOT_FOUND
