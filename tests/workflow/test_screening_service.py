"""Screening results applied to cases: routing, re-screening, reopening, rescreen targets."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from types import SimpleNamespace

import pytest
from workflow_factory import case_in, finding, new_case, screening, state_of

import intake.extract
import intake.screen
from intake.records import Profile
from intake.settings import Settings
from workflow.cases import audit
from workflow.cases import decisions
from workflow.screening import service as screening_service
from workflow.screening.service import apply_screening, rescreen, rescreen_targets
from workflow.cases.store import AuditEventRow, CaseRow, DecisionRow, ScreeningRow, Store, utcnow


def test_first_screening_with_findings_flags(any_store: Store, settings: Settings) -> None:
    new_case(any_store)
    out = apply_screening(any_store, "C-0001", screening(finding(severity="medium")), settings)
    assert (out.from_state, out.state, out.highest_severity) == ("received", "flagged", "medium")
    with any_store.session() as s:
        row = s.query(ScreeningRow).one()
        assert row.snapshot_ids == ["csl@0123456789ab"] and len(row.findings_digest) == 64
        first = s.query(AuditEventRow).filter_by(action="screening").one()
        assert first.payload["findings_digest"] == row.findings_digest
        assert first.payload["documents_sha256"]


def test_no_findings_auto_clear(any_store: Store, settings: Settings) -> None:
    auto = settings.model_copy(update={"auto_clear_without_findings": True})
    new_case(any_store)
    assert apply_screening(any_store, "C-0001", screening(), auto).state == "cleared"
    with any_store.session() as s:
        assert s.query(DecisionRow).one().outcome == "cleared"
        assert s.get(CaseRow, "C-0001").decided_at is not None


def test_no_findings_signoff_policy(any_store: Store, settings: Settings) -> None:
    new_case(any_store)
    assert apply_screening(any_store, "C-0001", screening(), settings).state == "under_review"


# (previous findings, new findings, reopens?)
RESCREEN_CASES = [
    pytest.param([finding("E1", "medium")], [finding("E1", "medium")], False, id="equal"),
    pytest.param([finding("E1", "high")], [finding("E1", "medium")], False, id="weaker"),
    pytest.param([finding("E1", "high")], [], False, id="gone"),
    pytest.param([finding("E1", "medium")], [finding("E1", "high")], True, id="stronger"),
    pytest.param([finding("E1", "medium")], [finding("E1", "medium"), finding("E2", "low")], True,
                 id="new"),
    pytest.param([finding("E1", "high")], [finding("E1", "high", rule="TALENT_PROGRAM")], True,
                 id="new-rule-same-entry"),
]


@pytest.mark.parametrize(("before", "after", "reopens"), RESCREEN_CASES)
@pytest.mark.parametrize("state", ["approved", "denied", "closed"])
def test_rescreen_reopens_only_on_new_or_stronger(any_store: Store, settings: Settings,
                                                  state: str, before, after, reopens) -> None:
    case_id = case_in(any_store, settings, state, "C-0001", *before)
    out = apply_screening(any_store, case_id, screening(*after), settings, trigger="rescreen")
    assert out.reopened is reopens
    assert state_of(any_store, case_id) == ("reopened" if reopens else state)
    with any_store.session() as s:
        case = s.get(CaseRow, case_id)
        assert case.reopened is reopens
        last = s.query(AuditEventRow).order_by(AuditEventRow.seq.desc()).first()
        assert last.action == ("reopen" if reopens else "rescreen")
        assert bool(last.payload["new_or_stronger"]) is reopens


def test_reopened_case_goes_back_to_review(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "approved")
    apply_screening(any_store, case_id, screening(finding("E9", "blocker")), settings)
    decisions.start_review(any_store, case_id, "carol")
    decisions.decide(any_store, case_id, "deny", "carol", "New SDN listing.")
    assert state_of(any_store, case_id) == "denied"


def test_dismissed_finding_does_not_reopen(any_store: Store, settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding("E1", "low"))
    decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Namesake.")
    decisions.decide(any_store, case_id, "approve", "alice", "No real findings.")
    out = apply_screening(any_store, case_id, screening(finding("E1", "high")), settings)
    assert not out.reopened and state_of(any_store, case_id) == "approved"


def test_one_reviewers_dismissal_does_not_hold_when_the_finding_becomes_a_blocker(
        any_store: Store, settings: Settings) -> None:
    # Blockers are only dismissed by two reviewers; a dismissal made when the finding was low does not count.
    case_id = case_in(any_store, settings, "under_review", "C-0001", finding("E1", "low"))
    decisions.dismiss_finding(any_store, case_id, finding().key, "alice", "Namesake.")
    decisions.decide(any_store, case_id, "approve", "alice", "No real findings.")
    out = apply_screening(any_store, case_id, screening(finding("E1", "blocker")), settings)
    assert out.reopened and state_of(any_store, case_id) == "reopened"


def test_rescreen_of_open_case_records_but_does_not_move(any_store: Store,
                                                         settings: Settings) -> None:
    case_id = case_in(any_store, settings, "under_review")
    out = apply_screening(any_store, case_id, screening(finding("E5", "blocker")), settings)
    assert out.state == "under_review" and out.new_or_stronger == [finding("E5").key]
    with any_store.session() as s:
        assert s.get(CaseRow, case_id).highest_severity == "blocker"
        assert audit.verify(s).ok


def test_rescreen_targets_open_and_recent(any_store: Store, settings: Settings) -> None:
    case_in(any_store, settings, "under_review", "C-OPEN")
    case_in(any_store, settings, "approved", "C-RECENT")
    case_in(any_store, settings, "closed", "C-OLD")
    with any_store.session() as s:
        s.get(CaseRow, "C-OLD").decided_at = utcnow() - timedelta(days=4000)
    assert rescreen_targets(any_store, settings) == ["C-OPEN", "C-RECENT"]


@pytest.fixture
def fake_stages(monkeypatch: pytest.MonkeyPatch):
    """Stand-ins for the extract and screen stages (written in parallel by other engineers)."""
    results: dict[str, list] = {}

    def extract_profile(docs, gazetteer, host_countries=None):
        return Profile.model_validate({"person": {"name": "Dr. Ada Fictional"}})

    def screen_profile(profile, reference, config, today, documents=()):
        return screening(*results.get("findings", []))

    config = SimpleNamespace(from_settings=lambda settings: {"threshold": 90})
    monkeypatch.setattr(intake.extract, "extract_profile", extract_profile, raising=False)
    monkeypatch.setattr(intake.screen, "screen_profile", screen_profile, raising=False)
    monkeypatch.setattr(intake.screen, "ScreeningConfig", config, raising=False)
    return results


def test_screen_case_and_rescreen_with_progress(any_store: Store, settings: Settings,
                                                fake_stages) -> None:
    reference = SimpleNamespace(gazetteer=lambda: [], org_countries={})
    settings = settings.model_copy(update={"extract_isolated": False})  # the fakes live in this process
    new_case(any_store, "C-0001")
    fake_stages["findings"] = [finding("E1", "medium")]
    out = screening_service.screen_case(any_store, settings, "C-0001", reference)
    assert out.state == "flagged"
    with any_store.session() as s:
        assert s.get(CaseRow, "C-0001").profile["person"]["name"] == "Dr. Ada Fictional"
    decisions.start_review(any_store, "C-0001", "alice")
    decisions.decide(any_store, "C-0001", "deny", "alice", "Listed affiliation.")
    fake_stages["findings"] = [finding("E1", "high")]
    ticks: list[tuple[int, int, str]] = []
    report = rescreen(any_store, settings, ["C-0001", "C-404"], reference=reference,
                      progress=lambda *a: ticks.append(a))
    assert report.reopened == ["C-0001"] and list(report.failed) == ["C-404"]
    assert ticks == [(1, 2, "C-0001"), (2, 2, "C-404")]
    assert dataclasses.asdict(report)["screened"] == 1


def test_screening_without_any_list_is_refused_not_passed_clean(store: Store, settings: Settings,
                                                                 tmp_path) -> None:
    from intake.errors import RsiError
    from workflow.screening.lists import load_active_reference

    empty = settings.model_copy(update={"lists_dir": tmp_path / "no-lists-here"})
    with pytest.raises(RsiError, match="no reference lists to screen against") as raised:
        load_active_reference(store, empty)
    assert "RSI_LISTS_DIR" in raised.value.message
    assert load_active_reference(store, settings).entries  # the shipped starter lists


def test_the_starter_lists_are_found_from_any_working_directory(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    fresh = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (fresh.lists_dir / "institutions.yaml").exists()
