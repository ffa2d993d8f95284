"""Every route checks its role on the server: anonymous and wrong-role requests are refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_factory import ROLE_USER, csrf, login

from workflow.cases.users import Role
from workflow.web.security import PUBLIC_PATHS, RoleGate


def _gate(route: APIRoute) -> RoleGate | None:
    gates = [d.call for d in route.dependant.dependencies if isinstance(d.call, RoleGate)]
    return gates[0] if gates else None


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """APIRoutes, including those of included routers (FastAPI >= 0.16x wraps them)."""
    flat: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            flat.append(route)
        elif hasattr(route, "original_router"):
            flat.extend(_api_routes(route.original_router.routes))
    return flat


def _routes(app: FastAPI) -> list[tuple[str, str, RoleGate | None]]:
    found = []
    for route in _api_routes(app.routes):
        path = re.sub(r"\{[^}]+\}", "1", route.path)  # any value: the gate runs first
        found.extend((method, path, _gate(route)) for method in sorted(route.methods))
    return found


def test_every_non_public_route_has_a_role_gate(app: FastAPI) -> None:
    missing = [(m, p) for m, p, gate in _routes(app) if gate is None and p not in PUBLIC_PATHS]
    assert not missing, f"routes without a role gate: {missing}"
    assert len(_routes(app)) >= 15


def test_anonymous_is_refused_everywhere(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    token = csrf(client)  # a valid anonymous token: refused for being anonymous, not for CSRF
    for method, path, gate in _routes(app):
        if path in PUBLIC_PATHS:
            continue
        response = client.request(method, path, data={"csrf_token": token})
        if method == "GET":
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
        else:
            assert response.status_code == 401, (method, path)


@pytest.mark.parametrize("role", list(Role))
def test_wrong_role_is_refused_everywhere(app: FastAPI, role: Role) -> None:
    client = TestClient(app, follow_redirects=False)
    token = login(client, ROLE_USER[role])
    for method, path, gate in _routes(app):
        if gate is None or role in gate.roles:
            continue
        response = client.request(method, path, data={"csrf_token": token})
        assert response.status_code == 403, (role, method, path)


def test_role_table() -> None:
    """The capabilities the issue asks for, read off the gates."""
    from workflow.web import security as s

    assert s.reviewer.roles == {Role.REVIEWER}  # only reviewers decide and dismiss
    assert Role.AUDITOR not in s.uploader.roles | s.reviewer.roles | s.admin.roles  # auditors change nothing
    assert Role.AUDITOR in s.exporter.roles and Role.AUDITOR in s.audit_reader.roles
    assert s.admin.roles == {Role.ADMIN}
    assert Role.STAFF in s.uploader.roles
