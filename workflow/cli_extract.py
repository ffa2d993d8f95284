"""Extraction commands: rsi extract, rsi forms."""

from workflow.cli_common import app  # noqa: F401
