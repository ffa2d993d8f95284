"""`rsi run`: --host/--port, and one log line per file (issue 16: `make run` logged nothing per file)."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

from intake.settings import Settings
from intake_helpers import RSI, rsi_env
from pdf_factory import text_pdf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_run_serves_on_the_given_port_and_logs_each_file(settings: Settings, tmp_path: Path) -> None:
    settings.inbox.mkdir(parents=True)
    text_pdf(settings.inbox / "cv.pdf", ["Fictional Person\nCurriculum Vitae", "Education"])
    (settings.inbox / "broken.pdf").write_bytes(b"not a pdf")
    port = _free_port()
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(RSI), "run", "--no-screen", "--host", "127.0.0.1", "--port", str(port)],
                                env=rsi_env(settings), stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "failed broken.pdf" not in log.read_text() or "filed cv.pdf" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    text = log.read_text()
    assert f"http://127.0.0.1:{port}" in text
    assert "failed broken.pdf: not_a_pdf:" in text  # the reason, on the line of the file
    assert [line for line in text.splitlines() if "filed cv.pdf -> RSI-" in line]
