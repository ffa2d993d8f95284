"""Red flags from list matches: listed affiliations, defence universities, co-authors, visitors,
the subject's own name, talent programs and FCOC funders."""

from __future__ import annotations

from intake.records import Affiliation, Disclosure, Evidence, Finding, Match, Severity
from intake.screen.context import DEFENCE_LISTS, Ctx, escalate, finding, list_tier, lower
from intake.screen.parse_common import source_code
from intake.screen.registry import rule

HIGH_DEFENCE = ("military", "defence industry", "seven sons", "security", "very high")


def _by_list(matches: list[Match]) -> dict[str, Match]:
    """Best match per list code (one finding per list, not per duplicate entry)."""
    best: dict[str, Match] = {}
    for match in matches:
        code = source_code(match.entry.source_list)
        if code not in best or match.score > best[code].score:
            best[code] = match
    return best


def _positions(ctx: Ctx) -> list[tuple[str, Affiliation | None, str, bool]]:
    """(organisation, affiliation, kind, current) for positions, visiting posts and degrees."""
    out: list[tuple[str, Affiliation | None, str, bool]] = []
    for aff in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments]:
        out.append((aff.organisation, aff, "appointment", ctx.is_current(aff.period)))
    for edu in ctx.profile.education:
        out.append((edu.organisation, None, "education", False))
    return out


def _degree_evidence(ctx: Ctx) -> dict[str, list[Evidence]]:
    """The evidence of the first degree at each organisation, looked up once."""
    degrees: dict[str, list[Evidence]] = {}
    for edu in ctx.profile.education:
        degrees.setdefault(edu.organisation, edu.evidence)
    return degrees


@rule("RPL_AFFILIATION", "Affiliation with a listed entity")
def rpl_affiliation(ctx: Ctx) -> list[Finding]:
    """The person holds or held a position at an organisation on a US restricted-party list (SDN, Denied Persons and debarred parties are blockers; Entity List, MEU, 1260H and 1286 are high when current, medium when past; a 1286 tie is a blocker when the work is DoD-funded)."""
    out = []
    seen: set[tuple[str, str]] = set()
    dod_funded, dod_evidence = ctx.dod_funded()
    degrees = _degree_evidence(ctx)
    for org, aff, kind, current in _positions(ctx):
        evidence = aff.evidence if aff else degrees.get(org, [])
        for code, match in _by_list(ctx.orgs(org)).items():
            if code in DEFENCE_LISTS or (code, match.entry.name) in seen:
                continue
            seen.add((code, match.entry.name))
            severity = list_tier(match.entry.source_list, current)
            detail = f"'{org}' ({kind}, {'current' if current else 'past'}) matches '{match.matched_name}' on {code}."
            if match.entry.end_date and match.entry.end_date < ctx.today:
                severity, detail = lower(severity), detail + f" The entry was removed on {match.entry.end_date}."
            elif code == "1286" and dod_funded:
                # DoD's policy for fundamental research: no DoD-funded work with 1286-listed institutions
                severity = Severity.BLOCKER
                detail += " The work is DoD-funded, and DoD does not fund work with 1286-listed institutions."
                evidence = [*evidence, *dod_evidence]
            title = f"{'Current' if current else 'Past'} {kind} at {match.entry.name} ({code})"
            out.append(finding(rpl_affiliation, severity, title, detail, evidence, [match]))
    return out


@rule("POSSIBLE_LISTED_MATCH", "An organisation resembling a listed one, below the match threshold")
def possible_listed_match(ctx: Ctx) -> list[Finding]:
    """An organisation the person works, worked or studied at resembles a listed name but scores below the match threshold (a typo, a short form, a namesake): low, for the reviewer to confirm or dismiss; a near miss is never passed over in silence."""
    out = []
    seen: set[str] = set()
    degrees = _degree_evidence(ctx)
    threshold = ctx.org_threshold()
    for org, aff, kind, _current in _positions(ctx):
        if org in seen or not org.strip() or ctx.orgs(org):
            continue  # matched: RPL_AFFILIATION or DEFENCE_UNIVERSITY tells it
        seen.add(org)
        near = ctx.near_orgs(org)
        if not near:
            continue
        best = near[0]
        code = source_code(best.entry.source_list)
        detail = (f"'{org}' ({kind}) resembles '{best.matched_name}' on {code} with a score of {best.score:.0f}, "
                  f"below the match threshold of {threshold:.0f} ({best.why}). Confirm whether it is the listed body.")
        out.append(finding(possible_listed_match, Severity.LOW, f"Possible match: '{org}' resembles {best.entry.name} "
                           f"({code})", detail, aff.evidence if aff else degrees.get(org, []), [best]))
    return out


@rule("DEFENCE_UNIVERSITY", "Defence university or military end-user")
def defence_university(ctx: Ctx) -> list[Finding]:
    """The person holds or held a position at a PLA, defence-industry or high-risk military end-use institution (ASPI China Defence Universities Tracker); high for military, defence-conglomerate and Seven Sons institutions, medium for civilian ones, one tier lower when past."""
    out = []
    for org, aff, kind, current in _positions(ctx):
        match = _by_list(ctx.orgs(org)).get("ASPI")
        if match is None:
            continue
        risk = (match.entry.risk or "").casefold()
        severity = Severity.HIGH if any(k in risk for k in HIGH_DEFENCE) else Severity.MEDIUM
        severity = severity if current else lower(severity)
        detail = f"'{org}' ({kind}) matches '{match.matched_name}', category: {match.entry.risk or 'unknown'}."
        out.append(finding(defence_university, severity, f"{match.entry.name} is a defence-linked institution", detail,
                           aff.evidence if aff else [], [match]))
    return out


@rule("LISTED_COAUTHOR", "Co-authors at listed institutions within the lookback window")
def listed_coauthor(ctx: Ctx) -> list[Finding]:
    """Publications within the lookback window have co-authors at listed or defence-linked institutions (medium; co-authorship alone is context, not proof of a tie)."""
    found: dict[str, tuple[Match, list[str]]] = {}
    evidence = []
    for pub in ctx.profile.publications:
        if not ctx.in_lookback(year=pub.year) or pub.year is None:
            continue
        for org in pub.coauthor_organisations:
            for match in _by_list(ctx.orgs(org)).values():
                key = match.entry.name
                found.setdefault(key, (match, []))[1].append(f"{pub.title} ({pub.year})")
                evidence.extend(pub.evidence)
    return [
        finding(listed_coauthor, Severity.MEDIUM, f"Co-authored with {name}",
                f"{len(titles)} publication(s) since {ctx.lookback_start().year}: {'; '.join(titles[:3])}.",
                evidence, [match])
        for name, (match, titles) in found.items()
    ]


@rule("LISTED_HOSTED_VISITOR", "Hosted a visitor from a listed institution")
def listed_hosted_visitor(ctx: Ctx) -> list[Finding]:
    """The person hosted a visiting scholar from a listed or defence-linked institution (medium; high when the visitor's institution is on a blocking list)."""
    out = []
    for visitor in ctx.profile.hosted_visitors:
        for code, match in _by_list(ctx.orgs(visitor.organisation)).items():
            severity = max(Severity.MEDIUM, list_tier(match.entry.source_list, True), key=lambda s: s.rank)
            severity = Severity.HIGH if severity == Severity.BLOCKER else severity
            detail = f"Visitor {visitor.name or '(unnamed)'} from '{visitor.organisation}' ({code})."
            out.append(finding(listed_hosted_visitor, severity, f"Hosted visitor from {match.entry.name}", detail,
                               visitor.evidence, [match]))
    return out


@rule("LISTED_PERSON", "The subject's name matches a listed person")
def listed_person(ctx: Ctx) -> list[Finding]:
    """The subject's name matches a person on a restricted-party list (SDN, Denied Persons, debarred); needs identity confirmation (date of birth, nationality) before any decision."""
    person = ctx.profile.person
    out = []
    for name in dict.fromkeys([person.name, *person.other_names]):
        if not name.strip():
            continue
        for match in ctx.ref.matcher.match(name, "person", ctx.config.person_threshold):
            severity = list_tier(match.entry.source_list, True)
            out.append(finding(listed_person, severity, f"Name matches listed person {match.entry.name}",
                               f"'{name}' vs '{match.matched_name}' ({source_code(match.entry.source_list)}).",
                               person.evidence, [match]))
    return out


def _program_matches(ctx: Ctx, text: str) -> list[Match]:
    matches = ctx.ref.program_matcher.match(text, "org", ctx.config.org_threshold)
    names = [m.matched_name for m in matches]  # drop '千人计划' when '青年千人计划' matched too
    return [m for m in matches if not any(m.matched_name != n and m.matched_name in n for n in names)]


def _escalated_if_denied(
    severity: Severity, detail: str, evidence: list[Evidence], answered: bool | None, disclosure: Disclosure | None,
) -> tuple[Severity, str, list[Evidence]]:
    """One tier up, with the form's answer quoted, when the form says No to what the CV shows."""
    if answered is not False or disclosure is None:
        return severity, detail, list(evidence)
    detail += f" The form answers '{disclosure.answer}' to '{disclosure.field}'."
    return escalate(severity), detail, [*evidence, *disclosure.evidence]


@rule("TALENT_PROGRAM", "Foreign talent recruitment program")
def talent_program(ctx: Ctx) -> list[Finding]:
    """The person names a foreign talent recruitment program: high when sponsored by a country of concern and current (potential malign program under CHIPS s.10632), medium when past within the lookback window, escalated one tier when the form does not disclose it."""
    answered, disclosure = ctx.form_answer("talent")
    out = []
    for program in ctx.profile.talent_programs:
        matches = _program_matches(ctx, program.name)
        country = ctx.country_of(program.country, matches=matches)
        if not matches and not ctx.is_fcoc(country):
            continue  # a non-FCOC program we do not list (a fellowship, say): disclosure, not a flag
        current = ctx.is_current(program.period)
        severity = Severity.HIGH if current else Severity.MEDIUM if ctx.in_lookback(program.period) else Severity.LOW
        if not ctx.is_fcoc(country):
            severity = lower(severity)
        listed = any("1286" in m.entry.programs for m in matches)
        detail = f"'{program.name}'{' (on the DoD s.1286 list)' if listed else ''}, sponsor country {country or 'unknown'}."
        severity, detail, evidence = _escalated_if_denied(severity, detail, program.evidence, answered, disclosure)
        out.append(finding(talent_program, severity, f"Talent program: {matches[0].entry.name if matches else program.name}",
                           detail, evidence, matches[:1]))
    return out


@rule("FCOC_FUNDING", "Funding from a foreign country of concern")
def fcoc_funding(ctx: Ctx) -> list[Finding]:
    """The person receives or received research funding from a government body or entity of a foreign country of concern (high when current, medium when past; escalated one tier when the form does not disclose foreign funding)."""
    answered, disclosure = ctx.form_answer("funding")
    out = []
    for grant in ctx.profile.funding:
        matches = ctx.ref.funder_matcher.match(grant.funder, "org", ctx.config.org_threshold)
        country = ctx.country_of(grant.country, grant.funder, matches=matches)
        if not ctx.is_fcoc(country):
            continue
        current = ctx.is_current(grant.period)
        severity = Severity.HIGH if current else Severity.MEDIUM
        detail = f"'{grant.funder}' ({country}){' grant ' + grant.grant_id if grant.grant_id else ''}."
        severity, detail, evidence = _escalated_if_denied(severity, detail, grant.evidence, answered, disclosure)
        out.append(finding(fcoc_funding, severity, f"Funding from {matches[0].entry.name if matches else grant.funder}",
                           detail, evidence, matches[:1]))
    return out
