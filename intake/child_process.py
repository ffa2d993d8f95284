"""A trusted child process of ours, talked to over its pipes: shared by the reader and extraction workers.

The child runs `python -m MODULE MEMORY_BYTES` in its own process group (so a kill also ends what it
started, such as tesseract) and answers in lines on stdout; each worker module adds its own protocol.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ChildProcess:
    """One child process, its line reader with deadlines, and its ending."""

    def __init__(self, module: str, memory_bytes: int, extra_env: dict[str, str] | None = None) -> None:
        self.memory_bytes = memory_bytes
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(_PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
            **(extra_env or {}),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # library chatter; errors come back as replies
            env=env,
            start_new_session=True,  # its own process group, so a kill also ends what it started
        )
        self._buffer = bytearray()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def read_line(self, deadline: float) -> bytes | None:
        """The next line from the child, None at end of file; TimeoutError after the deadline."""
        fd = self._pipe(self.proc.stdout).fileno()
        while (end := self._buffer.find(b"\n")) < 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if select.select([fd], [], [], remaining)[0]:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                self._buffer += chunk
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return line

    @staticmethod
    def _pipe(pipe: IO[bytes] | None) -> IO[bytes]:
        assert pipe is not None, "worker pipes are always opened"
        return pipe

    def kill(self) -> None:
        """Kill the child and everything it started."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def close(self) -> None:
        """Ask the child to exit (stdin closed), killing it if it does not."""
        try:
            self._pipe(self.proc.stdin).close()
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
