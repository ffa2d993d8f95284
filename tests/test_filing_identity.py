"""A CV and a screening form of one person, dropped separately and without a case id, join one case."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from intake.forms.generate import filled_form, sample_values
from intake.settings import Settings
from workflow.cases.store import AuditEventRow, DocumentRow, Store
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import Accepted, make_context

CV = """Tamsin Oakridge
Associate Professor of Chemistry, University of Toronto
tamsin.oakridge@example.edu | +1 416 555 0100

Academic Positions
2019 - present  Associate Professor, University of Toronto, Toronto, Canada
"""


def _drop(settings: Settings, store: Store, name: str, make) -> Accepted:
    for folder in (settings.inbox, settings.failed_dir, settings.processing_dir):
        folder.mkdir(parents=True, exist_ok=True)
    path = make(settings.inbox / name)
    [outcome] = ingest_entry(path, make_context(settings, store))  # the real reader
    assert isinstance(outcome, Accepted), outcome
    return outcome


def _cv(text: str):
    def make(path: Path) -> Path:
        path.write_text(text, encoding="utf-8")
        return path
    return make


def _form(email: str, seed: int = 3):
    def make(path: Path) -> Path:
        values = {**sample_values("visitor", seed), "email": email, "full_name": "Tamsin Oakridge"}
        return filled_form("visitor", values, path)
    return make


def test_a_form_dropped_after_the_cv_joins_the_persons_case(settings: Settings, store: Store) -> None:
    cv = _drop(settings, store, "cv.txt", _cv(CV))
    form = _drop(settings, store, "form.pdf", _form("Tamsin.Oakridge@example.edu"))
    assert form.case_id == cv.case_id
    with store.session() as s:
        assert len(s.scalars(select(DocumentRow).where(DocumentRow.case_id == cv.case_id)).all()) == 2
        [joined] = s.scalars(select(AuditEventRow).where(AuditEventRow.action == "filed_by_identity")).all()
        assert joined.payload["subject_email"] == "tamsin.oakridge@example.edu"


def test_the_cv_dropped_after_the_form_joins_too(settings: Settings, store: Store) -> None:
    form = _drop(settings, store, "form.pdf", _form("tamsin.oakridge@example.edu"))
    cv = _drop(settings, store, "cv.txt", _cv(CV))
    assert cv.case_id == form.case_id


def test_another_address_or_two_open_cases_of_it_make_a_new_case(settings: Settings, store: Store) -> None:
    cv = _drop(settings, store, "cv.txt", _cv(CV))
    other = _drop(settings, store, "form.pdf", _form("someone.else@example.org"))
    assert other.case_id != cv.case_id
    # while one open case holds the address, another CV stating it joins that case
    second = _drop(settings, store, "cv2.txt", _cv(CV + "\nInvited Talks\n2021 Seminar, Toronto\n"))
    assert second.case_id == cv.case_id
    with store.session() as s:
        from workflow.cases.store import CaseRow

        s.get(CaseRow, other.case_id).details = {"subject_emails": ["tamsin.oakridge@example.edu"]}
        s.commit()
    third = _drop(settings, store, "cv3.txt", _cv(CV + "\nGrants\n2020 NSERC Discovery Grant\n"))
    assert third.case_id not in (cv.case_id, other.case_id)  # two open cases: a new case, not a guess
