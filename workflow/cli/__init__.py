"""`rsi`: the command line. Each command is a thin layer over one function of workflow.service.

Commands live in workflow/cli/<area>.py, one module per command group, and register themselves on the shared app.
"""

from __future__ import annotations

from workflow.cli import (  # noqa: F401  (importing registers the commands)
    cases,
    casework,
    decisions,
    extract,
    forms,
    letters,
    lists,
    requests,
    run,
    users,
)
from workflow.cli.common import app, reflow_help

reflow_help(app)

__all__ = ["app"]


def main() -> None:
    """Entry point for `python -m workflow.cli`."""
    app()


if __name__ == "__main__":
    main()
