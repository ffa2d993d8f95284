"""Runs in the bench's own venv (nomenklatura installed), never in the product's: score candidates.

    /work/bench-venv/bin/python bench/nk_logic_v1.py in.json out.json

in.json: [{"query": text, "kind": "org"|"person", "cands": [[entry_number, listed_name, entity_type], ...]}]
out.json: {"scores": [{entry_number: best logic-v1 score}, ...], "seconds": scoring time}
"""

from __future__ import annotations

import json
import sys
import time

from followthemoney import model
from nomenklatura.matching import LogicV1, ScoringConfig


def proxy(ident: str, kind: str, name: str):  # type: ignore[no-untyped-def]
    schema = "Person" if kind == "person" else "LegalEntity"
    return model.get_proxy({"id": ident, "schema": schema, "properties": {"name": [name]}})


def main() -> None:
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    config = ScoringConfig.defaults()
    start = time.perf_counter()
    out = []
    for n, job in enumerate(jobs):
        query = proxy(f"q{n}", job["kind"], job["query"])
        best: dict[int, float] = {}
        for owner, name, _etype in job["cands"]:
            score = LogicV1.compare(query, proxy(f"c{owner}", job["kind"], name), config).score
            best[owner] = max(best.get(owner, 0.0), score)
        out.append(best)
    seconds = time.perf_counter() - start
    json.dump({"scores": out, "seconds": seconds}, open(sys.argv[2], "w", encoding="utf-8"))


if __name__ == "__main__":
    main()
