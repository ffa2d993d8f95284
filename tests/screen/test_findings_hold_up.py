"""Findings that hold up (issue 16): touching ranges, the home appointment, a form answer the lists
contradict, short finding keys, and clean visitors who must give no finding at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from clean_visitors import DEV, HELD_OUT, Visitor, write_case
from screen_factory import EV, TODAY, aff, config, form, profile, starter

from intake.limits import ReadLimits
from intake.pipeline import assess, read
from intake.records import Affiliation, DateRange, Finding, Person, Severity
from intake.screen import screen_profile
from intake.screen.rules_timeline import certain_span
from workflow.cases.findings import resolve_key


def _post(org: str, raw: str, start: date, end: date | None, country: str) -> Affiliation:
    return Affiliation(organisation=org, country=country, evidence=EV,
                       period=DateRange(start=start, end=end, current=end is None, raw=raw))


def _rules(p, rule_id: str) -> list[Finding]:
    return [f for f in screen_profile(p, starter(), config(), TODAY).findings if f.rule_id == rule_id]


def test_touching_year_ranges_are_consecutive_not_overlapping() -> None:
    before = _post("University of Zurich", "2011-2013", date(2011, 1, 1), date(2013, 12, 31), "CH")
    after = _post("University of Freiburg", "2013-2018", date(2013, 1, 1), date(2018, 12, 31), "DE")
    assert _rules(profile(affiliations=[before, after]), "OVERLAPPING_APPOINTMENTS") == []
    # ranges that truly overlap for years still do
    longer = _post("University of Zurich", "2011-2016", date(2011, 1, 1), date(2016, 12, 31), "CH")
    found = _rules(profile(affiliations=[longer, after]), "OVERLAPPING_APPOINTMENTS")
    assert len(found) == 1 and found[0].severity == Severity.MEDIUM


def test_months_written_out_are_taken_at_their_word() -> None:
    first = _post("University of Zurich", "Jan 2013 - Dec 2015", date(2013, 1, 1), date(2015, 12, 31), "CH")
    second = _post("University of Freiburg", "Jan 2015 - present", date(2015, 1, 1), None, "DE")
    assert _rules(profile(affiliations=[first, second]), "OVERLAPPING_APPOINTMENTS")
    numeric = DateRange(start=date(2013, 1, 1), end=date(2015, 12, 31), raw="01/2013 - 12/2015")
    assert certain_span(numeric, TODAY) == (date(2013, 1, 1), date(2015, 12, 31))


def test_certain_span_of_year_ranges() -> None:
    touching = DateRange(start=date(2013, 1, 1), end=date(2013, 12, 31), raw="2013")
    assert certain_span(touching, TODAY) is None  # one year: when in it is unknown
    running = DateRange(start=date(2019, 1, 1), current=True, raw="2019-present")
    assert certain_span(running, TODAY) == (date(2019, 12, 31), TODAY)


def test_past_foreign_post_is_no_lie_to_a_question_about_posts_held_now() -> None:
    past = aff("University of Toronto", 2019, 2023, country="CA")
    now_question = form(Besides_the_home_institution_do_you_hold_a_foreign_appointment="No")
    assert _rules(profile(affiliations=[past], disclosures=now_question), "UNDISCLOSED_APPOINTMENT") == []
    past_question = form(Foreign_appointments_held_in_the_past_five_years="No")
    assert _rules(profile(affiliations=[past], disclosures=past_question), "UNDISCLOSED_APPOINTMENT")


def test_a_no_contradicted_by_three_lists_is_one_high_finding_naming_them() -> None:
    employer = aff("Beihang University", 2019, country="CN")
    found = _rules(profile(affiliations=[employer], disclosures=form(
        Is_the_collaborator_or_the_current_employer_on_a_list_of_restricted_parties="No")),
        "FORM_ANSWER_CONTRADICTED")
    assert len(found) == 1 and found[0].severity == Severity.HIGH
    assert found[0].matches and "restricted part" in found[0].explanation
    # a past post is not the current employer the question asks about
    past = aff("Beihang University", 2010, 2014, country="CN")
    assert _rules(profile(affiliations=[past], disclosures=form(
        Is_the_current_employer_on_a_list_of_restricted_parties="No")), "FORM_ANSWER_CONTRADICTED") == []


def test_a_no_to_the_sanctioned_country_question_against_a_stated_citizenship() -> None:
    person = Person(name="A. Fictional", citizenships=["IR"], evidence=EV)
    found = _rules(profile(person=person, disclosures=form(Citizen_of_a_sanctioned_country="No")),
                   "FORM_ANSWER_CONTRADICTED")
    assert [f.severity for f in found] == [Severity.HIGH]
    clean = Person(name="A. Fictional", citizenships=["DE"], evidence=EV)
    assert _rules(profile(person=clean, disclosures=form(Citizen_of_a_sanctioned_country="No")),
                  "FORM_ANSWER_CONTRADICTED") == []


def test_short_keys_are_short_stable_distinct_and_resolve() -> None:
    findings = screen_profile(profile(affiliations=[aff("Beihang University", 2019, country="CN")]),
                              starter(), config(), TODAY).findings
    again = screen_profile(profile(affiliations=[aff("Beihang University", 2019, country="CN")]),
                           starter(), config(), TODAY).findings
    shorts = [f.short_key for f in findings]
    assert len(findings) >= 2 and all(len(s) == 10 for s in shorts)
    assert shorts == [f.short_key for f in again] and len(set(shorts)) == len(shorts)
    first = findings[0]
    assert resolve_key(findings, first.short_key) == first.key
    assert resolve_key(findings, first.short_key.upper()[:7]) == first.key
    assert resolve_key(findings, first.key) == first.key
    assert resolve_key(findings, "zzzzzzzzzz") is None


def _screen_visitor(v: Visitor, tmp: Path) -> list[Finding]:
    folder = write_case(v, tmp / v.email.split("@")[0])
    docs = [read(p, ReadLimits(ocr_enabled=False)) for p in sorted(folder.iterdir())]
    profile_, screening = assess(docs, starter(), config(), TODAY)
    assert profile_.person.name == v.name and len(profile_.affiliations) >= len(v.posts)
    return screening.findings


@pytest.mark.parametrize("visitor", DEV + HELD_OUT, ids=lambda v: v.name)
def test_a_clean_visitors_cv_and_form_give_no_finding(visitor: Visitor, tmp_path: Path) -> None:
    found = _screen_visitor(visitor, tmp_path)
    assert found == [], [(f.rule_id, f.title) for f in found]
