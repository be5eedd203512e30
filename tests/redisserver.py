"""A real redis-server for tests, on a free loopback port, persisting nothing."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.crawling import free_port
from tests.services import require


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start redis-server (skip when it is not installed); yield its ``redis://`` URL."""
    server = require("redis-server")
    port = free_port()
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([server, *args, "--dir", str(folder)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
