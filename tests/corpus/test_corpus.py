"""The synthetic CV corpus (tests/corpus) and the extraction scorer (bench/extraction_score.py).

Generation is deterministic, every layout gives a readable file naming the person, the truth agrees
with what the text shows, the scorer counts TP/FP/FN as its rules say, and the real extractor reaches
a modest recall on a few generated CVs (the full figures come from `python -m bench.extraction_eval`).
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.extraction_score import Counts, name_matches, patent_key, score_case  # noqa: E402
from intake.documents import ReadLimits, read_document  # noqa: E402
from intake.records import Affiliation, DateRange, Funding, Patent, Person, Profile, Publication, Travel  # noqa: E402
from tests.corpus import world  # noqa: E402
from tests.corpus.facts import CvSpec, Period, sample_cv  # noqa: E402
from tests.corpus.generate import make_case, plan  # noqa: E402
from tests.corpus.layouts import LAYOUTS  # noqa: E402
from tests.corpus.text import format_period  # noqa: E402
from tests.corpus.truth import truth_of  # noqa: E402

FLAGGED = ("fcoc_funding", "fcoc_patent", "fcoc_travel", "listed_affiliation", "talent_program")


def _spec(layout: str, i: int = 0, flags: tuple[str, ...] = FLAGGED, publist: str | None = "ris") -> CvSpec:
    return CvSpec(f"t{i:02d}-{layout}", layout, flags, False, publist)


def test_generation_is_deterministic_for_a_seed() -> None:
    assert plan(12, 7) == plan(12, 7) and plan(12, 7) != plan(12, 8)
    for spec in plan(6, 7):
        one, two = make_case(spec, 7, None), make_case(spec, 7, None)
        assert one.truth == two.truth and one.text.lines() == two.text.lines()
    assert make_case(plan(1, 7)[0], 7, None).truth != make_case(plan(1, 7)[0], 8, None).truth


def test_plan_spreads_the_cvs_over_the_five_layouts() -> None:
    layouts = [s.layout for s in plan(60, 7)]
    assert {layouts.count(k) for k in LAYOUTS} == {12}
    assert {s.publist for s in plan(60, 7)} >= {"bib-scopus", "bib-wos", "ris", "csv"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_writes_a_file_the_reader_reads(layout: str, tmp_path: Path) -> None:
    case = make_case(_spec(layout, publist=None, flags=()), 7, tmp_path)
    doc = read_document(tmp_path / case.files["cv"], ReadLimits())
    text = " ".join(doc.text.split())
    assert case.truth["person"]["name"] in text
    assert doc.ocr_used == (layout == "scanned")
    if layout != "scanned":  # a section heading as written, in the text layer
        assert case.text.sections[0].heading.rstrip(":") in text


def test_date_styles() -> None:
    rng = random.Random(1)
    span, now, one = Period((2019, 9), (2021, 6)), Period((2020, 3), None, True), Period((2018, 5), (2018, 5))
    assert format_period(span, "hyphen", rng) == "2019-2021"
    assert format_period(span, "short", rng) == "2019-21"
    assert format_period(span, "month", rng) == "Sep 2019 - Jun 2021"
    assert format_period(span, "to", rng) == "Sept. 2019 to June 2021"
    assert format_period(span, "numeric", rng) == "09/2019–06/2021"
    assert format_period(now, "numeric", rng) == "03/2020–now"
    assert format_period(now, "short", rng) in {"since 2020", "2020-"}
    assert format_period(one, "endash", rng) == "2018" and format_period(one, "month", rng) == "May 2018"
    assert format_period(Period(None), "month", rng) == ""


def test_truth_describes_what_the_text_shows() -> None:
    for i in range(8):
        spec = _spec(("single", "docx", "scanned", "table")[i % 4], i)
        case = make_case(spec, 11, None)
        text = "\n".join(case.text.lines())
        truth = case.truth
        cv = sample_cv(spec, random.Random(f"cv:11:{spec.id}"))
        assert truth == truth_of(cv, case.files)
        assert truth["person"]["name"] in text
        for aff in truth["affiliations"]:
            assert any(n in text for n in (aff["name"], *aff["aliases"]))
            assert aff["start"] is None or str(aff["start"]) in text
            assert (aff["end"] is None) == (aff["current"] or aff["start"] is None)
        for funder in truth["funders"]:
            assert funder["written"] in text
        for code in truth["talk_countries"]:
            assert any(name in text for name in world.COUNTRY_NAMES[code])
        digits = re.sub(r"[^A-Z0-9]", "", text.upper())
        for patent in truth["patents"]:
            assert patent_key(patent["number"], patent["office"])[0] in digits
        assert len(truth["talent_programs"]) >= 1 and len(truth["coauthor_organisations"]) >= 2
        if spec.layout != "docx":  # no Chinese or Arabic script where the PDF fonts cannot carry it
            assert all(ord(ch) < 0x0250 or 0x2000 <= ord(ch) < 0x2070 for ch in text)


# ---------------------------------------------------------------- the scorer itself

STANFORD = {"id": "stanford", "name": "Stanford University", "aliases": []}
MIT = {"id": "mit", "name": "Massachusetts Institute of Technology", "aliases": ["MIT"]}
TOKYO = {"id": "tokyo", "name": "University of Tokyo", "aliases": ["The University of Tokyo"]}


def test_name_matching_rules() -> None:
    assert name_matches("Department of Physics, Stanford University", STANFORD)
    assert name_matches("MIT", MIT) and name_matches("Massachusetts Inst. of Technology", MIT)
    assert name_matches("the university of tokyo", TOKYO)
    assert not name_matches("Institute of Technology", MIT)
    assert not name_matches("MIT Lincoln Laboratory", MIT)
    assert not name_matches("Stanford", STANFORD)
    assert patent_key("ZL 2018 1 0123456.7", "CN") == patent_key("ZL201810123456.7", "CN") == ("2018101234567", "CN")
    assert patent_key("U.S. Patent No. 10,123,456", "US") == patent_key("US 10,123,456 B2", "US")


def _aff(org: str, start: int | None, end: int | None, current: bool = False) -> Affiliation:
    period = DateRange(start=date(start, 1, 1) if start else None, end=date(end, 12, 31) if end else None,
                       current=current)
    return Affiliation(organisation=org, period=period)


def _truth(**fields: object) -> dict:
    base = {"person": {"name": "Lena Vogel"}, "affiliations": [], "funders": [], "talk_countries": [],
            "coauthor_organisations": [], "patents": [], "talent_programs": []}
    return {**base, **fields}


def test_scorer_counts_on_hand_made_examples() -> None:
    truth = _truth(
        affiliations=[{**STANFORD, "role": "Lecturer", "start": 2015, "end": 2018, "current": False},
                      {**MIT, "role": "Professor", "start": 2018, "end": None, "current": True},
                      {**TOKYO, "role": "Visiting", "start": None, "end": None, "current": False}],
        funders=[{"id": "nsf", "name": "National Science Foundation", "aliases": ["NSF"]}],
        talk_countries=["CN", "CN", "US"],
        coauthor_organisations=[STANFORD, TOKYO],
        patents=[{"number": "US 10,123,456 B2", "office": "US"}])
    profile = Profile(
        person=Person(name="Lena  Vogel"),
        affiliations=[_aff("Stanford University", 2015, 2018), _aff("MIT", 2018, None, current=True),
                      _aff("University of Tokyo", 2019, 2019), _aff("Stanford University", 2015, 2018)],
        funding=[Funding(funder="NSF"), Funding(funder="National Science Foundation"), Funding(funder="DFG")],
        travel=[Travel(country="CN"), Travel(country="US"), Travel(country="RU")],
        publications=[Publication(title="a", coauthor_organisations=["Stanford University", "Tsinghua University"]),
                      Publication(title="b", coauthor_organisations=["Stanford University"])],
        patents=[Patent(number="US10123456", office="US"), Patent(number="EP 3 123 456", office="EP")])
    counts = score_case(truth, profile).counts
    assert counts["person name"] == Counts(1, 0, 0)
    assert counts["affiliations"] == Counts(2, 2, 1)  # Tokyo has no years in the truth; a repeat is an FP
    assert counts["funders"] == Counts(1, 1, 0)  # NSF twice is one funder; DFG is wrong
    assert counts["talk countries"] == Counts(2, 1, 1)
    assert counts["co-author orgs"] == Counts(1, 1, 1)
    assert counts["patents"] == Counts(1, 1, 0)
    assert counts["talent programs"] == Counts(0, 0, 0) and counts["talent programs"].f1 == 1.0
    missed = score_case(_truth(), Profile(person=Person(name="L. Vogel"))).counts["person name"]
    assert missed == Counts(0, 1, 1) and missed.f1 == 0.0


def test_counts_precision_recall_f1() -> None:
    c = Counts(8, 2, 2)
    assert (c.precision, c.recall, round(c.f1, 3)) == (0.8, 0.8, 0.8)
    c.add(Counts(2, 0, 0))
    assert c == Counts(10, 2, 2)


# ---------------------------------------------------------------- end to end


def test_extractor_reaches_a_modest_recall_on_generated_cvs(tmp_path: Path) -> None:
    from bench.extraction_eval import extract_case, report

    cases = [make_case(_spec(layout, i), 3, tmp_path) for i, layout in enumerate(("single", "columns", "table",
                                                                                   "docx", "single"))]
    rows = [{"id": c.id, "layout": c.layout, "files": c.files} for c in cases]
    profiles = [extract_case(str(tmp_path), list(c.files.values()))[0] for c in cases]
    _, _, total = report(rows, {c.id: c.truth for c in cases}, profiles)
    # Floors below the measured figures (2026-11-29: every field >= 0.93 on these five CVs), so a
    # regression in any shape of entry fails here; the full figures come from the benchmark.
    assert total["person name"].recall == 1.0
    assert total["affiliations"].recall >= 0.85 and total["affiliations"].precision >= 0.9
    assert total["funders"].f1 >= 0.85 and total["talent programs"].f1 >= 0.9
    assert total["patents"].recall >= 0.9 and total["talk countries"].recall >= 0.85


def test_filled_forms_carry_their_truth_and_are_scored(tmp_path: Path) -> None:
    pytest.importorskip("intake.forms.generate")
    from tests.corpus.forms import generate_forms, score_forms

    rows = generate_forms(tmp_path, 7, filled=2, scanned=0)
    assert [r["kind"] for r in rows] == ["filled", "filled"]
    assert {r["form"] for r in rows} == {"collaboration", "visitor"}
    truths = [json.loads((tmp_path / r["truth"]).read_text(encoding="utf-8"))["values"] for r in rows]
    assert all(t["full_name"] and {"Yes", "No"} & set(t.values()) for t in truths)
    counts = score_forms(tmp_path, rows)
    assert counts.tp + counts.fn == sum(1 for t in truths for v in t.values() if v.strip())
    assert counts.recall >= 0.9
