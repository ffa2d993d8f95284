"""Web fixtures: the app over a fresh store with one user per role, and a test client."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from intake.settings import Settings
from workflow.cases.store import Store
from workflow.web.app import create_app
from web_factory import add_users


@pytest.fixture
def app(settings: Settings, store: Store) -> FastAPI:
    """The app with users sam (staff), rita and rob (reviewers), aud (auditor), adam (admin)."""
    add_users(store)
    return create_app(settings, store)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    """A client that does not follow redirects, so tests see them."""
    return TestClient(app, follow_redirects=False)
