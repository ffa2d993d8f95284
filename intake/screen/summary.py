"""The case summary a reviewer reads first: the office's own questions answered, then the findings
grouped by organisation (issue 16: the case page showed one card per list and no answer).

Pure: a profile, its (not dismissed) findings, the countries configuration and today in, a
`CaseSummary` out. The questions are the research-security office's own
(shared/domain/seed-international-collaboration.txt; DOMAIN.md 4.1 and 4.2): seven for every
case, three more for visitors. Each is answered yes, no or unknown, and says why:
  * yes: a finding, or the person's own Yes on the form, says so;
  * no: what would show it was read and nothing showed it (a current employer was screened, a
    citizenship was stated, co-author institutions were read), or the form says No unopposed;
  * unknown: nothing was read that could answer it; the reviewer has to ask.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import Field

from intake.records import DateRange, Disclosure, Finding, Profile, Record, Severity
from intake.screen.context import DEFENCE_LISTS, on_topic, yes_no
from intake.screen.parse_common import source_code

Answer = Literal["yes", "no", "unknown"]
OFFICE_SINCE_YEAR = 2019  # the office asks about publications "since 2019"

# Which findings say yes to which question (rule ids; a rule may answer several).
RESTRICTED_RULES = frozenset({"RPL_AFFILIATION", "LISTED_PERSON"})
MILITARY_RULES = frozenset({"DEFENCE_UNIVERSITY"})
MILITARY_LIST_CODES = frozenset({"MEU", "MIEU", "1260H"}) | DEFENCE_LISTS
PUBLICATION_RULES = frozenset({"LISTED_COAUTHOR", "BYLINE_NOT_IN_CV"})

# Free-text questions of the visitor form (and other offices' forms), by label.
_LABELS = {
    "participants": re.compile(r"all participants|participants (?:are )?known", re.IGNORECASE),
    "visit_funding": re.compile(r"who (?:pays|funds)|travel and living|funding of the visit|paid for by", re.IGNORECASE),
    "compensation": re.compile(r"honorarium|salary|reimbursement", re.IGNORECASE),
    "award": re.compile(r"sponsored award|related award|sponsor(?:ed)? (?:research|project)", re.IGNORECASE),
    "labs": re.compile(r"laborator|research facilit", re.IGNORECASE),
    "purpose": re.compile(r"purpose", re.IGNORECASE),
    "description": re.compile(r"description of the work|project goals", re.IGNORECASE),
}
_NOTHING = re.compile(r"^\s*(none|no|n/?a|-+|nil|not applicable)\s*\.?\s*$", re.IGNORECASE)
_RESEARCH_WORK = re.compile(r"visiting scholar|research|internship|collaborat|experiment|joint|lab work|"
                            r"data analysis|postdoc", re.IGNORECASE)
_NO_RESEARCH = re.compile(r"^\s*(lecture|talk|seminar|conference|lab tour|tour|teaching|meeting)s?\b", re.IGNORECASE)


class QuestionAnswer(Record):
    """One of the office's questions, answered yes / no / unknown, with what the answer rests on."""

    id: str
    question: str
    answer: Answer
    evidence: list[str] = Field(default_factory=list)  # quotes and finding references
    finding_keys: list[str] = Field(default_factory=list)  # short keys of the findings behind a yes


class OrganisationGroup(Record):
    """The findings about one organisation (all lists and rules), strongest first."""

    organisation: str  # as the documents name it
    listed_as: list[str] = Field(default_factory=list)  # the entries' names
    lists: list[str] = Field(default_factory=list)  # list codes: EL, 1286, ASPI, ...
    severity: Severity
    findings: list[dict[str, str]] = Field(default_factory=list)  # short_key, rule_id, title, severity


class CaseSummary(Record):
    """The summary shown first on the case page and by `rsi show`."""

    kind: Literal["collaboration", "visitor"]
    questions: list[QuestionAnswer]
    groups: list[OrganisationGroup]


# ---------------------------------------------------------------- form look-ups


def _form(profile: Profile, topic: str) -> tuple[bool | None, Disclosure | None]:
    """The form's answer on a screening topic (context.FORM_TOPICS), a bare Yes/No first."""
    asked = [d for d in profile.disclosures if on_topic(topic, d.field)]
    asked.sort(key=lambda d: 0 if yes_no(d.answer) is not None else 1)
    return (yes_no(asked[0].answer), asked[0]) if asked else (None, None)


def _field(profile: Profile, label: str) -> Disclosure | None:
    """The first form field whose label is `label`'s (see _LABELS) with an answer."""
    return next((d for d in profile.disclosures if _LABELS[label].search(d.field) and d.answer.strip()), None)


def _quote(d: Disclosure) -> str:
    return f"Form '{d.field}': '{d.answer}'"


def _ref(f: Finding) -> str:
    """A finding as evidence: severity, key, title and, for a list match, who matched what where."""
    text = f"{f.severity.value} finding {f.short_key}: {f.title}"
    if f.matches:
        m = f.matches[0]
        text += f" ('{m.query}' matches '{m.entry.name}' on {source_code(m.entry.source_list) or m.entry.list_id})"
    return text


def _is_current(period: DateRange, today: date) -> bool:
    """As the rules judge it (Ctx.is_current): 'to present', no end, an end ahead, or no dates at all."""
    if period.current:
        return True
    if period.end is None:
        return period.start is not None or not period.raw
    return period.end >= today


def _current_orgs(profile: Profile, today: date) -> set[str]:
    return {a.organisation for a in [*profile.affiliations, *profile.visiting_appointments]
            if a.organisation.strip() and _is_current(a.period, today)}


def _about_current(f: Finding, current: set[str]) -> bool:
    """A list finding about one of the current employers (the match's query is the organisation)."""
    return any(m.query in current for m in f.matches)


# ---------------------------------------------------------------- the questions


def _yes_no_unknown(qid: str, question: str, hits: list[Finding], form: tuple[bool | None, Disclosure | None],
                    read: list[str]) -> QuestionAnswer:
    """Yes from findings or the form's Yes; no when something was read (`read`) or the form says No."""
    answered, disclosure = form
    evidence = [_ref(f) for f in hits]
    if disclosure is not None:
        evidence.append(_quote(disclosure))
    if hits or answered is True:
        return QuestionAnswer(id=qid, question=question, answer="yes", evidence=evidence,
                              finding_keys=[f.short_key for f in hits])
    if read or answered is False:
        return QuestionAnswer(id=qid, question=question, answer="no", evidence=evidence + read)
    return QuestionAnswer(id=qid, question=question, answer="unknown",
                          evidence=evidence or ["nothing in the documents answers it: ask"])


def _restricted(profile: Profile, findings: list[Finding], today: date) -> QuestionAnswer:
    current = _current_orgs(profile, today)
    hits = [f for f in findings if (f.rule_id in RESTRICTED_RULES and (f.rule_id == "LISTED_PERSON"
            or _about_current(f, current))) or (f.rule_id == "FORM_ANSWER_CONTRADICTED"
            and "restricted" in f.title)]
    read = [f"screened the name and current employer(s): {', '.join(sorted(current))}"] if current else []
    return _yes_no_unknown("restricted_party", "Is the person, or the current employer, on a restricted-party list?",
                           hits, _form(profile, "restricted_party"), read)


def _sanctioned(profile: Profile, findings: list[Finding], sanctioned: frozenset[str]) -> QuestionAnswer:
    person = profile.person
    stated = [*person.citizenships, *([person.residence_country] if person.residence_country else [])]
    hits = [f for f in findings if f.rule_id == "SANCTIONED_JURISDICTION" and f.severity != Severity.INFO
            and ("citizenship" in f.title or "residence" in f.title)]
    hits += [f for f in findings if f.rule_id == "FORM_ANSWER_CONTRADICTED" and "sanctioned" in f.title]
    listed = [c for c in stated if c.upper() in sanctioned]
    evidence_hits = hits if hits or not listed else []
    read = [f"citizenship/residence stated: {', '.join(dict.fromkeys(stated))}"] if stated else []
    answer = _yes_no_unknown("sanctioned_country", "Is the person a citizen or resident of a sanctioned country?",
                             evidence_hits, _form(profile, "sanctioned"), read)
    if listed and answer.answer != "yes":  # the facts say so even without a finding
        return answer.model_copy(update={"answer": "yes", "evidence": [*answer.evidence, f"stated: {', '.join(listed)}"]})
    return answer


def _military_institution(profile: Profile, findings: list[Finding], today: date) -> QuestionAnswer:
    current = _current_orgs(profile, today)
    hits = [f for f in findings if _about_current(f, current) and (f.rule_id in MILITARY_RULES or (
        f.rule_id == "RPL_AFFILIATION" and any(source_code(m.entry.source_list) in MILITARY_LIST_CODES
                                               for m in f.matches)))]
    hits += [f for f in findings if f.rule_id == "FORM_ANSWER_CONTRADICTED" and "military" in f.title]
    read = [f"screened the current employer(s): {', '.join(sorted(current))}"] if current else []
    return _yes_no_unknown("military_institution",
                           "Does the person work at a high-risk military end-use institution?",
                           hits, _form(profile, "military_institution"), read)


def _publications(profile: Profile, findings: list[Finding]) -> QuestionAnswer:
    hits = [f for f in findings if f.rule_id in PUBLICATION_RULES and f.matches]
    recent = [p for p in profile.publications if p.year is not None and p.year >= OFFICE_SINCE_YEAR]
    with_orgs = [p for p in recent if p.coauthor_organisations or any(b.organisations for b in p.bylines)]
    if with_orgs:
        read = [f"co-author institutions read on {len(with_orgs)} publication(s) since {OFFICE_SINCE_YEAR}"]
    else:
        read = []
    answer = _yes_no_unknown("restricted_publications",
                             f"Publications since {OFFICE_SINCE_YEAR} with restricted-party or military end-use "
                             "institutions?", hits, _form(profile, "restricted_publications"), read)
    if answer.answer == "no" and not with_orgs and recent:
        # the form's No is all there is: the CV names no co-author institutions, so say so
        answer.evidence.append(f"{len(recent)} publication(s) since {OFFICE_SINCE_YEAR} without co-author "
                               "institutions; a publication list export (BibTeX, RIS, CSV) would show them")
    return answer


def _participants(profile: Profile) -> QuestionAnswer:
    disclosure = _field(profile, "participants")
    answered = yes_no(disclosure.answer) if disclosure else None
    answer: Answer = "yes" if answered is True else "no" if answered is False else "unknown"
    evidence = [_quote(disclosure)] if disclosure else ["the form does not say: ask who else takes part"]
    return QuestionAnswer(id="all_participants_known", question="Are all participants of the work known?",
                          answer=answer, evidence=evidence)


def _topic(profile: Profile, findings: list[Finding], topic: str, qid: str, question: str) -> QuestionAnswer:
    answered, disclosure = _form(profile, topic)
    hints = [f for f in findings if f.rule_id == "SENSITIVE_TOPIC" and f.severity == Severity.INFO]
    evidence = [_quote(disclosure)] if disclosure else []
    evidence += [f"publication titles: {f.explanation.rsplit('Terms:', 1)[-1].strip()}" for f in hints]
    answer: Answer = "yes" if answered is True else "no" if answered is False else "unknown"
    if answer == "no" and hints:
        answer = "unknown"  # the form says no but titles point the other way: the reviewer decides
    return QuestionAnswer(id=qid, question=question, answer=answer,
                          evidence=evidence or ["the form does not say: ask"])


def _visit_funding(profile: Profile, findings: list[Finding]) -> QuestionAnswer:
    payer, paid = _field(profile, "visit_funding"), _field(profile, "compensation")
    evidence = [_quote(d) for d in (payer, paid) if d is not None]
    foreign = [f for f in findings if f.rule_id in {"FCOC_FUNDING", "UNDISCLOSED_FUNDING"}]
    evidence += [_ref(f) for f in foreign]
    known = payer is not None and not _NOTHING.match(payer.answer)
    return QuestionAnswer(id="visit_funding", question="Is it known who funds the visit (travel, living costs)?",
                          answer="yes" if known else "unknown",
                          evidence=evidence or ["the form does not say who pays: ask"],
                          finding_keys=[f.short_key for f in foreign])


def _sponsored_work(profile: Profile) -> QuestionAnswer:
    award, labs = _field(profile, "award"), _field(profile, "labs")
    controlled, access = _form(profile, "controlled_access")
    evidence = [_quote(d) for d in (award, labs, access) if d is not None]
    if controlled is True or (award is not None and not _NOTHING.match(award.answer)):
        answer: Answer = "yes"
    elif controlled is False and (labs is None or _NOTHING.match(labs.answer)):
        answer = "no"
    else:
        answer = "unknown"  # labs named, and nobody said what runs in them
    return QuestionAnswer(id="sponsored_or_restricted_work",
                          question="Is sponsored, proprietary or restricted work going on where the visitor will be?",
                          answer=answer, evidence=evidence or ["the form does not say: ask the host"])


def _ongoing_research(profile: Profile) -> QuestionAnswer:
    purpose, description, labs = _field(profile, "purpose"), _field(profile, "description"), _field(profile, "labs")
    evidence = [_quote(d) for d in (purpose, description, labs) if d is not None]
    text = " ".join(d.answer for d in (purpose, description) if d is not None)
    in_labs = labs is not None and not _NOTHING.match(labs.answer)
    if in_labs or _RESEARCH_WORK.search(text.replace("published work", "")):
        answer: Answer = "yes"
        evidence.append("if so, it may have to be disclosed to the sponsor as in-kind assistance")
    elif purpose is not None and _NO_RESEARCH.match(purpose.answer):
        answer = "no"
    else:
        answer = "unknown"
    return QuestionAnswer(id="ongoing_research", question="Will the visitor be involved in ongoing research?",
                          answer=answer, evidence=evidence or ["the form does not say: ask the host"])


def is_visitor(profile: Profile, kind: str = "") -> bool:
    """A visitor case: so marked, or the form asks about the visit."""
    return kind == "visitor" or any(re.search(r"\bvisit\b|\bvisitor\b", d.field, re.IGNORECASE)
                                    for d in profile.disclosures)


def questions(profile: Profile, findings: list[Finding], today: date, sanctioned: frozenset[str],
              kind: str = "") -> list[QuestionAnswer]:
    """The office's questions for this case, in the office's order."""
    asked = [
        _restricted(profile, findings, today),
        _sanctioned(profile, findings, sanctioned),
        _military_institution(profile, findings, today),
        _publications(profile, findings),
        _participants(profile),
        _topic(profile, findings, "military", "military_end_use", "Does the topic have potential military end use?"),
        _topic(profile, findings, "emerging", "emerging_technology", "Does the topic involve emerging technologies?"),
    ]
    if is_visitor(profile, kind):
        asked += [_visit_funding(profile, findings), _sponsored_work(profile), _ongoing_research(profile)]
    return asked


def _organisation(f: Finding) -> str:
    """What a finding is about: the organisation the documents name (its match's query), else the
    person and their documents."""
    return f.matches[0].query.strip() if f.matches and f.matches[0].entry.entity_type != "person" else ""


def group_by_organisation(findings: list[Finding]) -> list[OrganisationGroup]:
    """One group per organisation across lists and rules (not one card per list), strongest first;
    findings about no organisation form the last group, 'The person and the documents'."""
    groups: dict[str, list[Finding]] = {}
    names: dict[str, str] = {}
    for f in findings:
        org = _organisation(f)
        key = " ".join(org.casefold().split())
        groups.setdefault(key, []).append(f)
        names.setdefault(key, org or "The person and the documents")
    out = []
    for key, found in groups.items():
        found.sort(key=lambda f: (-f.severity.rank, f.rule_id, f.title))
        out.append(OrganisationGroup(
            organisation=names[key],
            listed_as=list(dict.fromkeys(m.entry.name for f in found for m in f.matches)),
            lists=list(dict.fromkeys(source_code(m.entry.source_list) or m.entry.list_id
                                     for f in found for m in f.matches)),
            severity=found[0].severity,
            findings=[{"short_key": f.short_key, "rule_id": f.rule_id, "title": f.title,
                       "severity": f.severity.value} for f in found],
        ))
    # organisations strongest first; the person's own group after the organisations of its rank
    return sorted(out, key=lambda g: (-g.severity.rank, g.organisation == "The person and the documents",
                                      g.organisation.casefold()))


def summarise(profile: Profile, findings: list[Finding], today: date, sanctioned: frozenset[str],
              kind: str = "") -> CaseSummary:
    """The case summary: the office's questions answered, then the findings by organisation.

    Args:
        findings: the findings that count (leave out those dismissed as false positives).
        sanctioned: ISO codes of comprehensively sanctioned jurisdictions (ScreeningConfig).
    """
    return CaseSummary(kind="visitor" if is_visitor(profile, kind) else "collaboration",
                       questions=questions(profile, findings, today, sanctioned, kind),
                       groups=group_by_organisation(findings))
