"""Decision letters: context (what a letter may say, pure), render (Jinja2 templates from the
top-level templates/ folder -> an RFC 5322 message, pure), service (write the .eml, record it in
the audit trail) and smtp (delivery).

Imports intake/ and workflow.cases.
"""
