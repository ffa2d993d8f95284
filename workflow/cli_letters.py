"""Letter commands: rsi letter."""

from workflow.cli_common import app  # noqa: F401
