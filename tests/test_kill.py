"""Nothing lost, nothing doubled: crawls killed at random moments, then run again.

20 crawls are killed with SIGKILL at random moments and 4 are stopped gracefully (SIGINT,
SIGTERM) and resumed from their JOBDIR; a last crawl runs to the end. Across the finished
feeds every story of the site appears, none twice within a feed, and no finished feed ends
in a partial line.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import generated_site, start_crawl

STORIES = 150


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with generated_site(STORIES, delay=0.1) as origin:
        yield origin


def start(origin: str, out: Path, state: Path, jobdir: Path | None = None) -> subprocess.Popen:
    settings = {"AGGNEWS_STATE_DIR": str(state), "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
    if jobdir is not None:
        settings["JOBDIR"] = str(jobdir)
    return start_crawl("masress", out, f"base_url={origin}", "lang=ar", **settings)


def wait_until_open(log: Path, timeout: float = 60) -> None:
    """Wait until the crawl runs (its signal handlers are in place only from then on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and "Spider opened" in log.read_text("utf-8", "replace"):
            return
        time.sleep(0.05)
    pytest.fail(f"the crawl logging to {log} did not start")


def finished_feeds(folder: Path) -> list[list[dict]]:
    feeds = []
    for path in sorted(folder.glob("*.jsonl")):
        raw = path.read_text("utf-8")
        assert raw == "" or raw.endswith("\n"), f"{path.name} ends in a partial line"
        feeds.append([json.loads(line) for line in raw.splitlines()])
    return feeds


def test_killed_and_stopped_crawls_lose_nothing(site: str, tmp_path: Path) -> None:
    rng = random.Random(2026)
    state, feeds = tmp_path / "state", tmp_path / "feeds"
    feeds.mkdir()
    run = 0
    for _ in range(20):  # SIGKILL at a random moment
        proc = start(site, feeds / f"{run:02d}.jsonl", state)
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        run += 1
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
        jobdir = tmp_path / f"job{run}"
        proc = start(site, feeds / f"{run:02d}.jsonl", state, jobdir)
        wait_until_open(feeds / f"{run:02d}.jsonl.log")
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(sig)
        status = proc.wait(timeout=120)
        log = (feeds / f"{run:02d}.jsonl.log").read_text("utf-8", "replace")
        if "shutting down gracefully" in log:
            assert status in (0, 3), "a graceful stop exits cleanly"
            assert "Spider closed (shutdown)" in log
        else:  # the signal came after the crawl had finished
            assert "Spider closed (finished)" in log
        run += 1
        resumed = start(site, feeds / f"{run:02d}.jsonl", state, jobdir)
        assert resumed.wait(timeout=180) in (0, 3)
        run += 1
    last = start(site, feeds / f"{run:02d}.jsonl", state)
    assert last.wait(timeout=180) == 0

    emitted = finished_feeds(feeds)
    for feed in emitted:
        ids = [item["id"] for item in feed]
        assert len(ids) == len(set(ids)), "a story twice in one feed"
    urls = {item["url"] for feed in emitted for item in feed}
    expected = {
        f"https://www.masress.com/{s}/{n}"
        for n in range(1, STORIES + 1)
        for s in [("ahram", "shorouk", "youm7", "almasryalyoum", "elwatan")[n % 5]]
    }
    assert urls == expected, f"missing: {sorted(expected - urls)[:5]}"
