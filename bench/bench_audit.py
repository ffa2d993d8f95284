"""Audit-chain figures: `rsi audit verify` time for 100,000 records (SQLite, PostgreSQL if up)."""

from __future__ import annotations

import json
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from workflow.cases import audit
from workflow.cases.store import AuditEventRow, Store, open_store, utcnow

RECORDS = 100_000
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "rsi_bench_audit"


def chain_rows(n: int) -> list[dict]:
    """n chained records shaped like real decisions (payload of ~400 bytes)."""
    rows, prev, start = [], audit.GENESIS_HASH, utcnow() - timedelta(days=365)
    for seq in range(1, n + 1):
        body = dict(seq=seq, case_id=f"C-{seq // 8:06}", at=start + timedelta(seconds=seq),
                    actor="alice", action="approve", from_state="under_review",
                    to_state="approved", prev_hash=prev,
                    payload=json.loads(audit.canonical_json({
                        "rationale": "Reviewed CV and screening form; no listed parties.",
                        "conditions": ["Escort in controlled areas"], "reviewer": "alice",
                        "findings_digest": "ab" * 32, "snapshot_ids": ["csl@0123456789ab"],
                        "documents_sha256": ["cd" * 32]})))
        prev = audit.record_hash(**body)
        rows.append({**body, "hash": prev})
    return rows


def measure(store: Store, rows: list[dict]) -> dict[str, float]:
    """Load the chain, then time verify (twice: the second run has warm caches)."""
    t0 = time.perf_counter()
    with store.session() as s:
        for i in range(0, len(rows), 5000):
            s.execute(insert(AuditEventRow), rows[i:i + 5000])
    load = time.perf_counter() - t0
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        with store.session() as s:
            result = audit.verify(s)
        times.append(time.perf_counter() - t0)
        assert result.ok and result.checked == len(rows), result.message
    return {"load_s": load, "verify_cold_s": times[0], "verify_warm_s": times[1]}


def _postgres() -> Store | None:
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 2})
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}"))
            conn.execute(text(f"CREATE DATABASE {PG_BENCH_DB}"))
        admin.dispose()
    except Exception as exc:  # no server: the SQLite figure is still worth printing
        print(f"postgresql: skipped ({type(exc).__name__})")
        return None
    return open_store(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}")


def _drop_postgres(store: Store) -> None:
    store.engine.dispose()
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}"))
    admin.dispose()


def main() -> None:
    """Print load and verify times for a 100,000-record chain."""
    t0 = time.perf_counter()
    rows = chain_rows(RECORDS)
    print(f"built {RECORDS} chained records in {time.perf_counter() - t0:.2f}s")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        figures = {"sqlite": measure(sqlite, rows)}
        sqlite.engine.dispose()
    pg = _postgres()
    if pg is not None:
        try:
            figures["postgresql"] = measure(pg, rows)
        finally:
            _drop_postgres(pg)
    print(f"{'backend':<11} {'load s':>8} {'verify s':>9} {'warm s':>8} {'records/s':>10}")
    for name, f in figures.items():
        rate = RECORDS / f["verify_warm_s"]
        print(f"{name:<11} {f['load_s']:>8.2f} {f['verify_cold_s']:>9.2f} "
              f"{f['verify_warm_s']:>8.2f} {rate:>10,.0f}")


if __name__ == "__main__":
    main()
