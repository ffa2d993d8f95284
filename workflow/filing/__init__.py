"""Filing: everything that moves a file from the inbox into a case.

watcher (watchdog events, settle checks, and the names the inbox ignores), claims (atomic rename
into .processing/, archive placement), ingest (a claimed file or folder -> a case, duplicates,
quarantine in failed/), recovery (finishing a killed worker's claims), runner (the watch loop).
Imports intake/ (reading documents) and workflow.cases; never the edges.
"""
