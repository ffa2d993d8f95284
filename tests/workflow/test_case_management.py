"""Case management (issue 16): one person's two cases merged, a request withdrawn without a letter,
a file named for a case filed into it even when another case holds the same content."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_helpers import context, fake_pdf
from sqlalchemy import select
from workflow_factory import finding, screening

from intake.errors import NotFound, RsiError, TransitionNotAllowed
from intake.settings import Settings
from workflow.cases import audit, decisions, manage, views
from workflow.cases.store import (
    AuditEventRow,
    CaseRow,
    DecisionRow,
    DocumentLinkRow,
    DocumentRow,
    IntakeJobRow,
    Store,
)
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import Accepted, Duplicate
from workflow.screening.service import apply_screening


def _drop(settings: Settings, name: str, text: str) -> Path:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    return fake_pdf(settings.inbox / name, text)


def _file(settings: Settings, store: Store, name: str, text: str, screened: list[str] | None = None) -> object:
    ctx = context(settings, store, after_filed=(screened.append if screened is not None else None))
    [outcome] = ingest_entry(_drop(settings, name, text), ctx)
    return outcome


def _actions(store: Store, case_id: str) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(AuditEventRow.action).where(AuditEventRow.case_id == case_id)
                              .order_by(AuditEventRow.seq)))


def _state(store: Store, case_id: str) -> str:
    with store.session() as s:
        return s.get(CaseRow, case_id).state


def test_merge_keeps_documents_dispositions_and_trail(settings: Settings, any_store: Store) -> None:
    cv = _file(settings, any_store, "cv.pdf", "Ada Quillfeather CV")
    form = _file(settings, any_store, "form.pdf", "Ada Quillfeather form")
    assert isinstance(cv, Accepted) and isinstance(form, Accepted) and cv.case_id != form.case_id
    apply_screening(any_store, form.case_id, screening(finding("E7", "medium")), settings)
    decisions.dismiss_finding(any_store, form.case_id, finding("E7").key, "alice", "Other institute.")

    done = manage.merge_cases(any_store, form.case_id, cv.case_id, "alice", "Same person: CV and form")

    assert (done.survivor, done.absorbed, done.dispositions) == (cv.case_id, form.case_id, 1)
    assert done.documents == [form.sha256]
    assert _state(any_store, form.case_id) == "merged" and _state(any_store, cv.case_id) == "received"
    with any_store.session() as s:
        owners = dict(s.execute(select(DocumentRow.sha256, DocumentRow.case_id)).all())
        assert owners == {cv.sha256: cv.case_id, form.sha256: cv.case_id}
        assert manage.merged_summary(s, s.get(CaseRow, form.case_id))["merged_into"] == cv.case_id
        assert manage.merged_summary(s, s.get(CaseRow, cv.case_id))["merged_from"] == [form.case_id]
        assert audit.verify(s).ok
    # the absorbed case's trail stays with it and says where it went; the survivor's says what came
    assert _actions(any_store, form.case_id)[-1] == "merge"
    assert _actions(any_store, cv.case_id)[-1] == "case_merged_in"
    history = decisions.history(any_store, form.case_id)
    assert history.events[-1]["payload"]["into"] == cv.case_id
    assert history.screenings  # its screening is still readable where it happened
    # the carried-over dismissal holds on the survivor
    apply_screening(any_store, cv.case_id, screening(finding("E7", "medium")), settings)
    assert views.case_detail(any_store, cv.case_id)["severity"] is None


def test_a_file_named_for_a_merged_case_goes_to_the_survivor(settings: Settings, store: Store) -> None:
    first = _file(settings, store, "cv.pdf", "CV")
    second = _file(settings, store, "form.pdf", "form")
    manage.merge_cases(store, second.case_id, first.case_id, "alice", "Same person")
    later = _file(settings, store, f"{second.case_id} contract.pdf", "contract")
    assert isinstance(later, Accepted) and later.case_id == first.case_id


@pytest.mark.parametrize(("absorbed", "into", "actor", "reason", "error"), [
    ("A", "A", "alice", "x", RsiError),
    ("A", "NOPE", "alice", "x", NotFound),
    ("A", "B", "", "Same person", TransitionNotAllowed),
    ("A", "B", "alice", " ", TransitionNotAllowed),
])
def test_merge_refusals(settings: Settings, store: Store, absorbed: str, into: str, actor: str,
                        reason: str, error: type[Exception]) -> None:
    ids = {"A": _file(settings, store, "a.pdf", "a").case_id, "B": _file(settings, store, "b.pdf", "b").case_id}
    with pytest.raises(error):
        manage.merge_cases(store, ids[absorbed], ids.get(into, "RSI-20250101-0BADCA5E"), actor, reason)
    assert _state(store, ids["A"]) == "received"


def test_nothing_merges_into_or_out_of_a_retired_case(settings: Settings, store: Store) -> None:
    a, b, c = (_file(settings, store, f"{n}.pdf", n).case_id for n in "abc")
    manage.merge_cases(store, a, b, "alice", "Same person")
    with pytest.raises(TransitionNotAllowed):
        manage.merge_cases(store, c, a, "alice", "Same person")  # a is merged
    with pytest.raises(TransitionNotAllowed):
        manage.merge_cases(store, a, c, "alice", "Same person")  # a already ended
    manage.withdraw_case(store, c, "alice", "Visit cancelled")
    with pytest.raises(TransitionNotAllowed):
        manage.merge_cases(store, b, c, "alice", "Same person")


def test_withdraw_records_no_decision_and_so_no_letter(settings: Settings, any_store: Store) -> None:
    case_id = _file(settings, any_store, "cv.pdf", "CV").case_id
    apply_screening(any_store, case_id, screening(finding()), settings)
    done = manage.withdraw_case(any_store, case_id, "alice", "The host cancelled the visit")
    assert (done.from_state, _state(any_store, case_id)) == ("flagged", "withdrawn")
    with any_store.session() as s:
        assert s.scalar(select(DecisionRow.id).where(DecisionRow.case_id == case_id)) is None
        event = s.scalars(select(AuditEventRow).where(AuditEventRow.action == "withdraw")).one()
        assert (event.actor, event.payload["reason"]) == ("alice", "The host cancelled the visit")
    from workflow.letters.service import preview_letter

    with pytest.raises(RsiError):
        preview_letter(any_store, settings, case_id)  # nothing was decided, so there is no letter
    with pytest.raises(TransitionNotAllowed):
        manage.withdraw_case(any_store, case_id, "alice", "again")


def test_a_decided_case_cannot_be_withdrawn(settings: Settings, store: Store) -> None:
    case_id = _file(settings, store, "cv.pdf", "CV").case_id
    apply_screening(store, case_id, screening(finding()), settings)
    decisions.start_review(store, case_id, "alice")
    decisions.decide(store, case_id, "approve", "alice", "Reviewed.")
    with pytest.raises(TransitionNotAllowed):
        manage.withdraw_case(store, case_id, "alice", "duplicate")


def test_a_named_file_seen_in_another_case_is_linked_into_the_named_case(
        settings: Settings, any_store: Store) -> None:
    first = _file(settings, any_store, "form.pdf", "the same form")
    other = _file(settings, any_store, "cv.pdf", "CV")
    screened: list[str] = []
    again = _file(settings, any_store, f"{other.case_id} form.pdf", "the same form", screened)

    assert isinstance(again, Duplicate) and again.linked and again.case_id == other.case_id
    assert screened == [other.case_id]  # the case is screened with the linked document
    with any_store.session() as s:
        link = s.scalars(select(DocumentLinkRow)).one()
        assert (link.case_id, link.document_id, link.file_name) == (other.case_id, first.document_id,
                                                                   f"{other.case_id} form.pdf")
        job = s.scalars(select(IntakeJobRow).where(IntakeJobRow.original_name.like("%form.pdf"))
                        .order_by(IntakeJobRow.id.desc())).first()
        assert (job.status, job.case_id) == ("duplicate", other.case_id)
        assert audit.verify(s).ok
    assert "document_linked" in _actions(any_store, other.case_id)
    detail = views.case_detail(any_store, other.case_id)
    linked = [d for d in detail["documents"] if d.get("linked_from")]
    assert [d["linked_from"] for d in linked] == [first.case_id]  # the case says so
    from workflow.screening.service import _documents

    assert {d.sha256 for d in _documents(any_store, other.case_id)} == {other.sha256, first.sha256}
    # the same file again changes nothing: one link
    _file(settings, any_store, f"{other.case_id} form-copy.pdf", "the same form")
    with any_store.session() as s:
        assert len(s.scalars(select(DocumentLinkRow)).all()) == 1


def test_merging_moves_links_too(settings: Settings, store: Store) -> None:
    first = _file(settings, store, "form.pdf", "the form")
    second = _file(settings, store, "cv.pdf", "CV")
    third = _file(settings, store, "other.pdf", "other")
    _file(settings, store, f"{second.case_id} form.pdf", "the form")  # linked into second
    done = manage.merge_cases(store, second.case_id, third.case_id, "alice", "Same person")
    assert set(done.documents) == {second.sha256, first.sha256}
    with store.session() as s:
        assert sorted(manage.case_document_ids(s, third.case_id)) == sorted(
            [first.document_id, second.document_id, third.document_id])


def test_cases_of_the_same_name_are_offered_for_merging(settings: Settings, store: Store) -> None:
    first = _file(settings, store, "cv.pdf", "CV").case_id
    second = _file(settings, store, "form.pdf", "form").case_id
    third = _file(settings, store, "other.pdf", "other").case_id
    with store.session() as s:
        for case_id, name in ((first, "Ada  Quillfeather"), (second, "ada quillfeather"), (third, "Bo Other")):
            s.get(CaseRow, case_id).subject_name = name
    assert views.case_detail(store, first)["same_person"] == [second]
    assert views.case_detail(store, third)["same_person"] == []
    manage.merge_cases(store, second, first, "alice", "Same person")
    assert views.case_detail(store, first)["same_person"] == []  # merged: no longer a candidate


def test_merged_and_withdrawn_cases_leave_the_screening_queue(settings: Settings, any_store: Store) -> None:
    from workflow.cases import pending

    cv = _file(settings, any_store, "cv.pdf", "Ada Quillfeather CV")
    form = _file(settings, any_store, "form.pdf", "Ada Quillfeather form")
    other = _file(settings, any_store, "other.pdf", "Bo Fictional CV")
    ids = [cv.case_id, form.case_id, other.case_id]
    with any_store.session() as s:  # filed but not screened: each owes a screening
        assert {c: st["status"] for c, st in pending.status_of(s, ids).items()} == dict.fromkeys(ids, "pending")
    apply_screening(any_store, cv.case_id, screening(), settings)
    with any_store.session() as s:
        pending.resolve(s, cv.case_id, pending.current_seq(any_store, cv.case_id), None)
        s.commit()

    manage.merge_cases(any_store, form.case_id, cv.case_id, "alice", "Same person")
    manage.withdraw_case(any_store, other.case_id, "alice", "Visit cancelled")
    with any_store.session() as s:
        status = pending.status_of(s, ids)
    assert form.case_id not in status and other.case_id not in status  # never screened again
    assert status[cv.case_id]["status"] == "pending"  # the survivor now holds the form: screen it again
