"""Running real crawls in tests: a mini-site subprocess and ``scrapy crawl`` subprocesses."""

from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
}


@contextmanager
def minisite(site: str) -> Iterator[str]:
    """Serve tests/fixtures/<site>/ on a free loopback port; yield its origin."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "minisite.py"), site],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line.startswith("http://127.0.0.1:"), f"mini-site did not start: {line!r}"
        yield line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@dataclass
class CrawlRun:
    """What one ``scrapy crawl`` printed and wrote."""

    returncode: int
    log: str
    items: list[dict]

    def stat(self, name: str) -> object:
        """A value from the stats dump at the end of the log (None when absent)."""
        match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n\d{4}-", self.log, re.S)
        if not match:
            return None
        text = re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1))
        return ast.literal_eval(text).get(name)


def crawl_command(
    site: str, out: Path, args: tuple[str, ...], settings: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The ``scrapy crawl`` command line and environment (no proxies) for a test crawl."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", site, "-O", str(out)]
    for arg in args:
        cmd += ["-a", arg]
    for key, value in {**FAST, **settings}.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        env.pop(name, None)
    return cmd, env


def start_crawl(site: str, out: Path, *args: str, **settings: str) -> subprocess.Popen:
    """Start ``scrapy crawl`` in the background; its log goes to OUT with ``.log`` added."""
    cmd, env = crawl_command(site, out, args, settings)
    with out.with_name(out.name + ".log").open("w") as log:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for_items(out: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until a crawl started by ``start_crawl`` scrapes: its feed's temp file holds items."""
    part = out.with_name(out.name + ".part")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if part.exists() and part.stat().st_size > 0:
            return
        if proc.poll() is not None:
            raise AssertionError(f"the crawl writing {out.name} ended ({proc.returncode}) first")
        time.sleep(0.02)
    raise AssertionError(f"the crawl writing {out.name} scraped nothing in {timeout} s")


def crawl(
    site: str,
    out: Path,
    *args: str,
    state: Path | None = None,
    proxy: str | None = None,
    **settings: str,
) -> CrawlRun:
    """Run ``scrapy crawl SITE -O OUT`` with ``-a``/``-s`` options; return its outcome.

    ``proxy`` (a mini-site origin) serves the fixture's pages on other hosts.
    """
    if state is not None:
        settings["AGGNEWS_STATE_DIR"] = str(state)
    cmd, env = crawl_command(site, out, args, settings)
    if proxy:
        env["http_proxy"] = proxy
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    items = []
    if out.exists():
        items = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line]
    return CrawlRun(proc.returncode, proc.stdout + proc.stderr, items)


@contextmanager
def generated_site(stories: int, new: int = 0, delay: float = 0.0) -> Iterator[str]:
    """Serve tests/gensite.py (``stories`` stories, ``new`` newer ones) on loopback."""
    cmd = [sys.executable, str(ROOT / "tests" / "gensite.py"), "--stories", str(stories)]
    cmd += ["--new", str(new), "--delay", str(delay)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line.startswith("http://127.0.0.1:"), f"generated site did not start: {line!r}"
        yield line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
