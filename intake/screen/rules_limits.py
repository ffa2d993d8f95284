"""Red flags about the screening itself: documents whose extraction overran its bounds."""

from __future__ import annotations

from intake.records import Evidence, Finding, Severity
from intake.screen.context import Ctx, finding
from intake.screen.registry import rule


@rule("EXTRACTION_REFUSED", "Document not extracted: it overran the extraction limits")
def extraction_refused(ctx: Ctx) -> list[Finding]:
    """A document of the case was too costly to extract (time or memory limit) and was left out, so its facts were not screened: a reviewer must read it by hand or ask for a normal copy."""
    return [
        finding(extraction_refused, Severity.MEDIUM, f"Not extracted: {r.file_name} ({r.code})",
                f"{r.file_name}: {r.message}.",
                [Evidence(document_sha256=r.document_sha256, quote=f"{r.code}: {r.message}")])
        for r in ctx.profile.extraction_refusals
    ]
