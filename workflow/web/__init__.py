"""The web UI (FastAPI): pages for staff, reviewers, auditors and admins, a thin layer over
workflow.service; page templates and static files live beside the code.
"""
