"""Typed records passed between stages (see DESIGN.md): Document -> Profile -> Findings.

Pydantic models so every record serialises to JSON at the edges (CLI --json, store, web).
Tight loops (the matcher) keep their own slotted types and convert at the boundary.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base for all stage records: forbid unknown fields so contract drift fails loudly."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- documents


class DocumentKind(StrEnum):
    """What a document is, which decides how it is extracted."""

    CV = "cv"
    SCREENING_FORM = "screening_form"
    PUBLICATION_LIST = "publication_list"
    OTHER = "other"


class Page(Record):
    """One page of text; `ocr_used` records that the text came from tesseract, not the PDF."""

    number: int  # 1-based
    text: str
    ocr_used: bool = False
    # lines set as headings by their type or style, whatever their words: each opens a section
    headings: list[str] = Field(default_factory=list)
    # lines worded like a heading but set in body type on a page whose headings are set apart
    not_headings: list[str] = Field(default_factory=list)


class Document(Record):
    """A file read into text: pages, filled form fields and the warnings met while reading."""

    source_path: str
    file_name: str
    sha256: str
    media_type: str  # pdf | docx | txt | bibtex | ris | csv
    kind: DocumentKind = DocumentKind.OTHER
    pages: list[Page] = Field(default_factory=list)
    form_fields: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_used(self) -> bool:
        return any(p.ocr_used for p in self.pages)

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)


# ---------------------------------------------------------------- profile


class Evidence(Record):
    """Where a fact was read: document hash, page (1-based) and the quoted text."""

    document_sha256: str
    page: int | None = None
    quote: str
    line: int | None = None


class DateRange(Record):
    """A period as written in a CV; `end is None and current` means 'to present'."""

    start: date | None = None
    end: date | None = None
    current: bool = False
    raw: str = ""


class Person(Record):
    """The subject: names as written, contact and country facts when stated."""

    name: str = ""
    other_names: list[str] = Field(default_factory=list)
    email: str | None = None
    citizenships: list[str] = Field(default_factory=list)  # ISO 3166-1 alpha-2
    residence_country: str | None = None
    birth_country: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Affiliation(Record):
    """A position held at an organisation (employment, appointment, visiting post)."""

    organisation: str  # the employer (the university), never its department
    country: str | None = None
    role: str = ""
    unit: str = ""  # the department, school, college, lab or institute the post sits in
    period: DateRange = Field(default_factory=DateRange)
    paid: bool | None = None
    honorary: bool = False
    adjunct: bool = False
    visiting: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Education(Record):
    """A degree or course of study."""

    organisation: str
    country: str | None = None
    degree: str = ""
    period: DateRange = Field(default_factory=DateRange)
    evidence: list[Evidence] = Field(default_factory=list)


class Byline(Record):
    """One author of a publication with the organisations the export gives for that author."""

    author: str
    organisations: list[str] = Field(default_factory=list)
    country: str | None = None  # ISO code of the country the author's address ends in


class Publication(Record):
    """A publication, with co-author organisations where the source names them."""

    title: str
    year: int | None = None
    venue: str = ""
    coauthor_organisations: list[str] = Field(default_factory=list)
    bylines: list[Byline] = Field(default_factory=list)  # where the export ties addresses to authors
    evidence: list[Evidence] = Field(default_factory=list)


class Funding(Record):
    """A grant or other research support."""

    funder: str
    country: str | None = None
    grant_id: str | None = None
    period: DateRange = Field(default_factory=DateRange)
    amount: str | None = None
    role: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Patent(Record):
    """A patent or application; `office` is the jurisdiction code (CN, RU, US, EP, WO, ...)."""

    number: str
    office: str | None = None
    title: str = ""
    year: int | None = None
    status: str = ""
    assignee: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class TalentProgram(Record):
    """A talent program named in a document."""

    name: str
    country: str | None = None
    period: DateRange = Field(default_factory=DateRange)
    evidence: list[Evidence] = Field(default_factory=list)


class Travel(Record):
    """An invited talk or trip abroad."""

    country: str | None = None
    host: str = ""
    event: str = ""
    when: DateRange = Field(default_factory=DateRange)
    sponsored: bool | None = None
    honorarium: bool | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class HostedVisitor(Record):
    """A visiting scholar the subject hosted."""

    name: str = ""
    organisation: str = ""
    country: str | None = None
    period: DateRange = Field(default_factory=DateRange)
    evidence: list[Evidence] = Field(default_factory=list)


class Disclosure(Record):
    """One answer from a screening form (field name as printed, the answer as given)."""

    field: str
    answer: str
    evidence: list[Evidence] = Field(default_factory=list)


class Inconsistency(Record):
    """The case's documents disagree about the person (name, citizenship, country of birth)."""

    field: str
    values: list[str]  # as each document states it, CV first
    evidence: list[Evidence] = Field(default_factory=list)


class ExtractionRefusal(Record):
    """One document left out of a profile because extracting it overran a bound (time, memory)."""

    file_name: str
    document_sha256: str
    code: str  # an ErrorCode value: extraction_timeout, extraction_memory, extraction_failed
    message: str
class ScreeningRequest(Record):
    """What was asked and by whom, as the screening form states it (the letter's scope and addressee).

    `kind` is the form filed (collaboration | visitor); `host` and `department` are the host
    faculty member and the host department; dates are as written (ISO on rsi's forms).
    """

    kind: str = "collaboration"
    requester_name: str = ""
    requester_email: str = ""
    requester_department: str = ""
    host: str = ""
    host_email: str = ""
    department: str = ""
    start: str = ""
    end: str = ""
    purpose: str = ""
    labs: str = ""
    related_award: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Profile(Record):
    """Everything extracted about one person across a case's documents."""

    person: Person = Field(default_factory=Person)
    affiliations: list[Affiliation] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    patents: list[Patent] = Field(default_factory=list)
    talent_programs: list[TalentProgram] = Field(default_factory=list)
    travel: list[Travel] = Field(default_factory=list)
    visiting_appointments: list[Affiliation] = Field(default_factory=list)
    hosted_visitors: list[HostedVisitor] = Field(default_factory=list)
    disclosures: list[Disclosure] = Field(default_factory=list)
    inconsistencies: list[Inconsistency] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # Documents whose extraction overran its bounds: their facts are missing (rule EXTRACTION_REFUSED).
    extraction_refusals: list[ExtractionRefusal] = Field(default_factory=list)
    request: ScreeningRequest | None = None  # from the first screening form of the case


# ---------------------------------------------------------------- screening


class Severity(StrEnum):
    """Finding severity, strongest first (DOMAIN.md section 6 tiers)."""

    BLOCKER = "blocker"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.BLOCKER: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class ListEntry(Record):
    """One entry of a reference list, with its names and where it was published."""

    list_id: str  # csl, sdn, dod_1260h, dod_1286, defence_universities, talent_programs, ...
    source_list: str = ""  # e.g. "Entity List (EL) - Bureau of Industry and Security"
    entry_id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    entity_type: str = "organisation"  # organisation | person | program | vessel | aircraft
    country: str | None = None
    programs: list[str] = Field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    risk: str | None = None  # e.g. defence-university category or risk level
    source_url: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 (first 16 hex) of the entry's content: changes when the listing changes."""
        body = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


class Match(Record):
    """A name matched to a list entry, with the forms compared and why it scored."""

    query: str
    entry: ListEntry
    score: float
    matched_name: str  # the entry name or alias that matched
    query_normalised: str
    candidate_normalised: str
    why: str


class ListSnapshot(Record):
    """A version of one reference list: what was loaded, from where, when, and its hash."""

    list_id: str
    source: str
    url: str | None = None
    retrieved_at: datetime
    sha256: str
    entry_count: int

    @property
    def snapshot_id(self) -> str:
        return f"{self.list_id}@{self.sha256[:12]}"


SHORT_KEY_LENGTH = 10


class Finding(Record):
    """One red flag: which rule, how severe, the evidence and the list entries behind it."""

    rule_id: str
    title: str
    severity: Severity
    explanation: str
    evidence: list[Evidence] = Field(default_factory=list)
    matches: list[Match] = Field(default_factory=list)
    snapshot_ids: list[str] = Field(default_factory=list)

    @property
    def key(self) -> str:
        """Identity of a finding across re-screenings (rule + what it is about)."""
        if not self.matches:
            return f"{self.rule_id}:{self.explanation}"
        entry = self.matches[0].entry
        # The entry's content hash is part of the key: a dismissed pair revives when the entry changes.
        return f"{self.rule_id}:{entry.list_id}:{entry.entry_id}#{entry.content_hash}"

    @property
    def short_key(self) -> str:
        """The key in 10 hex digits (SHA-256 of `key`): stable across re-screenings, short enough to type."""
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:SHORT_KEY_LENGTH]


class Screening(Record):
    """The result of screening one profile: findings plus the snapshots consulted."""

    findings: list[Finding] = Field(default_factory=list)
    snapshots: list[ListSnapshot] = Field(default_factory=list)
    screened_at: datetime

    @property
    def highest_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)
