"""The package layout's import rules (workflow/__init__.py): who may import whom, and no circles."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# package -> the workflow packages it may import (intake/ is allowed everywhere but in intake's own rule)
ALLOWED = {
    "workflow.cases": {"workflow.cases"},
    "workflow.filing": {"workflow.cases", "workflow.filing"},
    "workflow.screening": {"workflow.cases", "workflow.screening"},
    "workflow.letters": {"workflow.cases", "workflow.letters"},
    "workflow.cli": {"workflow.service", "workflow.cli", "workflow.web"},
    "workflow.web": {"workflow.service", "workflow.web"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules imported by a file, at top level or inside functions (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _sources(package: str) -> list[Path]:
    return sorted((REPO / package.replace(".", "/")).rglob("*.py"))


def _owner(module: str) -> str | None:
    for package in [*ALLOWED, "workflow.service"]:
        if module == package or module.startswith(package + "."):
            return package
    return None


def test_each_package_imports_only_what_its_rule_allows() -> None:
    broken = []
    for package, allowed in ALLOWED.items():
        for path in _sources(package):
            if "migrations" in path.parts:
                continue
            for module in _imports(path):
                owner = _owner(module)
                if module.startswith("workflow") and owner is not None and owner not in allowed:
                    broken.append(f"{path.relative_to(REPO)} imports {module}")
    assert not broken, "\n".join(broken)


def test_intake_never_imports_workflow() -> None:
    broken = [f"{p.relative_to(REPO)} imports {m}" for p in _sources("intake") for m in _imports(p)
              if m.startswith("workflow")]
    assert not broken, "\n".join(broken)


def test_no_import_circle_between_workflow_modules() -> None:
    modules = {_module_name(p): p for p in _sources("workflow") if "migrations" not in p.parts}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    # packages' __init__ and the lazy service facade re-export; the edges sit on top of everything
    ignore = {n for n in modules if n in {"workflow", "workflow.service"} or n.startswith(("workflow.cli", "workflow.web"))}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node] - ignore):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(set(modules) - ignore):
        if name not in state:
            visit(name, [name])
    assert not circles, circles
