"""The two screening forms rsi ships, as data: every field's id, printed label, kind and section.

Fields follow DOMAIN.md section 4 (International Collaboration Screening, International Visitor
Screening). Sections both forms ask are built once by the functions below and worded for the
person screened ("collaborator" or "visitor"). Labels are part of the contract with screening:
the rules find each Yes/No answer by a pattern on its label (FORM_TOPICS in
intake/screen/context.py), so the office's questions keep their keywords ("foreign funding",
"foreign appointment", "patent", "talent program", "hand-carried", "military end use",
"Department of Defense", "restricted parties", "sanctioned country", "export-controlled"); the
forms test checks that each topic finds exactly its own question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "multiline", "date", "country", "yesno"]

REQUESTER = "Requester"
IDENTITY = "Identity"
AFFILIATION = "Affiliation"
DETAILS = "{noun} details"
ACCESS = "Access"
FUNDING = "Funding and compensation"
SHIPMENTS = "Export-controlled items and shipments"
OFFICE = "Research security questions"
INSTRUCTIONS = (  # printed under the title; the scanned-form reader skips these lines
    "Complete every field in English. Answer each question by marking Yes or No.",
    "Attach a current CV. The research security office reviews this form before any invitation.",
)


@dataclass(frozen=True)
class FieldSpec:
    """One form field: `name` is the AcroForm id, `label` the printed question."""

    name: str
    label: str
    kind: FieldKind
    section: str


@dataclass(frozen=True)
class FormSpec:
    """One form: its key ("collaboration" | "visitor"), printed title and fields in print order."""

    key: str
    title: str
    fields: tuple[FieldSpec, ...]

    @property
    def sections(self) -> list[str]:
        """Section headings in print order."""
        return list(dict.fromkeys(f.section for f in self.fields))

    @property
    def file_name(self) -> str:
        """The PDF's file name: its title in lower case with dashes."""
        return "-".join(self.title.lower().split()) + ".pdf"

    @property
    def widget_names(self) -> list[str]:
        """The AcroForm field names: one per text field, `<name>_yes` and `<name>_no` per question."""
        return [w for f in self.fields for w in yes_no_boxes(f.name, f.kind)]

    def field(self, name: str) -> FieldSpec:
        """The field called `name` (KeyError when the form has none)."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


def yes_no_boxes(name: str, kind: FieldKind) -> tuple[str, ...]:
    """A question's two checkbox names (a text field's own name).

    Two checkboxes, not a radio group: an unticked radio group reads as "No" (pdf_reader maps the
    Off state to "No"), so an unanswered question would pass for a denial.
    """
    return (f"{name}_yes", f"{name}_no") if kind == "yesno" else (name,)


def _section(section: str, rows: list[tuple[str, str, FieldKind]]) -> list[FieldSpec]:
    return [FieldSpec(name, label, kind, section) for name, label, kind in rows]


def _requester() -> list[FieldSpec]:
    # Who asks for the screening (a host, a department administrator): the letter goes to them.
    return _section(REQUESTER, [
        ("requester_name", "Requester name (person asking for this screening)", "text"),
        ("requester_email", "Requester email address (the decision letter is sent here)", "text"),
        ("requester_department", "Requester department or unit", "text"),
    ])


def _identity() -> list[FieldSpec]:
    return _section(IDENTITY, [
        ("full_name", "Full name", "text"),
        ("other_names", "Other names or transliterations (separate with ;)", "text"),
        ("email", "Email address", "text"),
        ("date_of_birth", "Date of birth (YYYY-MM-DD)", "date"),
        ("citizenship", "Country of citizenship", "country"),
        ("birth_country", "Country of birth", "country"),
        ("residence_country", "Country of residence", "country"),
    ])


def _affiliation(who: str) -> list[FieldSpec]:
    return _section(AFFILIATION, [
        ("home_institution", "Home institution or employer", "text"),
        ("department", "Department", "text"),
        ("position", "Title or position", "text"),
        ("institution_city", "Institution city", "text"),
        ("institution_country", "Institution country", "country"),
        ("sponsor_institution", "Sponsoring institution or agency", "text"),
        ("foreign_owned_employer", f"Is the {who} employed by a foreign-owned company or subsidiary?", "yesno"),
    ])


def _details(noun: str, who: str, purposes: str) -> list[FieldSpec]:
    return _section(DETAILS.format(noun=noun.capitalize()), [
        ("start_date", f"{noun.capitalize()} start date (YYYY-MM-DD)", "date"),
        ("end_date", f"{noun.capitalize()} end date (YYYY-MM-DD)", "date"),
        ("host_name", "Host faculty member", "text"),
        ("host_email", "Host faculty member's email address", "text"),
        ("host_department", "Host department", "text"),
        ("purpose", f"Purpose of the {noun} ({purposes})", "text"),
        ("description", "Full description of the work and project goals", "multiline"),
        ("related_award", "Related sponsored award or sponsor", "text"),
        ("unsolicited", f"Was the {noun} unsolicited?", "yesno"),
        ("worked_before", f"Has the host worked with the {who} before?", "yesno"),
    ])


def _collaboration_extras() -> list[FieldSpec]:
    return _section(DETAILS.format(noun="Collaboration"), [
        ("partner_names", "Partner institutions and collaborator names", "multiline"),
        ("all_participants_known", "Are all participants known, including indirect co-authors?", "yesno"),
        ("expected_outputs", "Expected outputs (publications, proposals, data)", "text"),
    ])


def _access(who: str) -> list[FieldSpec]:
    return _section(ACCESS, [
        ("labs", "Laboratories or research facilities to be accessed", "text"),
        ("computing_access", f"Will the {who} need a university NetID, email or computing account?", "yesno"),
        ("controlled_access", f"Will the {who} have access to export-controlled items, technology or data?", "yesno"),
    ])


def _funding() -> list[FieldSpec]:
    return _section(FUNDING, [
        ("funded_by", "Who pays for travel and living costs?", "text"),
        ("compensation", "Honorarium, salary or expense reimbursement offered", "text"),
    ])


def _shipments() -> list[FieldSpec]:
    return _section(SHIPMENTS, [
        ("shipment_items", "Equipment, materials or data to be sent abroad (describe)", "multiline"),
    ])


def _office(who: str, noun: str) -> list[FieldSpec]:
    # Order matters: screening takes the first answer whose label holds a topic keyword, so each
    # topic's own question comes before any later one that mentions it in passing
    # ("military end-use institution" after "potential military end use").
    questions = [
        ("foreign_funding", f"Does the {who} receive foreign funding or other support from a foreign source?"),
        ("foreign_appointment",
         f"Besides the home institution, does the {who} hold a foreign appointment, paid or unpaid?"),
        ("patents", f"Does the {who} hold or have pending any patent or patent application?"),
        ("talent_program", f"Has the {who} taken part in a foreign talent program?"),
        ("shipments", "Will any items or data be shipped or hand-carried abroad?"),
        ("military_end_use", f"Does the {noun} topic have potential military end use?"),
        ("emerging_tech", f"Does the {noun} involve emerging technologies?"),
        ("dod_funded", "Is the work funded by the US Department of Defense?"),
        ("restricted_party", f"Is the {who} or the current employer on a list of restricted parties?"),
        ("sanctioned_country", f"Is the {who} a citizen or resident of a sanctioned country?"),
        ("military_institution", f"Does the {who} work at a high-risk military end-use institution?"),
        ("restricted_publications", "Any publications since 2019 with restricted parties or military end users?"),
    ]
    return [FieldSpec(name, label, "yesno", OFFICE) for name, label in questions]


def _collaboration() -> FormSpec:
    who, noun = "collaborator", "collaboration"
    fields = [
        *_requester(), *_identity(), *_affiliation(who),
        *_details(noun, who, "publication, patent, proposal, data exchange"), *_collaboration_extras(),
        *_access(who), *_funding(), *_shipments(), *_office(who, noun),
    ]
    return FormSpec("collaboration", "International Collaboration Screening Form", tuple(fields))


def _visitor() -> FormSpec:
    who, noun = "visitor", "visit"
    fields = [
        *_requester(), *_identity(), *_affiliation(who),
        *_details(noun, who, "visiting scholar, internship, teaching, lecture, lab tour, conference"),
        *_access(who), *_funding(), *_shipments(), *_office(who, noun),
    ]
    return FormSpec("visitor", "International Visitor Screening Form", tuple(fields))


FORMS: dict[str, FormSpec] = {spec.key: spec for spec in (_collaboration(), _visitor())}
