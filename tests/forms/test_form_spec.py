"""intake/forms/spec.py and scoring: the forms' fields as DOMAIN.md section 4 lists them."""

from __future__ import annotations

import re

import pytest

from intake.forms import FORMS, score_form_values
from intake.forms.spec import IDENTITY, OFFICE

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Screening finds answers by these words in the casefolded label (intake/screen/context.py).
QUESTION_WORDS = ("foreign funding", "foreign appointment", "patent", "talent program", "hand-carried",
                  "military end", "emerging", "department of defense", "restricted parties",
                  "sanctioned country", "publications since 2019 with restricted")


def test_two_forms_with_their_printed_titles() -> None:
    assert {key: form.title for key, form in FORMS.items()} == {
        "collaboration": "International Collaboration Screening Form",
        "visitor": "International Visitor Screening Form",
    }


@pytest.mark.parametrize("key", sorted(FORMS))
def test_field_names_are_unique_snake_case_ids(key: str) -> None:
    form = FORMS[key]
    names = [f.name for f in form.fields]
    assert len(names) == len(set(names)) and all(SNAKE.match(n) for n in names)
    assert len(form.widget_names) == len(set(form.widget_names))
    assert {f.kind for f in form.fields} == {"text", "multiline", "date", "country", "yesno"}


@pytest.mark.parametrize("key", sorted(FORMS))
def test_office_questions_carry_the_words_screening_looks_for(key: str) -> None:
    questions = [f.label.casefold() for f in FORMS[key].fields if f.section == OFFICE]
    assert all(f.kind == "yesno" for f in FORMS[key].fields if f.section == OFFICE)
    for word in QUESTION_WORDS:
        assert any(word in q for q in questions), word


@pytest.mark.parametrize("key", sorted(FORMS))
def test_domain_fields_are_asked(key: str) -> None:
    names = {f.name for f in FORMS[key].fields}
    assert {"full_name", "other_names", "email", "date_of_birth", "citizenship", "birth_country",
            "residence_country", "home_institution", "department", "position", "institution_city",
            "institution_country", "sponsor_institution", "foreign_owned_employer", "start_date", "end_date",
            "host_name", "host_department", "purpose", "description", "related_award", "unsolicited",
            "worked_before", "labs", "computing_access", "controlled_access", "funded_by", "compensation",
            "shipment_items"} <= names


def test_collaboration_asks_about_partners_and_the_visit_form_does_not() -> None:
    extra = {"partner_names", "all_participants_known", "expected_outputs"}
    assert extra <= {f.name for f in FORMS["collaboration"].fields}
    assert not extra & {f.name for f in FORMS["visitor"].fields}
    assert "visit" in FORMS["visitor"].field("unsolicited").label
    assert "collaboration" in FORMS["collaboration"].field("unsolicited").label


def test_identity_is_the_same_on_both_forms() -> None:
    identity = [[f for f in form.fields if f.section == IDENTITY] for form in FORMS.values()]
    assert identity[0] == identity[1] and len(identity[0]) == 7


@pytest.mark.parametrize(
    ("truth", "read", "expected"),
    [
        ({"a": "Ada Quill", "b": "Yes"}, {"a": "Ada  Quill", "b": "Yes"}, (2, 0, 0)),  # spacing is layout
        ({"a": "Ada Quill", "b": "Yes"}, {"a": "Ada Quil", "b": "Yes"}, (1, 1, 1)),  # wrong = fp and fn
        ({"a": "Ada Quill", "b": ""}, {"a": "Ada Quill", "b": " "}, (1, 0, 0)),  # blank is absent
        ({"a": "Ada Quill"}, {}, (0, 0, 1)),
        ({}, {"c": "No"}, (0, 1, 0)),
    ],
)
def test_score_form_values(truth: dict[str, str], read: dict[str, str], expected: tuple[int, int, int]) -> None:
    assert score_form_values(truth, read) == expected
