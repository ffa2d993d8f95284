"""Case commands: process, watch, cases, show (filled in by the intake work)."""
