"""The request as data: who asked for the screening and what they asked for (case.kind + case.details).

The screening form fills the request when it is filed (`fill_from_form`): its kind is the form
filed, and each answer fills a detail the case does not have yet, so a person's edit or an earlier
form is never overwritten. Staff and reviewers correct it with `set_request_field` (web case page,
`rsi case set CASE FIELD=VALUE`), one audited change per field. Every value is one line of text;
addresses are exactly one mailbox (the letter goes to `requester_email`, so a value holding two
addresses or a line break must never reach a header). What the form said but could not be used
is kept in `request_warnings`, shown on the case page: a miss is never silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.utils import getaddresses
from typing import Any

from sqlalchemy.orm import Session

from intake.errors import ErrorCode, RsiError
from intake.records import ScreeningRequest
from workflow.cases import audit
from workflow.cases.ops import in_transaction, load_case
from workflow.cases.store import CaseRow, Store, utcnow

KINDS = ("collaboration", "visitor")
MAX_CHARS = 500
WARNINGS_KEY = "request_warnings"
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class RequestField:
    """One editable part of the request: its detail key, label and the check its value must pass."""

    key: str
    label: str
    check: str = "text"  # text | email | emails | date | kind


REQUEST_FIELDS: dict[str, RequestField] = {f.key: f for f in (
    RequestField("kind", "Kind (collaboration or visitor)", "kind"),
    RequestField("requester_name", "Requester"),
    RequestField("requester_email", "Requester email (the letter goes here)", "email"),
    RequestField("requester_department", "Requester department"),
    RequestField("host", "Host"),
    RequestField("host_email", "Host email", "email"),
    RequestField("department", "Host department"),
    RequestField("start", "Start date (YYYY-MM-DD)", "date"),
    RequestField("end", "End date (YYYY-MM-DD)", "date"),
    RequestField("purpose", "Purpose"),
    RequestField("labs", "Laboratories or facilities"),
    RequestField("related_award", "Related award"),
    RequestField("cc", "Copy the letter to (addresses, comma separated)", "emails"),
)}


class InvalidRequestValue(RsiError):
    """A request field was given a value it cannot hold (two addresses, a line break, a bad date)."""

    code = ErrorCode.INVALID


def _mailbox(value: str, what: str) -> str:
    """`value` as one valid address (user@domain.tld), or InvalidRequestValue."""
    pairs = getaddresses([value])
    if len(pairs) != 1 or not pairs[0][1]:
        raise InvalidRequestValue(f"{what}: {value!r} is not exactly one email address")
    try:
        address = Address(addr_spec=pairs[0][1])
    except (ValueError, IndexError) as exc:
        raise InvalidRequestValue(f"{what}: {value!r} is not a valid email address ({exc})") from exc
    if not address.username or "." not in address.domain or address.addr_spec != pairs[0][1]:
        raise InvalidRequestValue(f"{what}: {value!r} is not a valid email address (user@domain.tld)")
    return value.strip()


def validate(key: str, value: str) -> str | list[str]:
    """The value as stored for request field `key` ('' clears it), or InvalidRequestValue."""
    spec = REQUEST_FIELDS.get(key)
    if spec is None:
        raise InvalidRequestValue(f"{key!r} is not a request field (one of: {', '.join(REQUEST_FIELDS)})")
    if _LINE_BREAKS.search(value):
        raise InvalidRequestValue(f"{key}: the value holds a line break or control character")
    value = value.strip()
    if len(value) > MAX_CHARS:
        raise InvalidRequestValue(f"{key}: longer than {MAX_CHARS} characters")
    if not value:
        return [] if spec.check == "emails" else ""
    if spec.check == "email":
        return _mailbox(value, key)
    if spec.check == "emails":
        return [_mailbox(f"{n} <{a}>" if n else a, key) for n, a in getaddresses([value])]
    if spec.check == "date":
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidRequestValue(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from exc
    if spec.check == "kind" and value not in KINDS:
        raise InvalidRequestValue(f"kind: {value!r} is not one of {', '.join(KINDS)}")
    return value


def request_of(case: CaseRow) -> dict[str, Any]:
    """The case's request as shown and edited: every field (blank when unknown) plus warnings."""
    details = case.details or {}
    out: dict[str, Any] = {key: details.get(key) or ("" if key != "cc" else []) for key in REQUEST_FIELDS}
    out["kind"] = case.kind
    out[WARNINGS_KEY] = list(details.get(WARNINGS_KEY) or [])
    return out


def missing_for_letter(case: CaseRow) -> list[str]:
    """What a decision letter cannot do without, in words a reviewer acts on ([] when complete)."""
    details = case.details or {}
    if not str(details.get("requester_email") or "").strip():
        return ["no requester email: nobody to send the decision letter to "
                f"(set it on the case page or with `rsi case set {case.id} requester_email=ADDRESS`)"]
    return []


def _set(case: CaseRow, key: str, value: str | list[str]) -> None:
    if key == "kind":
        case.kind = str(value) or "collaboration"
    else:
        case.details = {**(case.details or {}), key: value}  # a new dict: JSON columns track assignment
    case.updated_at = utcnow()


def set_request_field(store: Store, case_id: str, key: str, value: str, actor: str) -> dict[str, Any]:
    """Change one request field of a case (validated, audited); returns the request as stored."""
    stored = validate(key, value)

    def work(session: Session) -> dict[str, Any]:
        case = load_case(session, case_id)
        before = request_of(case)[key]
        if before == stored:
            return request_of(case)
        _set(case, key, stored)
        audit.append(session, actor=actor, action="request_updated", case_id=case_id,
                     from_state=case.state, to_state=case.state,
                     payload={"field": key, "old": before, "new": stored})
        session.flush()
        return request_of(case)

    return in_transaction(store, work, what=f"case {case_id}")


def fill_from_form(session: Session, case: CaseRow, request: ScreeningRequest, source: str, actor: str) -> None:
    """At filing: the form's request fills what the case lacks; unusable answers become warnings."""
    details = dict(case.details or {})
    first_form = "request_source" not in details
    filled: dict[str, Any] = {}
    warnings = list(details.get(WARNINGS_KEY) or [])
    for key in REQUEST_FIELDS:
        raw = "" if key in ("kind", "cc") else getattr(request, key)
        if not raw or details.get(key):
            continue
        try:
            filled[key] = validate(key, raw)
        except InvalidRequestValue as exc:
            if REQUEST_FIELDS[key].check == "date":
                filled[key] = raw  # a date as written still tells the reader; flag it for a person
            warnings.append(f"{source}: {exc.message}" + ("" if key not in filled else "; kept as written"))
    if first_form:
        case.kind = request.kind if request.kind in KINDS else case.kind
        filled["request_source"] = source
    if not (filled or warnings != list(details.get(WARNINGS_KEY) or [])):
        return
    case.details = {**details, **filled, WARNINGS_KEY: warnings}
    audit.append(session, actor=actor, action="request_read", case_id=case.id,
                 from_state=case.state, to_state=case.state,
                 payload={"source": source, "kind": case.kind, "fields": filled, "warnings": warnings})
