"""Bounded extraction (issue 13, deliverable 4): a hostile document is refused with a coded reason,
the rest of its case is still extracted and screened, and the intake moves on to the next file.

The hostile inputs are generated in tmp (tests/hostile.py) at sizes that overrun deliberately tight
limits; bench/bench_limits.py runs them at the issue's sizes under the default limits.
"""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest

from intake.errors import ErrorCode
from intake.extract_limits import cap_text
from intake.records import Document, DocumentKind, Page
from intake.settings import Settings
from workflow.cases.store import CaseRow, ScreeningRow, Store
from workflow.filing.ingest import process_file, process_folder
from workflow.filing.outcomes import Accepted
from workflow.screening.service import screen_case

CV = """Ilse Marrowby
ilse.marrowby@example.org

Academic Positions
2018-2022  Research Fellow, National University of Defense Technology, Changsha, China
"""


def _document(pages: list[str]) -> Document:
    return Document(source_path="cv.txt", file_name="cv.txt", sha256="c" * 64, media_type="txt",
                    kind=DocumentKind.CV, pages=[Page(number=i, text=t) for i, t in enumerate(pages, 1)])


def test_text_beyond_the_cap_is_cut_at_a_line_end_and_said() -> None:
    lines = [f"{2000 + i % 20}  Fellow, University of Example, entry {i}" for i in range(300)]
    pages = ["\n".join(lines[:100]), "\n".join(lines[100:200]), "\n".join(lines[200:])]
    doc = _document(pages)
    total = sum(len(p) for p in pages)
    cut = cap_text(doc, len(pages[0]) + 500)
    kept = "\n".join(p.text for p in cut.pages)
    assert len(cut.pages) == 2 and len(kept) <= len(pages[0]) + 501
    assert cut.pages[1].text and pages[1].startswith(cut.pages[1].text) and not cut.pages[1].text.endswith("\n")
    assert cut.pages[1].text.split("\n")[-1] in lines  # whole lines only
    [warning] = cut.warnings
    assert f"of {total:,} characters" in warning and "max_extract_chars" in warning
    assert cap_text(doc, total) is doc  # within the cap: untouched


def _screened(store: Store, case_id: str) -> tuple[CaseRow, list[dict]]:
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        row = s.query(ScreeningRow).filter_by(case_id=case_id).order_by(ScreeningRow.id.desc()).first()
        s.expunge(case)
        return case, (row.findings if row else [])


@pytest.fixture
def tight(settings: Settings) -> Settings:
    """Limits a few seconds wide, so generated files a few MB large overrun them."""
    return settings.model_copy(update={"extract_timeout_s": 3.0, "max_extract_chars": 20_000_000})


def test_a_hostile_docx_is_refused_and_the_rest_of_its_case_screened(
    tight: Settings, store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "Ilse Marrowby"
    folder.mkdir()
    (folder / "cv.txt").write_text(CV)
    hostile.many_paragraphs_docx(folder / "appendix.docx", 40_000)

    outcomes = process_folder(folder, tight, store, after_filed=lambda cid: screen_case(store, tight, cid))

    assert all(isinstance(o, Accepted) for o in outcomes)  # both files filed: nothing lost
    case, findings = _screened(store, outcomes[0].case_id)
    assert case.state == "flagged"
    [refused] = case.profile["extraction_refusals"]
    assert (refused["file_name"], refused["code"]) == ("Ilse Marrowby/appendix.docx", ErrorCode.EXTRACTION_TIMEOUT)
    assert any("appendix.docx: extraction_timeout" in w and "extract_timeout_s" in w for w in case.profile["warnings"])
    # the CV beside it was still extracted and screened
    assert case.profile["person"]["name"] == "Ilse Marrowby"
    assert [a["organisation"] for a in case.profile["affiliations"]] == ["National University of Defense Technology"]
    rules = {f["rule_id"] for f in findings}
    assert "EXTRACTION_REFUSED" in rules and "DEFENCE_UNIVERSITY" in rules

    # the intake moves on: the next file is filed and screened normally
    after = tmp_path / "next-cv.txt"
    # another person, with their own address (one address would make it the same person's case)
    after.write_text(CV.replace("Ilse Marrowby", "Tomasz Quenfield").replace("ilse.marrowby", "tomasz.quenfield"))
    outcome = process_file(after, tight, store, after_filed=lambda cid: screen_case(store, tight, cid))
    case, findings = _screened(store, outcome.case_id)
    assert case.profile["person"]["name"] == "Tomasz Quenfield" and not case.profile["extraction_refusals"]
    assert "EXTRACTION_REFUSED" not in {f["rule_id"] for f in findings}


@pytest.mark.parametrize("build", [hostile.huge_bibtex, hostile.huge_csv, hostile.huge_text],
                         ids=["bibtex", "csv", "text"])
def test_huge_text_documents_are_cut_to_the_cap_and_say_so(
    build, settings: Settings, store: Store, tmp_path: Path
) -> None:
    capped = settings.model_copy(update={"max_extract_chars": 60_000})
    path = build(tmp_path / f"huge{build.__name__}", 3 << 20)
    path = path.rename(path.with_suffix({"huge_bibtex": ".bib", "huge_csv": ".csv"}.get(build.__name__, ".txt")))

    outcome = process_file(path, capped, store, after_filed=lambda cid: screen_case(store, capped, cid))

    case, _ = _screened(store, outcome.case_id)
    assert case.state in {"flagged", "under_review"}
    [warning] = [w for w in case.profile["warnings"] if "max_extract_chars" in w]
    assert f"of {path.stat().st_size:,} characters" in warning  # ASCII: one character per byte
    facts = case.profile["publications"] + case.profile["affiliations"]
    # what was read stops at the cap: a few hundred records, not the tens of thousands in the file
    assert 0 < len(facts) < 2_000


def test_an_overrun_while_screening_blames_the_document_that_gave_the_most_facts() -> None:
    from intake.extract_worker import _Overrun

    # facts in the profile as documents 0, 1, 2 began, then as the screening began
    screening = _Overrun(3, ErrorCode.EXTRACTION_TIMEOUT, "took too long", [0, 12, 9_012, 9_020])
    assert screening.culprit(3) == 1
    assert _Overrun(1, ErrorCode.EXTRACTION_MEMORY, "too big", [0, 12]).culprit(3) == 1  # overran in document 1
    assert _Overrun(3, ErrorCode.EXTRACTION_TIMEOUT, "slow", [0, 0, 0, 0]).culprit(3) is None  # nothing to blame
    assert _Overrun(None, ErrorCode.EXTRACTION_FAILED, "died at start").culprit(3) is None


def test_a_case_whose_screening_overruns_with_nothing_to_blame_says_so(
    settings: Settings, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intake.pipeline
    from intake.errors import ExtractionRefused
    from workflow.cases.store import AuditEventRow

    def overrun(*_args: object) -> None:
        raise ExtractionRefused("screening the extracted profile took longer than 60 s", ErrorCode.EXTRACTION_TIMEOUT)

    monkeypatch.setattr(intake.pipeline, "assess_bounded", overrun)
    cv = tmp_path / "cv.txt"
    cv.write_text(CV)
    outcome = process_file(cv, settings, store, after_filed=lambda cid: screen_case(store, settings, cid))

    assert isinstance(outcome, Accepted)  # filed, nothing lost
    case, findings = _screened(store, outcome.case_id)
    assert case.state == "received" and findings == []
    assert case.profile["warnings"] == [
        "not screened: extraction_timeout: screening the extracted profile took longer than 60 s"]
    with store.session() as s:
        events = s.query(AuditEventRow).filter_by(case_id=outcome.case_id).order_by(AuditEventRow.seq)
        actions = [e.action for e in events]
    assert actions[-2:] == ["extraction_refused", "after_filed_failed"]


def test_a_cv_repeating_its_entries_is_tagged_once_per_text_and_keeps_the_first_of_each_fact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import intake.extract.nlp
    from intake.extract import extract_profile
    from intake.screen.lists import load_reference

    real = intake.extract.nlp.pipeline
    seen: list[str] = []

    class Spy:
        """The spaCy pipeline, recording the texts it is given."""

        def __init__(self, nlp: object) -> None:
            self.nlp = nlp

        def pipe(self, texts):  # noqa: ANN001, ANN201
            texts = list(texts)
            seen.extend(texts)
            return self.nlp.pipe(texts)

    monkeypatch.setattr(intake.extract.nlp, "pipeline", lambda pairs: Spy(real(pairs)))
    post = "2018-2022  Research Fellow, National University of Defense Technology, Changsha, China"
    grant = "2019-2022  National Natural Science Foundation of China, Grant No. 61900001, PI"
    text = "\n".join(["Ilse Marrowby", "ilse.marrowby@example.org", "", "Academic Positions", post, post, post,
                      "", "Grants", grant, grant, "", "Patents",
                      "ZL201910123456.7 Fictional sensor, granted 2019",
                      "ZL 2019 1012 3456.7 Fictional sensor (the same patent, spaced), granted 2019",
                      "ZL202010654321.0 Fictional valve, granted 2020"])
    doc = _document([text])

    profile = extract_profile([doc], load_reference(Path(__file__).resolve().parents[1] / "lists").gazetteer())

    assert len(seen) == len(set(seen)) and post in seen  # each distinct entry through the model once
    # every entry keeps its own facts and evidence, though the model read its text once
    assert [(a.organisation, a.evidence[0].line) for a in profile.affiliations] == [
        ("National University of Defense Technology", line) for line in (5, 6, 7)]
    # the same grant written twice is one grant; the same patent spaced differently is one patent (the first)
    assert [f.grant_id for f in profile.funding] == ["61900001"]
    assert [p.number for p in profile.patents] == ["ZL201910123456.7", "ZL202010654321.0"]
