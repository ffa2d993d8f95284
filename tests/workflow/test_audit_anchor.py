"""Issue 15: tampering by someone who can write the database is caught by `rsi audit verify`.

Each probe writes to the database directly, as an attacker with SQL access would: cut the tail,
empty the table, re-hash an edit, forge records and purge checkpoints, edit cases and decisions.
Before the audit key and the signed head, each of these verified as intact.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner
from workflow_factory import case_in, finding, reviewers

from intake.settings import Settings
from workflow.cases import anchor, audit, decisions
from workflow.cases.audit import Tamper
from workflow.cases.store import AuditEventRow, CaseRow, Store, open_store, utcnow
from workflow.cli import app
from workflow.cli import decisions as cli_workflow

FIELDS = ["seq", "case_id", "at", "actor", "action", "from_state", "to_state", "payload",
          "prev_hash", "hash", "mac_scheme"]
WRONG_KEY = b"m" * 64  # what an attacker without the real key has to use


@pytest.fixture
def chain(any_store: Store, settings: Settings) -> Store:
    """Two decided cases (C-0001 denied: 1..6, C-0002 approved: 7..12), head signed at 12."""
    case_in(any_store, settings, "denied", "C-0001")
    case_in(any_store, settings, "approved", "C-0002")
    with any_store.session() as s:
        result = audit.verify(s)
        assert result.ok and result.checked == 12 and result.anchored_seq == 12, result.message
    return any_store


def sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def row(store: Store, seq: int) -> dict:
    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT * FROM audit_events WHERE seq = :s"), {"s": seq})
        return dict(found.mappings().one())


def verify(store: Store, **kwargs: object) -> audit.VerifyResult:
    with store.session() as s:
        return audit.verify(s, **kwargs)  # type: ignore[arg-type]


def cli_verify(store: Store, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setattr(cli_workflow, "store", lambda: store)
    return CliRunner().invoke(app, ["audit", "verify", *args])


def forged(store: Store, seq: int, prev_hash: str, *, key: bytes | None, action: str = "approve",
           payload: dict | None = None, case_id: str | None = "C-0001") -> dict:
    """A well-formed record, hashed with `key` (None: plain SHA-256 as before migration 0003)."""
    at = utcnow()
    body = dict(seq=seq, case_id=case_id, at=at, actor="mallory", action=action,
                from_state="under_review", to_state="approved", payload=payload or {"rationale": "ok"},
                prev_hash=prev_hash)
    digest = audit.record_hash(**body, key=key)
    return {**body, "payload": json.dumps(body["payload"]), "hash": digest,
            "mac_scheme": anchor.SCHEME if key else None}


def insert(store: Store, values: dict) -> None:
    sql(store, f"INSERT INTO audit_events ({', '.join(FIELDS)}) "
        f"VALUES ({', '.join(':' + c for c in FIELDS)})", **values)


# ---------------------------------------------------------------- truncation and emptying


def test_deleting_the_last_records_is_caught(chain: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    sql(chain, "DELETE FROM audit_events WHERE seq >= 11")
    result = verify(chain)
    assert not result.ok and (result.problem, result.first_bad_seq) == (Tamper.TRUNCATED, 11)
    assert "records 11..12 are missing" in result.message
    out = cli_verify(chain, monkeypatch)
    assert out.exit_code == 9 and "cut off" in out.output


def test_an_emptied_table_is_caught(chain: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    sql(chain, "DELETE FROM audit_events")
    result = verify(chain)
    assert not result.ok and result.problem == Tamper.TRUNCATED and "emptied" in result.message
    assert cli_verify(chain, monkeypatch).exit_code == 9


def test_truncation_then_new_work_is_still_caught(chain: Store, settings: Settings) -> None:
    sql(chain, "DELETE FROM audit_events WHERE seq >= 10")
    case_in(chain, settings, "flagged", "C-0003")  # the app appends 10.. again, with the key
    result = verify(chain)
    assert not result.ok and result.first_bad_seq == 12 and result.problem == Tamper.EDITED


# ---------------------------------------------------------------- re-hashing and forging


def test_rehashing_an_edit_without_the_key_is_caught(chain: Store) -> None:
    """Edit record 5 and re-hash it and every later record, the way the old chain allowed."""
    with chain.session() as s:
        prev = s.get(AuditEventRow, 4).hash
        for seq in range(5, 13):
            event = s.get(AuditEventRow, seq)
            if seq == 5:
                event.payload = {"rationale": "Quietly changed"}
            event.prev_hash = prev
            event.hash = prev = audit._hash_row(event, WRONG_KEY)
    result = verify(chain)
    assert not result.ok and (result.first_bad_seq, result.problem) == (5, Tamper.EDITED)


def test_rewriting_the_whole_chain_as_legacy_records_is_caught(chain: Store) -> None:
    with chain.session() as s:
        prev = audit.GENESIS_HASH
        for event in s.query(AuditEventRow).order_by(AuditEventRow.seq):
            event.mac_scheme = None
            event.prev_hash = prev
            event.hash = prev = audit._hash_row(event)  # plain SHA-256, no key needed
    result = verify(chain)
    assert not result.ok and result.first_bad_seq == 12  # the signed head names another record


def test_a_forged_decision_record_is_caught(chain: Store) -> None:
    insert(chain, forged(chain, 13, row(chain, 12)["hash"], key=WRONG_KEY))
    sql(chain, "UPDATE cases SET state = 'approved' WHERE id = 'C-0001'")
    result = verify(chain)
    assert not result.ok and (result.first_bad_seq, result.problem) == (13, Tamper.EDITED)


def test_a_forged_purge_checkpoint_and_deletion_is_caught(chain: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The old attack: a fake `audit.purged` record, then delete records inside retention."""
    payload = {"through_seq": 6, "last_hash": row(chain, 6)["hash"], "purged": 6,
               "retention_years": 10, "cutoff": utcnow().isoformat()}
    for key in (None, WRONG_KEY):
        insert(chain, forged(chain, 13, row(chain, 12)["hash"], key=key, case_id=None,
                             action=audit.CHECKPOINT_ACTION, payload=payload))
        sql(chain, "DELETE FROM audit_events WHERE seq <= 6")
        result = verify(chain)
        assert not result.ok and result.first_bad_seq in (7, 13), result.message
        assert cli_verify(chain, monkeypatch).exit_code == 9
        sql(chain, "DELETE FROM audit_events WHERE seq = 13")


def test_a_purge_with_a_moved_clock_is_caught(chain: Store) -> None:
    """Even the key holder cannot purge inside retention by claiming it is ten years later."""
    later = utcnow() + timedelta(days=10 * 366 + 30)
    with chain.session() as s:
        audit.purge(s, actor="admin", now=later, retention_years=10, through_seq=6)
    result = verify(chain, retention_years=10)
    assert not result.ok and result.problem == Tamper.PURGE and "moved clock" in result.message


def test_a_purge_under_a_shorter_retention_is_caught(chain: Store) -> None:
    from test_audit import rekey_aged

    rekey_aged(chain, 4 * 366)
    with chain.session() as s:
        audit.purge(s, actor="admin", now=utcnow(), retention_years=3, through_seq=6)
    assert verify(chain).ok  # consistent in itself ...
    result = verify(chain, retention_years=10)  # ... but not with the retention in force
    assert not result.ok and result.problem == Tamper.PURGE and "below the 10" in result.message


# ---------------------------------------------------------------- cases and decisions vs trail


@pytest.mark.parametrize(("statement", "words"), [
    ("UPDATE cases SET state = 'approved' WHERE id = 'C-0001'", "C-0001 is approved"),
    ("UPDATE cases SET legal_hold = true WHERE id = 'C-0001'", "legal hold is on"),
    ("UPDATE decisions SET second_reviewer = 'victor' WHERE case_id = 'C-0002'", "differs"),
    ("UPDATE decisions SET outcome = 'approved' WHERE case_id = 'C-0001'", "differs"),
    ("DELETE FROM decisions WHERE case_id = 'C-0001'", "missing from the decisions table"),
    ("INSERT INTO decisions (case_id, outcome, rationale, conditions, info_requested, reviewer, "
     "decided_at) VALUES ('C-0001', 'approved', 'ok', '[]', '[]', 'mallory', '2026-01-01')",
     "no audit record"),
    ("INSERT INTO cases (id, subject_name, kind, state, version, source_name, created_at, "
     "updated_at, reopened, legal_hold, details) VALUES ('C-0009', 'X', 'visitor', 'cleared', 1, "
     "'', '2026-01-01', '2026-01-01', false, false, '{}')", "no audit trail"),
])
def test_direct_edits_of_cases_and_decisions_are_caught(chain: Store, statement: str, words: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sql(chain, statement)
    result = verify(chain)
    assert not result.ok and result.problem == Tamper.MISMATCH and words in result.message, \
        result.message
    assert verify(chain, check_cases=False).ok  # the chain itself is sound: only the tables lie
    out = cli_verify(chain, monkeypatch)
    assert out.exit_code == 9 and words in " ".join(out.output.split())


# ---------------------------------------------------------------- the head file and the notary


def test_a_deleted_head_file_is_reported_and_reset_by_an_admin(chain: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    chain.anchor.head_path.unlink()
    result = verify(chain)
    assert not result.ok and result.problem == Tamper.UNANCHORED and "missing" in result.message
    case_in_new_work = decisions.set_legal_hold(chain, "C-0001", True, "alice", "check")
    assert case_in_new_work is None and not chain.anchor.head_path.exists()  # does not self-heal
    monkeypatch.setattr(cli_workflow, "store", lambda: chain)
    reviewers(chain, "alice")
    refused = CliRunner().invoke(app, ["audit", "anchor", "--reset", "--as", "alice"])
    assert refused.exit_code == 5  # only an admin
    from workflow.cases import users

    users.add_user(chain, "adam", users.Role.ADMIN, "correct horse battery staple")
    done = CliRunner().invoke(app, ["audit", "anchor", "--reset", "--as", "adam"])
    assert done.exit_code == 0, done.output
    assert verify(chain).ok
    assert row(chain, verify(chain).head_seq)["action"] == audit.HEAD_RESET_ACTION


def test_a_forged_head_file_is_reported(chain: Store) -> None:
    data = json.loads(chain.anchor.head_path.read_text())
    data.update(seq=10, count=10, hash=row(chain, 10)["hash"])  # claim the chain ends at 10
    chain.anchor.head_path.write_text(json.dumps(data))
    result = verify(chain)
    assert not result.ok and result.problem == Tamper.UNANCHORED and "not signed" in result.message


def test_the_notarys_copy_catches_a_rollback_of_database_and_head(
        chain: Store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An insider with the key cuts the tail and re-signs the head; the notary's line still knows."""
    notary = tmp_path / "notary.log"
    monkeypatch.setattr(cli_workflow, "store", lambda: chain)
    out = CliRunner().invoke(app, ["audit", "anchor", "--export", "--to", str(notary)])
    assert out.exit_code == 0 and out.stdout.startswith("rsi-audit-head ")
    assert notary.read_text().strip() == out.stdout.strip()
    sql(chain, "DELETE FROM audit_events WHERE seq >= 11")
    audit.reset_head(chain)  # needs the key: only the insider can do this
    # the chain and the local head agree with each other (the decisions table still gives the
    # cut away, but an insider could delete those rows too) ...
    assert verify(chain, check_cases=False).ok
    result = cli_verify(chain, monkeypatch, "--anchor", str(notary))
    assert result.exit_code == 9 and "notary" in result.output  # ... the notary's does not


def test_another_key_cannot_verify_or_sign(chain: Store, settings: Settings) -> None:
    other = anchor.Anchor(WRONG_KEY, chain.anchor.head_path)
    stranger = open_store(str(chain.engine.url.render_as_string(hide_password=False)), anchor=other)
    with stranger.session() as s:
        result = audit.verify(s)
    assert not result.ok and "not signed by this audit key" in result.message


def test_key_comes_from_the_environment_not_the_database(settings: Settings, store: Store,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "k" * 40
    monkeypatch.setenv("RSI_AUDIT_KEY", secret)
    keyed = anchor.for_url(settings.effective_database_url)
    assert keyed.key == secret.encode()
    key_file = settings.data_dir / "audit.key"
    assert key_file.stat().st_mode & 0o777 == 0o600  # the generated default is private
    with store.engine.connect() as conn:
        dump = " ".join(str(r) for t in ("audit_events", "users") for r in
                        conn.execute(text(f"SELECT * FROM {t}")))
    assert key_file.read_text().strip() not in dump


# ---------------------------------------------------------------- legacy databases


def test_a_legacy_chain_keeps_verifying_and_is_sealed_by_the_first_keyed_record(
        settings: Settings) -> None:
    """Records written before migration 0003 (plain SHA-256, no head file) still verify."""
    store = open_store(settings.effective_database_url)
    prev = audit.GENESIS_HASH
    for seq in (1, 2, 3):
        record = forged(store, seq, prev, key=None, action="user_added", case_id=None,
                        payload={"user": f"u{seq}"})
        insert(store, record)
        prev = record["hash"]
    assert not store.anchor.head_path.exists()
    result = verify(store)
    assert result.ok and "legacy" in result.message, result.message
    from workflow.cases import users

    users.add_user(store, "alice", users.Role.REVIEWER, "correct horse battery staple")  # keyed, 4
    result = verify(store)
    assert result.ok and result.anchored_seq == 4 and "sealed" in result.message, result.message
    sql(store, "UPDATE audit_events SET payload = :p WHERE seq = 2", p='{"user": "mallory"}')
    assert verify(store).first_bad_seq == 2


def test_a_database_from_before_0003_verifies_after_the_upgrade(any_store: Store,
                                                                 settings: Settings) -> None:
    from test_migrations import _alembic

    case_in(any_store, settings, "denied", "C-0001")
    _alembic(any_store.engine, "downgrade", "0002")  # the schema as it was, then its hashes:
    from sqlalchemy import select

    with any_store.engine.begin() as conn:
        prev = audit.GENESIS_HASH
        # every column but mac_scheme, which 0002 does not have (types as the ORM reads them)
        for r in conn.execute(select(*audit._COLUMNS[:-1]).order_by(AuditEventRow.seq)).all():
            digest = audit.record_hash(seq=r.seq, case_id=r.case_id, at=r.at, actor=r.actor,
                                       action=r.action, from_state=r.from_state,
                                       to_state=r.to_state, payload=r.payload, prev_hash=prev)
            conn.execute(text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                         {"p": prev, "h": digest, "s": r.seq})
            prev = digest
    any_store.anchor.head_path.unlink()
    _alembic(any_store.engine, "upgrade", "head")
    result = verify(any_store)
    assert result.ok and "legacy SHA-256 records only" in result.message, result.message
    decisions.set_legal_hold(any_store, "C-0001", True, "alice", "agency request")
    result = verify(any_store)
    assert result.ok and "sealed by the first keyed record" in result.message, result.message
    sql(any_store, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")
    assert verify(any_store).first_bad_seq == 2


def test_two_person_approval_leaves_a_consistent_trail(any_store: Store, settings: Settings) -> None:
    case_in(any_store, settings, "approved", "C-0001", finding(severity="blocker"))
    result = verify(any_store)
    assert result.ok, result.message
    with any_store.session() as s:
        actions = [e.action for e in s.query(AuditEventRow).order_by(AuditEventRow.seq)]
        assert actions[-2:] == ["propose_approval", "approve"]
        assert s.get(CaseRow, "C-0001").state == "approved"


def test_a_dismissal_written_into_the_table_is_caught(any_store: Store, settings: Settings) -> None:
    """A DB writer 'dismisses' a blocker with a forged confirmed row, so one reviewer can approve."""
    case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    sql(any_store, "INSERT INTO finding_dispositions (case_id, finding_key, disposition, rationale, "
        "actor, created_at, confirmed_by, confirmed_at) VALUES ('C-0001', :k, 'false_positive', "
        "'namesake', 'rita', '2026-01-01', 'victor', '2026-01-01')", k=finding().key)
    result = verify(any_store)
    assert not result.ok and result.problem == Tamper.MISMATCH
    assert "has no audit record: inserted directly" in result.message, result.message


def test_a_confirmation_of_a_proposal_nobody_made_is_caught(any_store: Store,
                                                            settings: Settings) -> None:
    """A pending approval written into the table in rita's name, then confirmed by victor."""
    case_in(any_store, settings, "under_review", "C-0001", finding(severity="blocker"))
    reviewers(any_store, "rita", "victor")
    with any_store.session() as s:
        version = s.get(CaseRow, "C-0001").version
        from workflow.cases.ops import context

        digest = context(s, "C-0001")["findings_digest"]
    sql(any_store, "INSERT INTO pending_approvals (case_id, outcome, proposed_by, request, "
        "case_version, findings_digest, created_at, status) VALUES ('C-0001', 'approve', 'rita', "
        ":r, :v, :d, '2026-01-01', 'pending')",
        r=json.dumps({"state": "under_review", "rationale": "ok", "conditions": [],
                      "override_rationale": "namesake"}), v=version, d=digest)
    decisions.confirm_approval(any_store, "C-0001", "victor")
    result = verify(any_store)
    assert not result.ok and "which no audit record proposed" in result.message, result.message
