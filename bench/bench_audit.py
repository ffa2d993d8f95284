"""Audit-chain figures: `rsi audit verify` time for 100,000 records (SQLite, PostgreSQL if up)."""

from __future__ import annotations

import json
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from workflow.cases import audit
from workflow.cases.anchor import for_url as anchor_for_url
from workflow.cases.store import AuditEventRow, Store, open_store, utcnow

RECORDS = 100_000
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "rsi_bench_audit"


def chain_rows(n: int, key: bytes | None = None) -> list[dict]:
    """n chained records shaped like real decisions (payload of ~400 bytes), keyed with `key`."""
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
        prev = audit.record_hash(**body, key=key)
        rows.append({**body, "hash": prev, "mac_scheme": audit.SCHEME if key else None})
    return rows


def measure(store: Store, n: int) -> dict[str, float]:
    """Load a keyed chain, sign its head, then time verify (twice: the second has warm caches).

    The records name cases that are not in the cases table, so the case consistency check is
    left out: this measures the chain walk (HMAC per record) and the head comparison.
    """
    rows = chain_rows(n, store.anchor.key)
    t0 = time.perf_counter()
    with store.session() as s:
        for i in range(0, len(rows), 5000):
            s.execute(insert(AuditEventRow), rows[i:i + 5000])
    load = time.perf_counter() - t0
    audit.reset_head(store)
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        with store.session() as s:
            result = audit.verify(s, check_cases=False)
        times.append(time.perf_counter() - t0)
        assert result.ok and result.checked == len(rows), result.message
    return {"load_s": load, "verify_cold_s": times[0], "verify_warm_s": times[1]}


def _postgres(data_dir: Path) -> Store | None:
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
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
    return open_store(url, anchor=anchor_for_url(url, data_dir=data_dir))


def _drop_postgres(store: Store) -> None:
    store.engine.dispose()
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}"))
    admin.dispose()


def main() -> None:
    """Print load and verify times for a 100,000-record chain."""
    t0 = time.perf_counter()
    chain_rows(RECORDS)
    print(f"built {RECORDS} chained records in {time.perf_counter() - t0:.2f}s (SHA-256)")
    t0 = time.perf_counter()
    chain_rows(RECORDS, b"k" * 32)
    print(f"built {RECORDS} chained records in {time.perf_counter() - t0:.2f}s (HMAC-SHA256)")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        figures = {"sqlite": measure(sqlite, RECORDS)}
        sqlite.engine.dispose()
        pg = _postgres(Path(tmp) / "pg")
        if pg is not None:
            try:
                figures["postgresql"] = measure(pg, RECORDS)
            finally:
                _drop_postgres(pg)
    print(f"{'backend':<11} {'load s':>8} {'verify s':>9} {'warm s':>8} {'records/s':>10}")
    for name, f in figures.items():
        rate = RECORDS / f["verify_warm_s"]
        print(f"{name:<11} {f['load_s']:>8.2f} {f['verify_cold_s']:>9.2f} "
              f"{f['verify_warm_s']:>8.2f} {rate:>10,.0f}")


if __name__ == "__main__":
    main()
