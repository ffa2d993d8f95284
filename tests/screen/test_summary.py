"""The case summary (intake/screen/summary.py): the office's questions answered yes / no / unknown
with evidence, and findings grouped by organisation. Profiles are fictional; the lists are the
starter lists, so every yes comes from a real screening."""

from __future__ import annotations

from screen_factory import EV, FORM_EV, TODAY, aff, config, form, profile, starter

from intake.records import Byline, Disclosure, Person, Publication
from intake.screen import screen_profile
from intake.screen.summary import group_by_organisation, summarise

SANCTIONED = config().sanctioned_countries


def _summary(p, kind: str = ""):
    findings = screen_profile(p, starter(), config(), TODAY).findings
    return summarise(p, findings, TODAY, SANCTIONED, kind), findings


def _answers(p, kind: str = "") -> dict[str, str]:
    return {q.id: q.answer for q in _summary(p, kind)[0].questions}


def test_a_listed_current_employer_answers_yes_with_its_finding_keys() -> None:
    p = profile(affiliations=[aff("Beihang University", 2019, country="CN")])
    summary, findings = _summary(p)
    q = {q.id: q for q in summary.questions}
    assert q["restricted_party"].answer == "yes" and q["military_institution"].answer == "yes"
    keys = {f.short_key for f in findings if f.rule_id == "RPL_AFFILIATION"}
    assert keys and keys <= set(q["restricted_party"].finding_keys)
    assert any("Beihang" in line for line in q["restricted_party"].evidence)


def test_a_past_listed_post_is_not_the_current_employer() -> None:
    p = profile(affiliations=[aff("University of Toronto", 2020, country="CA"),
                              aff("Beihang University", 2008, 2012, country="CN")])
    answers = _answers(p)
    assert answers["restricted_party"] == "no"  # a finding exists, but about a past post
    assert answers["military_institution"] == "no"


def test_nothing_read_means_unknown_not_no() -> None:
    answers = _answers(profile())
    assert set(answers.values()) == {"unknown"}
    assert "visit_funding" not in answers  # a collaboration: no visitor questions


def test_sanctioned_country_from_the_stated_citizenship() -> None:
    assert _answers(profile(person=Person(name="A. Fictional", citizenships=["IR"], evidence=EV)))[
        "sanctioned_country"] == "yes"
    assert _answers(profile(person=Person(name="A. Fictional", citizenships=["DE"], evidence=EV)))[
        "sanctioned_country"] == "no"


def test_publications_since_2019_with_listed_coauthors() -> None:
    listed = Publication(title="Fictional results", year=2022, coauthor_organisations=["Beihang University"],
                         bylines=[Byline(author="Li Fictional", organisations=["Beihang University"])], evidence=EV)
    clean = Publication(title="Fictional results", year=2022, coauthor_organisations=["University of Toronto"],
                        evidence=EV)
    untold = Publication(title="Fictional results", year=2022, evidence=EV)
    assert _answers(profile(publications=[listed]))["restricted_publications"] == "yes"
    assert _answers(profile(publications=[clean]))["restricted_publications"] == "no"
    assert _answers(profile(publications=[untold]))["restricted_publications"] == "unknown"


def test_form_answers_and_the_visitor_questions() -> None:
    answers = [*form(Are_all_participants_known="Yes", Does_the_topic_have_potential_military_end_use="No",
                     Does_it_involve_emerging_technologies="Yes",
                     Will_the_visitor_have_access_to_export_controlled_items="No"),
               Disclosure(field="Who pays for travel and living costs?", answer="Fictional Foundation",
                          evidence=FORM_EV),
               Disclosure(field="Purpose of the visit (visiting scholar, lecture)", answer="visiting scholar",
                          evidence=FORM_EV),
               Disclosure(field="Laboratories or research facilities to be accessed", answer="Optics lab B12",
                          evidence=FORM_EV)]
    summary, _ = _summary(profile(disclosures=answers), kind="visitor")
    got = {q.id: q for q in summary.questions}
    assert summary.kind == "visitor"
    assert (got["all_participants_known"].answer, got["military_end_use"].answer,
            got["emerging_technology"].answer) == ("yes", "no", "yes")
    assert got["visit_funding"].answer == "yes" and "Fictional Foundation" in got["visit_funding"].evidence[0]
    assert got["ongoing_research"].answer == "yes"
    assert got["sponsored_or_restricted_work"].answer == "unknown"  # a lab is named, its work is not


def test_a_lecture_without_labs_is_not_ongoing_research() -> None:
    answers = [Disclosure(field="Purpose of the visit", answer="lecture", evidence=FORM_EV),
               Disclosure(field="Laboratories or research facilities to be accessed", answer="None",
                          evidence=FORM_EV),
               *form(Will_the_visitor_have_access_to_export_controlled_items="No")]
    got = _answers(profile(disclosures=answers), kind="visitor")
    assert got["ongoing_research"] == "no" and got["sponsored_or_restricted_work"] == "no"


def test_findings_are_grouped_by_organisation_not_by_list() -> None:
    p = profile(affiliations=[aff("Beihang University", 2019, country="CN"),
                              aff("Harbin Engineering University", 2010, 2014, country="CN")],
                disclosures=form(Employer_on_a_restricted_party_list="No"))
    findings = screen_profile(p, starter(), config(), TODAY).findings
    groups = group_by_organisation(findings)
    beihang = next(g for g in groups if g.organisation == "Beihang University")
    assert len(beihang.findings) >= 3 and len(beihang.lists) >= 2  # several lists, one group
    assert beihang.severity.rank == max(f.severity.rank for f in findings)
    assert groups[0] is beihang  # strongest first
    assert sum(len(g.findings) for g in groups) == len(findings)  # nothing lost, nothing twice
    assert len({g.organisation for g in groups}) == len(groups)
