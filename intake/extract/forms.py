"""Screening form -> disclosures, the person's identity and current affiliation.

A filled fillable form is read field by field: its field names say which of rsi's forms it is
(intake/forms/spec.py), and each answer is reported under the printed label, because screening
rules look answers up by label keywords. A form that was printed, filled by hand and scanned has
no fields, only OCR text: its labels are found by fuzzy line matching (OCR misreads letters) and
each answer is the text between its label and the next label. What cannot be read is named in
one warning, so a clerk knows which answers to check by eye. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from intake.countries import country_code, last_country
from intake.forms.spec import FORMS, INSTRUCTIONS, OFFICE, FieldSpec, FormSpec, yes_no_boxes
from intake.records import Affiliation, DateRange, Disclosure, Document, Evidence, Person, ScreeningRequest

LABEL_SCORE = 86.0  # a line is a label when this similar to it (OCR drops or swaps a letter or two)
TITLE_SCORE = 85.0
MIN_FIELD_OVERLAP = 0.5  # Jaccard of field names needed to call a fillable form one of ours
_JUNK = " \t|_[]{}!—=~`‘’“”"  # box edges, tick-box remains and specks OCR reads as characters
_END_PUNCT = ".:,;"  # a speck after a country or date reads as punctuation
_PAGE_FOOT_TAIL = re.compile(r"\s+page \S{1,3} of \d+\s*$", re.IGNORECASE)  # the footer OCR joined on
_PAGE_FOOT = re.compile(r"^page \d+ of \d+$", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*[;,]\s*")
_SPLIT_COUNTRIES = re.compile(r"\s*[;,/]\s*")
_YES, _NO = re.compile(r"Y[eo][s5]", re.IGNORECASE), re.compile(r"N[o0]", re.IGNORECASE)  # "XNo", "Noa" happen
_MARK = re.compile(r"[xX×%K]")
_DATE_DASH = re.compile(r"(?<=\d)\s*[=~_–—−]\s*(?=\d)")


@dataclass
class FormReading:
    """What one screening form says: identity, current affiliation, answers, and read problems."""

    person: Person = field(default_factory=Person)
    affiliation: Affiliation | None = None
    disclosures: list[Disclosure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # spec field name -> value read
    form_key: str | None = None
    request: ScreeningRequest | None = None  # who asked, for what (None when not one of our forms)


@dataclass(frozen=True)
class _Answer:
    """One value read, with its label as printed and the page it is on."""

    name: str
    label: str
    value: str
    page: int
    spec: FieldSpec | None


def read_form(doc: Document) -> FormReading:
    """Read a screening form (fillable, or scanned/flattened via its text) into a FormReading."""
    form = identify_form(doc)
    if doc.form_fields:
        answers, warnings = _filled_answers(doc, form)
    elif form is not None:
        answers, warnings = _text_answers(doc, form)
    else:
        return FormReading()
    return _reading(doc, form, answers, warnings)


def identify_form(doc: Document) -> FormSpec | None:
    """Which of rsi's forms this is: by its field names when it has fields, else by its title."""
    if doc.form_fields:
        names = set(doc.form_fields)
        overlap = {key: _jaccard(names, set(spec.widget_names)) for key, spec in FORMS.items()}
        best = max(overlap, key=lambda key: overlap[key])
        return FORMS[best] if overlap[best] >= MIN_FIELD_OVERLAP else None
    first = doc.pages[0].text.splitlines()[:15] if doc.pages else []
    scores = {key: max((fuzz.ratio(_norm(line), _norm(spec.title)) for line in first), default=0.0)
              for key, spec in FORMS.items()}
    best = max(scores, key=lambda key: scores[key])
    return FORMS[best] if scores[best] >= TITLE_SCORE else None


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _norm(text: str) -> str:
    """Text as compared with labels: single spaces, case folded."""
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------- fillable forms


def _filled_answers(doc: Document, form: FormSpec | None) -> tuple[list[_Answer], list[str]]:
    """Every answered field: ours under their printed label, others under their own name."""
    fields = dict(doc.form_fields)
    answers, warnings = [], []
    for spec in form.fields if form else ():
        value = _yes_no(spec, fields) if spec.kind == "yesno" else fields.pop(spec.name, "").strip()
        if value == "both":
            warnings.append(f"form: both Yes and No are ticked for '{spec.label}'; the answer was not used")
        elif value:
            answers.append(_Answer(spec.name, spec.label, value, _label_page(doc, spec.label), spec))
    for name, value in fields.items():
        if value.strip():
            answers.append(_Answer(name, name, value.strip(), _label_page(doc, name), None))
    return answers, warnings


def _yes_no(spec: FieldSpec, fields: dict[str, str]) -> str:
    """A question's answer from its two checkboxes (taken out of `fields`): Yes, No, '' or 'both'."""
    yes, no = (_ticked(fields.pop(box, "")) for box in yes_no_boxes(spec.name, spec.kind))
    return "both" if yes and no else "Yes" if yes else "No" if no else ""


def _ticked(value: str) -> bool:
    """pdf_reader gives an unticked box as 'No' (or 'Off') and a ticked one as its on-state name."""
    return value.strip().casefold() not in {"", "no", "off"}


def _label_page(doc: Document, label: str) -> int:
    """The page printing `label` (widgets sit next to their label), else page 1."""
    wanted = _norm(label)
    for page in doc.pages:
        if wanted in _norm(page.text):
            return page.number
    return 1


# ---------------------------------------------------------------- scanned or flattened forms


@dataclass(frozen=True)
class _Line:
    page: int
    text: str


def _text_answers(doc: Document, form: FormSpec) -> tuple[list[_Answer], list[str]]:
    """Find each label in the page text and read the answer printed or written under it."""
    lines = [_Line(p.number, line.strip()) for p in doc.pages for line in p.text.splitlines() if line.strip()]
    labels = _label_lines(lines, form)
    static = _static_lines(lines, form)
    answers, unread = [], []
    for spec in form.fields:
        at = labels.get(spec.name)
        value = "" if at is None else _value(spec, _answer_lines(lines, at, labels, static))
        if value:
            answers.append(_Answer(spec.name, spec.label, value, lines[at].page, spec))
        else:
            unread.append(spec.label)
    # "; " between labels: the labels have commas of their own.
    where = "scanned form" if doc.ocr_used else "form without fillable fields"
    warnings = [f"{where}: could not read {len(unread)} field{'s' if len(unread) != 1 else ''}: "
                + "; ".join(unread)] if unread else []
    return answers, warnings


def _label_lines(lines: list[_Line], form: FormSpec) -> dict[str, int]:
    """Field name -> index of its label line: each line goes to the label it resembles most.

    Labels are printed in spec order, so a match out of order (a hand-written answer that happens
    to read like a label) is dropped.
    """
    order = {f.name: i for i, f in enumerate(form.fields)}
    found: dict[str, tuple[float, int]] = {}
    for index, line in enumerate(lines):
        text = _norm(line.text)
        score, spec = max(((fuzz.ratio(text, _norm(f.label)), f) for f in form.fields), key=lambda s: s[0])
        if score >= LABEL_SCORE and score > found.get(spec.name, (0.0, -1))[0]:
            found[spec.name] = (score, index)
    result: dict[str, int] = {}
    last = -1
    for name, (_, index) in sorted(found.items(), key=lambda item: order[item[0]]):
        if index > last:
            result[name], last = index, index
    return result


def _static_lines(lines: list[_Line], form: FormSpec) -> set[int]:
    """Indexes of printed lines that are no answer: title, instructions, headings, page numbers."""
    printed = [form.title, f"{form.title} (continued)", *INSTRUCTIONS, *form.sections]
    return {
        i for i, line in enumerate(lines)
        if _PAGE_FOOT.match(line.text) or max(fuzz.ratio(_norm(line.text), _norm(p)) for p in printed) >= TITLE_SCORE
    }


def _answer_lines(lines: list[_Line], at: int, labels: dict[str, int], static: set[int]) -> list[str]:
    """The lines after a label up to the next label or printed line (and not past its page)."""
    stops = set(labels.values()) | static
    out = []
    for index in range(at + 1, len(lines)):
        if index in stops or lines[index].page != lines[at].page:
            break
        out.append(lines[index].text)
    return out


def _value(spec: FieldSpec, answer: list[str]) -> str:
    """The answer as text; for a Yes/No question the box marked, '' when unmarked or both."""
    if spec.kind == "yesno":
        marks = [m for m in (_marked(line) for line in answer) if m]
        return marks[0] if marks else ""
    text = _PAGE_FOOT_TAIL.sub("", " ".join(cleaned for line in answer if (cleaned := line.strip(_JUNK))))
    return text.strip(_JUNK + _END_PUNCT) if spec.kind in {"country", "date"} else text


def _marked(line: str) -> str:
    """'Yes' or 'No' from an OCR line like 'X Yes  No' or '[ ] Yes [X| No' ('' if unclear)."""
    yes = _YES.search(line)
    no = _NO.search(line, yes.end()) if yes else None
    if not yes or not no:
        return ""
    # Only the box just before each word counts: a question OCR'd onto the same line has x's too.
    before_yes, before_no = line[max(0, yes.start() - 6): yes.start()], line[yes.end(): no.start()]
    ticked_yes, ticked_no = bool(_MARK.search(before_yes)), bool(_MARK.search(before_no))
    if ticked_yes == ticked_no:
        return ""
    return "Yes" if ticked_yes else "No"


# ---------------------------------------------------------------- answers -> records


def _reading(doc: Document, form: FormSpec | None, answers: list[_Answer], warnings: list[str]) -> FormReading:
    """Turn the answers into disclosures (Yes/No first), the person and the current affiliation."""
    evidence = {a.name: _evidence(doc, a) for a in answers}
    values = {a.name: a.value for a in answers if a.spec is not None}
    person, person_warnings = _person(values, evidence)
    disclosures = [Disclosure(field=a.label, answer=a.value, evidence=[evidence[a.name]])
                   for a in sorted(answers, key=_disclosure_rank)]
    return FormReading(
        person=person,
        affiliation=_affiliation(values, evidence),
        disclosures=disclosures,
        warnings=warnings + person_warnings,
        values=values,
        form_key=form.key if form else None,
        request=_request(form, values, evidence) if form else None,
    )


def _evidence(doc: Document, answer: _Answer) -> Evidence:
    return Evidence(document_sha256=doc.sha256, page=answer.page, quote=f"{answer.label}: {answer.value}")


def _disclosure_rank(answer: _Answer) -> int:
    """The office's questions, then other Yes/No answers, then the rest (sorted() keeps form order).

    Screening takes the first disclosure whose label names a topic, so the questions asked for
    that purpose must come before free-text answers that mention the same words.
    """
    if answer.spec is not None and answer.spec.kind == "yesno":
        return 0 if answer.spec.section == OFFICE else 1
    return 1 if answer.spec is None and answer.value.casefold() in {"yes", "no"} else 2


def _person(values: dict[str, str], evidence: dict[str, Evidence]) -> tuple[Person, list[str]]:
    """Identity fields -> Person, with countries as ISO codes (unknown country names are warned)."""
    warnings: list[str] = []

    def code(name: str) -> list[str]:
        raw = values.get(name, "")
        whole = country_code(raw)  # "Korea, Republic of" is one country, "Germany; China" two
        if whole:
            return [whole]
        parts = [p for p in _SPLIT_COUNTRIES.split(raw) if p.strip()]
        codes = [c for c in (country_code(p) for p in parts) if c]
        if parts and len(codes) < len(parts):
            warnings.append(f"form: '{raw}' ({name.replace('_', ' ')}) is not a country rsi knows")
        return list(dict.fromkeys(codes))

    identity = ("full_name", "other_names", "email", "citizenship", "birth_country", "residence_country")
    person = Person(
        name=values.get("full_name", ""),
        other_names=[n for n in _SPLIT_NAMES.split(values.get("other_names", "")) if n],
        email=values.get("email") or None,
        citizenships=code("citizenship"),
        residence_country=next(iter(code("residence_country")), None),
        birth_country=next(iter(code("birth_country")), None),
        evidence=[evidence[name] for name in identity if name in evidence],
    )
    return person, warnings


def _affiliation(values: dict[str, str], evidence: dict[str, Evidence]) -> Affiliation | None:
    """The home institution as the person's current position, located by its country or city."""
    organisation = values.get("home_institution", "")
    if not organisation:
        return None
    where = ("home_institution", "department", "position", "institution_city", "institution_country")
    return Affiliation(
        organisation=organisation,
        country=country_code(values.get("institution_country")) or last_country(values.get("institution_city", "")),
        role=values.get("position", ""),
        period=DateRange(current=True, raw="current (screening form)"),
        evidence=[evidence[name] for name in where if name in evidence],
    )


# Form field -> ScreeningRequest field: the request's own names are the case-detail keys.
REQUEST_FIELDS = {
    "requester_name": "requester_name", "requester_email": "requester_email",
    "requester_department": "requester_department", "host_name": "host", "host_email": "host_email",
    "host_department": "department", "start_date": "start", "end_date": "end", "purpose": "purpose",
    "labs": "labs", "related_award": "related_award",
}


def _request(form: FormSpec, values: dict[str, str], evidence: dict[str, Evidence]) -> ScreeningRequest:
    """The request the form makes: its kind is the form filed, the rest its answers as written."""
    given = {ours: " ".join(values[name].split()) for name, ours in REQUEST_FIELDS.items() if values.get(name)}
    for ours in ("requester_email", "host_email"):
        # OCR splits an address ("ada.wrenf ield@..."), and one address has no spaces; two
        # addresses (two '@') stay as written, so validation refuses them and says why.
        if ours in given and given[ours].count("@") == 1:
            given[ours] = "".join(given[ours].split())
    for ours in ("start", "end"):
        if ours in given:  # a scanned hyphen reads as '=' or '~': 2027=03=10
            given[ours] = _DATE_DASH.sub("-", given[ours])
    return ScreeningRequest(kind=form.key, **given,
                            evidence=[evidence[name] for name in REQUEST_FIELDS if name in evidence])
