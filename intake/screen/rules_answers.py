"""Red flags where the screening form's own No is contradicted by what screening found.

The person answered one of the office's questions (is the employer a restricted party? a military
end-use institution? a citizen of a sanctioned country?) and the lists or the documents say
otherwise. Whatever the reason (a mistake, not knowing, or concealment) the reviewer must ask, so
it is high (issue 16: a form answered No while the employer matched three lists gave no finding).
"""

from __future__ import annotations

from datetime import date

from intake.records import Disclosure, Evidence, Finding, Match, Severity
from intake.screen.context import DEFENCE_LISTS, FOREIGN_LISTS, Ctx, finding
from intake.screen.parse_common import source_code
from intake.screen.registry import rule
from intake.screen.rules_lists import HIGH_DEFENCE

MILITARY_LISTS = frozenset({"MEU", "MIEU", "1260H"})  # military end users besides the defence trackers


def current_employers(ctx: Ctx) -> list[tuple[str, list[Evidence]]]:
    """Organisations of the person's current positions and visiting posts, with their evidence."""
    seen: dict[str, list[Evidence]] = {}
    for aff in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments]:
        if ctx.is_current(aff.period) and aff.organisation.strip():
            seen.setdefault(aff.organisation, []).extend(aff.evidence)
    return list(seen.items())


def best_per_list(matches: list[Match], today: date, *, military: bool) -> list[Match]:
    """The best live match per list: US restricted-party lists, or (military) the military end-use
    and defence lists; entries removed before today do not count."""
    best: dict[str, Match] = {}
    for m in matches:
        code = source_code(m.entry.source_list)
        # MEU and 1260H are both restricted-party lists and military end-user lists
        if (military and code not in DEFENCE_LISTS | MILITARY_LISTS) or (not military and code in DEFENCE_LISTS):
            continue
        if military and code in DEFENCE_LISTS and not any(k in (m.entry.risk or "").casefold() for k in HIGH_DEFENCE):
            continue  # a civilian university on the tracker is not a military end-use institution
        if code in FOREIGN_LISTS or (m.entry.end_date is not None and m.entry.end_date < today):
            continue
        if code not in best or m.score > best[code].score:
            best[code] = m
    return sorted(best.values(), key=lambda m: (source_code(m.entry.source_list), m.entry.entry_id))


def _denied(ctx: Ctx, topic: str) -> Disclosure | None:
    answered, disclosure = ctx.form_answer(topic)
    return disclosure if answered is False else None


def _org_contradictions(ctx: Ctx, topic: str, military: bool, what: str) -> list[Finding]:
    disclosure = _denied(ctx, topic)
    if disclosure is None:
        return []
    out = []
    for org, evidence in current_employers(ctx):
        found = best_per_list(ctx.orgs(org), ctx.today, military=military)
        if not found:
            continue
        lists = ", ".join(dict.fromkeys(source_code(m.entry.source_list) for m in found))
        out.append(finding(
            form_answer_contradicted, Severity.HIGH, f"Form says No, but {org} is {what}",
            f"Form '{disclosure.field}': '{disclosure.answer}'; the current employer '{org}' matches "
            f"'{found[0].entry.name}' on {lists}.", [*evidence, *disclosure.evidence], found))
    return out


def _person_contradictions(ctx: Ctx) -> list[Finding]:
    disclosure = _denied(ctx, "restricted_party")
    person = ctx.profile.person
    if disclosure is None:
        return []
    found: list[Match] = []
    for name in dict.fromkeys(n for n in [person.name, *person.other_names] if n):
        found += best_per_list(ctx.ref.matcher.match(name, "person", ctx.config.person_threshold),
                               ctx.today, military=False)
    if not found:
        return []
    return [finding(form_answer_contradicted, Severity.HIGH, f"Form says No, but the name matches {found[0].entry.name}",
                    f"Form '{disclosure.field}': '{disclosure.answer}'; '{found[0].query}' matches "
                    f"'{found[0].matched_name}' on {source_code(found[0].entry.source_list)}.",
                    [*person.evidence, *disclosure.evidence], found[:3])]


def _sanctioned_contradictions(ctx: Ctx) -> list[Finding]:
    disclosure = _denied(ctx, "sanctioned")
    person = ctx.profile.person
    if disclosure is None:
        return []
    stated = [("citizenship", c) for c in person.citizenships] + [("residence", person.residence_country)]
    hits = [(what, code) for what, raw in stated if raw and (code := ctx.country_of(raw)) in ctx.config.sanctioned_countries]
    if not hits:
        return []
    said = "; ".join(f"{what} {code}" for what, code in hits)
    return [finding(form_answer_contradicted, Severity.HIGH, "Form says No, but a sanctioned country is stated",
                    f"Form '{disclosure.field}': '{disclosure.answer}'; the documents state {said}.",
                    [*person.evidence, *disclosure.evidence])]


@rule("FORM_ANSWER_CONTRADICTED", "A form answer that screening contradicts")
def form_answer_contradicted(ctx: Ctx) -> list[Finding]:
    """The screening form answers No to one of the office's questions, but screening shows the opposite: the current employer (or the person) matches a restricted-party list, the current employer is a military end-use or defence-linked institution, or the documents state citizenship or residence in a sanctioned country (high: ask why the answer differs)."""
    return [
        *_org_contradictions(ctx, "restricted_party", False, "on a restricted-party list"),
        *_person_contradictions(ctx),
        *_org_contradictions(ctx, "military_institution", True, "a military end-use institution"),
        *_sanctioned_contradictions(ctx),
    ]
