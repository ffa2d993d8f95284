"""Decision letters: context (what a letter may say, pure), render (Jinja2 templates from the
top-level templates/ folder -> an RFC 5322 message, pure), service (write the .eml, record it in
the audit trail), smtp (delivery, exactly once) and automatic (the letter a decision drafts at once).

Imports intake/ and workflow.cases.
"""
