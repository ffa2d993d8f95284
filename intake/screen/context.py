"""What every rule receives: the profile, reference data, configuration, today, and small helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from intake.records import DateRange, Disclosure, Document, Evidence, Finding, Match, Profile, Severity
from intake.screen.calibration import default_threshold
from intake.screen.parse_common import source_code

# Below the match threshold, down to this share of it, a person's own organisation that resembles a
# listed name is shown to the reviewer (POSSIBLE_LISTED_MATCH), so a retyped listed name is not passed
# over in silence; bench_matchers' 'rsi-band' column measures what reaches the band
REVIEW_SHARE = 0.5

if TYPE_CHECKING:
    from intake.screen.lists import ReferenceData
    from intake.settings import Settings

# Severity of a listed-entity tie by list (DOMAIN.md section 6, row 4): (current, past).
LIST_TIERS: dict[str, tuple[Severity, Severity]] = {
    "SDN": (Severity.BLOCKER, Severity.BLOCKER),
    "DPL": (Severity.BLOCKER, Severity.BLOCKER),
    "DTC": (Severity.BLOCKER, Severity.BLOCKER),
    "EL": (Severity.HIGH, Severity.MEDIUM),
    "MEU": (Severity.HIGH, Severity.MEDIUM),
    "MIEU": (Severity.HIGH, Severity.MEDIUM),
    "1260H": (Severity.HIGH, Severity.MEDIUM),
    "1286": (Severity.HIGH, Severity.MEDIUM),
    "CMIC": (Severity.HIGH, Severity.MEDIUM),
}
DEFAULT_TIER = (Severity.MEDIUM, Severity.LOW)  # UVL, ISN, SSI, FSE, CAP, UFLPA, ...
FOREIGN_TIER = (Severity.LOW, Severity.INFO)  # other governments' lists (Canada NRO, Japan EUL)
FOREIGN_LISTS = frozenset({"NRO", "JP-EUL"})
DEFENCE_LISTS = frozenset({"ASPI"})
_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.BLOCKER]
_YES = re.compile(r"^\s*(yes|y|true|x|checked|on|1)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(no|n|false|none|unchecked|off|0|n/a)\b", re.IGNORECASE)

DOD_TAG = "dod"  # funders tagged so in the lists are US Department of Defense agencies
_BARE_YES_NO = re.compile(r"\s*(yes|no|y|n|true|false|x|checked|unchecked|on|off)\s*[.!]?\s*", re.IGNORECASE)

# Which form question is about what, by its label (ours and other offices' forms): a pattern the
# label must contain, and one it must not (a question about publications with restricted parties
# is not the restricted-party question).
FORM_TOPICS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    topic: (re.compile(pattern, re.IGNORECASE), re.compile(unless, re.IGNORECASE) if unless else None)
    for topic, pattern, unless in [
        ("funding", r"foreign (?:funding|support)|other support|\bfunding\b|\bgrants?\b", None),
        ("appointment", r"foreign (?:appointment|position|employment)|\bappointments?\b|\baffiliations?\b", None),
        ("patent", r"\bpatent", None),
        ("talent", r"\btalent", None),
        ("shipment", r"shipped|shipments?\b|hand[- ]?carr|\bship\b|\bexport(?:s|ed|ing)?\b(?![- ]control)", None),
        ("military", r"military end[- ]use\b(?![- ]institution)|military (?:application|purpose)", r"publication"),
        ("emerging", r"emerging tech|critical tech", None),
        ("dod", r"department of defen[cs]e|\bdod\b", None),
        ("restricted_party", r"restricted part(?:y|ies)|denied part|entity list", r"publication"),
        ("sanctioned", r"sanctioned countr|embargoed countr", None),
        ("military_institution", r"military end[- ]use institution|military institution|military end[- ]user",
         r"publication"),
        ("restricted_publications", r"publications?\b.*\b(?:restricted|military|entity list)", None),
        ("controlled_access", r"export[- ]controlled", r"ship|hand[- ]?carr"),
        ("unsolicited", r"\bunsolicited\b", None),
    ]
}


def on_topic(topic: str, field: str) -> bool:
    """Whether a form question (its label or field name) is the question about `topic`."""
    pattern, unless = FORM_TOPICS[topic]
    text = field.replace("_", " ")
    return bool(pattern.search(text)) and not (unless and unless.search(text))


@dataclass(frozen=True)
class ScreeningConfig:
    """Thresholds, windows and country sets a screening uses (from Settings at the edge)."""

    org_threshold: float | None = None  # None: the matcher's fitted default
    person_threshold: float | None = None
    lookback_years: int = 5
    gap_months: int = 12
    countries_of_concern: frozenset[str] = frozenset({"CN", "HK", "MO", "RU", "IR", "KP"})
    sanctioned_countries: frozenset[str] = frozenset({"CU", "IR", "KP", "UA-CRIMEA", "UA-DPR", "UA-LPR"})

    @classmethod
    def from_settings(cls, settings: Settings) -> ScreeningConfig:
        """The screening part of the settings."""
        return cls(
            org_threshold=settings.org_match_threshold,
            person_threshold=settings.person_match_threshold,
            lookback_years=settings.lookback_years,
            gap_months=settings.gap_months,
            countries_of_concern=frozenset(c.upper() for c in settings.countries_of_concern),
            sanctioned_countries=frozenset(c.upper() for c in settings.sanctioned_countries),
        )


def escalate(severity: Severity) -> Severity:
    """One tier up (undisclosed items): low -> medium -> high -> blocker."""
    return _ORDER[min(_ORDER.index(severity) + 1, len(_ORDER) - 1)]


def lower(severity: Severity) -> Severity:
    """One tier down (delisted entries, items outside the lookback window)."""
    return _ORDER[max(_ORDER.index(severity) - 1, 0)]


def list_tier(source_list: str, current: bool) -> Severity:
    """Severity of a tie to an entry of this list, current or past."""
    code = source_code(source_list)
    tier = LIST_TIERS.get(code, FOREIGN_TIER if code in FOREIGN_LISTS else DEFAULT_TIER)
    return tier[0] if current else tier[1]


def yes_no(answer: str) -> bool | None:
    """A form answer as True/False, None when it is neither."""
    if _YES.match(answer):
        return True
    if _NO.match(answer):
        return False
    return None


@dataclass
class Ctx:
    """A screening in progress: inputs plus lookups shared by the rules."""

    profile: Profile
    ref: ReferenceData
    config: ScreeningConfig
    today: date
    documents: Sequence[Document] = ()  # the case's documents, for the full-text sweep
    # Each organisation matched once per screening: a dozen rules ask about the same names, and a
    # hostile CV repeats a few names thousands of times (issue 13).
    _orgs: dict[str, list[Match]] = field(default_factory=dict, repr=False)

    def orgs(self, text: str) -> list[Match]:
        """Listed organisations matching `text`."""
        if text not in self._orgs:
            self._orgs[text] = self.ref.matcher.match(text, "org", self.config.org_threshold) if text.strip() else []
        return list(self._orgs[text])

    def near_orgs(self, text: str) -> list[Match]:
        """Listed organisations `text` resembles below the match threshold, down to REVIEW_SHARE of it,
        best first (a typo, a short form or a namesake the calibrated score was not sure of)."""
        threshold = self.org_threshold()
        found = self.ref.matcher.match(text, "org", REVIEW_SHARE * threshold, limit=3) if text.strip() else []
        return [m for m in found if m.score < threshold]

    def org_threshold(self) -> float:
        """The organisation match threshold in force: the configured one, else the fitted default."""
        return self.config.org_threshold if self.config.org_threshold is not None else default_threshold("org")

    def is_current(self, period: DateRange) -> bool:
        """Still running today ('to present', no end, or an end in the future)."""
        if period.current:
            return True
        if period.end is None:
            return period.start is not None or not period.raw
        return period.end >= self.today

    def lookback_start(self) -> date:
        """First day of the lookback window."""
        return self.today.replace(year=self.today.year - self.config.lookback_years, day=1)

    def in_lookback(self, period: DateRange | None = None, year: int | None = None) -> bool:
        """Overlaps the lookback window (unknown dates count as inside: ask, don't assume)."""
        if year is not None:
            return year >= self.lookback_start().year
        if period is None or (period.end is None and period.start is None):
            return True
        return self.is_current(period) or (period.end or period.start or self.today) >= self.lookback_start()

    def country_of(self, country: str | None, *texts: str, matches: list[Match] | None = None) -> str | None:
        """ISO code from the stated country, the matched entries, or a place named in the text."""
        if country:
            return self.ref.country_code(country) or country.upper()
        for match in matches or []:
            if match.entry.country:
                return match.entry.country
        for text in texts:
            code = self.ref.country_code(text)
            if code:
                return code
        return None

    def is_fcoc(self, code: str | None) -> bool:
        """A foreign country of concern (configured set)."""
        return bool(code) and code in self.config.countries_of_concern

    def form_answer(self, topic: str) -> tuple[bool | None, Disclosure | None]:
        """The form's Yes/No answer on a topic (tolerant field-name lookup), with the answer itself.

        A Yes/No question wins over a free-text field that mentions the topic ('Who funds the
        visit?' is not the foreign-funding question); with none, the first free-text field counts.
        """
        asked = [d for d in self.profile.disclosures if on_topic(topic, d.field)]
        # a bare Yes/No first, then an answer that starts with one ('Yes, from ...'), then free text
        asked.sort(key=lambda d: 0 if _BARE_YES_NO.fullmatch(d.answer) else 1 if yes_no(d.answer) is not None else 2)
        if not asked:
            return None, None
        return yes_no(asked[0].answer), asked[0]

    def dod_funded(self) -> tuple[bool, list[Evidence]]:
        """Whether the work is funded by the US Department of Defense, and what says so.

        The form's DoD question answered Yes, or a current grant from a funder the lists tag as a DoD
        agency (lists/research_funders.yaml).
        """
        answered, disclosure = self.form_answer("dod")
        if answered and disclosure is not None:
            return True, disclosure.evidence
        for grant in self.profile.funding:
            matches = self.ref.funder_matcher.match(grant.funder, "org", self.config.org_threshold)
            if any(DOD_TAG in m.entry.programs for m in matches) and self.is_current(grant.period):
                return True, grant.evidence
        return False, []

    def has_form(self) -> bool:
        """True when a screening form was read (omission rules need one)."""
        return bool(self.profile.disclosures)


def rule_doc(fn: Callable[..., object]) -> str:
    """The first paragraph of a rule's docstring, on one line (the finding's explanation)."""
    doc = (fn.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


def finding(
    fn: Callable[..., object],
    severity: Severity,
    title: str,
    detail: str,
    evidence: list[Evidence] | None = None,
    matches: list[Match] | None = None,
) -> Finding:
    """A Finding of rule `fn` (id = fn.rule_id, explanation = its docstring + the detail)."""
    return Finding(
        rule_id=getattr(fn, "rule_id"),
        title=title,
        severity=severity,
        explanation=f"{rule_doc(fn)} {detail}".strip(),
        evidence=list(evidence or []),
        matches=list(matches or []),
    )
