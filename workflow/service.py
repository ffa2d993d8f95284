"""The application API used by the CLI and the web UI. Only this layer changes case state.

It re-exports the use cases implemented in the workflow modules, so edges import one place.
"""

from workflow.case_views import case_detail, list_cases
from workflow.decisions import (
    close,
    decide,
    dismiss_finding,
    documents_received,
    history,
    set_legal_hold,
    start_review,
)
from workflow.ingest import process_file, process_folder, process_path
from workflow.screening_service import apply_screening, rescreen, screen_case

__all__ = [
    "apply_screening",
    "case_detail",
    "close",
    "decide",
    "dismiss_finding",
    "documents_received",
    "history",
    "list_cases",
    "process_file",
    "process_folder",
    "process_path",
    "rescreen",
    "screen_case",
    "set_legal_hold",
    "start_review",
]
