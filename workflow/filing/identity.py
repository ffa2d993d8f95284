"""Whose documents these are: a CV and a screening form of one person, dropped separately, join one case.

The subject's email address is the key: a filled form names it in its `email` field (the requester's
and host's addresses are other fields), and a CV prints its owner's address at the top of the first
page. A document joins an open case only when exactly one recent open case has that address, and
the join is audited (`filed_by_identity`), so a reviewer can see and undo it (merge, or withdraw).
A name alone is never enough: namesakes are common.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.records import Document, DocumentKind
from workflow.cases.states import OPEN_STATES
from workflow.cases.store import CaseRow, utcnow

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CV_HEAD_LINES = 15  # a CV's own address sits in its header, above any referee's or host's
JOIN_WINDOW = timedelta(days=30)


def subject_email(doc: Document) -> str | None:
    """The screened person's email address as the document states it, or None when unclear."""
    if doc.kind == DocumentKind.SCREENING_FORM:
        found = EMAIL.findall(doc.form_fields.get("email", "") or "")
    elif doc.kind == DocumentKind.CV and doc.pages:
        found = EMAIL.findall("\n".join(doc.pages[0].text.splitlines()[:CV_HEAD_LINES]))
    else:
        return None
    addresses = {a.lower() for a in found}
    return addresses.pop() if len(addresses) == 1 else None


def remember(case: CaseRow, email: str | None) -> None:
    """Keep the subject's address on the case, so a later document of the same person finds it."""
    if email and email not in case.details.get("subject_emails", []):
        case.details = {**case.details, "subject_emails": [*case.details.get("subject_emails", []), email]}


def case_of(s: Session, email: str | None) -> CaseRow | None:
    """The one recent open case of the person with this address, else None (none, or ambiguous)."""
    if not email:
        return None
    recent = s.scalars(select(CaseRow).where(CaseRow.state.in_([st.value for st in OPEN_STATES]),
                                             CaseRow.created_at >= utcnow() - JOIN_WINDOW))
    matches = [c for c in recent if email in (c.details or {}).get("subject_emails", [])]
    return matches[0] if len(matches) == 1 else None
