"""The application API used by the CLI and the web UI. Only this layer changes case state.

It re-exports the use cases implemented in the workflow modules, so edges import one place.
"""
