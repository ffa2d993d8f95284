"""`rsi`: the command line. Each command is a thin layer over one service function.

Commands live in workflow/cli_*.py by area and register themselves on the shared app.
"""

from __future__ import annotations

from workflow import (  # noqa: F401  (importing registers the commands)
    cli_cases,
    cli_extract,
    cli_forms,
    cli_letters,
    cli_run,
    cli_lists,
    cli_web,
    cli_workflow,
)
from workflow.cli_common import app, reflow_help

reflow_help(app)

__all__ = ["app"]


def main() -> None:
    """Entry point for `python -m workflow.cli`."""
    app()


if __name__ == "__main__":
    main()
