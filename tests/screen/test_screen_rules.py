"""Every rule: a fictional profile that triggers it and a near miss that must not."""

from __future__ import annotations

from datetime import date

import pytest
from screen_factory import EV, TODAY, aff, config, form, period, profile, starter

from intake.records import (
    Byline,
    Document,
    Education,
    ExtractionRefusal,
    Inconsistency,
    Funding,
    HostedVisitor,
    Patent,
    Page,
    Person,
    Profile,
    Publication,
    Severity,
    TalentProgram,
    Travel,
)
from intake.screen import recommend, screen_profile, split_dismissed
from intake.screen.rules import RULES, get_rule

NUDT = "School of Computing, National University of Defense Technology, Changsha, China"

SWEPT_CV = Document(source_path="cv.txt", file_name="cv.txt", sha256="d" * 64, media_type="txt", pages=[Page(
    number=1, text="Mira Quellbrook (fictional)\n2018-2020 Postdoctoral fellow at Harbin Institute of Technology\n")])
HIT_POSTDOC = aff("Harbin Institute of Technology", 2018, 2020, country="CN")

# rule id -> (positive profile, near-miss profile, expected severity of the positive)
CASES: dict[str, tuple[Profile, Profile, Severity]] = {
    "LISTED_TALK_HOST": (
        profile(travel=[Travel(host="Harbin Institute of Technology", event="Invited seminar", when=period(2024),
                               evidence=EV)]),
        profile(travel=[Travel(host="University of Michigan", event="Invited seminar", when=period(2024),
                               evidence=EV)]),
        Severity.MEDIUM,
    ),
    # the swept CV names HIT; the near miss's profile already places it (a post), so no second copy
    "LISTED_NAME_IN_TEXT": (profile(), profile(affiliations=[HIT_POSTDOC]), Severity.MEDIUM),
    "RPL_AFFILIATION": (
        profile(affiliations=[aff(NUDT, 2021)]),
        profile(affiliations=[aff("Beijing Normal University", 2021)]),
        Severity.HIGH,
    ),
    # a listed name retyped below the threshold (a letter far from the one it replaces: no keystroke slip,
    # maybe another name); a matched name is told by RPL_AFFILIATION instead
    "POSSIBLE_LISTED_MATCH": (
        profile(affiliations=[aff("Chisa Electronics Corporation", 2016, 2019)]),
        profile(affiliations=[aff("Beijing Normal University", 2016, 2019), aff(NUDT, 2021)]),
        Severity.LOW,
    ),
    "DEFENCE_UNIVERSITY": (
        profile(affiliations=[aff("Harbin Engineering University", 2015, 2018)]),
        profile(affiliations=[aff("Harbin Medical University", 2015, 2018)]),
        Severity.MEDIUM,
    ),
    "LISTED_COAUTHOR": (
        profile(publications=[Publication(title="Fictional flows", year=2024, coauthor_organisations=["Beihang University"])]),
        profile(publications=[Publication(title="Fictional flows", year=2015, coauthor_organisations=["Beihang University"])]),
        Severity.MEDIUM,
    ),
    "LISTED_HOSTED_VISITOR": (
        profile(hosted_visitors=[HostedVisitor(name="Lin Fictional", organisation="Northwestern Polytechnical University")]),
        profile(hosted_visitors=[HostedVisitor(name="Lin Fictional", organisation="Northwestern University")]),
        Severity.HIGH,
    ),
    "TALENT_PROGRAM": (
        profile(talent_programs=[TalentProgram(name="Thousand Talents Plan", period=period(2023, current=True))]),
        profile(talent_programs=[TalentProgram(name="Marie Curie Fellowship", country="FR", period=period(2010, 2012))]),
        Severity.HIGH,
    ),
    "FCOC_FUNDING": (
        profile(funding=[Funding(funder="National Natural Science Foundation of China", period=period(2024, 2027))]),
        profile(funding=[Funding(funder="National Science Foundation", country="US", period=period(2024, 2027))]),
        Severity.HIGH,
    ),
    "FCOC_PATENT": (
        profile(patents=[Patent(number="CN114000001A", title="Fictional sensor")]),
        profile(patents=[Patent(number="US11000001B2", title="Fictional sensor")]),
        Severity.HIGH,
    ),
    "UNDISCLOSED_PATENT": (
        profile(patents=[Patent(number="EP3000001")], disclosures=form(Patents_or_applications="No")),
        profile(patents=[Patent(number="EP3000001")], disclosures=form(Patents_or_applications="Yes")),
        Severity.MEDIUM,
    ),
    "UNDISCLOSED_FUNDING": (
        profile(funding=[Funding(funder="Russian Science Foundation", period=period(2023, 2026))],
                disclosures=form(Foreign_funding="No")),
        profile(funding=[Funding(funder="National Institutes of Health", country="US", period=period(2023, 2026))],
                disclosures=form(Foreign_funding="No")),
        Severity.HIGH,
    ),
    "UNDISCLOSED_APPOINTMENT": (
        profile(affiliations=[aff("University of Toronto", 2022, country="CA")],
                disclosures=form(Foreign_appointments="No")),
        profile(affiliations=[aff("University of Toronto", 2022, country="CA")],
                disclosures=form(Foreign_appointments="Yes")),
        Severity.MEDIUM,
    ),
    "FORM_CONTRADICTED": (
        profile(disclosures=form(Patents_filed="Yes")),
        profile(patents=[Patent(number="US11000001B2")], disclosures=form(Patents_filed="Yes")),
        Severity.MEDIUM,
    ),
    "FCOC_PAID_TRAVEL": (
        profile(travel=[Travel(country="CN", host="Fictional Institute", honorarium=True, when=period(2025, 2025))]),
        profile(travel=[Travel(country="CN", host="Fictional Institute", sponsored=False, when=period(2025, 2025))]),
        Severity.MEDIUM,
    ),
    "EXPORT_SHIPMENT": (
        profile(disclosures=form(Will_you_hand_carry_equipment_abroad="Yes")),
        profile(disclosures=form(Will_you_hand_carry_equipment_abroad="No")),
        Severity.MEDIUM,
    ),
    "SENSITIVE_TOPIC": (
        profile(publications=[Publication(title="Hypersonic boundary layers, a fictional study", year=2024)]),
        profile(publications=[Publication(title="Boundary layers in rivers, a fictional study", year=2024)]),
        Severity.INFO,
    ),
    "MFTRP_INDICATOR": (
        profile(affiliations=[aff("Fictional University", 2021, country="CN", role="Adjunct Professor",
                                  evidence=[EV[0].model_copy(update={"quote": "2021- Adjunct Professor, Fictional "
                                            "University, China; established a joint laboratory"})])]),
        profile(affiliations=[aff("Fictional University", 2021, country="CN", role="Adjunct Professor",
                                  evidence=[EV[0].model_copy(update={"quote": "2021- Adjunct Professor, Fictional "
                                            "University, China"})])]),
        Severity.HIGH,
    ),
    "FCOC_TRAVEL_PATTERN": (
        profile(travel=[Travel(country="CN", host=f"Fictional University {i}", when=period(2023 + i // 2), evidence=EV)
                        for i in range(3)]),
        profile(travel=[Travel(country="CN", host="Fictional University", when=period(2023), evidence=EV),
                        Travel(country="RU", host="Fictional Institute", when=period(2024), evidence=EV),
                        Travel(country="CN", host="Fictional University", when=period(2012), evidence=EV)]),
        Severity.LOW,
    ),
    "BYLINE_NOT_IN_CV": (
        profile(person=Person(name="Ada Quill"), affiliations=[aff("University of Toronto", 2015, country="CA")],
                publications=[Publication(title="Fictional flows", year=2024, evidence=EV, bylines=[
                    Byline(author="Quill, Ada", organisations=["Harbin Institute of Technology"], country="CN"),
                    Byline(author="Quill, Ada", organisations=["University of Toronto"], country="CA")])]),
        profile(person=Person(name="Ada Quill"), affiliations=[aff("University of Toronto", 2015, country="CA")],
                publications=[Publication(title="Fictional flows", year=2024, evidence=EV, bylines=[
                    Byline(author="Li, Wen", organisations=["Harbin Institute of Technology"], country="CN"),
                    Byline(author="Quill A.", organisations=["University of Toronto"], country="CA")])]),
        Severity.HIGH,
    ),
    "IDENTITY_INCONSISTENT": (
        profile(inconsistencies=[Inconsistency(field="citizenship", values=["CA", "CN"], evidence=EV)]),
        profile(person=Person(name="Ada Quill", citizenships=["CA", "CN"])),  # two citizenships, stated once
        Severity.LOW,
    ),
    "FORM_DECLARED_RISK": (
        profile(disclosures=form(Does_the_visitor_work_at_a_high_risk_military_end_use_institution="Yes")),
        profile(disclosures=form(Does_the_visitor_work_at_a_high_risk_military_end_use_institution="No",
                                 Any_publications_since_2019_with_restricted_parties_or_military_end_users="No")),
        Severity.HIGH,
    ),
    "LISTED_PERSON": (
        profile(person=Person(name="Ivan Fictionalov")),
        profile(person=Person(name="Olga Fictionalova")),
        Severity.BLOCKER,
    ),
    "SANCTIONED_JURISDICTION": (
        profile(person=Person(name="A. Fictional", citizenships=["KP"])),
        profile(person=Person(name="A. Fictional", citizenships=["KR"])),
        Severity.HIGH,
    ),
    "OVERLAPPING_APPOINTMENTS": (
        profile(affiliations=[aff("University of Michigan", 2018, country="US"), aff("Zhejiang University", 2021, country="CN")]),
        profile(affiliations=[aff("University of Michigan", 2018, country="US"), aff("Michigan State University", 2021, country="US")]),
        Severity.MEDIUM,
    ),
    "CHRONOLOGY_GAP": (
        profile(education=[Education(organisation="Fictional College", period=period(2005, 2009))],
                affiliations=[aff("Fictional Labs", 2012, country="US")]),
        profile(education=[Education(organisation="Fictional College", period=period(2005, 2009))],
                affiliations=[aff("Fictional Labs", 2010, country="US")]),
        Severity.LOW,
    ),
    "HONORIFIC_TITLE": (
        profile(affiliations=[aff("Zhejiang University", 2023, country="CN", role="Adjunct Professor")]),
        profile(affiliations=[aff("Zhejiang University", 2010, 2012, country="CN", role="Adjunct Professor")]),
        Severity.MEDIUM,
    ),
    "FORM_ANSWER_CONTRADICTED": (
        profile(affiliations=[aff(NUDT, 2021)], disclosures=form(Employer_on_restricted_party_list="No")),
        profile(affiliations=[aff(NUDT, 2021)], disclosures=form(Employer_on_restricted_party_list="Yes")),
        Severity.HIGH,
    ),
    "EXTRACTION_REFUSED": (  # a document left out for overrunning the extraction limits; a cut one is only a warning
        profile(extraction_refusals=[ExtractionRefusal(file_name="appendix.docx", document_sha256="a" * 64,
                                                       code="extraction_timeout", message="took longer than 120 s")]),
        profile(warnings=["cv.txt: only the first 1,000,000 of 3,000,000 characters were extracted"]),
        Severity.MEDIUM,
    ),
}


def _with_person_entry():  # a fictional SDN individual added to the starter reference
    from intake.records import ListEntry
    from intake.screen.lists import ReferenceData

    base = starter()
    person = ListEntry(list_id="test", source_list="Specially Designated Nationals (SDN) - Treasury Department",
                       entry_id="p1", name="FICTIONALOV, Ivan", entity_type="person")
    return ReferenceData(entries=[*base.entries, person], programs=base.programs, funders=base.funders,
                         countries=base.countries, snapshots=base.snapshots)


REFERENCE = {"LISTED_PERSON": _with_person_entry}


DOCUMENTS = {"LISTED_NAME_IN_TEXT": [SWEPT_CV]}


def _findings(rule_id: str, p: Profile) -> list:
    ref = REFERENCE.get(rule_id, starter)()
    found = screen_profile(p, ref, config(), TODAY, DOCUMENTS.get(rule_id, ())).findings
    return [f for f in found if f.rule_id == rule_id]


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_positive(rule_id: str) -> None:
    positive, _, severity = CASES[rule_id]
    found = _findings(rule_id, positive)
    assert found, f"{rule_id} did not fire"
    assert max(f.severity.rank for f in found) == severity.rank, [(f.severity, f.explanation) for f in found]
    assert all(f.explanation.startswith(get_rule(rule_id).explanation) for f in found)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_near_miss(rule_id: str) -> None:
    _, near_miss, _ = CASES[rule_id]
    assert _findings(rule_id, near_miss) == []


def test_every_rule_has_cases_and_a_docstring() -> None:
    assert {r.rule_id for r in RULES} == set(CASES)
    for registered in RULES:
        assert len(registered.explanation) > 40, registered.rule_id


def test_undisclosed_talent_program_escalates() -> None:
    program = TalentProgram(name="千人计划", period=period(2023, current=True), evidence=EV)
    disclosed = _findings("TALENT_PROGRAM", profile(talent_programs=[program], disclosures=form(Talent_program="Yes")))
    hidden = _findings("TALENT_PROGRAM", profile(talent_programs=[program], disclosures=form(Talent_program="No")))
    assert disclosed[0].severity == Severity.HIGH and hidden[0].severity == Severity.BLOCKER
    assert "1286" in hidden[0].explanation


def test_past_affiliation_is_medium_and_evidence_kept() -> None:
    (f,) = [f for f in _findings("RPL_AFFILIATION", profile(affiliations=[aff("Sichuan University", 2010, 2014)]))
            if "(EL)" in f.title]
    assert f.severity == Severity.MEDIUM and f.evidence == EV and f.matches[0].entry.country == "CN"


def test_recommendation_follows_findings() -> None:
    ref = starter()
    clean = screen_profile(profile(affiliations=[aff("University of Michigan", 2018, country="US")]), ref, config(), TODAY)
    assert clean.findings == [] and recommend(clean.findings) == "no action"
    listed = screen_profile(CASES["RPL_AFFILIATION"][0], ref, config(), TODAY)
    assert recommend(listed.findings) == "mitigation required"
    assert listed.findings[0].snapshot_ids == ref.snapshot_ids
    hold = screen_profile(CASES["SANCTIONED_JURISDICTION"][0], ref, config(), TODAY)
    assert recommend(hold.findings) == "no action; export-licensing review"


def test_dismissed_pair_stays_dismissed_until_the_entry_changes() -> None:
    ref = starter()
    p = CASES["RPL_AFFILIATION"][0]
    first = screen_profile(p, ref, config(), TODAY).findings
    dismissed = {first[0].key}
    active, gone = split_dismissed(screen_profile(p, ref, config(), TODAY).findings, dismissed)
    assert [f.key for f in gone] == [first[0].key] and first[0] not in active
    changed_entry = first[0].matches[0].entry.model_copy(update={"aliases": ["NUDT", "PLA NUDT"]})
    changed = first[0].model_copy(update={"matches": [first[0].matches[0].model_copy(update={"entry": changed_entry})]})
    assert changed.key != first[0].key  # the entry's content hash is part of the key: revived
    assert split_dismissed([changed], dismissed) == ([changed], [])


def test_screen_profile_is_deterministic() -> None:
    p = CASES["RPL_AFFILIATION"][0]
    a = screen_profile(p, starter(), config(), date(2026, 1, 1))
    b = screen_profile(p, starter(), config(), date(2026, 1, 1))
    assert a == b


def _severity_on(code: str, findings: list) -> Severity:
    (f,) = [f for f in findings if f"({code})" in f.title]
    return f.severity


def test_a_1286_tie_blocks_dod_funded_work() -> None:
    listed = [aff("Naval University of Engineering", 2019, 2021)]
    plain = _findings("RPL_AFFILIATION", profile(affiliations=listed))
    on_form = _findings("RPL_AFFILIATION", profile(
        affiliations=listed, disclosures=form(Who_funds_the_work="Department of Defense award; see below",
                                             Is_the_work_funded_by_the_US_Department_of_Defense="Yes")))
    not_dod = _findings("RPL_AFFILIATION", profile(
        affiliations=listed, disclosures=form(Is_the_work_funded_by_the_US_Department_of_Defense="No")))
    grant = Funding(funder="Office of Naval Research", country="US", period=period(2024, 2028), evidence=EV)
    old_grant = grant.model_copy(update={"period": period(2012, 2015)})
    by_grant = _findings("RPL_AFFILIATION", profile(affiliations=listed, funding=[grant]))
    by_old_grant = _findings("RPL_AFFILIATION", profile(affiliations=listed, funding=[old_grant]))
    assert _severity_on("1286", plain) == Severity.MEDIUM  # past tie, no DoD money
    assert _severity_on("1286", on_form) == Severity.BLOCKER
    assert "DoD-funded" in next(f for f in on_form if "(1286)" in f.title).explanation
    assert _severity_on("1286", not_dod) == Severity.MEDIUM
    assert _severity_on("1286", by_grant) == Severity.BLOCKER
    assert _severity_on("1286", by_old_grant) == Severity.MEDIUM
    darpa = grant.model_copy(update={"funder": "DARPA"})
    nsf = grant.model_copy(update={"funder": "National Science Foundation"})  # US, but not DoD
    assert _severity_on("1286", _findings("RPL_AFFILIATION", profile(affiliations=listed, funding=[darpa]))) \
        == Severity.BLOCKER
    assert _severity_on("1286", _findings("RPL_AFFILIATION", profile(affiliations=listed, funding=[nsf]))) \
        == Severity.MEDIUM


def test_a_yes_no_question_wins_over_free_text_on_the_same_topic() -> None:
    from intake.screen.context import Ctx

    p = profile(disclosures=form(Funding_and_compensation_who_funds_the_visit="Yes, my home university",
                                 Do_you_receive_foreign_funding="No"))
    ctx = Ctx(p, starter(), config(), TODAY)
    answered, disclosure = ctx.form_answer("funding")
    assert answered is False and disclosure is not None and "foreign funding" in disclosure.field


def test_the_home_institution_a_form_states_is_not_an_undisclosed_appointment() -> None:
    from screen_factory import FORM_EV

    home = aff("University of Toronto", 2022, country="CA").model_copy(update={"evidence": FORM_EV})
    answers = form(Besides_the_home_institution_any_foreign_appointment="No")
    assert _findings("UNDISCLOSED_APPOINTMENT", profile(affiliations=[home], disclosures=answers)) == []
    # the CV listing the same home post is the home appointment too (issue 16), a second post is not
    from_cv = aff("University of Toronto", 2022, country="CA")
    assert _findings("UNDISCLOSED_APPOINTMENT", profile(affiliations=[home, from_cv], disclosures=answers)) == []
    other = aff("McGill University", 2023, country="CA")
    found = _findings("UNDISCLOSED_APPOINTMENT", profile(affiliations=[home, from_cv, other], disclosures=answers))
    assert len(found) == 1 and "McGill" in found[0].explanation and "Toronto" not in found[0].explanation


def test_a_visiting_post_fills_a_gap_and_a_gap_quotes_its_neighbours() -> None:
    from intake.records import Affiliation, Education

    school = Education(organisation="Fictional College", period=period(2005, 2009), evidence=EV)
    job = aff("Fictional Labs", 2012, country="US")
    (gap,) = _findings("CHRONOLOGY_GAP", profile(education=[school], affiliations=[job]))
    assert gap.evidence == [EV[0], EV[0]] and "2009-12 to 2012-01" in gap.title
    visit = Affiliation(organisation="Fictional Institute", visiting=True, period=period(2010, 2011), evidence=EV)
    assert _findings("CHRONOLOGY_GAP", profile(education=[school], affiliations=[job],
                                               visiting_appointments=[visit])) == []


def test_each_declared_risk_is_read_from_its_own_question_only() -> None:
    answers = form(Is_the_visitor_or_the_current_employer_on_a_list_of_restricted_parties="No",
                   Any_publications_since_2019_with_restricted_parties_or_military_end_users="Yes",
                   Will_the_visitor_have_access_to_export_controlled_items_technology_or_data="Yes",
                   Does_the_collaboration_topic_have_potential_military_end_use="No")
    found = {f.title: f.severity for f in _findings("FORM_DECLARED_RISK", profile(disclosures=answers))}
    assert found == {"The form declares publications with restricted parties": Severity.MEDIUM,
                     "Access to export-controlled items, technology or data": Severity.MEDIUM}
    assert _findings("SENSITIVE_TOPIC", profile(disclosures=answers)) == []  # 'military end users' is not the topic


@pytest.mark.parametrize(("quote", "sign"), [
    ("2020-present Adjunct Professor and founding director of the Joint Laboratory of Fictional Optics, "
     "Zhejiang University, Hangzhou, China", "a laboratory, centre or company set up abroad"),
    ("2021-2024 Visiting Chair, Fictional Institute, Shenzhen, China; recruiting PhD students for the group",
     "recruiting students or researchers"),
    ("2022-present Distinguished Professor, Fictional University, Wuhan, China (salary paid by the host)",
     "a salary or stipend paid abroad"),
])
def test_mftrp_signs_in_a_post_in_a_country_of_concern(quote: str, sign: str) -> None:
    from intake.records import Affiliation, Evidence

    ev = [Evidence(document_sha256="0" * 64, page=1, quote=quote)]
    post = Affiliation(organisation="Fictional University", country="CN", period=period(2020, current=True), evidence=ev)
    (f,) = _findings("MFTRP_INDICATOR", profile(affiliations=[post]))
    assert f.severity == Severity.HIGH and sign in f.title
    at_home = post.model_copy(update={"country": "CA"})  # the same words at a university at home: no flag
    assert _findings("MFTRP_INDICATOR", profile(affiliations=[at_home])) == []
    plain = post.model_copy(update={"evidence": [Evidence(document_sha256="0" * 64, page=1,
                                                          quote="2020-present Professor, Fictional University, China")]})
    assert _findings("MFTRP_INDICATOR", profile(affiliations=[plain])) == []


def test_an_unsolicited_approach_is_context() -> None:
    (f,) = _findings("FORM_DECLARED_RISK", profile(disclosures=form(Was_the_visit_unsolicited="Yes")))
    assert f.severity == Severity.LOW


# ---------------------------------------------------------------- bounded rules (issue 13, deliverable 4)

def _pairwise_overlaps(ctx, positions: list) -> list[tuple[str, str, Severity]]:
    """The overlap rule as first written: every pair compared (the reference the sweep must equal)."""
    from intake.screen.rules_timeline import MIN_OVERLAP_DAYS, certain_span

    answered, _ = ctx.form_answer("appointment")
    out = []
    for i, a in enumerate(positions):
        for b in positions[i + 1:]:
            span_a, span_b = certain_span(a.period, ctx.today), certain_span(b.period, ctx.today)
            if span_a is None or span_b is None or a.organisation.casefold() == b.organisation.casefold():
                continue
            start, end = max(span_a[0], span_b[0]), min(span_a[1], span_b[1])
            ca, cb = ctx.country_of(a.country, a.organisation), ctx.country_of(b.country, b.organisation)
            if (end - start).days < MIN_OVERLAP_DAYS or ca == cb or not (ca and cb):
                continue
            high = (ctx.is_fcoc(ca) or ctx.is_fcoc(cb)) and answered is False
            out.append((f"Concurrent: {a.organisation} / {b.organisation}",
                        f"{a.organisation} ({ca}) and {b.organisation} ({cb}) overlap {start} to {end}.",
                        Severity.HIGH if high else Severity.MEDIUM))
    return out


def _random_posts(rng, n: int) -> list:
    """Appointments at a few fictional and real places, dated in whole years, months or days, some open."""
    from intake.records import Affiliation, DateRange, Evidence

    places = [("Fictional Institute", "CA"), ("fictional institute", "DE"), ("Harbin Institute of Technology", None),
              ("ETH Zurich", "CH"), ("Example College", None), ("Tsinghua University", "CN"), ("Quill Labs", "US")]
    posts = []
    for k in range(n):
        org, country = rng.choice(places)
        start = date(rng.randint(2000, 2026), rng.randint(1, 12), rng.randint(1, 28))
        style = rng.choice(["years", "months", "open", "current", "backwards"])
        end = start.replace(year=min(start.year + rng.randint(0, 6), 2030))
        if style == "years":
            period = DateRange(start=start.replace(month=1, day=1), end=end.replace(month=12, day=31),
                               raw=f"{start.year}-{end.year}")
        elif style == "open":
            period = DateRange(start=start, raw=f"since {start:%B %Y}")
        elif style == "current":
            period = DateRange(start=start, current=True, raw=f"{start:%m/%Y} - present")
        elif style == "backwards":  # an end before the start: no certain days
            period = DateRange(start=start, end=start.replace(year=start.year - 1), raw="?")
        else:
            period = DateRange(start=start, end=end, raw=f"{start:%b %Y} - {end:%b %Y}")
        posts.append(Affiliation(organisation=org, country=country, period=period,
                                 evidence=[Evidence(document_sha256="0" * 64, page=1, quote=f"post {k}")]))
    return posts


@pytest.mark.parametrize("seed", range(8))
def test_overlapping_appointments_equals_comparing_every_pair(seed: int) -> None:
    import random

    from intake.screen.context import Ctx, rule_doc
    from intake.screen.rules_timeline import overlapping_appointments

    rng = random.Random(seed)
    posts = _random_posts(rng, rng.randint(2, 60))
    answers = form(Foreign_appointments="No") if seed % 2 else []
    p = profile(affiliations=posts[: len(posts) // 2], visiting_appointments=posts[len(posts) // 2:],
                disclosures=answers)
    ctx = Ctx(p, starter(), config(), TODAY)
    found = overlapping_appointments(ctx)
    expected = _pairwise_overlaps(ctx, posts)
    assert expected  # each seed has overlaps to compare
    doc = rule_doc(overlapping_appointments)
    assert [(f.title, f.explanation, f.severity) for f in found] == [(t, f"{doc} {d}", s) for t, d, s in expected]


def test_concurrent_pairs_past_the_budget_are_counted_not_dropped() -> None:
    import random

    from intake.screen.concurrent import Post, concurrent_pairs

    rng = random.Random(5)
    posts = [Post(s, s + rng.randint(0, 2000), rng.choice("ABC"), rng.choice("xyz"))
             for s in (rng.randint(0, 5000) for _ in range(300))]
    every = concurrent_pairs(posts, 90, budget=10**9)
    reference = [(i, j) for i, a in enumerate(posts) for j, b in enumerate(posts) if i < j
                 and a.country != b.country and a.organisation != b.organisation
                 and min(a.end, b.end) - max(a.start, b.start) >= 90]
    assert every.pairs == reference and every.more == 0
    capped = concurrent_pairs(posts, 90, budget=len(reference) // 3)
    assert len(capped.pairs) <= len(reference) // 3 and set(capped.pairs) <= set(reference)
    assert len(capped.pairs) + capped.more == len(reference)


def test_a_hostile_number_of_concurrent_posts_is_listed_up_to_the_budget_and_counted() -> None:
    from intake.screen.context import Ctx
    from intake.screen.rules_timeline import MAX_CONCURRENT_PAIRS, overlapping_appointments

    # 2 x 400 posts all running together: 159,600 pairs (not the 400 at one name), a hostile CV's square
    posts = [aff(f"Fictional Institute {i}", 2010, 2020, country=c) for c in ("CA", "CN") for i in range(400)]
    found = overlapping_appointments(Ctx(profile(affiliations=posts), starter(), config(), TODAY))
    assert MAX_CONCURRENT_PAIRS - 400 < len(found) - 1 <= MAX_CONCURRENT_PAIRS
    assert found[-1].title == f"{159_600 - (len(found) - 1):,} more concurrent appointments not listed"


def _is_home_pairwise(organisation: str, homes: list[str]) -> bool:
    """The home-institution test as first written: the post's words against every home's."""
    from intake.screen.normalise import normalised

    mine = set(normalised(organisation).split())
    for home in homes:
        theirs = set(normalised(home).split())
        if mine and (mine == theirs or ((mine < theirs or theirs < mine) and min(len(mine), len(theirs)) >= 3)):
            return True
    return False


@pytest.mark.parametrize("seed", range(6))
def test_home_institutions_are_found_as_comparing_every_home_finds_them(seed: int) -> None:
    import random

    from intake.screen.rules_disclosure import Homes

    rng = random.Random(seed)
    words = ["University", "of", "Quellbrook", "Marrow", "Campus", "North", "Institute", "Technology", "Vant"]

    def name(fewest: int = 1) -> str:
        return " ".join(rng.sample(words, rng.randint(fewest, 6)))

    homes = [name(rng.choice([1, 3])) for _ in range(rng.randint(1, 12))]
    homes.append(homes[0].upper())  # the same home written twice
    index = Homes(homes)
    # random names, and each home with a word added or dropped (a campus, a shorter form)
    near = [f"{h} {rng.choice(words)}" for h in homes] + [" ".join(h.split()[1:]) for h in homes]
    posts = [name() for _ in range(300)] + near + homes + [""]
    answers = [index.holds(p) for p in posts]
    assert answers == [_is_home_pairwise(p, homes) for p in posts]
    assert any(answers[:-len(homes) - 1]) and not all(answers[:-len(homes) - 1])  # both kinds compared


def test_a_byline_organisation_is_in_the_cv_as_comparing_every_stated_name_finds_it() -> None:
    import random

    from rapidfuzz import fuzz

    from intake.screen.rules_disclosure import _in_cv

    rng = random.Random(3)
    words = ["University", "of", "Quellbrook", "Marrow", "Institute", "Technology", "Vant", "Physics", "Dept"]
    stated = [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(15)]
    bylines = [" ".join(rng.sample(words, rng.randint(1, 5))).upper() for _ in range(300)]
    answers = [_in_cv(stated, org) for org in bylines]
    assert answers == [any(fuzz.token_set_ratio(org, s, processor=str.casefold) >= 85 for s in stated)
                       for org in bylines]
    assert any(answers) and not all(answers)
