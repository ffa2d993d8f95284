"""User roles: a plain enum, importable without the store (the CLI's `--role` option needs it for --help)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may do: staff upload and view, reviewers decide, auditors read, admins manage."""

    STAFF = "staff"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"
