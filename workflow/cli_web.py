"""Web and user commands: rsi serve, rsi users."""

from workflow.cli_common import app  # noqa: F401
