"""Cases, their states, their history and their letters; the edges people use.

Packages, from the bottom up (each may import only those above it, and intake/):
  cases/      the case store, the state machine, decisions, the audit trail, accounts
  filing/     everything that moves a file from the inbox into a case: watcher, claims, ingest, recovery
  screening/  reference-list snapshots and applying screenings to cases
  letters/    decision letters: context, rendering, .eml files, SMTP
  service.py  the application API: the one module the edges import
  cli/, web/  the edges: `rsi` commands and the web UI, thin layers over service.py
"""
