"""Issue 12's bar on real layouts: a CV in any layout naming a listed institution yields a finding.

Every CV of tests/corpus/real_layouts (fictional people at real institutions, public templates) is
read and screened end to end against the shared list snapshots (OFAC SDN with aliases, DoD 1260H and
1286, ASPI defence universities, the KAIST compilation of the Entity List and others). Each
organisation its truth names (employers, funders, talk hosts) that the matcher finds listed when
given the name alone is expected back as a finding about the same entry, from whichever rule: the
structured ones (post, funder, host of a talk) or the full-text sweep. Reported per template, dev
and held-out apart (HELD_OUT in tests/corpus/real_layouts), with every miss named for dev templates.

    python -m bench.bench_layout_findings [--only TEMPLATE]    (or: make bench)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.bench_screening import reference_files  # noqa: E402
from intake.documents import ReadLimits  # noqa: E402
from intake.pipeline import assess, read  # noqa: E402
from intake.screen import ScreeningConfig  # noqa: E402
from intake.screen.lists import load_reference  # noqa: E402
from tests.corpus.real_layouts import HELD_OUT  # noqa: E402
from tests.corpus.real_layouts.people import PEOPLE  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "real_layouts"
TODAY = date(2026, 12, 7)


def named_organisations(truth: dict) -> list[str]:
    """The organisations a CV's truth names: employers, funders and the hosts of its talks."""
    person = next((p for p in PEOPLE if truth["id"].endswith(f"-{p.id}")), None)
    names = [a["name"] for a in truth["affiliations"]] + [f["name"] for f in truth["funders"]]
    names += [t.host for t in person.talks] if person else []
    return list(dict.fromkeys(names))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one template")
    args = parser.parse_args(argv if argv is not None else [])
    sdn, compiled = reference_files()
    reference = load_reference(REPO / "lists", sdn + compiled)
    config = ScreeningConfig()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for truth_path in sorted(CORPUS.glob("*/*.truth.json")):
        template = truth_path.parent.name
        if args.only and template != args.only:
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        listed = {}
        for name in named_organisations(truth):
            found = reference.matcher.match(name, "org")
            if found:
                listed[name] = {(m.entry.list_id, m.entry.entry_id) for m in found}
        if not listed:
            continue
        document = read(truth_path.parent / truth["files"]["cv"], ReadLimits())
        _, screening = assess([document], reference, config, TODAY)
        flagged = {(m.entry.list_id, m.entry.entry_id) for f in screening.findings for m in f.matches}
        for name, entries in listed.items():
            counts[template][1] += 1
            if entries & flagged:
                counts[template][0] += 1
            elif template not in HELD_OUT:
                misses.append(f"{truth_path.parent.name}/{truth['files']['cv']}: {name}")
    groups = {"dev": [t for t in counts if t not in HELD_OUT], "held-out": [t for t in counts if t in HELD_OUT]}
    print("Listed organisations named in real-layout CVs that come back as findings")
    for group, templates in groups.items():
        for t in sorted(templates):
            print(f"  {t:24} {counts[t][0]:3d}/{counts[t][1]:<3d}")
        found, total = sum(counts[t][0] for t in templates), sum(counts[t][1] for t in templates)
        print(f"= {group:24} {found:3d}/{total:<3d} {found / total if total else 1:.3f}")
    for miss in misses:
        print("  missed:", miss)


if __name__ == "__main__":
    main(sys.argv[1:])
