"""Random tampering by someone who can write the database (not the audit key): how much verify catches.

`python -m bench.bench_tamper [--seed S] [--n N]` builds one realistic trail through the service
(cases screened, reviewed, decided by one or two reviewers, a dismissal, a hold), then for each of N
scenarios copies it, applies one randomly drawn tampering with random targets and parameters, and
runs `audit.verify`. Prints the share caught per kind. Seed 1 was used while building; report on
other seeds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from intake.records import Finding, ListEntry, Match, Screening, Severity
from intake.settings import Settings
from workflow.cases import audit, decisions, users
from workflow.cases.store import CaseRow, DocumentRow, Store, open_store, utcnow
from workflow.screening.service import apply_screening

STATES = ["received", "screened", "flagged", "cleared", "under_review", "approved",
          "approved_with_conditions", "denied", "info_requested", "closed", "reopened"]
WRONG_KEY = b"attacker-guess-" * 4


def _finding(entry_id: str, severity: str) -> Finding:
    entry = ListEntry(list_id="csl", entry_id=entry_id, name=f"Fictional Institute {entry_id}")
    match = Match(query=entry.name, entry=entry, score=97.0, matched_name=entry.name,
                  query_normalised=entry.name.lower(), candidate_normalised=entry.name.lower(),
                  why="all tokens equal")
    return Finding(rule_id="RPL_AFFILIATION", title="Affiliation with a listed party",
                   severity=Severity(severity), explanation="fictional", matches=[match],
                   snapshot_ids=["csl@0123456789ab"])


def build(folder: Path) -> Settings:
    """A trail of 6 fictional cases through the real service functions."""
    settings = Settings(inbox=folder / "inbox", data_dir=folder / "var", outbox=folder / "out",
                        _env_file=None)  # type: ignore[call-arg]
    store = open_store(settings.effective_database_url)
    for name in ("rita", "victor", "ana"):
        users.add_user(store, name, users.Role.REVIEWER, "correct horse battery staple")
    plan = [("C-1", "high", "deny"), ("C-2", "blocker", "approve"), ("C-3", "medium", "conditions"),
            ("C-4", "high", "request-info"), ("C-5", "blocker", "dismiss"), ("C-6", "high", None)]
    for case_id, severity, outcome in plan:
        with store.session() as s:
            s.add(CaseRow(id=case_id, subject_name=f"Dr. {case_id} Fictional", state="received"))
            s.flush()
            s.add(DocumentRow(case_id=case_id, sha256=f"{case_id:0>64}"[-64:], file_name="cv.pdf",
                              archived_path="archive/cv.pdf", media_type="pdf", kind="cv",
                              document={"file_name": "cv.pdf"}))
            audit.append(s, actor="watcher", action="case_created", case_id=case_id,
                         to_state="received")
        apply_screening(store, case_id, Screening(findings=[_finding(case_id, severity)],
                                                  snapshots=[], screened_at=utcnow()), settings)
        if outcome is None:
            continue
        decisions.start_review(store, case_id, "rita")
        if outcome == "dismiss":
            key = _finding(case_id, severity).key
            decisions.dismiss_finding(store, case_id, key, "rita", "namesake")
            decisions.confirm_dismissal(store, case_id, key, "victor")
            decisions.decide(store, case_id, "approve", "rita", "only finding dismissed")
        elif outcome == "approve":
            decisions.decide(store, case_id, "approve", "rita", "ok", override_rationale="namesake")
            decisions.confirm_approval(store, case_id, "victor")
        else:
            decisions.decide(store, case_id, outcome, "rita", "reviewed",
                             conditions=["escort"], items=["contract"])
    decisions.set_legal_hold(store, "C-1", True, "ana", "agency request")
    decisions.close(store, "C-3", "rita")
    store.engine.dispose()
    return settings


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def _scalar(store: Store, statement: str, **params: object):  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar()


def _rehash_from(store: Store, start: int, key: bytes | None) -> None:
    from workflow.cases.store import AuditEventRow

    with store.session() as s:
        prev = s.get(AuditEventRow, start - 1).hash if start > 1 else audit.GENESIS_HASH
        for event in s.query(AuditEventRow).filter(AuditEventRow.seq >= start).order_by(AuditEventRow.seq):
            event.prev_hash = prev
            event.mac_scheme = audit.SCHEME if key else None
            event.hash = prev = audit._hash_row(event, key)


def _tampers(rng: random.Random) -> dict[str, Callable[[Store, int], None]]:
    def edit_field(st: Store, n: int) -> None:
        seq, col = rng.randint(1, n), rng.choice(["actor", "action", "to_state", "case_id"])
        _sql(st, f"UPDATE audit_events SET {col} = :v WHERE seq = :s", v="mallory", s=seq)

    def edit_payload_rehash(st: Store, n: int) -> None:
        seq = rng.randint(1, n)
        _sql(st, "UPDATE audit_events SET payload = :p WHERE seq = :s", p='{"rationale":"x"}', s=seq)
        _rehash_from(st, seq, rng.choice([None, WRONG_KEY]))

    def delete_range(st: Store, n: int) -> None:
        a = rng.randint(1, n)
        _sql(st, "DELETE FROM audit_events WHERE seq BETWEEN :a AND :b", a=a, b=rng.randint(a, n))

    def truncate_tail(st: Store, n: int) -> None:
        _sql(st, "DELETE FROM audit_events WHERE seq > :k", k=rng.randint(0, n - 1))

    def forge_append(st: Store, n: int) -> None:
        prev = _scalar(st, "SELECT hash FROM audit_events WHERE seq = :s", s=n)
        body = dict(seq=n + 1, case_id=rng.choice(["C-1", "C-6"]), at=utcnow(), actor="rita",
                    action="approve", from_state="under_review", to_state="approved",
                    payload={"reviewer": "rita"}, prev_hash=prev)
        key = rng.choice([None, WRONG_KEY])
        _sql(st, "INSERT INTO audit_events (seq, case_id, at, actor, action, from_state, to_state, "
             "payload, prev_hash, hash, mac_scheme) VALUES (:seq, :case_id, :at, :actor, :action, "
             ":from_state, :to_state, :payload, :prev_hash, :hash, :scheme)",
             **{**body, "payload": json.dumps(body["payload"]),
                "hash": audit.record_hash(**body, key=key), "scheme": audit.SCHEME if key else None})

    def forge_checkpoint(st: Store, n: int) -> None:
        through = rng.randint(1, n - 1)
        last = _scalar(st, "SELECT hash FROM audit_events WHERE seq = :s", s=through)
        prev = _scalar(st, "SELECT hash FROM audit_events WHERE seq = :s", s=n)
        body = dict(seq=n + 1, case_id=None, at=utcnow(), actor="admin", action=audit.CHECKPOINT_ACTION,
                    from_state=None, to_state=None, prev_hash=prev,
                    payload={"through_seq": through, "last_hash": last, "purged": through})
        key = rng.choice([None, WRONG_KEY])
        _sql(st, "INSERT INTO audit_events (seq, case_id, at, actor, action, from_state, to_state, "
             "payload, prev_hash, hash, mac_scheme) VALUES (:seq, :case_id, :at, :actor, :action, "
             ":from_state, :to_state, :payload, :prev_hash, :hash, :scheme)",
             **{**body, "payload": json.dumps(body["payload"]),
                "hash": audit.record_hash(**body, key=key), "scheme": audit.SCHEME if key else None})
        _sql(st, "DELETE FROM audit_events WHERE seq <= :t", t=through)

    def swap_records(st: Store, n: int) -> None:
        a, b = rng.sample(range(1, n + 1), 2)
        _sql(st, "UPDATE audit_events SET seq = -1 WHERE seq = :a", a=a)
        _sql(st, "UPDATE audit_events SET seq = :a WHERE seq = :b", a=a, b=b)
        _sql(st, "UPDATE audit_events SET seq = :b WHERE seq = -1", b=b)

    def case_state(st: Store, n: int) -> None:
        case = rng.choice(["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"])
        current = _scalar(st, "SELECT state FROM cases WHERE id = :c", c=case)
        _sql(st, "UPDATE cases SET state = :s WHERE id = :c",
             s=rng.choice([x for x in STATES if x != current]), c=case)

    def case_hold(st: Store, n: int) -> None:
        case = rng.choice(["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"])
        _sql(st, "UPDATE cases SET legal_hold = NOT legal_hold WHERE id = :c", c=case)

    def decision_edit(st: Store, n: int) -> None:
        did = rng.choice([1, 2, 3, 4, 5])
        col, value = rng.choice([("reviewer", "mallory"), ("second_reviewer", "ghost"),
                                 ("outcome", "cleared"), ("rationale", "edited")])
        _sql(st, f"UPDATE decisions SET {col} = :v WHERE id = :d", v=value, d=did)

    def decision_insert(st: Store, n: int) -> None:
        _sql(st, "INSERT INTO decisions (case_id, outcome, rationale, conditions, info_requested, "
             "reviewer, decided_at) VALUES (:c, 'approved', 'ok', '[]', '[]', 'rita', '2026-01-01')",
             c=rng.choice(["C-1", "C-6"]))

    def decision_delete(st: Store, n: int) -> None:
        _sql(st, "DELETE FROM decisions WHERE id = :d", d=rng.choice([1, 2, 3, 4, 5]))

    def dismissal_insert(st: Store, n: int) -> None:
        _sql(st, "INSERT INTO finding_dispositions (case_id, finding_key, disposition, rationale, "
             "actor, created_at, confirmed_by) VALUES ('C-6', 'k', 'false_positive', 'x', 'rita', "
             "'2026-01-01', :by)", by=rng.choice([None, "victor"]))

    return {f.__name__: f for f in (edit_field, edit_payload_rehash, delete_range, truncate_tail,
                                     forge_append, forge_checkpoint, swap_records, case_state,
                                     case_hold, decision_edit, decision_insert, decision_delete,
                                     dismissal_insert)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--n", type=int, default=130)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tampers = _tampers(rng)
    caught, tried, missed = Counter(), Counter(), []
    with tempfile.TemporaryDirectory() as tmp:
        base = build(Path(tmp) / "base")
        store = open_store(base.effective_database_url)
        with store.session() as s:
            result = audit.verify(s)
            assert result.ok, result.message
            n = result.checked
        store.engine.dispose()
        for i in range(args.n):
            kind = list(tampers)[i % len(tampers)]
            work = Path(tmp) / f"s{i}"
            shutil.copytree(base.data_dir, work / "var")
            st = open_store(f"sqlite:///{work / 'var' / 'rsi.db'}", run_migrations=False)
            tampers[kind](st, n)
            with st.session() as s:
                result = audit.verify(s)
            tried[kind] += 1
            if not result.ok:
                caught[kind] += 1
            else:
                missed.append(kind)
            st.engine.dispose()
            shutil.rmtree(work)
    print(f"seed {args.seed}: trail of {n} records, {args.n} tamperings")
    for kind in tampers:
        print(f"  {kind:<22} caught {caught[kind]}/{tried[kind]}")
    print(f"caught {sum(caught.values())}/{sum(tried.values())}; missed: {Counter(missed) or 'none'}")


if __name__ == "__main__":
    main()
