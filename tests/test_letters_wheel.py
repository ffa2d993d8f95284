"""The built wheel carries what rsi loads from its own package: letter templates, web pages, migrations.

The source is copied into a temporary folder first, because `pip wheel .` builds in place and would
leave build/ and egg-info folders in the work tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# (folder in the source tree, file pattern, folder in the wheel) that must all be in the wheel.
PACKAGE_DATA = [
    ("templates", "*.j2", "workflow/letters/templates"),
    ("workflow/web/templates", "*.html", "workflow/web/templates"),
    ("workflow/web/static", "*", "workflow/web/static"),
    ("workflow/cases/migrations", "*.py", "workflow/cases/migrations"),
    ("workflow/cases/migrations/versions", "*.py", "workflow/cases/migrations/versions"),
]

pytestmark = pytest.mark.slow


def _source_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    for package in ("intake", "workflow", "templates"):
        shutil.copytree(REPO / package, dest / package, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built by pip from a copy of the source (no dependencies fetched)."""
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    [built] = out.glob("research_security_intake-*.whl")
    return built


def _expected() -> list[str]:
    files = []
    for folder, pattern, installed in PACKAGE_DATA:
        found = sorted(p for p in (REPO / folder).glob(pattern) if p.is_file())
        assert found, f"nothing matches {folder}/{pattern} in the source tree"
        files += [f"{installed}/{p.name}" for p in found]
    return files


def test_wheel_holds_letters_web_pages_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in _expected() if f not in names]
    assert not missing, f"not in {wheel.name}: {missing}"
    assert "workflow/letters/templates/approved_with_conditions.txt.j2" in names
    assert not any(n.startswith("templates/") for n in names)  # no stray top-level folder in site-packages


def test_installed_wheel_renders_a_letter(wheel: Path, tmp_path: Path) -> None:
    """Unpacked on its own (not the editable checkout), the package finds its shipped templates."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import workflow.letters.render as r, workflow.cases.store as s, workflow.web.render as w\n"
        "print(r.__file__)\n"
        "text, html = r.environments(None)\n"
        "print(text.get_template('subject.txt.j2').filename)\n"
        "print(html.get_template('approved_with_conditions.html.j2').filename)\n"
        "print(s.MIGRATIONS_DIR / 'env.py')\n"
        "print(w.TEMPLATE_DIR / 'case.html')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    paths = [Path(line) for line in done.stdout.splitlines()]
    assert all(p.is_relative_to(site) for p in paths), paths  # not the source checkout
    assert all(p.is_file() for p in paths), paths
