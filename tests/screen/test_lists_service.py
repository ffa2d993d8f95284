"""Snapshots: import, same content stored once, update from a local HTTP server, status, CLI."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from intake.errors import ListDownloadError, ListFormatError, ListShrinkError
from intake.settings import Settings
from workflow.screening import lists as lists_service
from workflow.cases.store import ListSnapshotRow, Store, utcnow

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists"
pytestmark = pytest.mark.skipif(not LISTS.exists(), reason="shared list files not available")


def _rows(store: Store) -> list[ListSnapshotRow]:
    with store.session() as session:
        return list(session.scalars(select(ListSnapshotRow).order_by(ListSnapshotRow.id)))


def test_import_twice_is_one_snapshot(store: Store, settings: Settings) -> None:
    path = LISTS / "bis-denied-persons.txt"
    first = lists_service.import_list(store, settings, path, "dpl")
    again = lists_service.import_list(store, settings, path, "dpl")
    assert first.created and not again.created and first.sha256 == again.sha256
    (row,) = _rows(store)
    assert row.active and row.entry_count == 581 and row.format == "bis_dpl"
    stored = settings.data_dir / "lists" / "dpl" / f"{first.sha256}.txt"
    assert Path(row.path) == stored and stored.read_bytes() == path.read_bytes()


def test_new_content_becomes_the_only_active_snapshot(store: Store, settings: Settings) -> None:
    lists_service.import_list(store, settings, LISTS / "csl-sample/csl.csv", "csl")
    # 12 rows replacing 115: refused as a shrink unless allowed
    with pytest.raises(ListShrinkError, match="--allow-shrink"):
        lists_service.import_list(store, settings, LISTS / "csl-sample/consolidated-2024.csv", "csl")
    assert [r.active for r in _rows(store)] == [True]
    lists_service.import_list(store, settings, LISTS / "csl-sample/consolidated-2024.csv", "csl", allow_shrink=True)
    assert [r.active for r in _rows(store)] == [False, True]
    # back to the old one: it names none of the 12, so it too is a shrink to allow
    lists_service.import_list(store, settings, LISTS / "csl-sample/csl.csv", "csl", allow_shrink=True)
    assert [r.active for r in _rows(store)] == [True, False] and len(_rows(store)) == 2


def test_malformed_import_stores_nothing(store: Store, settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,country\nFoo,CN\n")
    with pytest.raises(ListFormatError, match="missing column"):
        lists_service.import_list(store, settings, bad, "csl")
    assert _rows(store) == []


def test_status_warns_on_old_snapshots(store: Store, settings: Settings) -> None:
    lists_service.import_list(store, settings, LISTS / "bis-denied-persons.txt", "dpl")
    (fresh,) = lists_service.snapshot_status(store, settings)
    assert fresh.age_days == 0 and fresh.warning is None
    (old,) = lists_service.snapshot_status(store, settings, now=utcnow() + timedelta(days=45))
    assert old.age_days == 45 and "older than 30 days" in (old.warning or "")


@pytest.fixture
def list_server() -> Iterator[str]:
    """A local HTTP server serving the shared list files (no internet)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(LISTS))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_update_downloads_and_loads(store: Store, settings: Settings, list_server: str) -> None:
    settings.list_urls = {
        "sdn": f"{list_server}/ofac-sdn/sdn.csv",
        "sdn_alt": f"{list_server}/ofac-sdn/alt.csv",
        "sdn_add": f"{list_server}/ofac-sdn/add.csv",
    }
    seen: list[tuple[str, int]] = []
    results = lists_service.update_lists(store, settings, progress=lambda n, done, total: seen.append((n, done)))
    assert [r.list_id for r in results] == ["sdn", "sdn_alt", "sdn_add"] and all(r.created for r in results)
    assert {n for n, _ in seen} == {"sdn", "sdn_alt", "sdn_add"}
    again = lists_service.update_lists(store, settings, ["sdn"])
    assert not again[0].created and len(_rows(store)) == 3
    reference = lists_service.load_active_reference(store, settings)
    assert lists_service.load_active_reference(store, settings) is reference  # cached by snapshot set
    assert {"sdn@" + results[0].sha256[:12]} <= set(reference.snapshot_ids)
    (bank,) = reference.matcher.match("National Bank of Cuba")
    assert bank.entry.name == "BANCO NACIONAL DE CUBA" and bank.entry.country == "CH"


def test_update_offline_is_a_clear_error(store: Store, settings: Settings) -> None:
    settings.list_urls = {"sdn": "http://127.0.0.1:9/sdn.csv"}  # discard port: nothing listens
    with pytest.raises(ListDownloadError, match="offline"):
        lists_service.update_lists(store, settings)
    with pytest.raises(ListDownloadError, match="no URL configured"):
        lists_service.update_lists(store, settings, ["nope"])


def test_update_http_error(store: Store, settings: Settings, list_server: str) -> None:
    settings.list_urls = {"csl": f"{list_server}/missing.csv"}
    with pytest.raises(ListDownloadError, match="HTTP 404"):
        lists_service.update_lists(store, settings)


def test_cli_screen_and_status(store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from workflow.cli import common as cli_common
    from workflow.cli import app

    monkeypatch.setattr(cli_common, "settings", lambda: settings)
    monkeypatch.setattr(cli_common, "store", lambda: store)
    import workflow.cli.lists as cli_lists

    monkeypatch.setattr(cli_lists, "settings", lambda: settings)
    monkeypatch.setattr(cli_lists, "store", lambda: store)
    runner = CliRunner()
    out = runner.invoke(app, ["screen", "--json", NUDT_TEXT, "University of Michigan"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)["results"]
    assert result["University of Michigan"] == []
    assert {m["entry"]["name"] for m in result[NUDT_TEXT]} == {"National University of Defense Technology"}
    assert all("score" in m["why"] for m in result[NUDT_TEXT])
    imported = runner.invoke(app, ["lists", "import", str(LISTS / "bis-denied-persons.txt"), "--list", "dpl"])
    assert imported.exit_code == 0 and "581 entries" in imported.output
    status = runner.invoke(app, ["lists", "status", "--json"])
    assert json.loads(status.stdout)[0]["list_id"] == "dpl"
    bad = runner.invoke(app, ["lists", "import", str(LISTS / "bis-denied-persons.txt"), "--list", "x", "--format", "csl_csv"])
    assert bad.exit_code == 6


NUDT_TEXT = "School of Computing, National University of Defense Technology, Changsha, China"
