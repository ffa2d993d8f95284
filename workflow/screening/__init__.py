"""Screening applied to cases: list snapshots (import, download, status: lists.py) and the results
of a screening routed into the case workflow (service.py), including re-screening when lists change.

Imports intake/ (the pure screening stage) and workflow.cases. lists.py never imports service.py;
what both need about findings lives in workflow.cases.findings, so there is no import circle.
"""
