"""All red-flag rules, one function each, registered by stable id (see registry.py).

Each rule is `fn(ctx) -> list[Finding]`; its docstring is the user-facing explanation.
Severity follows DOMAIN.md section 6; `recommend` derives a case recommendation from findings.
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.records import Finding, Severity
from intake.screen import rules_disclosure, rules_limits, rules_lists, rules_text, rules_timeline  # noqa: F401  (registers rules)
from intake.screen import rules_answers  # noqa: F401  (registers rules)
from intake.screen.registry import RULES, Rule, get_rule

# Findings that ask for an export-licensing review rather than a foreign-influence judgement.
EXPORT_RULES = frozenset({"SANCTIONED_JURISDICTION", "EXPORT_SHIPMENT"})

__all__ = ["RULES", "Rule", "get_rule", "recommend", "EXPORT_RULES"]


def recommend(findings: Iterable[Finding]) -> str:
    """Recommendation derived from findings: deny-review, mitigation required, mitigation suggested
    or no action, plus '; export-licensing review' when an export finding is present."""
    findings = list(findings)
    influence = [f for f in findings if f.rule_id not in EXPORT_RULES]
    top = max((f.severity.rank for f in influence), default=-1)
    if top >= Severity.BLOCKER.rank:
        outcome = "deny-review"
    elif top >= Severity.HIGH.rank:
        outcome = "mitigation required"
    elif top >= Severity.MEDIUM.rank:
        outcome = "mitigation suggested"
    else:
        outcome = "no action"
    export = any(f.rule_id in EXPORT_RULES and f.severity.rank >= Severity.LOW.rank for f in findings)
    return outcome + ("; export-licensing review" if export else "")
