"""The rule registry: `@rule(ID, title)` registers a red-flag function; `get_rule(ID)` finds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.records import Finding
    from intake.screen.context import Ctx

RuleFn = Callable[["Ctx"], list["Finding"]]


@dataclass(frozen=True)
class Rule:
    """A red flag: stable id, title, and the function whose docstring explains it."""

    rule_id: str
    title: str
    fn: RuleFn
    # A fallback rule's finding is dropped when another rule's finding names the same list entry:
    # the full-text sweep must never repeat what a structured rule already explains.
    fallback: bool = False

    @property
    def explanation(self) -> str:
        """The rule's docstring (first paragraph): the user-facing explanation."""
        from intake.screen.context import rule_doc

        return rule_doc(self.fn)


RULES: list[Rule] = []


def rule(rule_id: str, title: str, *, fallback: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under a stable id (refuses duplicates and missing docstrings)."""

    def register(fn: RuleFn) -> RuleFn:
        if any(r.rule_id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} registered twice")
        if not (fn.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id} has no docstring (it is the user-facing explanation)")
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        RULES.append(Rule(rule_id, title, fn, fallback))
        return fn

    return register


def get_rule(rule_id: str) -> Rule:
    """The rule registered under `rule_id`."""
    for registered in RULES:
        if registered.rule_id == rule_id:
            return registered
    raise KeyError(f"unknown rule {rule_id} (known: {', '.join(r.rule_id for r in RULES)})")
