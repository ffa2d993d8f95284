"""The intake use case: filing, duplicates, folders, failures, hostile names and crash recovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.records import Screening
from intake.settings import Settings
from workflow.cases import audit
from workflow.filing import claims
from workflow.cases import decisions
from workflow.filing import ingest
from workflow.filing.claims import WorkerId, safe_name
from workflow.filing.ingest import ingest_entry, process_path, run_claim
from workflow.filing.outcomes import Accepted, Duplicate, Failed
from workflow.filing.recovery import recover_claims
from workflow.screening.service import apply_screening
from workflow.cases.store import AuditEventRow, CaseRow, DocumentRow, IntakeJobRow, Store, utcnow

from intake_helpers import FakeReader, context, counts, dead_worker, fake_pdf, files_under


def drop(settings: Settings, name: str, text: str) -> Path:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    return fake_pdf(settings.inbox / name, text)


def test_a_file_is_filed_archived_and_audited(settings: Settings, store: Store) -> None:
    ctx = context(settings, store)
    [outcome] = ingest_entry(drop(settings, "cv.pdf", "Ada Example"), ctx)

    assert isinstance(outcome, Accepted)
    archived = Path(outcome.archived_path)
    assert archived == (settings.archive_dir / outcome.case_id / "cv.pdf").absolute()
    assert archived.read_bytes().endswith(b"Ada Example")
    assert not (settings.inbox / "cv.pdf").exists() and files_under(settings.processing_dir) == []
    with store.session() as s:
        case = s.get(CaseRow, outcome.case_id)
        job = s.scalars(select(IntakeJobRow)).one()
        actions = [a.action for a in s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq))]
    assert case.state == "received" and case.source_name == "cv.pdf"
    assert (job.status, job.case_id, job.sha256) == ("processed", outcome.case_id, outcome.sha256)
    assert ":" in job.worker and job.finished_at is not None
    assert actions == ["case_created", "document_filed"]
    assert outcome.case_id.startswith("RSI-") and len(outcome.case_id) == len("RSI-20250101-1A2B3C4D")


def test_same_content_twice_is_linked_not_read_again(settings: Settings, store: Store) -> None:
    reader = FakeReader()
    ctx = context(settings, store, reader)
    [first] = ingest_entry(drop(settings, "cv.pdf", "same"), ctx)
    [second] = ingest_entry(drop(settings, "copy of cv.pdf", "same"), ctx)

    assert isinstance(first, Accepted) and isinstance(second, Duplicate)
    assert (second.case_id, second.duplicate_of) == (first.case_id, first.document_id)
    assert reader.calls == ["cv.pdf"]
    assert [p.name.split("__")[1] for p in files_under(settings.archive_dir / "duplicates")] == [
        "copy of cv.pdf"
    ]
    assert counts(store) == {"documents": 1, "processed": 1, "duplicate": 1}
    with store.session() as s:
        dup = s.scalars(select(IntakeJobRow).where(IntakeJobRow.status == "duplicate")).one()
        assert dup.duplicate_of == first.document_id
        assert s.scalars(select(AuditEventRow.action)).all()[-1] == "document_duplicate"


def test_a_folder_is_one_case_with_all_its_files(settings: Settings, store: Store) -> None:
    folder = settings.inbox / "Ada Example"
    (folder / "forms").mkdir(parents=True)
    fake_pdf(folder / "cv.pdf", "cv")
    fake_pdf(folder / "forms" / "cv.pdf", "form")  # same name in a sub-folder: no overwrite
    fake_pdf(folder / "again.pdf", "cv")  # same content twice inside one folder
    (folder / "notes.txt").write_text("not a pdf")
    (folder / ".DS_Store").write_bytes(b"\0")
    outcomes = ingest_entry(folder, context(settings, store))

    accepted = [o for o in outcomes if isinstance(o, Accepted)]
    assert len(accepted) == 2 and len({o.case_id for o in accepted}) == 1
    case_id = accepted[0].case_id
    archived = sorted(p.name for p in files_under(settings.archive_dir / case_id))
    assert archived == ["again.pdf", "forms_cv.pdf"]  # members are taken in name order
    dups = [o for o in outcomes if isinstance(o, Duplicate)]
    assert [(d.file, d.case_id) for d in dups] == [("Ada Example/cv.pdf", case_id)]
    failed = sorted(p.name for p in files_under(settings.failed_dir))
    assert failed == ["Ada Example.DS_Store", "Ada Example_notes.txt"]
    assert not folder.exists() and list(settings.processing_dir.rglob("*")) == [
        settings.processing_dir / ctx_tag()
    ]


def ctx_tag() -> str:
    return WorkerId.current().tag


def test_a_bad_file_goes_to_failed_with_its_reason(settings: Settings, store: Store) -> None:
    [outcome] = ingest_entry(drop_raw(settings, "bad.pdf", b"hello"), context(settings, store))

    assert isinstance(outcome, Failed) and outcome.code == "not_a_pdf"
    reason = (settings.failed_dir / "bad.pdf.error.txt").read_text()
    assert "error: not_a_pdf" in reason and "not a PDF" in reason
    assert f"sha256: {outcome.sha256}" in reason and "time: " in reason
    assert (settings.failed_dir / "bad.pdf").read_bytes() == b"hello"
    assert counts(store) == {"documents": 0, "failed": 1}


def drop_raw(settings: Settings, name: str, data: bytes) -> Path:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    path = settings.inbox / name
    path.write_bytes(data)
    return path


def test_same_failed_name_twice_never_overwrites(settings: Settings, store: Store) -> None:
    ctx = context(settings, store)
    ingest_entry(drop_raw(settings, "bad.pdf", b"one"), ctx)
    ingest_entry(drop_raw(settings, "bad.pdf", b"two"), ctx)

    assert (settings.failed_dir / "bad.pdf").read_bytes() == b"one"
    assert (settings.failed_dir / "bad-1.pdf").read_bytes() == b"two"
    assert (settings.failed_dir / "bad-1.pdf.error.txt").exists()


def test_an_unexpected_reader_error_is_a_failure_not_a_crash(settings: Settings, store: Store) -> None:
    def broken(path: Path, name: str, sha256: str) -> object:
        raise RuntimeError("reader bug")

    ctx = context(settings, store, broken)  # type: ignore[arg-type]
    [outcome] = ingest_entry(drop(settings, "cv.pdf", "x"), ctx)
    assert isinstance(outcome, Failed) and outcome.code == "internal"
    assert "reader bug" in (settings.failed_dir / "cv.pdf.error.txt").read_text()


def test_a_symlink_is_refused_without_reading_its_target(settings: Settings, store: Store, tmp_path: Path) -> None:
    secret = fake_pdf(tmp_path / "secret.pdf", "do not read")
    settings.inbox.mkdir(parents=True)
    (settings.inbox / "link.pdf").symlink_to(secret)
    reader = FakeReader()
    [outcome] = ingest_entry(settings.inbox / "link.pdf", context(settings, store, reader))

    assert isinstance(outcome, Failed) and "symbolic link" in outcome.message
    assert reader.calls == [] and secret.exists()
    assert (settings.failed_dir / "link.pdf").is_symlink()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\cv.pdf", "cv.pdf"),
        ("cv\nInjected: yes.pdf", "cv_Injected_ yes.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("..", "file"),
        ("..pdf", "file.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("résumé.PDF", "résumé.PDF"),
    ],
)
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_hostile_file_names_stay_in_their_folders(settings: Settings, store: Store) -> None:
    ctx = context(settings, store)
    names = ["..\\..\\etc\\passwd.pdf", "cv\nwith newline.pdf", "x" * 250 + ".pdf", "..pdf"]
    for i, name in enumerate(names):
        [outcome] = ingest_entry(drop(settings, name, f"doc {i}"), ctx)
        assert isinstance(outcome, Accepted)
        archived = Path(outcome.archived_path)
        assert archived.parent == (settings.archive_dir / outcome.case_id).absolute()
        assert "\n" not in archived.name and len(archived.name) <= claims.MAX_NAME_CHARS
        assert archived.suffix == ".pdf"
    assert len(files_under(settings.archive_dir)) == len(names)


def test_process_path_copies_and_leaves_the_original(settings: Settings, store: Store, tmp_path: Path) -> None:
    original = fake_pdf(tmp_path / "cv.pdf", "mine")
    [outcome] = process_path(original, context(settings, store))
    assert isinstance(outcome, Accepted) and original.read_bytes().endswith(b"mine")


def test_after_filed_failure_is_audited_and_the_file_kept(settings: Settings, store: Store) -> None:
    def screening(case_id: str) -> None:
        raise RuntimeError("lists unavailable")

    ctx = context(settings, store, after_filed=screening)
    [outcome] = ingest_entry(drop(settings, "cv.pdf", "x"), ctx)
    assert isinstance(outcome, Accepted) and Path(outcome.archived_path).exists()
    with store.session() as s:
        last = s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc())).first()
    assert last.action == "after_filed_failed" and "lists unavailable" in last.payload["error"]


# ---------------------------------------------------------------- crash points


def dead_claim(settings: Settings, name: str, text: str) -> tuple[WorkerId, Path]:
    """A file claimed by a worker that died right after the rename."""
    worker = dead_worker()
    folder = claims.worker_dir(settings.processing_dir, worker)
    return worker, fake_pdf(folder / claims.new_claim_name(name), text)


def test_crash_after_claim_before_job_row_is_redone(settings: Settings, store: Store) -> None:
    _, claim = dead_claim(settings, "cv.pdf", "x")
    [outcome] = recover_claims(context(settings, store))
    assert isinstance(outcome, Accepted)
    assert not claim.parent.exists() and counts(store) == {"documents": 1, "processed": 1}


def test_crash_after_job_row_before_commit_is_redone(settings: Settings, store: Store) -> None:
    worker, claim = dead_claim(settings, "cv.pdf", "x")
    with store.session() as s:
        s.add(IntakeJobRow(claim_name=claim.name, original_name="cv.pdf", worker=worker.label))
    [outcome] = recover_claims(context(settings, store))
    assert isinstance(outcome, Accepted)
    assert counts(store) == {"documents": 1, "processed": 1}  # the same job row, re-owned


class Killed(BaseException):
    """Stands in for kill -9: not an Exception, so nothing catches it."""


@pytest.mark.parametrize("linked", [False, True])
def test_crash_after_commit_only_finishes_the_move(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch, linked: bool
) -> None:
    """Killed before the archive move, or between its link and unlink: recovery finishes it."""
    worker, claim = dead_claim(settings, "cv.pdf", "x")
    real_link = os.link

    def dying_link(src: object, dst: object, **kw: object) -> None:
        if linked:
            real_link(src, dst, **kw)  # type: ignore[arg-type]
        raise Killed

    monkeypatch.setattr(os, "link", dying_link)
    with pytest.raises(Killed):
        run_claim(claim, context(settings, store, worker=worker))
    monkeypatch.setattr(os, "link", real_link)
    assert claim.exists() and counts(store) == {"documents": 1, "processed": 1}

    reader = FakeReader()
    outcomes = recover_claims(context(settings, store, reader))
    assert reader.calls == [] and [type(o) for o in outcomes] == [Accepted]
    assert len(files_under(settings.archive_dir)) == 1 and not claim.exists()
    assert counts(store) == {"documents": 1, "processed": 1}


def test_recovery_leaves_a_live_workers_claims_alone(settings: Settings, store: Store) -> None:
    live = WorkerId.current()
    other = WorkerId(live.host, os.getppid(), claims._proc_start(os.getppid())[1])  # type: ignore[index]
    folder = claims.worker_dir(settings.processing_dir, other)
    fake_pdf(folder / claims.new_claim_name("cv.pdf"), "in flight")
    assert recover_claims(context(settings, store)) == []
    assert len(list(folder.iterdir())) == 1


def test_a_half_copy_from_rsi_process_is_discarded(settings: Settings, store: Store) -> None:
    worker = dead_worker()
    folder = claims.worker_dir(settings.processing_dir, worker)
    (folder / f"{claims.COPY_PREFIX}abc__cv.pdf").write_bytes(b"%PDF half")
    assert recover_claims(context(settings, store)) == []
    assert not folder.exists() and counts(store) == {"documents": 0}


def test_the_transaction_rechecks_duplicates_filed_meanwhile(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both passed the early duplicate check (as two racing workers would); the second links."""
    monkeypatch.setattr(ingest, "find_document", lambda store, sha256: None)
    ctx = context(settings, store)
    [first] = ingest_entry(drop(settings, "a.pdf", "same"), ctx)
    [second] = ingest_entry(drop(settings, "b.pdf", "same"), ctx)
    assert isinstance(first, Accepted) and isinstance(second, Duplicate)
    with store.session() as s:
        assert len(s.scalars(select(DocumentRow)).all()) == 1


def test_placing_across_file_systems_copies_then_removes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Archive on another disk than the inbox: os.link fails with EXDEV, a scratch copy is linked."""
    import errno

    real_link = os.link

    def cross_device(src: object, dst: object, **kw: object) -> None:
        if not Path(str(src)).name.startswith(claims.COPY_PREFIX):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_link(src, dst, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", cross_device)
    src = fake_pdf(tmp_path / "src.pdf", "x")
    (tmp_path / "archive").mkdir()
    taken = fake_pdf(tmp_path / "archive" / "cv.pdf", "someone else")
    landed = claims.place(src, tmp_path / "archive" / "cv.pdf")
    assert landed.name == "cv-1.pdf" and landed.read_bytes().endswith(b"x")
    assert taken.read_bytes().endswith(b"someone else") and not src.exists()
    assert [p.name for p in (tmp_path / "archive").iterdir() if p.name.startswith(".")] == []


# ---------------------------------------------------------------- documents for an existing case


def _case_waiting_for_information(settings: Settings, store: Store) -> str:
    """A case filed by intake, screened without findings, then asked for more information."""
    [filed] = ingest_entry(drop(settings, "cv.pdf", "Ada Example"), context(settings, store))
    apply_screening(store, filed.case_id, Screening(findings=[], screened_at=utcnow()), settings)
    decisions.decide(store, filed.case_id, "request-info", "rita", "The contract is missing.",
                     items=["Signed visiting agreement"])
    return filed.case_id


def _actions_of(store: Store, case_id: str) -> list[AuditEventRow]:
    with store.session() as s:
        return list(s.scalars(select(AuditEventRow).where(AuditEventRow.case_id == case_id)
                              .order_by(AuditEventRow.seq)))


def test_documents_for_a_case_waiting_for_information_move_it_on(settings: Settings, any_store: Store) -> None:
    case_id = _case_waiting_for_information(settings, any_store)
    screened: list[str] = []
    ctx = context(settings, any_store, after_filed=screened.append)
    [outcome] = ingest_entry(drop(settings, f"{case_id} agreement.pdf", "signed agreement"), ctx)

    assert isinstance(outcome, Accepted) and outcome.case_id == case_id
    assert Path(outcome.archived_path).parent == (settings.archive_dir / case_id).absolute()
    assert screened == [case_id]  # the new document is screened with the case
    with any_store.session() as s:
        case = s.get(CaseRow, case_id)
        assert case.state == "under_review"
        assert len(case.documents) == 2
    events = _actions_of(any_store, case_id)
    assert [e.action for e in events][-3:] == ["request_info", "document_filed", "documents_received"]
    moved = events[-1]
    assert (moved.from_state, moved.to_state, moved.actor) == ("info_requested", "under_review", ctx.actor)
    assert moved.payload["received"] == [{"file_name": f"{case_id} agreement.pdf", "sha256": outcome.sha256}]
    assert outcome.sha256 in moved.payload["documents_sha256"]
    with any_store.session() as s:
        assert audit.verify(s).ok


def test_a_folder_named_for_a_case_files_into_it(settings: Settings, store: Store) -> None:
    case_id = _case_waiting_for_information(settings, store)
    folder = settings.inbox / case_id.lower()  # the id is matched whatever its case
    folder.mkdir()
    fake_pdf(folder / "agreement.pdf", "agreement")
    fake_pdf(folder / "translation.pdf", "translation")
    outcomes = ingest_entry(folder, context(settings, store))

    assert {o.case_id for o in outcomes if isinstance(o, Accepted)} == {case_id} and len(outcomes) == 2
    received = [e for e in _actions_of(store, case_id) if e.action == "documents_received"]
    assert len(received) == 1 and len(received[0].payload["received"]) == 2  # one move for both


def test_a_document_for_an_open_case_is_filed_without_a_move(settings: Settings, store: Store) -> None:
    [filed] = ingest_entry(drop(settings, "cv.pdf", "Ada Example"), context(settings, store))
    [extra] = ingest_entry(drop(settings, f"{filed.case_id}_publications.pdf", "papers"),
                           context(settings, store))

    assert isinstance(extra, Accepted) and extra.case_id == filed.case_id
    actions = [e.action for e in _actions_of(store, filed.case_id)]
    assert actions == ["case_created", "document_filed", "document_filed"]
    with store.session() as s:
        assert s.get(CaseRow, filed.case_id).state == "received"


def test_a_document_for_an_unknown_case_is_set_aside(settings: Settings, store: Store) -> None:
    [outcome] = ingest_entry(drop(settings, "RSI-20250101-0BADCA5E reply.pdf", "reply"),
                             context(settings, store))

    assert isinstance(outcome, Failed) and outcome.code == "not_found"
    assert "RSI-20250101-0BADCA5E" in outcome.message and Path(outcome.failed_path or "").exists()
    assert counts(store) == {"documents": 0, "failed": 1}
    with store.session() as s:
        assert s.scalar(select(func.count(CaseRow.id))) == 0


@pytest.mark.parametrize("name", ["RSI-20250101-1A2B3C4Dx.pdf", "cv RSI-20250101-1A2B3C4D.pdf",
                                  "RSI-2025-1A2B3C4D.pdf"])
def test_only_a_leading_case_id_names_a_case(name: str) -> None:
    assert ingest.named_case_id(f"0123__{name}") is None
