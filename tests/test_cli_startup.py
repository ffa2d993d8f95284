"""`rsi --help` starts without the heavy stacks (issue 13, deliverable 5): checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEAVY = ["spacy", "thinc", "sqlalchemy", "alembic", "fastapi", "starlette", "jinja2", "rapidfuzz",
         "pydantic_settings", "pypdfium2", "docx", "httpx", "intake.screen", "intake.extract",
         "workflow.cases.store", "workflow.screening", "workflow.filing", "workflow.letters.service", "workflow.web"]
PROBE = """
import json, sys
sys.argv = ["rsi", *json.loads(sys.argv[1])]
from workflow.cli import app
try:
    app()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def _loaded(args: list[str]) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["users", "add", "--help"]])
def test_help_loads_no_heavy_stack(args: list[str]) -> None:
    loaded = _loaded(args)
    assert "workflow.cli.extract" in loaded  # the probe did run the CLI
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not heavy, f"`rsi {' '.join(args)}` imported {heavy}"


def test_the_lazy_api_names_resolve_to_the_real_objects() -> None:
    from workflow import service
    from workflow.cases import audit

    lazy_audit = service.lazy("audit")
    assert lazy_audit.verify is audit.verify
    assert service.lazy("utcnow")().tzinfo is not None
    with pytest.raises(AttributeError):
        service.lazy("no_such_name")
