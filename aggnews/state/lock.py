"""One crawl per state dir: an OS lock (``flock``) on a file in it that holds the pid."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

#: The lock file's name under ``AGGNEWS_STATE_DIR``.
LOCK_FILE = "crawl.lock"


class StateDirBusyError(RuntimeError):
    """Another live process holds the state dir; the message names the dir and its pid."""


class StateLock:
    """An exclusive ``flock`` on ``<state dir>/crawl.lock``, held until released or exit.

    The kernel drops the lock when the holder's process ends, however it ends (SIGKILL
    included), so a dead crawl never leaves a stale lock behind; the pid written into the
    file only serves the message of the crawl that is refused.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.path = state_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, trying for up to ``wait`` seconds; StateDirBusyError if still held."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(fd)
                    os.close(fd)
                    waited = f", waited {wait:g} s" if wait else ""
                    raise StateDirBusyError(
                        f"the state dir {self.state_dir} is in use by another crawl "
                        f"(pid {holder}{waited}); wait for it to finish, raise "
                        f"AGGNEWS_STATE_LOCK_WAIT, or give this crawl its own "
                        f"AGGNEWS_STATE_DIR"
                    ) from None
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the file stays; it is reused by the next crawl)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the descriptor releases the flock
        self._fd = None


def _holder(fd: int) -> str:
    """The pid the holder wrote, or "unknown" when it has not written it yet."""
    for _ in range(10):
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return text
        time.sleep(0.05)
    return "unknown"
