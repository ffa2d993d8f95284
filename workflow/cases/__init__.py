"""Cases and their history: the store (SQLAlchemy models, migrations), the state machine, decisions,
dismissals, the hash-chained audit trail, user accounts and the request (who asked, for what: requests).

Imports intake/ records and nothing else from workflow/: every other package builds on this one.
Only ops.move (called by decisions and screening) changes a case's state, and it writes the audit
record in the same transaction.
"""
