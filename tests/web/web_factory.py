"""Builders for web tests: users of every role, and fictional cases filed through the services."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from intake.records import (
    Affiliation,
    Document,
    Evidence,
    Finding,
    ListEntry,
    Match,
    Page,
    Person,
    Profile,
    Screening,
    Severity,
)
from intake.settings import Settings
from workflow.cases import audit
from workflow.screening.service import apply_screening
from workflow.cases.store import CaseRow, DocumentRow, Store, utcnow
from workflow.cases.users import Role, add_user

PASSWORD = "correct horse battery"
USERS = {"sam": Role.STAFF, "rita": Role.REVIEWER, "rob": Role.REVIEWER, "aud": Role.AUDITOR,
         "adam": Role.ADMIN}
ROLE_USER = {Role.STAFF: "sam", Role.REVIEWER: "rita", Role.AUDITOR: "aud", Role.ADMIN: "adam"}
XSS = "<img src=x onerror=alert(1)>"
NUDT = "National University of Defense Technology"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_users(store: Store) -> None:
    """One user per role (two reviewers, so a second reviewer can be named)."""
    for name, role in USERS.items():
        add_user(store, name, role, PASSWORD)


def csrf(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, read from a form on `path`."""
    found = _CSRF.search(client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log `name` in and return the new session's CSRF token."""
    response = client.post("/login", data={"name": name, "password": password,
                                           "csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf(client, "/cases")


def nudt_finding(sha: str, quote: str, severity: Severity = Severity.HIGH) -> Finding:
    """A listed-affiliation finding with its evidence quote and the matched entry."""
    entry = ListEntry(list_id="csl", source_list="Entity List (EL) - Bureau of Industry and Security",
                      entry_id="EL-NUDT", name=NUDT, aliases=["NUDT"], country="CN",
                      source_url="https://www.trade.gov/consolidated-screening-list")
    match = Match(query=NUDT, entry=entry, score=100.0, matched_name=NUDT,
                  query_normalised=NUDT.lower(), candidate_normalised=NUDT.lower(),
                  why="exact name after normalisation")
    return Finding(rule_id="RPL_AFFILIATION", title="Affiliation with a listed organisation",
                   severity=severity, explanation="The CV names an organisation on the Entity List.",
                   evidence=[Evidence(document_sha256=sha, page=1, quote=quote)], matches=[match],
                   snapshot_ids=["csl@0123456789ab"])


def flagged_case(store: Store, settings: Settings, case_id: str = "C-WEB1", *,
                 name: str = "Dr. Mira Fictional", quote: str = f"Visiting researcher, {NUDT}",
                 severity: Severity = Severity.HIGH) -> str:
    """A case with one CV page, a profile and a screening with one finding (flagged)."""
    sha = f"{case_id.lower():a>64}"[-64:]
    document = Document(source_path="cv.txt", file_name="cv.txt", sha256=sha, media_type="txt",
                        kind="cv", pages=[Page(number=1, text=f"{name}\n{quote}\n")])
    evidence = [Evidence(document_sha256=sha, page=1, quote=quote)]
    profile = Profile(person=Person(name=name, evidence=evidence),
                      affiliations=[Affiliation(organisation=NUDT, country="CN", evidence=evidence)])
    with store.session() as s:
        s.add(CaseRow(id=case_id, subject_name=name, state="received", source_name="cv.txt",
                      profile=profile.model_dump(mode="json")))
        s.flush()
        s.add(DocumentRow(case_id=case_id, sha256=sha, file_name="cv.txt", archived_path="x",
                          media_type="txt", kind="cv", page_count=1,
                          document=document.model_dump(mode="json")))
        audit.append(s, actor="intake", action="received", case_id=case_id, to_state="received")
    screening = Screening(findings=[nudt_finding(sha, quote, severity)], screened_at=utcnow())
    apply_screening(store, case_id, screening, settings)
    return case_id
