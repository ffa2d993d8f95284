"""Matchers side by side (issue 12): rsi, rapidfuzz WRatio at 85 and 90, nomenklatura logic-v1.

Same queries, same lists, one run, on the HELD-OUT part of bench/matcher_sets.py (never fitted on).
Lists: OFAC SDN 2024-05 sdn.csv + 2026-06 alt/add, the compiled lists (1260H, 1286, ASPI, KAIST
multi-list) and yente's UN people; the "sdn, no alias file" row indexes sdn.csv without alt.csv.
WRatio: a full scan of default_process'ed names (20 best kept). nomenklatura logic-v1 scores those
20 WRatio candidates (its own blocking is a search engine, which the bench does not have), at
yente's default threshold 0.7; it runs in the bench's own venv (BENCH_VENV, default .bench-venv,
made by `make bench-venv`), never in the product's environment. Without that venv its column says "n/a".
Recall counts a match to the expected entry or to another entry with the same name (an
institution listed on several lists). Benign world universities that ARE listed (same normalised
name as a listed name) are left out and counted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.bench_screening import reference_files, steady_time
from bench.matcher_sets import Query, all_sets, ror_countries, split, un_entries, without_country
from intake.records import ListEntry
from intake.screen.calibration import default_threshold
from intake.screen.context import REVIEW_SHARE
from intake.screen.lists import load_reference
from intake.screen.matcher import Matcher
from intake.screen.normalise import org_tokens

REPO = Path(__file__).resolve().parent.parent
BENCH_VENV = Path(os.environ.get("BENCH_VENV", REPO / ".bench-venv"))  # `make bench-venv` makes it
NK_SCRIPT = Path(__file__).parent / "nk_logic_v1.py"
NK_THRESHOLD = 0.7
TOP = 20
PERSON_TYPES = {"person", "individual"}


def simple(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", utils.default_process(text)).strip()


class Lists:
    """The entries under test, a matcher over them and the WRatio choices per kind."""

    def __init__(self, entries: list[ListEntry]) -> None:
        self.entries = entries
        self.matcher = Matcher(entries)
        self.keys = [{simple(n) for n in [e.name, *e.aliases]} for e in entries]
        self.position = {id(e): i for i, e in enumerate(entries)}
        self.choices: dict[str, tuple[list[str], list[int]]] = {"org": ([], []), "person": ([], [])}
        for i, e in enumerate(entries):
            kinds = ["person"] if e.entity_type in PERSON_TYPES else ["org"]
            if e.entity_type == "unknown":
                kinds = ["org", "person"]
            for kind in kinds:
                for n in dict.fromkeys([e.name, *e.aliases]):
                    self.choices[kind][0].append(utils.default_process(n))
                    self.choices[kind][1].append(i)

    def same(self, found: ListEntry, expect: ListEntry) -> bool:
        if found.entry_id == expect.entry_id and found.list_id == expect.list_id:
            return True
        return simple(expect.name) in self.keys[self.position[id(found)]]

    def wratio(self, q: Query) -> list[tuple[int, float, str]]:
        """The TOP best (entry number, WRatio, name) of a full scan."""
        names, owners = self.choices[q.kind]
        res = process.extract(utils.default_process(q.text), names, scorer=fuzz.WRatio, limit=TOP, score_cutoff=50)
        return [(owners[i], score, names[i]) for _, score, i in res]


def nk_scores(jobs: list[dict]) -> tuple[list[dict[int, float]], float] | None:
    """logic-v1 best score per candidate entry for each job, and seconds spent; None without the venv."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.json", Path(tmp) / "out.json"
        src.write_text(json.dumps(jobs))
        subprocess.run([str(python), str(NK_SCRIPT), str(src), str(dst)], check=True)
        out = json.loads(dst.read_text())
    return [{int(k): v for k, v in r.items()} for r in out["scores"]], out["seconds"]


def main() -> None:
    """Print one table: recall or false-match rate per held-out set, per matcher, and ms/query."""
    sdn, compiled = reference_files()
    un = un_entries()
    t0 = time.perf_counter()
    entries = load_reference(REPO / "lists", sdn + compiled).entries + un
    no_alt = load_reference(REPO / "lists", [sdn[0], *compiled]).entries + un
    full, bare = Lists(entries), Lists(no_alt)
    print(f"lists: {len(entries)} entries ({full.matcher.name_count} names); without alt.csv "
          f"{bare.matcher.name_count} names; load + index {time.perf_counter() - t0:.1f} s")
    # BENCH_PART=fit reports on the fitting part instead: for studying misses without looking at held-out
    bench_part = os.environ.get("BENCH_PART", "held")
    sets = split(all_sets(entries, un), bench_part)
    listed = {k for keys in full.keys for k in keys}
    sets["world universities"] = [q for q in sets["world universities"] if simple(q.text) not in listed]
    # benign names that ARE listed names once legal forms are dropped (CATL in ROR) are not counted
    listed_keys = {" ".join(org_tokens(n)) for e in entries for n in [e.name, *e.aliases]}
    dropped: dict[str, int] = {}
    countries = ror_countries()
    runs: list[tuple[str, Lists, list[Query]]] = [("sdn (alias file loaded)", full, sets["sdn"]),
                                                   ("sdn (no alias file)", bare, sets["sdn"])]
    runs += [(name, full, qs) for name, qs in sets.items() if name != "sdn"]

    # The baselines do not change when rsi does: their results are kept in bench/results/ (ignored by
    # git) under a hash of the queries and lists, so re-running after a matcher change is quick.
    signature = hashlib.sha256(json.dumps([[q.text for _, _, qs in runs for q in qs],
                                           len(full.entries), len(bare.entries)]).encode()).hexdigest()[:16]
    cache_file = REPO / "bench" / "results" / f"matchers-baselines-{signature}.json"
    saved = json.loads(cache_file.read_text()) if cache_file.exists() else None
    if saved is None and os.environ.get("BENCH_BASELINES") == "0":  # rsi only, baselines left empty
        saved = {"cands": [[] for _, _, qs in runs for _ in qs], "wr_time": 0.0, "nk": None}
    cached = [[tuple(c) for c in cs] for cs in saved["cands"]] if saved else []
    cached_times = saved is not None
    rows, jobs, cands_all = [], [], []
    bands: list[list[bool]] = []
    rsi_time = wr_time = 0.0
    n_queries = 0
    for label, lists, queries in runs:
        rsi_ok, band_ok = [], []
        for q in queries:
            t = time.perf_counter()
            found = [m.entry for m in lists.matcher.match(q.text, q.kind)]
            rsi_time += time.perf_counter() - t
            t = time.perf_counter()
            cands = cached.pop(0) if cached else lists.wratio(q)
            wr_time += time.perf_counter() - t if not cached_times else 0.0
            n_queries += 1
            rsi_ok.append(any(lists.same(e, q.expect) for e in found) if q.expect else bool(found))
            # the reviewer's band (POSSIBLE_LISTED_MATCH): down to REVIEW_SHARE of the threshold, low findings
            near = [m.entry for m in lists.matcher.match(q.text, q.kind, REVIEW_SHARE * default_threshold(q.kind))]
            band_ok.append(any(lists.same(e, q.expect) for e in near) if q.expect else bool(near))
            cands_all.append((lists, q, cands))
            jobs.append({"query": q.text, "kind": q.kind,
                         "cands": [[i, lists.entries[i].name if name is None else name, lists.entries[i].entity_type]
                                   for i, _, name in cands]})
        rows.append((label, queries, rsi_ok))
        bands.append(band_ok)
    # nomenklatura compares the listed names as published, not default_process'ed
    for job, (lists, _q, cands) in zip(jobs, cands_all, strict=True):
        job["cands"] = [[i, _original(lists, i, name, job["kind"]), lists.entries[i].entity_type] for i, _, name in cands]
    if saved:
        wr_time, nk = saved["wr_time"], (([{int(k): v for k, v in r.items()} for r in saved["nk"][0]], saved["nk"][1])
                                         if saved["nk"] else None)
    else:
        nk = nk_scores(jobs)
        cache_file.parent.mkdir(exist_ok=True, parents=True)
        cache_file.write_text(json.dumps({"cands": [c for _, _, c in cands_all], "wr_time": wr_time, "nk": nk}))

    print(f"\n{bench_part} part only; rsi at its fitted default threshold, logic-v1 at {NK_THRESHOLD}")
    print(f"{'set':28} {'n':>5} {'measure':>8} {'rsi':>7} {'WR85':>7} {'WR90':>7} {'nk-v1':>7} {'rsi-band':>8}")
    print(f"{'':52} (rsi-band: the low 'possible match' band, down to {REVIEW_SHARE:.0%} of the threshold)")
    k = 0
    for (label, queries, rsi_ok), band in zip(rows, bands, strict=True):
        wr85, wr90, nkv = [], [], []
        counted, band_counted = [], []
        for q, ok, in_band in zip(queries, rsi_ok, band, strict=True):
            lists, _, cands = cands_all[k]
            scores = nk[0][k] if nk else {}
            k += 1
            # ROR tells namesakes apart with a trailing '(Country)': 'BGI Group (China)' is the listed name
            if q.expect is None and q.kind == "org" and " ".join(org_tokens(without_country(q.text, countries))) in listed_keys:
                dropped[label] = dropped.get(label, 0) + 1
                continue
            counted.append(ok)
            band_counted.append(in_band)
            if q.expect is not None:
                wr85.append(any(s >= 85 and lists.same(lists.entries[i], q.expect) for i, s, _ in cands))
                wr90.append(any(s >= 90 and lists.same(lists.entries[i], q.expect) for i, s, _ in cands))
                nkv.append(any(v >= NK_THRESHOLD and lists.same(lists.entries[i], q.expect) for i, v in scores.items()))
            else:
                wr85.append(any(s >= 85 for _, s, _ in cands))
                wr90.append(any(s >= 90 for _, s, _ in cands))
                nkv.append(any(v >= NK_THRESHOLD for v in scores.values()))
        measure = "recall" if queries and queries[0].expect is not None else "false"
        rsi_ok = counted
        n = max(1, len(counted))
        nk_cell = f"{sum(nkv) / n:7.4f}" if nk else "    n/a"
        print(f"{label:28} {len(counted):5d} {measure:>8} {sum(rsi_ok) / n:7.4f} {sum(wr85) / n:7.4f} "
              f"{sum(wr90) / n:7.4f} {nk_cell} {sum(band_counted) / n:8.4f}")
    print("left out as listed names: " + ", ".join(f"{k} {v}" for k, v in dropped.items()))
    nk_ms = f"{(nk[1] * 1000 + wr_time * 1000) / n_queries:.2f}" if nk else "n/a"
    print(f"ms/query over all {n_queries} queries: rsi {rsi_time * 1000 / n_queries:.3f}, WRatio scan "
          f"{wr_time * 1000 / n_queries:.2f}, logic-v1 on WRatio's {TOP} candidates (scan + scoring) {nk_ms}")
    org_pos = [q.text for q in sets["sdn"][:100]] + [q.text for q in sets["world universities"][:100]]
    best, median = steady_time(lambda s: full.matcher.match(s, "org"), org_pos, runs=5)
    print(f"speed: 200 org queries vs {full.matcher.name_count} names: best {best * 1000:.1f} ms, median "
          f"{median * 1000:.1f} ms")
    misses = [(q.how, q.text, q.expect.name) for (label, queries, ok) in rows if label != "sdn (no alias file)"
              for q, o in zip(queries, ok, strict=True) if q.expect is not None and not o]
    print("\nmisses by variant: " + ", ".join(f"{how} {n}" for how, n in Counter(m[0] for m in misses).most_common()))
    # the held part's queries are never printed: seen, they would be studied, and it would hold out nothing
    if bench_part == "fit":
        print("some misses (how, query, listed):")
        for m in misses[:: max(1, len(misses) // 25)][:25]:
            print("  ", m)
        if os.environ.get("BENCH_MISSES"):  # every miss, for studying
            for m in misses:
                print("   miss", m)


def _original(lists: Lists, owner: int, processed: str, kind: str) -> str:
    """The listed name (as published) whose default_process form the scan returned."""
    e = lists.entries[owner]
    for n in [e.name, *e.aliases]:
        if utils.default_process(n) == processed:
            return n
    return e.name


if __name__ == "__main__":
    main()
