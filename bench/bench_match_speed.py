"""Matching speed (issue 12's bar: 200 queries against the full SDN + CSL under 20 ms warm).

Lists: OFAC SDN (2024-05 sdn.csv with the 2026-06 alt.csv aliases and add.csv addresses), the CSL
(the shared data holds a 116-row sample of it, csl-sample/csl.csv), the compiled lists the CSL
draws on (1260H, 1286, ASPI, KAIST's multi-list compilation of the Entity List and others) and the
starter lists. Queries: three lines of 200 from bench/matcher_sets.py (the same generator and split
as bench_matchers; BENCH_PART=fit for development, held-out by default), retyped listed names and
benign names: organisation names (100 SDN variants, 100 world universities: bench_matchers' speed
line), affiliation lines as CVs write them (Entity List institutions in a department/city line,
defence names, ROR companies), and persons (SDN and UN people as CVs write them, benign people).

Figures are CPU milliseconds (time.process_time) per 200 queries:
  * warm: the same 200 queries again (best of RUNS passes after a warm-up pass), as when a case is
    rescreened or a sweep repeats the words of a CV;
  * unseen: the 200 queries the first time, every cache of the matcher emptied before each pass
    (best of RUNS passes);
against a rapidfuzz WRatio full scan of the same names (extractOne at 85, one pass) in the same run.
Reads ../shared/data by path; nothing is copied into the repo.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.bench_screening import LISTS, reference_files
from bench.matcher_sets import Query, all_sets, split, un_entries
from intake.screen.lists import StoredList, load_reference
from intake.screen.matcher import Matcher

REPO = Path(__file__).resolve().parent.parent
RUNS = 7
WRATIO_CUTOFF = 85.0
PERSON_TYPES = {"person", "individual"}
# the 200 queries of each line: (kind, how many of each dev set), positives first, then benign names
MIXES = {
    "org names": ("org", {"sdn": 100, "world universities": 100}),  # bench_matchers' speed line
    "org affiliation lines": ("org", {"entity_list": 70, "defence": 30, "ROR companies": 100}),
    "persons": ("person", {"persons": 100, "synthetic persons US": 35, "synthetic persons global": 35,
                           "US Congress": 30}),
}


def cpu_seconds(fn: Callable[[str], object], queries: list[str]) -> float:
    """CPU seconds of this process to run fn over all queries (garbage collected before)."""
    gc.collect()
    start = time.process_time()
    for q in queries:
        fn(q)
    return time.process_time() - start


def warm(fn: Callable[[str], object], queries: list[str], runs: int = RUNS) -> tuple[float, float]:
    """(best, worst) CPU seconds over `runs` passes after a warm-up pass: the shared 2-core machine
    makes passes vary, so the best pass is the figure (as timeit advises)."""
    cpu_seconds(fn, queries)
    times = [cpu_seconds(fn, queries) for _ in range(runs)]
    return min(times), max(times)


def unseen(matcher: Matcher, kind: str, queries: list[str], runs: int = RUNS) -> tuple[float, float]:
    """(best, worst) CPU seconds of first-time queries: every matcher cache emptied before each pass."""
    times = []
    for _ in range(runs):
        matcher.clear_caches()
        times.append(cpu_seconds(lambda s: matcher.match(s, kind), queries))
    return min(times), max(times)


def pick(sets: dict[str, list[Query]], mix: dict[str, int]) -> list[str]:
    """The first n texts of each named set (the sets are already in a seeded random order)."""
    out = [q.text for name, n in mix.items() for q in sets[name][:n]]
    assert len(out) == sum(mix.values()), "a dev set is smaller than the mix asks"
    return out


def wratio_choices(matcher: Matcher, kind: str) -> list[str]:
    """Every name of one kind as the matcher indexes them, default_process'ed for the scan."""
    out = []
    for e in matcher.entries:
        kinds = {"person"} if e.entity_type in PERSON_TYPES else {"org"}
        if e.entity_type == "unknown":
            kinds = {"org", "person"}
        if kind in kinds:
            out.extend(utils.default_process(n) for n in dict.fromkeys([e.name, *e.aliases]) if n and n.strip())
    return out


def main() -> None:
    """Print CPU ms per 200 queries (org, person; warm, unseen) and the same-run WRatio ratio."""
    now = datetime.now(UTC)
    sdn, compiled = reference_files()
    csl = StoredList(LISTS / "csl-sample/csl.csv", "csl_csv", now)
    t0 = time.process_time()
    matcher = load_reference(REPO / "lists", [*sdn, csl, *compiled]).matcher
    print(f"lists: {len(matcher.entries)} entries, {len(matcher.orgs.name_tokens)} organisation and "
          f"{len(matcher.persons.name_tokens)} person names; load + index {time.process_time() - t0:.1f} s CPU")
    # the queries come from the same generator as bench_matchers (its entries, its seed)
    bench_part = os.environ.get("BENCH_PART", "held")
    sets = split(all_sets(load_reference(REPO / "lists", sdn + compiled).entries, un_entries()), bench_part)
    print(f"queries: the '{bench_part}' part of bench/matcher_sets.py; CPU ms per 200 queries, best (worst) of {RUNS}")
    for label, (kind, mix) in MIXES.items():
        queries = pick(sets, mix)
        found = sum(1 for q in queries if matcher.match(q, kind))
        cold, cold_worst = unseen(matcher, kind, queries)
        hot, hot_worst = warm(lambda s, k=kind: matcher.match(s, k), queries)
        choices = wratio_choices(matcher, kind)
        base = cpu_seconds(lambda s, c=choices: process.extractOne(utils.default_process(s), c, scorer=fuzz.WRatio,
                                                                   score_cutoff=WRATIO_CUTOFF), queries)
        print(f"{label:22} vs {len(choices):6d} names ({found:3d} match): warm {hot * 1000:5.1f} ({hot_worst * 1000:5.1f}) "
              f"ms, unseen {cold * 1000:5.1f} ({cold_worst * 1000:5.1f}) ms; WRatio scan {base * 1000:5.0f} ms: "
              f"{base / hot:4.0f}x warm, {base / cold:4.0f}x unseen")

if __name__ == "__main__":
    main()
