"""Transient failures: which errors are the machine's (database away, lock held, disk full), and
retrying a unit of work in place until they pass or a time budget is spent.

Issue 16: a PostgreSQL restart, a 40 s lock or a full disk left claimed files in
inbox/.processing/ until the watcher was restarted; they are now retried where they stand.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

T = TypeVar("T")
log = logging.getLogger("rsi.retry")
# A full disk or quota: space comes back when someone frees it, the file is not at fault.
_TRANSIENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def is_transient(exc: BaseException) -> bool:
    """True for errors that say nothing about the work itself: retrying it later may succeed.

    OperationalError covers a lost or refused connection, an administrator's shutdown
    (pg_terminate_backend, a server restart), a lock timeout and SQLite's "database is locked"
    and "database or disk is full".
    """
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS


def backoff(attempt: int, base_s: float, max_s: float) -> float:
    """Delay before retry number `attempt` (1, 2, ...): doubling from `base_s`, at most `max_s`."""
    return min(max_s, base_s * (2 ** max(0, attempt - 1)))


def retry_transient(
    work: Callable[[], T],
    *,
    budget_s: float,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    first_delay_s: float = 0.2,
    max_delay_s: float = 5.0,
) -> T:
    """Run `work`; on a transient error wait (doubling) and run it again, for up to `budget_s`.

    Anything else, or a transient error once the budget is spent, is raised to the caller.
    """
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return work()
        except Exception as exc:
            attempt += 1
            delay = backoff(attempt, first_delay_s, max_delay_s)
            if not is_transient(exc) or time.monotonic() - started + delay > budget_s:
                raise
            log.warning("%s: %s (%s); retrying in %.1f s (attempt %d)", what, type(exc).__name__,
                        _first_line(exc), delay, attempt)
            sleep(delay)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0][:200] if text.strip() else ""
