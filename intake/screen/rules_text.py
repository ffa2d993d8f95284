"""Red flags that do not depend on the document's structure being understood: talks hosted by a
listed institution, and listed organisations the full-text sweep finds where no structured fact
placed them (intake/screen/sweep.py)."""

from __future__ import annotations

from intake.records import Evidence, Finding, Match, Severity
from intake.screen.context import DEFENCE_LISTS, Ctx, finding, list_tier, lower
from intake.screen.parse_common import source_code
from intake.screen.registry import rule
from intake.screen.rules_lists import HIGH_DEFENCE
from intake.screen.sweep import Mention, SweepStats, fold
from intake.screen.sweep_persons import PARTICLES

MAX_EVIDENCE = 5  # lines quoted per finding; the count says how many more there are


def full_name_written(match: Match) -> bool:
    """Whether the text writes every word of the listed person's name in full (no dropped given or
    middle name, no initial). A co-author 'Sergei Petrov' is as likely another man as 'PETROV, Sergei
    Ivanovich': such partial names are kept, but as a low finding asking for identity, so common
    names do not bury a reviewer in high findings."""
    written = {fold(w) for w in match.query.replace(",", " ").split() if len(w.strip(".")) > 1}
    listed = {fold(w) for w in match.matched_name.replace(",", " ").split()} - PARTICLES
    return bool(listed) and listed <= written


_ORDER = list(Severity)  # strongest first


def _tier(ctx: Ctx, match: Match, current: bool) -> Severity:
    """Severity of a tie to this entry whose kind the text does not say (defence list: as its rule)."""
    code = source_code(match.entry.source_list)
    if code in DEFENCE_LISTS:
        risk = (match.entry.risk or "").casefold()
        severity = Severity.HIGH if any(k in risk for k in HIGH_DEFENCE) else Severity.MEDIUM
        severity = severity if current else lower(severity)
    else:
        severity = list_tier(match.entry.source_list, current)
    if match.entry.end_date and match.entry.end_date < ctx.today:
        severity = lower(severity)
    return severity


def entry_key(match: Match) -> tuple[str, str]:
    """One listed body per list: (list code, folded entry name); duplicate rows of a list are one."""
    return source_code(match.entry.source_list), fold(match.entry.name)


@rule("LISTED_TALK_HOST", "Talk or seminar hosted by a listed institution")
def listed_talk_host(ctx: Ctx) -> list[Finding]:
    """The person gave a talk or seminar, or made a visit, hosted by an institution on a restricted-party or defence list (severity as a past tie on that list; one tier lower outside the lookback window)."""
    out = []
    for trip in ctx.profile.travel:
        seen: set[tuple[str, str]] = set()
        for match in ctx.orgs(trip.host):
            if entry_key(match) in seen:
                continue
            seen.add(entry_key(match))
            code = source_code(match.entry.source_list)
            severity = _tier(ctx, match, False)
            if not ctx.in_lookback(trip.when):
                severity = lower(severity)
            detail = f"{trip.event or 'Talk or visit'} hosted by '{trip.host}' matches '{match.matched_name}' on {code}."
            out.append(finding(listed_talk_host, severity, f"Talk hosted by {match.entry.name} ({code})", detail,
                               trip.evidence, [match]))
    return out


def structured_keys(ctx: Ctx) -> set[tuple[str, str]]:
    """Entries a structured fact already names where a rule judges that fact against the lists (a
    post or degree, a co-author, a hosted visitor, a talk host): those rules decide them, also when
    they decide not to flag (a co-authorship before the lookback window), so the sweep never adds a
    second copy. Funders are not among them: no rule judges a funder against the lists, so a listed
    funder is left to the sweep rather than to silence."""
    p = ctx.profile
    texts = [a.organisation for a in [*p.affiliations, *p.visiting_appointments]]
    texts += [e.organisation for e in p.education] + [v.organisation for v in p.hosted_visitors]
    texts += [o for pub in p.publications for o in pub.coauthor_organisations]
    texts += [t.host for t in p.travel]
    keys = {entry_key(m) for text in dict.fromkeys(texts) for m in ctx.orgs(text)}
    # the subject's own name (on every CV's first line) is LISTED_PERSON's to judge
    names = dict.fromkeys(n for n in [p.person.name, *p.person.other_names] if n and n.strip())
    return keys | {entry_key(m) for n in names for m in ctx.ref.matcher.match(n, "person", ctx.config.person_threshold)}


def _evidence(mentions: list[Mention]) -> list[Evidence]:
    return [Evidence(document_sha256=m.document_sha256, page=m.page or None, line=m.line if m.page else None,
                     quote=m.quote) for m in mentions[:MAX_EVIDENCE]]


def _where(m: Mention) -> str:
    return f"p.{m.page} l.{m.line}" if m.page else f"form field '{m.quote.split(':', 1)[0]}'"


@rule("LISTED_NAME_IN_TEXT", "Listed organisation or person named in a document", fallback=True)
def listed_name_in_text(ctx: Ctx) -> list[Finding]:
    """A document names an organisation or person on a restricted-party or defence list in a place its structure did not explain (a position, talk, co-author or collaborator the extraction could not read): severity as a past tie on that list, as a current one when the line says 'present' or 'since', so that a reviewer reads the quoted lines (a listed person's name needs identity confirmation)."""
    if not ctx.documents:
        return []
    stats = SweepStats()
    mentions: dict[tuple[str, str], list[Mention]] = {}
    for document in ctx.documents:
        for mention in ctx.ref.sweeper.sweep(document, ctx.ref.matcher, ctx.config.org_threshold, stats,
                                             ctx.config.person_threshold):
            mentions.setdefault(entry_key(mention.match), []).append(mention)
    out = [finding(listed_name_in_text, Severity.INFO, f"No text to sweep in {name}",
                   "The document has no readable text (an image without OCR, or empty), so listed names in it cannot be found.")
           for name in stats.unread]
    # the work per page is bounded; what was not swept is said, never skipped in silence
    out += [finding(listed_name_in_text, Severity.INFO, f"{name} p.{page} swept in part" if page else
                    f"{name} form answers swept in part",
                    f"The page is far longer or denser in candidate names than any CV page, so the sweep "
                    f"stopped there ({left}); listed names in the rest are not looked for: read it.")
            for name, page, left in stats.partial]
    explained = structured_keys(ctx) if mentions else set()
    for key, found in mentions.items():
        if key in explained:
            continue
        found.sort(key=lambda m: (not m.current, -m.match.score, m.page, m.line))
        best = found[0]
        code = key[0]
        current = any(m.current and not m.talk for m in found)
        talk = all(m.talk for m in found)
        severity = _tier(ctx, best.match, current and not talk)
        where = ", ".join(_where(m) for m in found[:MAX_EVIDENCE])
        more = f" and {len(found) - MAX_EVIDENCE} more" if len(found) > MAX_EVIDENCE else ""
        person = best.method == "person"
        partial = person and not any(full_name_written(m.match) for m in found)
        if partial:
            severity = max(severity, Severity.LOW, key=_ORDER.index)
        what = ("a line naming a person by part of the listed name (likely a namesake; confirm identity: "
                "date of birth, nationality)" if partial
                else "a line naming a person (confirm identity: date of birth, nationality)" if person
                else "a talk, seminar or visit" if talk else "a line whose role the structure did not read")
        detail = (f"'{best.match.matched_name}' ({code}) named in {what} at {where}{more}: "
                  f"'{best.quote[:160]}' ({best.method}; {best.match.why}).")
        title = (f"Listed person {best.match.entry.name} ({code}) named in the text" if person
                 else f"Talk or visit at {best.match.entry.name} ({code}), in the text" if talk
                 else f"{best.match.entry.name} ({code}) named in the text")
        out.append(finding(listed_name_in_text, severity, title, detail, _evidence(found), [best.match]))
    return out
