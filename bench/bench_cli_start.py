"""One-shot CLI start-up (issue 13, deliverable 5): CPU seconds of `rsi --help` and `rsi extract CV`.

Each command runs in a fresh interpreter (as a user types it), several times; the median CPU time (user +
system, from the child's rusage) is reported. Baselines in the same run: an interpreter that does nothing
(the floor) and one that imports what the CLI imported before it bound its names lazily (every export of
workflow.service, which is what `import workflow.cli` cost when each command module imported them at the
top). Ratios are against that eager import.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 5
CV = """Ilse Marrowby
ilse.marrowby@example.org

Academic Positions
2018-2022  Research Fellow, National University of Defense Technology, Changsha, China
"""
EAGER = "import workflow.cli, workflow.service as s; [getattr(s, n) for n in s.__all__]"
RSI = "import sys; from workflow.cli import app; sys.argv[0] = 'rsi'; app()"


def _cpu(args: list[str], env: dict[str, str]) -> float:
    """Median CPU seconds of running `python args` RUNS times."""
    times = []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *args], env=env, cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rsi-bench-cli-") as tmp:
        root = Path(tmp)
        cv = root / "cv.txt"
        cv.write_text(CV)
        env = {**os.environ, "PYTHONPATH": str(REPO), "RSI_DATA_DIR": str(root / "var"),
               "RSI_INBOX": str(root / "inbox"), "RSI_CONFIG": str(root / "none.toml")}
        subprocess.run([sys.executable, "-c", RSI, "init"], env=env, cwd=REPO, check=True, capture_output=True)
        floor = _cpu(["-c", "pass"], env)
        eager = _cpu(["-c", EAGER], env)
        rows = [
            ("python -c pass (floor)", floor),
            ("eager import (before)", eager),
            ("rsi --help", _cpu(["-c", RSI, "--help"], env)),
            ("rsi extract cv.txt --json", _cpu(["-c", RSI, "extract", str(cv), "--json"], env)),
        ]
    print(f"{'command':30} {'CPU s':>7} {'/ eager':>8}   (median of {RUNS})")
    for label, seconds in rows:
        print(f"{label:30} {seconds:7.2f} {seconds / eager:8.2f}")


if __name__ == "__main__":
    main()
