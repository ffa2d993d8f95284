"""Reference-list commands: rsi lists update|import|status."""

from workflow.cli_common import app  # noqa: F401
