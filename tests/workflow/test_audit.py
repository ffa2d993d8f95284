"""The hash chain: tampering by direct SQL is named at its first bad record; export; retention."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner
from workflow_factory import case_in

from intake.errors import RsiError
from intake.settings import Settings
from workflow.cases import audit
from workflow.cli import decisions as cli_workflow
from workflow.cases.audit import Tamper
from workflow.cli import app
from workflow.cases.store import AuditEventRow, CaseRow, Store, utcnow

FIELDS = ["case_id", "at", "actor", "action", "from_state", "to_state", "payload",
          "prev_hash", "hash"]


@pytest.fixture
def chain(any_store: Store, settings: Settings) -> Store:
    """Two cases decided: a chain of 12 records (C-0001: 1..6, C-0002: 7..12)."""
    case_in(any_store, settings, "denied", "C-0001")
    case_in(any_store, settings, "approved", "C-0002")
    with any_store.session() as s:
        assert audit.verify(s).checked == 12
    return any_store


def sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def row(store: Store, seq: int) -> dict:
    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT * FROM audit_events WHERE seq = :s"), {"s": seq})
        return dict(found.mappings().one())


def put(store: Store, seq: int, values: dict) -> None:
    """Overwrite every column but seq of record `seq` (hash made unique first)."""
    sets = ", ".join(f"{f} = :{f}" for f in FIELDS)
    if isinstance(values["payload"], dict):  # PostgreSQL hands JSON back decoded
        values = {**values, "payload": json.dumps(values["payload"])}
    sql(store, f"UPDATE audit_events SET {sets} WHERE seq = :target", **{**values, "target": seq})


def edit_payload(store: Store) -> None:
    sql(store, "UPDATE audit_events SET payload = :p WHERE seq = 5", p='{"rationale":"Forged"}')


def edit_and_rehash(store: Store) -> None:
    with store.session() as s:
        event = s.get(AuditEventRow, 5)
        event.payload = {"rationale": "Quietly changed"}
        event.hash = audit.record_hash(seq=5, case_id=event.case_id, at=event.at,
                                       actor=event.actor, action=event.action,
                                       from_state=event.from_state, to_state=event.to_state,
                                       payload=event.payload, prev_hash=event.prev_hash)


def delete_one(store: Store) -> None:
    sql(store, "DELETE FROM audit_events WHERE seq = 5")


def delete_two(store: Store) -> None:
    sql(store, "DELETE FROM audit_events WHERE seq IN (5, 6)")


def delete_first(store: Store) -> None:
    sql(store, "DELETE FROM audit_events WHERE seq = 1")


def swap_contents(store: Store) -> None:
    a, b = row(store, 5), row(store, 8)
    put(store, 8, {**b, "hash": "x" * 64})
    put(store, 5, b)
    put(store, 8, a)


def swap_seq(store: Store) -> None:
    sql(store, "UPDATE audit_events SET seq = -1 WHERE seq = 5")
    sql(store, "UPDATE audit_events SET seq = 5 WHERE seq = 6")
    sql(store, "UPDATE audit_events SET seq = 6 WHERE seq = -1")


def forged_record(store: Store, seq: int, prev_hash: str) -> dict:
    at = utcnow()
    body = dict(seq=seq, case_id="C-0001", at=at, actor="mallory", action="approve",
                from_state="under_review", to_state="approved", payload={"rationale": "ok"},
                prev_hash=prev_hash)
    return {**body, "payload": json.dumps(body["payload"]), "hash": audit.record_hash(**body)}


def insert_sql(store: Store, values: dict) -> None:
    cols = ["seq", *FIELDS]
    sql(store, f"INSERT INTO audit_events ({', '.join(cols)}) "
        f"VALUES ({', '.join(':' + c for c in cols)})", **values)


def forge_at_end_bad_link(store: Store) -> None:
    insert_sql(store, forged_record(store, 13, "f" * 64))


def forge_at_end_bad_hash(store: Store) -> None:
    insert_sql(store, {**forged_record(store, 13, row(store, 12)["hash"]), "hash": "e" * 64})


def forge_after_gap(store: Store) -> None:
    insert_sql(store, forged_record(store, 20, row(store, 12)["hash"]))


def forge_in_middle(store: Store) -> None:
    """Shift records 5.. up by one and slip a well-formed forged record in at 5."""
    for seq in range(12, 4, -1):
        sql(store, "UPDATE audit_events SET seq = :n WHERE seq = :o", n=seq + 1, o=seq)
    insert_sql(store, forged_record(store, 5, row(store, 4)["hash"]))


# (tamper, first bad record, how)
TAMPERING: list[tuple[Callable[[Store], None], int, Tamper]] = [
    (edit_payload, 5, Tamper.EDITED),
    (edit_and_rehash, 5, Tamper.EDITED),
    (delete_one, 5, Tamper.DELETED),
    (delete_two, 5, Tamper.DELETED),
    (delete_first, 1, Tamper.DELETED),
    (swap_contents, 5, Tamper.REORDERED),
    (swap_seq, 5, Tamper.REORDERED),
    # without the audit key a forger can only write unkeyed records: named as forged at once
    (forge_at_end_bad_link, 13, Tamper.INSERTED),
    (forge_at_end_bad_hash, 13, Tamper.INSERTED),
    (forge_after_gap, 20, Tamper.INSERTED),
    (forge_in_middle, 5, Tamper.INSERTED),
]


@pytest.mark.parametrize(("tamper", "seq", "how"), TAMPERING, ids=[t[0].__name__ for t in TAMPERING])
def test_verify_names_first_bad_record(chain: Store, tamper, seq: int, how: Tamper,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    tamper(chain)
    with chain.session() as s:
        result = audit.verify(s)
    assert not result.ok
    assert (result.first_bad_seq, result.problem) == (seq, how), result.message
    assert f"record {seq}" in result.message or f"records {seq}.." in result.message
    # the same through the CLI: non-zero exit, first bad record named
    monkeypatch.setattr(cli_workflow, "store", lambda: chain)
    out = CliRunner().invoke(app, ["audit", "verify"])
    assert out.exit_code == 9
    assert f"first bad record: {seq}" in out.output


def test_intact_chain_verifies(chain: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with chain.session() as s:
        result = audit.verify(s)
    assert result.ok and result.checked == 12 and result.head_seq == 12
    monkeypatch.setattr(cli_workflow, "store", lambda: chain)
    out = CliRunner().invoke(app, ["audit", "verify"])
    assert out.exit_code == 0 and "12 records" in out.output


def test_export_csv_and_json(chain: Store) -> None:
    with chain.session() as s:
        rows = list(csv.DictReader(io.StringIO(audit.export(s, fmt="csv"))))
        records = json.loads(audit.export(s, case_id="C-0002", fmt="json"))
        with pytest.raises(ValueError):
            audit.export(s, fmt="xml")
    assert [int(r["seq"]) for r in rows] == list(range(1, 13))
    assert json.loads(rows[0]["payload"]) == {}
    assert {r["case_id"] for r in records} == {"C-0002"} and len(records) == 6
    assert records[-1]["hash"] == rows[-1]["hash"]


def test_cli_export_to_file(chain: Store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_workflow, "store", lambda: chain)
    target = tmp_path / "audit.json"
    out = CliRunner().invoke(app, ["audit", "export", "--case", "C-0001", "--format", "json",
                                   "--output", str(target)])
    assert out.exit_code == 0, out.output
    assert len(json.loads(target.read_text())) == 6


def _age(store: Store, days: int, case_ids: tuple[str, ...] = ("C-0001", "C-0002")) -> None:
    old = utcnow() - timedelta(days=days)
    with store.session() as s:
        for event in s.query(AuditEventRow):
            event.at = old  # hashes go stale; this test only checks the purge plan
        for case_id in case_ids:
            case = s.get(CaseRow, case_id)
            case.decided_at = case.updated_at = old


def test_nothing_inside_retention_can_be_purged(chain: Store) -> None:
    with chain.session() as s:
        plan = audit.purgeable(s, now=utcnow(), retention_years=10)
        assert plan.through_seq == 0 and "inside retention" in plan.reason
        with pytest.raises(RsiError, match="cannot purge"):
            audit.purge(s, actor="admin", now=utcnow(), retention_years=10, through_seq=3)


def test_legal_hold_stops_the_purge(chain: Store) -> None:
    _age(chain, 11 * 366)
    with chain.session() as s:
        s.get(CaseRow, "C-0002").legal_hold = True
    with chain.session() as s:
        plan = audit.purgeable(s, now=utcnow(), retention_years=10)
    assert plan.reason == "case C-0002 is under legal hold"
    assert plan.through_seq == 6  # C-0001's records come first in the chain
    with chain.session() as s, pytest.raises(RsiError, match="legal hold"):
        audit.purge(s, actor="admin", now=utcnow(), retention_years=10, through_seq=7)


def rekey_aged(store: Store, days: int) -> None:
    """Make the whole chain `days` older, re-keyed with the store's own key (an old database)."""
    delta = timedelta(days=days)
    with store.session() as s:
        prev = audit.GENESIS_HASH
        for event in s.query(AuditEventRow).order_by(AuditEventRow.seq):
            event.at = event.at - delta
            event.prev_hash = prev
            event.hash = prev = audit._hash_row(event, store.anchor.key)
        last = event
        for case in s.query(CaseRow):
            case.updated_at = case.updated_at - delta
            case.decided_at = case.decided_at - delta if case.decided_at else None
    from workflow.cases.anchor import advance_head
    advance_head(store.anchor, last.seq, last.hash, force=True)


def test_purge_writes_checkpoint_and_chain_still_verifies(any_store: Store,
                                                          settings: Settings) -> None:
    from workflow.cases import decisions

    case_in(any_store, settings, "denied", "C-0001")
    case_in(any_store, settings, "approved", "C-0002")
    rekey_aged(any_store, 11 * 366)  # eleven years on, nothing new since
    decisions.set_legal_hold(any_store, "C-0002", True, "admin", "agency request")  # record 13
    with any_store.session() as s:
        plan = audit.purgeable(s, now=utcnow(), retention_years=10)
        assert plan.through_seq == 6
        checkpoint = audit.purge(s, actor="admin", now=utcnow(), retention_years=10, through_seq=6)
        assert checkpoint.payload["through_seq"] == 6
        assert checkpoint.payload["cases"]["C-0001"]["state"] == "denied"
    with any_store.session() as s:
        result = audit.verify(s, retention_years=10)
        assert result.ok and result.checked == 8, result.message
        assert s.query(AuditEventRow).filter(AuditEventRow.seq <= 6).count() == 0
        with pytest.raises(RsiError, match="already purged"):
            audit.purge(s, actor="admin", now=utcnow(), retention_years=10, through_seq=5)
    sql(any_store, "DELETE FROM audit_events WHERE seq = 7")  # cut the next record too
    with any_store.session() as s:
        assert audit.verify(s).first_bad_seq == 7
