"""Red flags from patents, form answers and travel: CV-versus-form omissions in both directions."""

from __future__ import annotations

import re
from collections.abc import Callable

from intake.records import Disclosure, Evidence, Finding, Match, Severity, Travel
from intake.screen.context import Ctx, finding
from intake.screen.registry import rule

_FCOC_PATENT = re.compile(r"^\s*(CN|ZL|RU|SU|IR|KP|HK|MO)\s*[-\d]", re.IGNORECASE)
_PATENT_OFFICE = {"ZL": "CN", "SU": "RU"}


def _patent_country(number: str, office: str | None) -> str | None:
    if office:
        return office.upper()
    found = _FCOC_PATENT.match(number)
    return _PATENT_OFFICE.get(found.group(1).upper(), found.group(1).upper()) if found else None


def _foreign(ctx: Ctx, code: str | None) -> bool:
    return bool(code) and code != "US"


@rule("FCOC_PATENT", "Patent filed in a foreign country of concern")
def fcoc_patent(ctx: Ctx) -> list[Finding]:
    """A patent or application was filed in a foreign country of concern or assigned to an entity there (DoD matrix factor 3: high)."""
    out = []
    for patent in ctx.profile.patents:
        office = _patent_country(patent.number, patent.office)
        assignee = ctx.country_of(None, patent.assignee) if patent.assignee else None
        if ctx.is_fcoc(office) or ctx.is_fcoc(assignee):
            where = office if ctx.is_fcoc(office) else f"assignee in {assignee}"
            out.append(finding(fcoc_patent, Severity.HIGH, f"Patent {patent.number} ({where})",
                               f"Patent {patent.number} '{patent.title}' ({where}).", patent.evidence))
    return out


@rule("UNDISCLOSED_PATENT", "Patent in the CV but denied on the form")
def undisclosed_patent(ctx: Ctx) -> list[Finding]:
    """The CV lists patents but the screening form answers No to the patent question (high when a patent is in a country of concern, medium otherwise)."""
    answered, disclosure = ctx.form_answer("patent")
    if answered is not False or disclosure is None or not ctx.profile.patents:
        return []
    offices = [_patent_country(p.number, p.office) for p in ctx.profile.patents]
    severity = Severity.HIGH if any(ctx.is_fcoc(o) for o in offices) else Severity.MEDIUM
    numbers = ", ".join(p.number for p in ctx.profile.patents[:5])
    evidence = [e for p in ctx.profile.patents for e in p.evidence] + disclosure.evidence
    return [finding(undisclosed_patent, severity, "Patents not disclosed on the form",
                    f"CV patents: {numbers}; form '{disclosure.field}': '{disclosure.answer}'.", evidence)]


@rule("UNDISCLOSED_FUNDING", "Foreign funding in the CV but denied on the form")
def undisclosed_funding(ctx: Ctx) -> list[Finding]:
    """The CV lists foreign research funding but the screening form answers No to the foreign-funding question (high for a country of concern, medium otherwise)."""
    answered, disclosure = ctx.form_answer("funding")
    if answered is not False or disclosure is None:
        return []
    foreign = []
    for grant in ctx.profile.funding:
        matches = ctx.ref.funder_matcher.match(grant.funder, "org", ctx.config.org_threshold)
        code = ctx.country_of(grant.country, grant.funder, matches=matches)
        if _foreign(ctx, code) and ctx.in_lookback(grant.period):
            foreign.append((grant, code))
    if not foreign:
        return []
    return _undisclosed(ctx, undisclosed_funding, "Foreign funding not disclosed on the form", disclosure,
                        [(g.funder, code, g.evidence) for g, code in foreign])


@rule("UNDISCLOSED_APPOINTMENT", "Foreign appointment in the CV but denied on the form")
def undisclosed_appointment(ctx: Ctx) -> list[Finding]:
    """The CV shows a foreign appointment within the lookback window but the screening form answers No to the foreign-appointment question (high for a country of concern, medium otherwise)."""
    answered, disclosure = ctx.form_answer("appointment")
    if answered is not False or disclosure is None:
        return []
    foreign = []
    homes = Homes(home_institutions(ctx))
    past_too = bool(_ASKS_PAST.search(disclosure.field))
    for aff in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments]:
        if homes.holds(aff.organisation):
            continue  # the home appointment the form names is disclosed, not omitted (issue 16)
        if not (ctx.in_lookback(aff.period) if past_too else ctx.is_current(aff.period)):
            continue  # "does the visitor hold ..." asks about posts held now; a past post is no lie
        code = ctx.country_of(aff.country, aff.organisation, matches=ctx.orgs(aff.organisation))
        if _foreign(ctx, code):
            foreign.append((aff, code))
    if not foreign:
        return []
    return _undisclosed(ctx, undisclosed_appointment, "Foreign appointment not disclosed on the form", disclosure,
                        [(a.organisation, code, a.evidence) for a, code in foreign])


# A question about posts held in the past, not only now ("held in the past five years", "since 2019").
_ASKS_PAST = re.compile(r"\b(held|had|past|previous(?:ly)?|former|since|last \w+ years?|ever)\b", re.IGNORECASE)


def home_institutions(ctx: Ctx) -> list[str]:
    """The home institution(s) the screening form names (its affiliation quotes only the form)."""
    forms = {e.document_sha256 for d in ctx.profile.disclosures for e in d.evidence}
    return [a.organisation for a in ctx.profile.affiliations
            if a.evidence and all(e.document_sha256 in forms for e in a.evidence)]


class Homes:
    """The home institutions' names as word sets, indexed by word, so that telling whether a post is
    one of them does not compare it with every home (issue 13: a case of many forms made this
    rule compare every post with every home)."""

    def __init__(self, homes: list[str]) -> None:
        from intake.screen.normalise import normalised

        self._names = {frozenset(normalised(home).split()) for home in homes} - {frozenset()}
        self._with_word: dict[str, set[frozenset[str]]] = {}
        for words in self._names:
            for word in words:
                self._with_word.setdefault(word, set()).add(words)
        # each home filed under its rarest word: a home inside a post's name has that word in the post
        self._by_rarest: dict[str, list[frozenset[str]]] = {}
        for words in self._names:
            rarest = min(words, key=lambda w: (len(self._with_word[w]), w))
            self._by_rarest.setdefault(rarest, []).append(words)
        self._known: dict[str, bool] = {}

    def holds(self, organisation: str) -> bool:
        """The same institution as a home one, however the CV words it ("Univ. of X" / "University of
        X"): equal words, or one name is the other plus words (a campus, a department), both of at
        least three words; never a near spelling."""
        if organisation not in self._known:
            self._known[organisation] = self._holds(organisation)
        return self._known[organisation]

    def _holds(self, organisation: str) -> bool:
        from intake.screen.normalise import normalised

        mine = frozenset(normalised(organisation).split())
        if not mine:
            return False
        if mine in self._names:
            return True
        if len(mine) >= 3 and self._inside_a_home(mine):
            return True
        return any(len(theirs) >= 3 and theirs < mine
                   for word in mine for theirs in self._by_rarest.get(word, ()))

    def _inside_a_home(self, mine: frozenset[str]) -> bool:
        """Some home's name has all of `mine`'s words (and more: equal names were looked up first)."""
        postings = sorted((self._with_word.get(word, set()) for word in mine), key=len)
        return any(all(home in other for other in postings[1:]) for home in postings[0])


def _undisclosed(
    ctx: Ctx, rule_fn: Callable[[Ctx], list[Finding]], title: str, disclosure: Disclosure,
    foreign: list[tuple[str, str | None, list[Evidence]]],
) -> list[Finding]:
    """One finding for CV items (name, country, evidence) that the form's No denies."""
    severity = Severity.HIGH if any(ctx.is_fcoc(code) for _, code, _ in foreign) else Severity.MEDIUM
    names = "; ".join(f"{name} ({code})" for name, code, _ in foreign[:5])
    evidence = [e for _, _, ev in foreign for e in ev] + disclosure.evidence
    return [finding(rule_fn, severity, title, f"CV: {names}; form '{disclosure.field}': '{disclosure.answer}'.", evidence)]


def _cv_has(ctx: Ctx, topic: str) -> bool:
    p = ctx.profile
    if topic == "patent":
        return bool(p.patents)
    if topic == "talent":
        return bool(p.talent_programs)
    if topic == "funding":
        return any(_foreign(ctx, ctx.country_of(g.country, g.funder)) for g in p.funding)
    return any(_foreign(ctx, ctx.country_of(a.country, a.organisation)) for a in [*p.affiliations, *p.visiting_appointments])


@rule("FORM_CONTRADICTED", "Form declares what the CV omits")
def form_contradicted(ctx: Ctx) -> list[Finding]:
    """The screening form answers Yes (foreign funding, foreign appointment, patents, talent program) but the CV shows nothing of the kind, so the CV is incomplete (medium: ask for the missing details)."""
    out = []
    for topic in ("funding", "appointment", "patent", "talent"):
        answered, disclosure = ctx.form_answer(topic)
        if answered is True and disclosure is not None and not _cv_has(ctx, topic):
            out.append(finding(form_contradicted, Severity.MEDIUM, f"Form declares {topic}; the CV shows none",
                               f"Form '{disclosure.field}': '{disclosure.answer}'.", disclosure.evidence))
    return out


@rule("FCOC_PAID_TRAVEL", "Sponsored travel or paid talk in a country of concern")
def fcoc_paid_travel(ctx: Ctx) -> list[Finding]:
    """The person travelled to a country of concern within the lookback window with the trip sponsored or an honorarium paid (medium: complimentary travel and honoraria count as compensation under the FTRP definition)."""
    out = []
    for trip in ctx.profile.travel:
        code = ctx.country_of(trip.country, trip.host)
        if ctx.is_fcoc(code) and (trip.sponsored or trip.honorarium) and ctx.in_lookback(trip.when):
            paid = "honorarium" if trip.honorarium else "sponsored"
            out.append(finding(fcoc_paid_travel, Severity.MEDIUM, f"Paid travel to {code}",
                               f"{trip.event or 'Trip'} hosted by {trip.host or 'unknown host'} ({code}, {paid}).",
                               trip.evidence))
    return out


FREQUENT_TRIPS = 3  # trips to one country of concern within the lookback window that make a pattern


@rule("FCOC_TRAVEL_PATTERN", "Repeated travel to a country of concern")
def fcoc_travel_pattern(ctx: Ctx) -> list[Finding]:
    """Three or more talks, visits or trips to the same country of concern within the lookback window (low: ask what the trips were for and who paid; a pattern of visits can reveal an undisclosed appointment)."""
    trips: dict[str, list[Travel]] = {}
    for trip in ctx.profile.travel:
        code = ctx.country_of(trip.country, trip.host)
        if ctx.is_fcoc(code) and ctx.in_lookback(trip.when):
            trips.setdefault(code, []).append(trip)
    return [finding(fcoc_travel_pattern, Severity.LOW, f"{len(found)} trips to {code} within the lookback window",
                    "; ".join(f"{t.event or 'trip'} ({t.host or 'host unknown'}, {t.when.raw or 'undated'})"
                              for t in found[:6]) + ".",
                    [e for t in found for e in t.evidence[:1]])
            for code, found in sorted(trips.items()) if len(found) >= FREQUENT_TRIPS]


@rule("EXPORT_SHIPMENT", "Shipment or hand-carried items abroad")
def export_shipment(ctx: Ctx) -> list[Finding]:
    """The form declares shipments or hand-carried items (equipment, materials, data) going abroad: an export-licensing review is needed before they leave (medium)."""
    answered, disclosure = ctx.form_answer("shipment")
    if answered is not True or disclosure is None:
        return []
    return [finding(export_shipment, Severity.MEDIUM, "Items to be shipped or hand-carried abroad",
                    f"Form '{disclosure.field}': '{disclosure.answer}'.", disclosure.evidence)]


SENSITIVE_WORDS = re.compile(
    r"\b(hypersonic|missile|munition|warhead|radar|stealth|directed[- ]energy|nuclear weapon|"
    r"unmanned aerial|uav|drone swarm|quantum (?:computing|sensing|communication)|cryptanalysis|"
    r"semiconductor lithography|submarine|torpedo|night vision|electronic warfare)\b",
    re.IGNORECASE,
)


@rule("SENSITIVE_TOPIC", "Military end-use or emerging-technology topic")
def sensitive_topic(ctx: Ctx) -> list[Finding]:
    """The research touches a military end use or a critical and emerging technology (a context modifier for the reviewer, not a risk by itself: low when the form says so, info when only publication titles suggest it)."""
    out = []
    for topic in ("military", "emerging"):
        answered, disclosure = ctx.form_answer(topic)
        if answered is True and disclosure is not None:
            out.append(finding(sensitive_topic, Severity.LOW, f"Form declares a {topic} topic",
                               f"Form '{disclosure.field}': '{disclosure.answer}'.", disclosure.evidence))
    words: dict[str, list[Evidence]] = {}
    for pub in ctx.profile.publications:
        for word in SENSITIVE_WORDS.findall(pub.title):
            words.setdefault(word.casefold(), []).extend(pub.evidence)
    if words:
        out.append(finding(sensitive_topic, Severity.INFO, "Publication titles name sensitive topics",
                           f"Terms: {', '.join(sorted(words))}.", [e for ev in words.values() for e in ev][:10]))
    return out


# What a Yes to one of the office's own risk questions means, and how much it weighs.
DECLARED_RISKS: list[tuple[str, Severity, str]] = [
    ("restricted_party", Severity.HIGH, "The form says the person or the employer is a restricted party"),
    ("military_institution", Severity.HIGH, "The form says the person works at a military end-use institution"),
    ("sanctioned", Severity.HIGH, "The form declares citizenship or residence in a sanctioned country"),
    ("restricted_publications", Severity.MEDIUM, "The form declares publications with restricted parties"),
    ("controlled_access", Severity.MEDIUM, "Access to export-controlled items, technology or data"),
    ("unsolicited", Severity.LOW, "The visit or collaboration was unsolicited"),
]


@rule("FORM_DECLARED_RISK", "A risk the screening form itself declares")
def form_declared_risk(ctx: Ctx) -> list[Finding]:
    """The screening form answers Yes to one of the office's risk questions: restricted party, military end-use institution or sanctioned country (high), publications with restricted parties or access to export-controlled items (medium: a deemed-export review or technology control plan), an unsolicited approach (low: context). The person's own word counts even when no list match or CV fact shows it."""
    out = []
    for topic, severity, title in DECLARED_RISKS:
        answered, disclosure = ctx.form_answer(topic)
        if answered is True and disclosure is not None:
            out.append(finding(form_declared_risk, severity, title,
                               f"Form '{disclosure.field}': '{disclosure.answer}'.", disclosure.evidence))
    return out


def is_the_person(author: str, names: list[str]) -> bool:
    """'Quill, Ada', 'Quill A.' or 'Ada Quill' is the person Ada Quill: a full name word in common,
    and every other part the author gives agrees (a word equal, an initial the same letter)."""
    from intake.screen.normalise import person_tokens

    author_parts = person_tokens(re.sub(r"\b([A-Z])\.", r"\1 ", author))  # 'M.D.' are initials, not a degree
    for name in names:
        parts = person_tokens(name)
        shared = {w for w in author_parts if len(w) > 1} & {w for w in parts if len(w) > 1}
        if len(shared) >= 2:
            return True
        rest, others = [w for w in author_parts if w not in shared], [w for w in parts if w not in shared]
        if shared and rest and all(
                (w in others) if len(w) > 1 else any(o.startswith(w) for o in others) for w in rest):
            return True
    return False


def _in_cv(stated: list[str], organisation: str) -> bool:
    """A byline organisation the CV names (a token-set match of 85 or more with one stated name)."""
    from rapidfuzz import fuzz, process

    return process.extractOne(organisation, stated, scorer=fuzz.token_set_ratio, processor=str.casefold,
                              score_cutoff=85) is not None


def _stated(ctx: Ctx) -> list[str]:
    """The organisations the CV states: posts, visiting posts and degrees, each once."""
    p = ctx.profile
    return list(dict.fromkeys([*(a.organisation for a in [*p.affiliations, *p.visiting_appointments]),
                               *(e.organisation for e in p.education)]))


@rule("BYLINE_NOT_IN_CV", "Affiliation in publication bylines but not in the CV")
def byline_not_in_cv(ctx: Ctx) -> list[Finding]:
    """The person's own byline on a publication within the lookback window gives an organisation the CV never mentions (high in a country of concern or on a list: an undisclosed affiliation; low elsewhere: ask)."""
    names = [n for n in [ctx.profile.person.name, *ctx.profile.person.other_names] if n]
    found: dict[str, tuple[str | None, list[Match], list[Evidence], list[str]]] = {}
    stated, in_cv = _stated(ctx), set()  # each byline organisation compared with the CV once
    for pub in ctx.profile.publications:
        if not names or not ctx.in_lookback(year=pub.year) or pub.year is None:
            continue
        for byline in pub.bylines:
            if not is_the_person(byline.author, names):
                continue
            for org in byline.organisations:
                if org in found:
                    found[org][3].append(pub.title)
                    continue
                if org in in_cv or _in_cv(stated, org):
                    in_cv.add(org)
                    continue
                matches = ctx.orgs(org)
                code = ctx.country_of(byline.country, org, matches=matches)
                found[org] = (code, matches, list(pub.evidence), [pub.title])
    out = []
    for org, (code, matches, evidence, titles) in found.items():
        severity = Severity.HIGH if matches or ctx.is_fcoc(code) else Severity.LOW
        out.append(finding(byline_not_in_cv, severity, f"Byline affiliation not in the CV: {org}",
                           f"'{org}' ({code or 'country unknown'}) on the person's byline of {len(titles)} "
                           f"publication(s), e.g. '{titles[0][:80]}'; the CV lists no such post.",
                           evidence, matches[:1]))
    return out
