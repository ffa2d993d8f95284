"""Crash recovery: every claim left in the processing area is finished or redone, exactly once.

A claim belongs to the worker whose folder holds it. A worker's claims are taken over only when
that worker surely runs no more (same host, pid gone or reused) or, for another host's worker,
when the claim is older than `claim_lease_s`. Taking over is a rename into our own folder, so two
recovering workers never both get the same claim; the job row (found by the unchanged claim name)
then says whether only the file move is left or the work must be redone.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from intake.settings import Settings
from workflow.filing.claims import COPY_PREFIX, WorkerId, claim_by_rename
from workflow.filing.ingest import AfterFiled, IntakeContext, Outcome, make_context, run_claim
from workflow.cases.store import Store

log = logging.getLogger("rsi.intake")


def recover(settings: Settings, store: Store, *, after_filed: AfterFiled | None = None) -> list[Outcome]:
    """Finish or redo the work of dead workers (called when a watcher or `rsi process` starts)."""
    return recover_claims(make_context(settings, store, after_filed=after_filed))


def recover_claims(ctx: IntakeContext, *, include_own: bool = False) -> list[Outcome]:
    """Adopt dead workers' claims; with `include_own`, also retry our own stranded claims.

    `include_own` is only safe between two files of a single-threaded worker, when nothing of
    ours is in flight (the watcher calls it at each periodic rescan).
    """
    root = ctx.settings.processing_dir
    if not root.is_dir():
        return []
    mine = ctx.claim_dir
    outcomes: list[Outcome] = []
    for entry in sorted(root.iterdir()):
        if entry == mine:
            if include_own:
                outcomes += _adopt(entry, ctx, lease_s=0.0)
            continue
        owner = WorkerId.parse(entry.name)
        if owner is None:
            outcomes += _adopt_stray(entry, ctx)
        elif owner.is_dead():
            outcomes += _adopt(entry, ctx, lease_s=0.0)
        elif owner.host != ctx.worker.host:
            outcomes += _adopt(entry, ctx, lease_s=ctx.settings.claim_lease_s)
    return outcomes


def _adopt(folder: Path, ctx: IntakeContext, *, lease_s: float) -> list[Outcome]:
    """Take over each claim in `folder` (older than `lease_s`) and run it to the end."""
    outcomes: list[Outcome] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(COPY_PREFIX):
            _discard(child)  # a half copy made by `rsi process`; the user's original is intact
            continue
        if lease_s and time.time() - child.lstat().st_ctime < lease_s:
            continue
        target = ctx.claim_dir / child.name
        if target != child:
            try:
                os.rename(child, target)
            except FileNotFoundError:
                continue  # another recovering worker took it
        log.warning("recovering claim %s from %s", child.name, folder.name)
        outcomes += _run(target, ctx)
    if folder != ctx.claim_dir:
        _remove_if_empty(folder)
    return outcomes


def _adopt_stray(entry: Path, ctx: IntakeContext) -> list[Outcome]:
    """Something put into the processing area by hand: claim it like an inbox file."""
    if time.time() - entry.lstat().st_mtime < ctx.settings.settle_seconds:
        return []
    claimed = claim_by_rename(entry, ctx.claim_dir)
    return [] if claimed is None else _run(claimed, ctx)


def _run(claim: Path, ctx: IntakeContext) -> list[Outcome]:
    try:
        return run_claim(claim, ctx)
    except Exception:
        # The claim stays in our folder and is retried at the next rescan.
        log.exception("recovery of %s did not finish", claim.name)
        return []


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
