"""Builders for the letter tests: a realistic fictional case inserted row by row (no tests here)."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from intake.records import (
    Affiliation,
    DateRange,
    Finding,
    ListEntry,
    Match,
    Person,
    Profile,
    Severity,
)
from workflow.cases.store import (
    CaseRow,
    DecisionRow,
    FindingDispositionRow,
    ListSnapshotRow,
    ScreeningRow,
    Store,
)

CSL_SHA = "ab" * 32
DOD_SHA = "cd" * 32
SCREENED_AT = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
DECIDED_AT = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)
DETAILS: dict[str, Any] = {
    "host": "Prof. Lena Marsh",
    "department": "Department of Applied Photonics",
    "start": "2026-04-01",
    "end": "2026-09-30",
    "purpose": "Joint work on open-source optical simulation software",
    "requester_name": "Prof. Lena Marsh",
    "requester_email": "lena.marsh@example.edu",
    "cc": ["dept-admin@example.edu"],
}


def listed_finding(entry_id: str = "EL-0042", severity: str = "high") -> Finding:
    """An affiliation with a (fictional) Entity List organisation."""
    entry = ListEntry(list_id="csl", source_list="Entity List (EL) - Bureau of Industry and Security",
                      entry_id=entry_id, name="Northwind Polytechnic Institute")
    match = Match(query="Northwind Polytechnic Inst.", entry=entry, score=96.5,
                  matched_name=entry.name, query_normalised="northwind polytechnic inst",
                  candidate_normalised="northwind polytechnic institute", why="token overlap")
    return Finding(rule_id="RPL_AFFILIATION", title="Affiliation with a listed entity",
                   severity=Severity(severity), matches=[match], snapshot_ids=[f"csl@{CSL_SHA[:12]}"],
                   explanation="The CV lists a visiting post at Northwind Polytechnic Institute (2021-2022).")


def talent_finding() -> Finding:
    """A talent-programme mention, no list entry."""
    return Finding(rule_id="TALENT_PROGRAM", title="Foreign talent recruitment program",
                   severity=Severity.MEDIUM,
                   explanation="The CV names the (fictional) Silver Crane Scholars programme, 2019.")


def sanctioned_finding() -> Finding:
    """A comprehensively sanctioned jurisdiction: needs an export-licensing review."""
    return Finding(rule_id="SANCTIONED_JURISDICTION", severity=Severity.HIGH,
                   title="Export-licensing hold: comprehensively sanctioned jurisdiction",
                   explanation="The screening form gives residence in a comprehensively sanctioned jurisdiction.")


def profile(name: str) -> dict[str, Any]:
    """A stored profile for the subject, with one current affiliation."""
    aff = Affiliation(organisation="Fictional Institute of Optics", country="DE", role="Postdoctoral researcher",
                      period=DateRange(start=None, current=True))
    return Profile(person=Person(name=name), affiliations=[aff]).model_dump(mode="json")


def add_snapshots(store: Store) -> None:
    """Two list snapshots the screenings below refer to."""
    with store.session() as s:
        s.add(ListSnapshotRow(list_id="csl", source="Consolidated Screening List (ITA)",
                              url="https://example.invalid/csl.csv", sha256=CSL_SHA, entry_count=12873,
                              retrieved_at=datetime(2026, 3, 2, 6, 0, tzinfo=UTC), format="csl_csv",
                              path="var/lists/csl.csv"))
        s.add(ListSnapshotRow(list_id="dod_1260h", source="DoD Section 1260H list", url=None,
                              sha256=DOD_SHA, entry_count=134, format="yaml", path="var/lists/1260h.yaml",
                              retrieved_at=datetime(2026, 1, 15, 6, 0, tzinfo=UTC)))


def add_case(
    store: Store,
    *,
    case_id: str = "C-0001",
    name: str = "Dr. Mira Kovalenko-Santos",
    kind: str = "visitor",
    details: dict[str, Any] | None = None,
    findings: tuple[Finding, ...] = (),
    outcome: str = "approved",
    rationale: str = "Visiting post ended in 2022; no current ties. Reviewed CV and form.",
    conditions: tuple[str, ...] = (),
    items: tuple[str, ...] = (),
    expires_on: str | None = None,
    dispositions: dict[str, tuple[str, str]] | None = None,
    snapshots: bool = True,
) -> int:
    """Insert a decided case (case, screening, dispositions, decision); return the decision id."""
    if snapshots:
        add_snapshots(store)
    with store.session() as s:
        s.add(CaseRow(id=case_id, subject_name=name, kind=kind, state=outcome, profile=profile(name),
                      details=dict(DETAILS if details is None else details)))
        s.flush()
        s.add(ScreeningRow(case_id=case_id, screened_at=SCREENED_AT,
                           snapshot_ids=[f"csl@{CSL_SHA[:12]}", f"dod_1260h@{DOD_SHA[:12]}"],
                           findings=[f.model_dump(mode="json") for f in findings]))
        for key, (disposition, why) in (dispositions or {}).items():
            s.add(FindingDispositionRow(case_id=case_id, finding_key=key, disposition=disposition,
                                        rationale=why, actor="alice"))
        decision = DecisionRow(case_id=case_id, outcome=outcome, rationale=rationale,
                               conditions=list(conditions), info_requested=list(items),
                               reviewer="alice", expires_on=expires_on, decided_at=DECIDED_AT)
        s.add(decision)
        s.flush()
        return decision.id


def parse(path: str | Path) -> EmailMessage:
    """An .eml parsed back with the modern policy."""
    return BytesParser(policy=email.policy.default).parsebytes(Path(path).read_bytes())  # type: ignore[return-value]


def parts(msg: EmailMessage) -> tuple[str, str]:
    """(text, html) bodies of a multipart/alternative letter, with \n line ends."""
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")
