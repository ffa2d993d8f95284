"""Run intake: prepare the folders, recover, then watch the inbox (used by `rsi watch` and `rsi run`)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from intake.settings import Settings
from workflow.filing.watcher import InboxWatcher
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import AfterFiled, IntakeContext, Outcome, make_context
from workflow.filing.recovery import recover_claims
from workflow.cases.store import Store

log = logging.getLogger("rsi.intake")
OnOutcome = Callable[[Outcome], None]


def ensure_dirs(settings: Settings) -> list[Path]:
    """Create the inbox, its failed/ and processing folders, the data dir and the archive."""
    dirs = [settings.inbox, settings.failed_dir, settings.processing_dir, settings.data_dir,
            settings.archive_dir]
    for path in dirs:
        path.mkdir(parents=True, exist_ok=True)
    for private in (settings.data_dir, settings.archive_dir):
        os.chmod(private, 0o700)  # the database, keys and archived CVs: the service account only
    return dirs


def watch_inbox(
    settings: Settings,
    store: Store,
    *,
    oneshot: bool = False,
    after_filed: AfterFiled | None = None,
    on_outcome: OnOutcome | None = None,
) -> None:
    """Recover dead workers' claims, then handle the inbox until SIGINT/SIGTERM (or once)."""
    ensure_dirs(settings)
    ctx = make_context(settings, store, after_filed=after_filed)
    report = on_outcome or (lambda _o: None)

    def each(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            report(outcome)

    each(recover_claims(ctx))
    watcher = InboxWatcher(
        settings.inbox,
        lambda path: each(ingest_entry(path, ctx)),
        settle_seconds=settings.settle_seconds,
        rescan_interval_s=settings.rescan_interval_s,
        skip=[settings.failed_dir, settings.processing_dir],
        on_rescan=lambda: each(recover_claims(ctx, include_own=True)),
    )
    log.info("intake worker %s", ctx.worker.label)
    watcher.run(oneshot=oneshot)


def context_for(settings: Settings, store: Store, after_filed: AfterFiled | None = None) -> IntakeContext:
    """An intake context with the folders in place (for one-shot processing)."""
    ensure_dirs(settings)
    return make_context(settings, store, after_filed=after_filed)
