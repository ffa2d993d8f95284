"""The screening forms as PDFs: blank fillable, filled (as in a PDF viewer), and printed-and-scanned.

One layout (`layout`) places every heading and field; the fillable form puts AcroForm widgets on
it and the "printed" form draws the same boxes with hand-written answers, so a scan's labels sit
exactly where the fillable form's do. Everything is drawn in a single left-aligned column with
each label above its answer: OCR (tesseract) then reads label and answer in order instead of
splitting the page into columns. Only the standard PDF fonts are used.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color, black, transparent
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from intake.forms.spec import FORMS, INSTRUCTIONS, FieldSpec, FormSpec, yes_no_boxes

if TYPE_CHECKING:
    from PIL import Image

PAGE_W, PAGE_H = letter
LEFT, RIGHT = 54.0, PAGE_W - 54.0
TOP, BOTTOM = PAGE_H - 54.0, 60.0
WIDTH = RIGHT - LEFT
BOX_GREY = Color(0.78, 0.78, 0.78)  # light "dropout" lines: OCR drops them, people still see them
INK = Color(0.05, 0.08, 0.35)  # ballpoint blue, dark enough to survive a grey scan
HAND_FONT, HAND_SIZE = "Courier-Oblique", 11.5
LABEL_FONT, LABEL_SIZE = "Helvetica", 10
BOX_H = {"multiline": 46.0}
LINE_BOX_H = 18.0
TICK = 11.0  # side of a Yes/No box
YES_X, NO_X = LEFT + 12, LEFT + 82

Mark = Callable[[Canvas, FieldSpec, "Placed"], None]


@dataclass(frozen=True)
class Placed:
    """Where one heading or field goes: page (0-based), label baseline and answer box."""

    page: int
    label_y: float
    box_y: float = 0.0
    box_h: float = 0.0
    spec: FieldSpec | None = None
    heading: str = ""


def _height(spec: FieldSpec) -> float:
    """Vertical space one field takes: label line, answer box, gap."""
    if spec.kind == "yesno":
        return 14 + TICK + 10
    return 14 + BOX_H.get(spec.kind, LINE_BOX_H) + 9


def layout(form: FormSpec) -> list[Placed]:
    """Place headings and fields top to bottom, starting a page when the next one does not fit."""
    placed: list[Placed] = []
    page, y = 0, TOP - 62  # page 1 starts below the title and instructions
    section = ""
    for spec in form.fields:
        need = _height(spec) + (28 if spec.section != section else 0)
        if y - need < BOTTOM:
            page, y = page + 1, TOP - 22
        if spec.section != section:
            section = spec.section
            placed.append(Placed(page, y - 14, heading=section))
            y -= 28
        box_h = TICK if spec.kind == "yesno" else BOX_H.get(spec.kind, LINE_BOX_H)
        placed.append(Placed(page, y - 10, box_y=y - 14 - box_h, box_h=box_h, spec=spec))
        y -= _height(spec)
    return placed


def _draw_frame(pdf: Canvas, form: FormSpec, page: int, pages: int) -> None:
    """Title (with 'continued' after page 1), instructions on page 1, page number at the foot."""
    if page == 0:
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(LEFT, TOP - 8, form.title)
        pdf.setFont("Helvetica", 9)
        for i, line in enumerate(INSTRUCTIONS):
            pdf.drawString(LEFT, TOP - 28 - 11 * i, line)
    else:
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(LEFT, TOP - 6, f"{form.title} (continued)")
    pdf.setFont("Helvetica", 9)
    pdf.drawCentredString(PAGE_W / 2, 30, f"Page {page + 1} of {pages}")


def _draw_static(pdf: Canvas, item: Placed) -> None:
    """A heading with its rule, or a field's printed label, answer box (and Yes/No words).

    The boxes are page content, not only widget borders: viewers that redraw widgets drop their
    borders, and a printed blank form needs them.
    """
    pdf.setFillColor(black)
    if item.spec is None:
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(LEFT, item.label_y, item.heading)
        pdf.setStrokeColor(black)
        pdf.setLineWidth(0.6)
        pdf.line(LEFT, item.label_y - 4, RIGHT, item.label_y - 4)
        return
    pdf.setFont(LABEL_FONT, LABEL_SIZE)
    pdf.drawString(LEFT, item.label_y, item.spec.label)
    pdf.setStrokeColor(BOX_GREY)
    pdf.setLineWidth(0.8)
    if item.spec.kind != "yesno":
        pdf.rect(LEFT, item.box_y, WIDTH, item.box_h)
        return
    for x, word in ((YES_X, "Yes"), (NO_X, "No")):
        pdf.rect(x, item.box_y, TICK, TICK)
        pdf.drawString(x + TICK + 4, item.box_y + 2, word)


def _render(form: FormSpec, target: io.BytesIO, mark: Mark) -> None:
    """Draw every page: frame, labels, then `mark` for each field's answer area."""
    placed = layout(form)
    pages = placed[-1].page + 1
    pdf = Canvas(target, pagesize=letter)
    pdf.setTitle(form.title)
    pdf.setSubject("rsi screening form: " + form.key)
    for page in range(pages):
        _draw_frame(pdf, form, page, pages)
        for item in (p for p in placed if p.page == page):
            _draw_static(pdf, item)
            if item.spec is not None:
                mark(pdf, item.spec, item)
        pdf.showPage()
    pdf.save()


def _widget(pdf: Canvas, spec: FieldSpec, item: Placed) -> None:
    """The AcroForm widget(s) of one field: a text box, or Yes and No checkboxes."""
    style = {"borderColor": BOX_GREY, "fillColor": transparent, "borderWidth": 0.8, "textColor": black}
    if spec.kind == "yesno":
        for box, x in zip(yes_no_boxes(spec.name, spec.kind), (YES_X, NO_X), strict=True):
            pdf.acroForm.checkbox(name=box, checked=False, x=x, y=item.box_y, size=TICK, buttonStyle="cross",
                                  shape="square", tooltip=spec.label, **style)
        return
    flags = "multiline" if spec.kind == "multiline" else ""
    pdf.acroForm.textfield(name=spec.name, tooltip=spec.label, x=LEFT, y=item.box_y, width=WIDTH,
                           height=item.box_h, fontName="Helvetica", fontSize=10, fieldFlags=flags,
                           maxlen=0, **style)


def blank_form(form_key: str, path: Path) -> Path:
    """Write the fillable PDF of form `form_key` ("collaboration" | "visitor") to `path`."""
    path.write_bytes(blank_form_bytes(form_key))
    return path


def blank_form_bytes(form_key: str) -> bytes:
    """The fillable PDF of form `form_key` (KeyError for another key)."""
    return _blank_bytes(FORMS[form_key])


def _blank_bytes(form: FormSpec) -> bytes:
    buffer = io.BytesIO()
    _render(form, buffer, _widget)
    return buffer.getvalue()


def filled_form(form_key: str, values: dict[str, str], path: Path) -> Path:
    """The blank form with `values` (field name -> text; "Yes"/"No" for questions) filled by pypdf."""
    from pypdf import PdfReader, PdfWriter

    form = FORMS[form_key]
    unknown = sorted(set(values) - {f.name for f in form.fields})
    if unknown:
        raise KeyError(f"not fields of the {form_key} form: {', '.join(unknown)}")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_blank_bytes(form))))
    widgets = _widget_values(form, values)
    for page in writer.pages:
        writer.update_page_form_field_values(page, widgets, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    with path.open("wb") as out:
        writer.write(out)
    return path


def _widget_values(form: FormSpec, values: dict[str, str]) -> dict[str, Any]:
    """Field values -> widget values: text as is, a Yes/No answer ticks its box."""
    from pypdf.generic import NameObject

    widgets: dict[str, Any] = {}
    for spec in form.fields:
        value = values.get(spec.name, "")
        if spec.kind != "yesno":
            if value:
                widgets[spec.name] = value
            continue
        yes, no = yes_no_boxes(spec.name, spec.kind)
        answer = value.strip().casefold()
        widgets[yes] = NameObject("/Yes" if answer == "yes" else "/Off")
        widgets[no] = NameObject("/Yes" if answer == "no" else "/Off")
    return widgets


def _handwriting(values: dict[str, str]) -> Mark:
    """A Mark that writes each value into its box the way a person with a pen would."""

    def mark(pdf: Canvas, spec: FieldSpec, item: Placed) -> None:
        if spec.kind == "yesno":
            _cross(pdf, values.get(spec.name, ""), item)
        else:
            _write(pdf, values.get(spec.name, ""), item)

    return mark


def _cross(pdf: Canvas, answer: str, item: Placed) -> None:
    """An X in the chosen box (a letter X: what a pen stroke pair looks like to OCR)."""
    x = {"yes": YES_X, "no": NO_X}.get(answer.strip().casefold())
    if x is None:
        return
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(x + TICK / 2, item.box_y + 1.2, "X")


def _write(pdf: Canvas, value: str, item: Placed) -> None:
    """The value in the box, wrapped to its width; a long single-line value gets a smaller hand."""
    if not value.strip():
        return
    size = HAND_SIZE
    lines = simpleSplit(" ".join(value.split()), HAND_FONT, size, WIDTH - 8)
    while item.box_h < LINE_BOX_H + 1 and len(lines) > 1 and size > 7:
        size -= 0.5
        lines = simpleSplit(" ".join(value.split()), HAND_FONT, size, WIDTH - 8)
    pdf.setFillColor(INK)
    pdf.setFont(HAND_FONT, size)
    for i, line in enumerate(lines[: max(1, int(item.box_h // (size + 2)))]):
        pdf.drawString(LEFT + 4, item.box_y + item.box_h - size - 2 - i * (size + 2.5), line)


def printed_form(form_key: str, values: dict[str, str]) -> bytes:
    """The form as printed and filled in by hand (vector PDF, before scanning)."""
    buffer = io.BytesIO()
    _render(FORMS[form_key], buffer, _handwriting(values))
    return buffer.getvalue()


def scanned_form(form_key: str, values: dict[str, str], path: Path, dpi: int = 200, seed: int = 0) -> Path:
    """The hand-filled form as a scanner returns it: one greyscale image per page, no text, no fields.

    Each page is slightly rotated and speckled (seeded) so the reader is tested against a scan,
    not against a clean render. The "hand" is a standard font, so characters outside Latin-1
    print as boxes: keep sample values to Latin-1.
    """
    images = list(_scan_pages(printed_form(form_key, values), dpi, random.Random(seed)))
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return path


def _scan_pages(pdf_bytes: bytes, dpi: int, rng: random.Random) -> Iterator[Image.Image]:
    """Each page rendered at `dpi` in grey, as the scanner's sensor sees it, a little askew."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
            yield _speckle(image, rng)
    finally:
        document.close()


def _speckle(image: Image.Image, rng: random.Random) -> Image.Image:
    """Scanner dust: a few hundred small grey dots."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.point((x, y), fill=rng.randrange(90, 200))
    return image


# ---------------------------------------------------------------- sample answers (fictional people)

_FIRST = ("Marta", "Ilse", "Tomasz", "Keiko", "Rafael", "Amara", "Oskar", "Leila", "Dmitri", "Sunita",
          "Jonas", "Priya", "Mateo", "Hana", "Viktor", "Nadia")
_LAST = ("Kowalczyk", "Marrowby", "Tollenby", "Quillfeather", "Okonkwo", "Lindqvist", "Varga", "Haddad",
         "Brennholt", "Castellan", "Ferreira", "Nakamura", "Oyelaran", "Petrovan")
_PLACES = (("Germany", "Heidelberg"), ("China", "Wuhan"), ("Russia", "Novosibirsk"), ("India", "Chennai"),
           ("Brazil", "Campinas"), ("Iran", "Isfahan"), ("Japan", "Sendai"), ("Canada", "Waterloo"),
           ("France", "Grenoble"), ("Poland", "Krakow"), ("South Korea", "Daejeon"), ("Nigeria", "Ibadan"))
_INSTITUTIONS = ("University of {city}", "{city} Institute of Technology", "{city} Polytechnic University",
                 "Institute of Applied Physics, {city}", "{city} Advanced Materials Laboratory")
_SAMPLE_TEXT: dict[str, tuple[str, ...]] = {
    "department": ("Physics", "Chemical Engineering", "Computer Science", "Materials Science", "Mathematics"),
    "position": ("Associate Professor", "Postdoctoral Researcher", "PhD Student", "Senior Engineer", "Lecturer"),
    "sponsor_institution": ("Example Science Council", "Ministry of Education", "Self-funded", "Home university"),
    "requester_name": ("Prof. Ada Wrenfield", "Dr. Colm Estrade", "Jo Pellinger", "Rosa Deverill"),
    "requester_department": ("Electrical Engineering", "Chemistry", "Office of the Dean of Research"),
    "host_name": ("Prof. Ada Wrenfield", "Dr. Colm Estrade", "Prof. Rosa Deverill", "Dr. Ike Halvorsen"),
    "host_department": ("Electrical Engineering", "Chemistry", "Aerospace Engineering", "Biology"),
    "purpose": ("Visiting scholar", "Conference", "Lecture", "Lab tour", "Joint publication", "Proposal"),
    "description": ("Joint measurements of thin-film conductivity and a shared data set for a paper.",
                    "Two seminars on graph algorithms and work on a joint proposal to a national funder.",
                    "Calibration of a battery test bench and analysis of cycling data with the host group."),
    "related_award": ("None", "NSF award 2201234", "DOE grant DE-SC0012345", "Internal seed grant"),
    "partner_names": ("Dr. Lena Sorvik (University of Tampere); Prof. Omar Reyes", "Dr. Wei Lan, Dr. Ana Pires"),
    "expected_outputs": ("Journal article", "Conference paper and shared data set", "Joint proposal"),
    "labs": ("Cleanroom B2", "None", "Battery laboratory, room 114", "Shared computing cluster"),
    "funded_by": ("Home institution", "Host department", "Self-funded", "Visitor's national science council"),
    "compensation": ("None", "Honorarium of 500 USD", "Travel reimbursement only", "Monthly stipend"),
    "shipment_items": ("None", "Two sample wafers hand-carried back", "Laptop with measurement data"),
}


def sample_values(form_key: str, seed: int, *, blank_share: float = 0.1) -> dict[str, str]:
    """Random but plausible answers for a fictional person (Latin-1 only: standard fonts).

    Every Yes/No question is answered; about `blank_share` of the text fields stay blank,
    as on real forms. Used by tests and by the extraction benchmark.
    """
    rng = random.Random(seed)
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    country, city = rng.choice(_PLACES)
    known = {
        "full_name": f"{first} {last}",
        "other_names": f"{first[0]}. {last}",
        "email": f"{first.lower()}.{last.lower()}@example.org",
        "date_of_birth": f"19{rng.randint(60, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "citizenship": country, "birth_country": country, "residence_country": rng.choice(_PLACES)[0],
        "home_institution": rng.choice(_INSTITUTIONS).format(city=city),
        "institution_city": city, "institution_country": country,
        "requester_email": f"{rng.choice(('ada.wrenfield', 'c.estrade', 'jo.pellinger'))}@example.edu",
        "host_email": f"{rng.choice(('wrenfield', 'estrade', 'deverill', 'halvorsen'))}@example.edu",
        "start_date": f"2027-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
        "end_date": f"2027-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}",
    }
    values = {}
    for spec in FORMS[form_key].fields:
        if spec.kind == "yesno":
            values[spec.name] = rng.choice(("Yes", "No"))
        elif spec.name != "full_name" and rng.random() < blank_share:
            values[spec.name] = ""
        else:
            values[spec.name] = known.get(spec.name) or rng.choice(_SAMPLE_TEXT[spec.name])
    return values
