"""Workflow commands: decide, history, audit, states, rescreen."""

from workflow.cli_common import app  # noqa: F401
