"""`rsi lists import FOLDER`: an OFAC set (sdn + alt + add) is one list version; a version that
removes more than a tenth of a list's entries is refused unless --allow-shrink."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from intake.errors import ListFormatError, ListShrinkError
from intake.settings import Settings
from workflow.screening import lists as lists_service
from workflow.cli import app
from workflow.cases.store import ListSnapshotRow, Store

OFAC = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists" / "ofac-sdn"
pytestmark = pytest.mark.skipif(not OFAC.exists(), reason="shared OFAC files not available")
SET = ("sdn.csv", "alt.csv", "add.csv")
runner = CliRunner()


def _folder(tmp_path: Path, name: str, *, sdn_lines: int | None = None, files: tuple[str, ...] = SET) -> Path:
    """A copy of the OFAC set, optionally with sdn.csv cut after `sdn_lines` lines (a truncated download)."""
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(OFAC / file, folder / file)
    if sdn_lines is not None:
        lines = (OFAC / "sdn.csv").read_bytes().split(b"\r\n")
        (folder / "sdn.csv").write_bytes(b"\r\n".join(lines[:sdn_lines]) + b"\r\n")
    return folder


def _active(store: Store) -> dict[str, ListSnapshotRow]:
    with store.session() as session:
        return {r.list_id: r for r in session.scalars(select(ListSnapshotRow).where(ListSnapshotRow.active))}


def test_a_folder_set_is_one_version_with_aliases_and_countries(store: Store, settings: Settings,
                                                                tmp_path: Path) -> None:
    folder = _folder(tmp_path, "ofac")
    (result,) = lists_service.import_folder(store, settings, folder)
    assert result.list_id == "sdn" and result.created and result.entry_count == 8976
    assert set(_active(store)) == {"sdn"}  # one snapshot, not three
    again = lists_service.import_folder(store, settings, folder)
    assert not again[0].created and again[0].sha256 == result.sha256  # the same files, the same version
    reference = lists_service.load_active_reference(store, settings)
    cuba = next(e for e in reference.entries if e.list_id == "sdn" and e.entry_id == "36")
    assert "AERO-CARIBBEAN" in cuba.aliases  # from alt.csv
    assert reference.matcher.match("Aero-Caribbean", "org")[0].entry.entry_id == "36"
    assert any(e.country for e in reference.entries if e.list_id == "sdn")  # from add.csv


def test_the_set_replaces_separately_imported_alias_files(store: Store, settings: Settings, tmp_path: Path) -> None:
    lists_service.import_list(store, settings, OFAC / "alt.csv", "sdn_alt")
    lists_service.import_folder(store, settings, _folder(tmp_path, "ofac"))
    assert set(_active(store)) == {"sdn"}


def test_a_truncated_set_is_refused_unless_allowed(store: Store, settings: Settings, tmp_path: Path) -> None:
    full = lists_service.import_folder(store, settings, _folder(tmp_path, "full"))[0]
    cut = _folder(tmp_path, "cut", sdn_lines=4000)
    with pytest.raises(ListShrinkError, match=r"removes 4,9\d\d of the 8,9\d\d entries .*\(55\.\d%.*--allow-shrink"):
        lists_service.import_folder(store, settings, cut)
    assert _active(store)["sdn"].sha256 == full.sha256  # the full version stays active
    (allowed,) = lists_service.import_folder(store, settings, cut, allow_shrink=True)
    assert allowed.entry_count == 4000 and _active(store)["sdn"].sha256 == allowed.sha256
    # a small change (fewer than a tenth removed) passes without asking
    lists_service.import_folder(store, settings, _folder(tmp_path, "almost", sdn_lines=3700), allow_shrink=False)


def test_a_set_missing_its_alias_file_says_so(store: Store, settings: Settings, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "partial", files=("sdn.csv", "add.csv", "sdn_comments.csv"))
    (result,) = lists_service.import_folder(store, settings, folder)
    assert any("no alt.csv" in w for w in result.warnings)
    assert any("sdn_comments.csv" in w for w in result.warnings)  # files in no set are named, not dropped


def test_a_folder_without_a_set_is_refused(store: Store, settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="no OFAC set"):
        lists_service.import_folder(store, settings, _folder(tmp_path, "aliases-only", files=("alt.csv",)))


def test_cli_imports_a_folder_and_refuses_a_shrink(cli: None, tmp_path: Path) -> None:
    runner.invoke(app, ["init"])
    imported = runner.invoke(app, ["lists", "import", str(_folder(tmp_path, "full")), "--no-rescreen"])
    assert imported.exit_code == 0, imported.output
    assert "8976 entries (new snapshot)" in imported.output
    cut = runner.invoke(app, ["lists", "import", str(_folder(tmp_path, "cut", sdn_lines=100)), "--no-rescreen"])
    assert cut.exit_code != 0 and "list_shrink" in cut.output and "--allow-shrink" in cut.output
    forced = runner.invoke(app, ["lists", "import", str(tmp_path / "cut"), "--allow-shrink", "--no-rescreen"])
    assert forced.exit_code == 0 and "100 entries" in forced.output
