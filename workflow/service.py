"""The application API: the one module the edges (CLI and web) import.

Use cases (screen, decide, dismiss, letters, lists, users) and the records they take and return are
named here, grouped by the package that owns them; a few concern modules are exported whole
(`audit`, `decisions`, `letters`, `lists`, `screening`, `users`, `views`, `claims`). Names load on
first use (PEP 562), so `rsi --help` does not import the screening stack or spaCy.

Only this layer changes case state: every state change goes through workflow.cases.
"""

# ruff: noqa: F401  (the TYPE_CHECKING imports only name the exports for type checkers)
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# exported name -> (owning module, attribute; None exports the module itself)
_EXPORTS: dict[str, tuple[str, str | None]] = {
    # workflow.cases.anchor
    "anchor": ("workflow.cases.anchor", None),
    "audit_anchor": ("workflow.cases.anchor", 'for_url'),
    # workflow.cases.audit
    "audit": ("workflow.cases.audit", None),
    # workflow.cases.decisions
    "PENDING_FALSE_POSITIVE": ("workflow.cases.decisions", 'PENDING_FALSE_POSITIVE'),
    "close": ("workflow.cases.decisions", 'close'),
    "confirm_approval": ("workflow.cases.decisions", 'confirm_approval'),
    "pending_approval": ("workflow.cases.decisions", 'pending_approval'),
    "decide": ("workflow.cases.decisions", 'decide'),
    "decisions": ("workflow.cases.decisions", None),
    "dismiss_finding": ("workflow.cases.decisions", 'dismiss_finding'),
    "documents_received": ("workflow.cases.decisions", 'documents_received'),
    "history": ("workflow.cases.decisions", 'history'),
    "set_legal_hold": ("workflow.cases.decisions", 'set_legal_hold'),
    "start_review": ("workflow.cases.decisions", 'start_review'),
    # workflow.cases.manage
    "manage": ("workflow.cases.manage", None),
    "merge_cases": ("workflow.cases.manage", 'merge_cases'),
    "withdraw_case": ("workflow.cases.manage", 'withdraw_case'),
    # workflow.cases.requests
    "REQUEST_FIELDS": ("workflow.cases.requests", 'REQUEST_FIELDS'),
    "missing_for_letter": ("workflow.cases.requests", 'missing_for_letter'),
    "request_of": ("workflow.cases.requests", 'request_of'),
    "requests": ("workflow.cases.requests", None),
    "set_request_field": ("workflow.cases.requests", 'set_request_field'),
    # workflow.cases.states
    "DECISION_TRIGGERS": ("workflow.cases.states", 'DECISION_TRIGGERS'),
    "State": ("workflow.cases.states", 'State'),
    "TRANSITIONS": ("workflow.cases.states", 'TRANSITIONS'),
    "Trigger": ("workflow.cases.states", 'Trigger'),
    "allowed_triggers": ("workflow.cases.states", 'allowed_triggers'),
    "diagram": ("workflow.cases.states", 'diagram'),
    # workflow.cases.store
    "AuditEventRow": ("workflow.cases.store", 'AuditEventRow'),
    "CaseRow": ("workflow.cases.store", 'CaseRow'),
    "DecisionRow": ("workflow.cases.store", 'DecisionRow'),
    "DocumentRow": ("workflow.cases.store", 'DocumentRow'),
    "FindingDispositionRow": ("workflow.cases.store", 'FindingDispositionRow'),
    "LetterRow": ("workflow.cases.store", 'LetterRow'),
    "ScreeningRow": ("workflow.cases.store", 'ScreeningRow'),
    "Store": ("workflow.cases.store", 'Store'),
    "open_store": ("workflow.cases.store", 'open_store'),
    "utcnow": ("workflow.cases.store", 'utcnow'),
    # workflow.cases.users
    "LoginOk": ("workflow.cases.users", 'LoginOk'),
    "Role": ("workflow.cases.roles", 'Role'),
    "User": ("workflow.cases.users", 'User'),
    "add_user": ("workflow.cases.users", 'add_user'),
    "authenticate": ("workflow.cases.users", 'authenticate'),
    "disable": ("workflow.cases.users", 'disable'),
    "get_user": ("workflow.cases.users", 'get_user'),
    "list_users": ("workflow.cases.users", 'list_users'),
    "logout": ("workflow.cases.users", 'logout'),
    "open_session": ("workflow.cases.users", 'open_session'),
    "session_user": ("workflow.cases.users", 'session_user'),
    "users": ("workflow.cases.users", None),
    # workflow.cases.views
    "case_detail": ("workflow.cases.views", 'case_detail'),
    "list_cases": ("workflow.cases.views", 'list_cases'),
    "views": ("workflow.cases.views", None),
    # workflow.filing.claims
    "claims": ("workflow.filing.claims", None),
    # workflow.filing.ingest
    "named_case_id": ("workflow.filing.ingest", 'named_case_id'),
    "process_file": ("workflow.filing.ingest", 'process_file'),
    "process_folder": ("workflow.filing.ingest", 'process_folder'),
    "process_path": ("workflow.filing.ingest", 'process_path'),
    # workflow.filing.outcomes
    "Accepted": ("workflow.filing.outcomes", 'Accepted'),
    "AfterFiled": ("workflow.filing.outcomes", 'AfterFiled'),
    "Duplicate": ("workflow.filing.outcomes", 'Duplicate'),
    "Failed": ("workflow.filing.outcomes", 'Failed'),
    "Outcome": ("workflow.filing.outcomes", 'Outcome'),
    # workflow.filing.recovery
    "recover_claims": ("workflow.filing.recovery", 'recover_claims'),
    # workflow.filing.runner
    "context_for": ("workflow.filing.runner", 'context_for'),
    "ensure_dirs": ("workflow.filing.runner", 'ensure_dirs'),
    "watch_inbox": ("workflow.filing.runner", 'watch_inbox'),
    # workflow.letters.automatic
    "AutoLetter": ("workflow.letters.automatic", 'AutoLetter'),
    "letter_after_decision": ("workflow.letters.automatic", 'letter_after_decision'),
    "redraft_after_request_change": ("workflow.letters.automatic", 'redraft_after_request_change'),
    # workflow.letters.service
    "letters": ("workflow.letters.service", None),
    "preview_letter": ("workflow.letters.service", 'preview_letter'),
    "send_letter": ("workflow.letters.service", 'send_letter'),
    "write_letter": ("workflow.letters.service", 'write_letter'),
    # workflow.screening.lists
    "import_list": ("workflow.screening.lists", 'import_list'),
    "lists": ("workflow.screening.lists", None),
    "load_active_reference": ("workflow.screening.lists", 'load_active_reference'),
    "snapshot_status": ("workflow.screening.lists", 'snapshot_status'),
    "update_lists": ("workflow.screening.lists", 'update_lists'),
    # workflow.screening.starter
    "starter_status": ("workflow.screening.starter", 'starter_status'),
    # workflow.screening.service
    "apply_screening": ("workflow.screening.service", 'apply_screening'),
    "rescreen": ("workflow.screening.service", 'rescreen'),
    "screen_case": ("workflow.screening.service", 'screen_case'),
    "screening": ("workflow.screening.service", None),
    # added
    "import_folder": ("workflow.screening.lists", 'import_folder'),
    # workflow.screening.queue, workflow.cases.pending, workflow.cases.intake_feedback (issue 16)
    "screen_pending": ("workflow.screening.queue", 'screen_pending'),
    "pending": ("workflow.cases.pending", None),
    "intake_feedback": ("workflow.cases.intake_feedback", None),
    "is_ignored": ("workflow.filing.watcher", 'is_ignored'),
    "retry_transient": ("workflow.cases.retry", 'retry_transient'),
}

__all__ = sorted(_EXPORTS)


class _Lazy:
    """An export resolved on first use (attribute access or call), for module-level names of the edges."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(__getattr__(self._name), attribute)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return __getattr__(self._name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<lazy workflow.service.{self._name}>"


def lazy(name: str) -> Any:
    """`name` of this API, imported when first used: `audit = lazy("audit")` at the top of a CLI module
    keeps `rsi --help` from loading the store, the screening stack or spaCy."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _Lazy(name)


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # the same names, for type checkers and editors
    from workflow.cases import anchor, audit
    from workflow.cases.anchor import for_url as audit_anchor
    from workflow.cases import decisions
    from workflow.cases.decisions import PENDING_FALSE_POSITIVE, close, confirm_approval, pending_approval, decide, dismiss_finding, documents_received, history, set_legal_hold, start_review
    from workflow.cases import manage
    from workflow.cases.manage import merge_cases, withdraw_case
    from workflow.cases import requests
    from workflow.cases.requests import REQUEST_FIELDS, missing_for_letter, request_of, set_request_field
    from workflow.cases.states import DECISION_TRIGGERS, State, TRANSITIONS, Trigger, allowed_triggers, diagram
    from workflow.cases.store import AuditEventRow, CaseRow, DecisionRow, DocumentRow, FindingDispositionRow, LetterRow, ScreeningRow, Store, open_store, utcnow
    from workflow.cases import users
    from workflow.cases.roles import Role
    from workflow.cases.users import LoginOk, User, add_user, authenticate, disable, get_user, list_users, logout, open_session, session_user
    from workflow.cases import views
    from workflow.cases.views import case_detail, list_cases
    from workflow.filing import claims
    from workflow.filing.ingest import named_case_id, process_file, process_folder, process_path
    from workflow.filing.outcomes import Accepted, AfterFiled, Duplicate, Failed, Outcome
    from workflow.filing.recovery import recover_claims
    from workflow.filing.runner import context_for, ensure_dirs, watch_inbox
    from workflow.letters import service as letters
    from workflow.letters.automatic import AutoLetter, letter_after_decision, redraft_after_request_change
    from workflow.letters.service import preview_letter, send_letter, write_letter
    from workflow.screening import lists
    from workflow.screening.lists import import_list, load_active_reference, snapshot_status, update_lists
    from workflow.screening.starter import starter_status
    from workflow.screening import service as screening
    from workflow.screening.service import apply_screening, rescreen, screen_case
    from workflow.screening.queue import screen_pending
    from workflow.cases import pending
    from workflow.cases import intake_feedback
    from workflow.filing.watcher import is_ignored
    from workflow.cases.retry import retry_transient
