"""Decision letters, part 1 (pure): which letter a decision gets, and what the letter says.

Letter type from decision outcome + findings (the registry `LETTER_TYPES`, first rule wins):
  1. outcome `licence_hold` (also `licence-hold`, `license_hold`, `hold`)      -> licence_hold
  2. outcome approved / approved_with_conditions, a live export-licensing finding
     (rule in intake.screen.rules.EXPORT_RULES, not dismissed as a false positive)
     and at least one condition that names a licence ("export licence", "OFAC license")   -> licence_hold
  3. outcome approved and the latest screening has no findings at all        -> cleared
  4. outcome cleared (auto-clear policy)                                     -> cleared
  5. otherwise the outcome itself: approved, approved_with_conditions, info_requested, denied.
An approval with an export finding but no licence condition stays an approval: the reviewer
judged that no licence is needed, and the letter still lists the finding and its disposition.

Everything here is a pure function of store rows and settings; every string that came from a
document or a form is cleaned (control and bidi-override characters removed) before it is used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from intake.errors import LetterError
from intake.records import Finding, Profile
from intake.screen.rules import EXPORT_RULES
from intake.settings import Settings
from workflow.cases.store import (
    CaseRow,
    DecisionRow,
    FindingDispositionRow,
    ListSnapshotRow,
    ScreeningRow,
)


@dataclass(frozen=True)
class LetterType:
    """One kind of letter: its name (template stem) and its default title."""

    name: str
    title: str


LETTER_TYPES: dict[str, LetterType] = {
    t.name: t
    for t in (
        LetterType("cleared", "Cleared: no restricted-party matches"),
        LetterType("approved", "Approved"),
        LetterType("approved_with_conditions", "Approved with conditions"),
        LetterType("info_requested", "Request for information"),
        LetterType("licence_hold", "On hold: export licence required"),
        LetterType("denied", "Not approved"),
    )
}

# Decision outcomes as stored (workflow states) and as typed (CLI words) -> base letter type.
OUTCOME_TO_TYPE: dict[str, str] = {
    "cleared": "cleared",
    "approved": "approved",
    "approve": "approved",
    "approved_with_conditions": "approved_with_conditions",
    "conditions": "approved_with_conditions",
    "info_requested": "info_requested",
    "request-info": "info_requested",
    "request_info": "info_requested",
    "denied": "denied",
    "deny": "denied",
    "licence_hold": "licence_hold",
    "licence-hold": "licence_hold",
    "license_hold": "licence_hold",
    "hold": "licence_hold",
}

DISPOSITION_LABELS = {
    "false_positive": "Dismissed as a false positive",
    # A blocker's dismissal awaiting a second reviewer: still a finding (see decisions.py).
    "pending_false_positive": "Dismissal as a false positive awaiting a second reviewer",
    "confirmed": "Confirmed",
    "mitigated": "Confirmed; mitigated by the conditions of this letter",
}
UNDISPOSITIONED = "Considered by the reviewer in the determination"
_LICENCE_WORD = re.compile(r"\blicen[cs](e|es|ed|ing)\b", re.IGNORECASE)
# Bidi embeddings, overrides and isolates reorder the text around them ("Trojan Source" style
# spoofing); LRM/RLM marks are harmless and kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@dataclass(frozen=True)
class Scope:
    """What was reviewed: collaboration or visit, host, department, dates, purpose, labs, award."""

    kind: str  # collaboration | visitor
    label: str
    host: str
    department: str
    start: str
    end: str
    purpose: str
    labs: str = "not stated"
    related_award: str = "not stated"


@dataclass(frozen=True)
class Requester:
    """Who asked for the screening: the letter is written to them (from the case's request)."""

    name: str
    email: str
    department: str


@dataclass(frozen=True)
class ListSearched:
    """One reference list consulted, with the date and version of its snapshot."""

    name: str
    list_id: str
    retrieved_on: str
    entries: int | None
    version: str


@dataclass(frozen=True)
class FindingSummary:
    """One finding as a letter reports it: what, how severe, and how the reviewer dispositioned it."""

    number: int
    rule_id: str
    title: str
    severity: str
    explanation: str
    matched: str
    disposition: str
    rationale: str


@dataclass(frozen=True)
class Signer:
    """Who signs for the office (from settings)."""

    name: str
    title: str
    office: str
    email: str


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter template may show; built once, rendered into text and HTML."""

    letter_type: str
    title: str
    case_id: str
    decision_id: int
    letter_date: str
    decided_on: str
    subject_name: str
    subject_affiliation: str
    subject_country: str
    scope: Scope
    lists: tuple[ListSearched, ...]
    findings: tuple[FindingSummary, ...]
    export_findings: tuple[FindingSummary, ...]
    rationale: str
    conditions: tuple[str, ...]
    info_requested: tuple[str, ...]
    expires_on: str
    signer: Signer
    retention_years: int
    # Who the letter is for and when the lists were searched; the letter shows no internal
    # findings or rationale (those stay in the case), only the decision and what to do next.
    requester: Requester = Requester("", "", "")
    screened_on: str = ""


# ---------------------------------------------------------------- cleaning untrusted text


def clean_line(value: Any, limit: int | None = None) -> str:
    """One line of untrusted text: NFC, no control/bidi-override characters, single spaces."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = text.translate(_BIDI_CONTROLS)
    # Every control, line and paragraph separator (CR, LF, NEL, U+2028, ...) becomes a space.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_block(value: Any) -> str:
    """Multi-line untrusted text: lines kept, other controls and bidi overrides removed."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value)).replace("\r\n", "\n")
    lines = [clean_line(line) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


# ---------------------------------------------------------------- letter type


def _live_dispositions(rows: Iterable[FindingDispositionRow]) -> dict[str, FindingDispositionRow]:
    """finding key -> its current (not superseded) disposition, latest wins."""
    live: dict[str, FindingDispositionRow] = {}
    for row in sorted(rows, key=lambda r: (r.created_at, r.id or 0)):
        if row.superseded_at is None:
            live[row.finding_key] = row
    return live


def live_export_findings(findings: Sequence[Finding], dismissed: set[str]) -> list[Finding]:
    """Export-licensing findings that were not dismissed as false positives."""
    return [f for f in findings if f.rule_id in EXPORT_RULES and f.key not in dismissed]


def choose_letter_type(
    outcome: str, findings: Sequence[Finding], dismissed: set[str], conditions: Sequence[str]
) -> str:
    """The letter type for a decision outcome and the case's findings (rules in the module doc)."""
    base = OUTCOME_TO_TYPE.get((outcome or "").strip().lower())
    if base is None:
        raise LetterError(f"no letter for decision outcome {outcome!r} (known: {', '.join(OUTCOME_TO_TYPE)})")
    if base in ("approved", "approved_with_conditions"):
        needs_licence = any(_LICENCE_WORD.search(c) for c in conditions)
        if needs_licence and live_export_findings(findings, dismissed):
            return "licence_hold"
        if base == "approved" and not findings:
            return "cleared"
    return base


# ---------------------------------------------------------------- context


def _scope(case: CaseRow) -> Scope:
    details = case.details or {}
    kind = "visitor" if case.kind == "visitor" else "collaboration"

    def get(key: str) -> str:
        return clean_line(details.get(key), 300) or "not stated"

    label = "Visit" if kind == "visitor" else "Research collaboration"
    return Scope(kind, label, get("host"), get("department"), get("start"), get("end"), get("purpose"),
                 get("labs"), get("related_award"))


def _requester(case: CaseRow) -> Requester:
    details = case.details or {}
    return Requester(clean_line(details.get("requester_name"), 200), clean_line(details.get("requester_email"), 254),
                     clean_line(details.get("requester_department"), 200))


def _subject(case: CaseRow) -> tuple[str, str, str]:
    """Name, current affiliation and its country, from the stored profile."""
    profile = Profile.model_validate(case.profile) if case.profile else Profile()
    name = clean_line(profile.person.name or case.subject_name) or "name not stated"
    current = [a for a in profile.affiliations if a.period.current] or profile.affiliations[:1]
    org = clean_line(current[0].organisation, 300) if current else ""
    country = clean_line(current[0].country or "", 20) if current else ""
    return name, org or "not stated", country or "not stated"


def _lists(screening: ScreeningRow | None, snapshots: Sequence[Any]) -> tuple[ListSearched, ...]:
    """The snapshots the screening used, matched by `list_id@sha256-prefix` ids.

    `snapshots` are ListSnapshotRow (imported lists) or ListSnapshot (starter lists) records.
    """
    out = []
    for snapshot_id in sorted(screening.snapshot_ids if screening else []):
        list_id, _, prefix = str(snapshot_id).partition("@")
        row = next((s for s in snapshots if s.list_id == list_id and s.sha256.startswith(prefix)), None)
        if row is None:
            out.append(ListSearched(list_id, list_id, "date not recorded", None, prefix[:12]))
            continue
        out.append(ListSearched(clean_line(row.source, 200) or list_id, list_id,
                                row.retrieved_at.date().isoformat(), row.entry_count, row.sha256[:12]))
    return tuple(out)


def _summaries(findings: Sequence[Finding], live: dict[str, FindingDispositionRow]) -> tuple[FindingSummary, ...]:
    out = []
    for number, f in enumerate(_ordered(findings), start=1):
        disp = live.get(f.key)
        matched = ""
        if f.matches:
            entry = f.matches[0].entry
            matched = clean_line(f"{entry.name} ({entry.source_list or entry.list_id})", 400)
        out.append(FindingSummary(
            number=number, rule_id=f.rule_id, title=clean_line(f.title, 300),
            severity=f.severity.value, explanation=clean_line(f.explanation, 1000), matched=matched,
            disposition=DISPOSITION_LABELS.get(disp.disposition, clean_line(disp.disposition))
            if disp else UNDISPOSITIONED,
            rationale=clean_line(disp.rationale, 1000) if disp else "",
        ))
    return tuple(out)


def build_context(
    case: CaseRow,
    decision: DecisionRow,
    screening: ScreeningRow | None,
    snapshots: Sequence[Any],
    dispositions: Sequence[FindingDispositionRow],
    settings: Settings,
    today: date,
) -> LetterContext:
    """The letter for `decision` on `case`, from the latest screening and its dispositions."""
    findings = [Finding.model_validate(f) for f in (screening.findings if screening else [])]
    live = _live_dispositions(dispositions)
    dismissed = {k for k, d in live.items() if d.disposition == "false_positive"}
    conditions = tuple(c for c in (clean_block(c) for c in decision.conditions or []) if c)
    letter_type = choose_letter_type(decision.outcome, findings, dismissed, conditions)
    summaries = _summaries(findings, live)
    export_keys = {f.key for f in live_export_findings(findings, dismissed)}
    name, affiliation, country = _subject(case)
    return LetterContext(
        letter_type=letter_type,
        title=LETTER_TYPES[letter_type].title,
        case_id=clean_line(case.id),
        decision_id=decision.id,
        letter_date=today.isoformat(),
        decided_on=decision.decided_at.date().isoformat() if decision.decided_at else today.isoformat(),
        subject_name=name,
        subject_affiliation=affiliation,
        subject_country=country,
        scope=_scope(case),
        lists=_lists(screening, snapshots),
        findings=summaries,
        export_findings=tuple(s for s, f in zip(summaries, _ordered(findings)) if f.key in export_keys),
        rationale=clean_block(decision.rationale),
        conditions=conditions,
        info_requested=tuple(i for i in (clean_block(i) for i in decision.info_requested or []) if i),
        expires_on=clean_line(decision.expires_on) if decision.expires_on else "",
        signer=Signer(clean_line(settings.signer_name), clean_line(settings.signer_title),
                      clean_line(settings.office_name), clean_line(settings.office_email)),
        retention_years=settings.retention_years,
        requester=_requester(case),
        screened_on=screening.screened_at.date().isoformat() if screening and screening.screened_at else "",
    )


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in the order `_summaries` numbers them."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.key))
