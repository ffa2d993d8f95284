"""Red flags from the person's facts and timeline: sanctioned jurisdictions, overlapping
appointments, chronology gaps and honorary titles at institutions in countries of concern."""

from __future__ import annotations

import re
from datetime import date

from intake.records import Affiliation, DateRange, Evidence, Finding, Severity
from intake.screen.concurrent import Post, concurrent_pairs
from intake.screen.context import Ctx, finding
from intake.screen.registry import rule

MIN_OVERLAP_DAYS = 90
# Concurrent pairs listed one finding each; more are counted in one finding (a hostile CV's square).
MAX_CONCURRENT_PAIRS = 1000
HONORIFIC = re.compile(
    r"\b(honorary|adjunct|guest|visiting|distinguished|chair|chaired|part[- ]time|"
    r"兼职|客座|讲座教授|名誉)", re.IGNORECASE
)


@rule("SANCTIONED_JURISDICTION", "Export-licensing hold: comprehensively sanctioned jurisdiction")
def sanctioned_jurisdiction(ctx: Ctx) -> list[Finding]:
    """Citizenship, residence or current employer is in a comprehensively sanctioned jurisdiction (OFAC: Cuba, Iran, North Korea, Crimea, DNR, LNR): an export-licensing hold for deemed exports and services, never a foreign-influence score by itself."""
    person = ctx.profile.person
    facts = [("citizenship", c) for c in person.citizenships] + [("residence", person.residence_country)]
    facts += [("current employer", ctx.country_of(a.country, a.organisation))
              for a in ctx.profile.affiliations if ctx.is_current(a.period)]
    out = []
    for what, raw in facts:
        code = ctx.country_of(raw) if raw else None
        if code in ctx.config.sanctioned_countries:
            out.append(finding(sanctioned_jurisdiction, Severity.HIGH, f"Export-licensing hold: {what} {code}",
                               f"{what.capitalize()}: {ctx.ref.country_name(code)} ({code}).", person.evidence))
        elif code and any(t.startswith("ofac-ended") for t in ctx.ref.country_tags(code)):
            ended = next(t for t in ctx.ref.country_tags(code) if t.startswith("ofac-ended")).split(":", 1)[1]
            out.append(finding(sanctioned_jurisdiction, Severity.INFO, f"{what.capitalize()} {code}: program ended",
                               f"{what.capitalize()}: {code}; the comprehensive program ended {ended} "
                               "(targeted sanctions and EAR controls may still apply).", person.evidence))
    return out


def _span(period: DateRange, today: date) -> tuple[date, date] | None:
    if period.start is None:
        return None
    end = period.end or (today if period.current or period.end is None else period.start)
    return (period.start, end) if end >= period.start else None


@rule("OVERLAPPING_APPOINTMENTS", "Concurrent appointments at different institutions")
def overlapping_appointments(ctx: Ctx) -> list[Finding]:
    """Two appointments at different institutions in different countries ran at the same time for more than three months (medium: capacity and conflict of commitment; high when one is in a country of concern and the form denies foreign appointments)."""
    answered, disclosure = ctx.form_answer("appointment")
    positions = [a for a in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments] if a.period.start]
    countries = [ctx.country_of(a.country, a.organisation) for a in positions]
    found = concurrent_pairs([_post(ctx, a, c) for a, c in zip(positions, countries)],
                             MIN_OVERLAP_DAYS, MAX_CONCURRENT_PAIRS)
    denied = answered is False
    extra = disclosure.evidence if disclosure else []
    out = []
    for i, j in found.pairs:
        first, second = positions[i], positions[j]
        severity, detail = _overlap(ctx, first, second, denied, countries[i], countries[j])
        out.append(finding(overlapping_appointments, severity,
                           f"Concurrent: {first.organisation} / {second.organisation}", detail,
                           first.evidence + second.evidence + extra))
    if found.more:
        # never silent: the pairs past the budget are counted, at the strongest severity they could have
        fcoc = denied and any(ctx.is_fcoc(c) for c in countries)
        out.append(finding(overlapping_appointments, Severity.HIGH if fcoc else Severity.MEDIUM,
                           f"{found.more:,} more concurrent appointments not listed",
                           f"{len(found.pairs) + found.more:,} pairs of appointments ran at the same time; "
                           f"only the first {len(found.pairs):,} are listed one by one.", extra))
    return out


def _post(ctx: Ctx, a: Affiliation, country: str | None) -> Post | None:
    """The appointment as the overlap sweep sees it; None when it cannot overlap anything."""
    span = certain_span(a.period, ctx.today)
    if span is None or not country:
        return None
    return Post(span[0].toordinal(), span[1].toordinal(), country, a.organisation.casefold())


# Words of an open or bounded range that are not month names.
_RANGE_WORDS = re.compile(r"\b(present|now|current|today|date|ongoing|since|from|to|until|till|and)\b", re.IGNORECASE)
_MONTH_NUMBER = re.compile(r"\b\d{1,2}\s*[/.]\s*\d{2,4}\b")  # 09/2019, 01.09.2019


def _year_only(period: DateRange) -> bool:
    """The period is written in whole years ("2011-2013", "2019-21", "since 2020"): the parsed
    dates fill a whole year and the text names no month."""
    if period.start is None or (period.start.month, period.start.day) != (1, 1):
        return False
    if period.end is not None and (period.end.month, period.end.day) != (12, 31):
        return False
    text = _RANGE_WORDS.sub(" ", period.raw)
    return not re.search(r"[^\W\d_]{3,}|月", text) and not _MONTH_NUMBER.search(text)


def certain_span(period: DateRange, today: date) -> tuple[date, date] | None:
    """The part of a period it certainly covers: a year-only start counts from that year's end and a
    year-only end from that year's start, so touching ranges ("2011-2013", "2013-2018") share no
    certain day: the move happened some time in 2013 (issue 16: consecutive posts were reported
    as overlapping)."""
    span = _span(period, today)
    if span is None or not _year_only(period):
        return span
    start, end = span
    start = date(start.year, 12, 31)
    if period.end is not None and not period.current:
        end = date(end.year, 1, 1)
    return (start, end) if end >= start else None


def _overlap(ctx: Ctx, a: Affiliation, b: Affiliation, denied: bool, country_a: str | None,
             country_b: str | None) -> tuple[Severity, str]:
    """Severity and wording of a pair the sweep found concurrent (intake/screen/concurrent.py)."""
    span_a, span_b = certain_span(a.period, ctx.today), certain_span(b.period, ctx.today)
    assert span_a is not None and span_b is not None
    start, end = max(span_a[0], span_b[0]), min(span_a[1], span_b[1])
    fcoc = ctx.is_fcoc(country_a) or ctx.is_fcoc(country_b)
    severity = Severity.HIGH if fcoc and denied else Severity.MEDIUM
    return severity, f"{a.organisation} ({country_a}) and {b.organisation} ({country_b}) overlap {start} to {end}."


@rule("CHRONOLOGY_GAP", "Unexplained gap in the CV chronology")
def chronology_gap(ctx: Ctx) -> list[Finding]:
    """The education and employment history (visiting posts included) has a gap longer than the configured number of months (low: ask the person to explain it)."""
    items = [*ctx.profile.affiliations, *ctx.profile.visiting_appointments, *ctx.profile.education]
    spans = sorted(((span, item.evidence) for item in items if (span := _span(item.period, ctx.today))),
                   key=lambda pair: pair[0])
    out = []
    covered_to: date | None = None
    before: list[Evidence] = []
    for (start, end), evidence in spans:
        if covered_to is not None and _months(covered_to, start) > ctx.config.gap_months:
            # the entries on either side of the gap are what the person is asked about
            out.append(finding(chronology_gap, Severity.LOW, f"Gap {covered_to:%Y-%m} to {start:%Y-%m}",
                               f"No position, visit or study from {covered_to:%Y-%m} to {start:%Y-%m} "
                               f"({_months(covered_to, start)} months).", [*before[:1], *evidence[:1]]))
        if covered_to is None or end >= covered_to:
            covered_to, before = end, evidence
    return out


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


@rule("HONORIFIC_TITLE", "Honorary, adjunct or guest title in a country of concern")
def honorific_title(ctx: Ctx) -> list[Finding]:
    """The person holds or held an honorary, adjunct, guest, visiting or chair title at an institution in a country of concern within the lookback window (medium: honorific titles count as compensation under the FTRP definition)."""
    out = []
    for aff in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments]:
        titled = aff.honorary or aff.adjunct or aff.visiting or HONORIFIC.search(aff.role)
        code = ctx.country_of(aff.country, aff.organisation, matches=ctx.orgs(aff.organisation))
        if titled and ctx.is_fcoc(code) and ctx.in_lookback(aff.period):
            out.append(finding(honorific_title, Severity.MEDIUM, f"{aff.role or 'Titled'} at {aff.organisation}",
                               f"'{aff.role}' at {aff.organisation} ({code}).", aff.evidence))
    return out


# Part-A items of a malign foreign talent recruitment program (CHIPS s.19237(4)(A)) as CVs word them.
MFTRP_WORDS = [
    ("a laboratory, centre or company set up abroad",
     re.compile(r"\b(?:found(?:ed|ing|er)|co-?found\w*|establish(?:ed|ing)|set up|built|launch(?:ed|ing))\b[^.;]{0,80}?"
                r"\b(?:lab(?:oratory)?|company|start-?up|cent(?:er|re)|institute|workshop|studio)\b"
                r"|\bjoint (?:lab(?:oratory)?|research cent(?:er|re)|institute)\b|联合实验室|创办|成立", re.IGNORECASE)),
    ("recruiting students or researchers",
     re.compile(r"\brecruit(?:ed|ing|ment)?\b[^.;]{0,40}?\b(?:students|researchers|talents?|scholars|postdocs?)\b"
                r"|招收|招聘", re.IGNORECASE)),
    ("intellectual property assigned abroad",
     re.compile(r"\b(?:IP|intellectual property|patents?|inventions?)\b[^.;]{0,40}?\b(?:assigned|transferred|licensed|"
                r"owned by|belong(?:s|ing)? to)\b", re.IGNORECASE)),
    ("a salary or stipend paid abroad",
     re.compile(r"\b(?:salary|stipend|remuneration|compensation|living allowance)\b|工资|薪酬|补贴", re.IGNORECASE)),
]


@rule("MFTRP_INDICATOR", "Signs of a malign foreign talent recruitment program")
def mftrp_indicator(ctx: Ctx) -> list[Finding]:
    """A post in a country of concern comes with a laboratory, centre or company set up there, student or researcher recruitment, intellectual property assigned there, or a salary paid there (high: Part-A terms of a malign foreign talent recruitment program under CHIPS s.19237(4)(A); the reviewer confirms from the contract)."""
    out = []
    for aff in [*ctx.profile.affiliations, *ctx.profile.visiting_appointments]:
        code = ctx.country_of(aff.country, aff.organisation, matches=ctx.orgs(aff.organisation))
        if not ctx.is_fcoc(code) or not ctx.in_lookback(aff.period):
            continue
        text = " ".join(e.quote for e in aff.evidence)
        signs = [what for what, pattern in MFTRP_WORDS if pattern.search(text)]
        if signs:
            out.append(finding(mftrp_indicator, Severity.HIGH, f"{aff.organisation} ({code}): {', '.join(signs)}",
                               f"'{aff.role or 'Post'}' at {aff.organisation} ({code}) with {'; '.join(signs)}.",
                               aff.evidence))
    return out


@rule("IDENTITY_INCONSISTENT", "The documents disagree about who the person is")
def identity_inconsistent(ctx: Ctx) -> list[Finding]:
    """The CV and the screening form give different names, citizenships or countries of birth (low: identity resolution; ask which is right, a transliteration or a second citizenship is often the answer)."""
    return [finding(identity_inconsistent, Severity.LOW, f"Different {item.field} in the documents",
                    f"{item.field.capitalize()}: CV '{item.values[0]}', form '{item.values[-1]}'.", item.evidence)
            for item in ctx.profile.inconsistencies]
