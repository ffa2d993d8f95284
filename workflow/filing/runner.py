"""Run intake: prepare the folders, recover, then watch the inbox (used by `rsi watch` and `rsi run`).

Between two inbox entries the watcher also finishes what is left over, without a restart
(issue 16): its own claims stranded by a transient error are retried every `screening_poll_s`,
and, when this worker screens (`after_filed` given), every case whose pending screening is due
(left by a crash, a database restart or a failed attempt whose back-off has passed) is screened.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from intake.settings import Settings
from workflow.cases import pending
from workflow.cases.store import Store
from workflow.filing import claims
from workflow.filing.ingest import ingest_entry
from workflow.filing.outcomes import AfterFiled, IntakeContext, Outcome, make_context
from workflow.filing.recovery import recover_claims
from workflow.filing.watcher import InboxWatcher

log = logging.getLogger("rsi.intake")
OnOutcome = Callable[[Outcome], None]
SCREENINGS_PER_TICK = 5  # then back to the inbox, so new files do not wait for a long backlog


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

    sweep_partial_files(settings)
    each(recover_claims(ctx))
    leftovers = Leftovers(ctx, each)
    watcher = InboxWatcher(
        settings.inbox,
        lambda path: each(ingest_entry(path, ctx)),
        settle_seconds=settings.settle_seconds,
        rescan_interval_s=settings.rescan_interval_s,
        skip=[settings.failed_dir, settings.processing_dir],
        on_rescan=lambda: (sweep_partial_files(settings), each(recover_claims(ctx, include_own=True))),
        on_tick=leftovers.tick,
    )
    log.info("intake worker %s", ctx.worker.label)
    watcher.run(oneshot=oneshot)
    if oneshot:
        leftovers.run(everything=True)


class Leftovers:
    """The watcher's periodic pass: stranded own claims, then screenings due (throttled)."""

    def __init__(self, ctx: IntakeContext, report: Callable[[list[Outcome]], None]) -> None:
        self.ctx = ctx
        self.report = report
        self.next_at = 0.0

    def tick(self) -> None:
        """Run the pass if `screening_poll_s` has passed since the last one."""
        if time.monotonic() < self.next_at:
            return
        try:
            self.run()
        finally:
            self.next_at = time.monotonic() + self.ctx.settings.screening_poll_s

    def run(self, *, everything: bool = False) -> None:
        """Retry our stranded claims; screen due cases (all of them once with `everything`)."""
        if any(self.ctx.claim_dir.iterdir()):
            # Single-threaded: between two entries nothing of ours is in flight.
            self.report(recover_claims(self.ctx, include_own=True))
        if self.ctx.after_filed is None:
            return
        seen: set[str] = set()
        while True:
            ids = [i for i in pending.due(self.ctx.store, owner=self.ctx.worker.tag,
                                          owner_dead=claims.tag_is_dead,
                                          limit=SCREENINGS_PER_TICK) if i not in seen]
            for case_id in ids:
                self.ctx.after_filed(case_id)
            seen.update(ids)
            if not everything or not ids:
                return


def sweep_partial_files(settings: Settings) -> None:
    """Remove half-written copies a killed or starved (full disk) writer left in the archive."""
    archive = settings.archive_dir
    folders = [settings.failed_dir, archive, archive / "duplicates"]
    if archive.is_dir():
        folders += [p for p in archive.iterdir() if p.is_dir() and not p.is_symlink()]
    for path in claims.sweep_scratch(folders):
        log.warning("removed the partial file %s", path)


def context_for(settings: Settings, store: Store, after_filed: AfterFiled | None = None) -> IntakeContext:
    """An intake context with the folders in place (for one-shot processing)."""
    ensure_dirs(settings)
    return make_context(settings, store, after_filed=after_filed)
