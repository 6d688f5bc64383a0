"""Helpers for tests that start a server in a child process (``nianbao
serve``, ``nianbao demo``): a free loopback port, and waiting until the
child listens on it."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_listening(port: int, process: subprocess.Popen, timeout: float) -> None:
    """Return once something accepts connections on ``port``; fail if the
    child exits first or nothing listens within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not listening(port):
        assert process.poll() is None, f"the server exited early (exit code {process.returncode})"
        assert time.monotonic() < deadline, f"nothing listens on port {port} after {timeout} s"
        time.sleep(0.1)
