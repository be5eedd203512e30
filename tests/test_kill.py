"""Nothing lost, nothing doubled: crawls killed at random moments, then run again.

Without JOBDIR, 10 crawls are killed with SIGKILL at random moments. With a JOBDIR, 20
crawls are killed with SIGKILL while they scrape, each resumed by the next, two of them
stopped gracefully (SIGINT, SIGTERM) on the way; and crawls stopped gracefully are resumed
from their JOBDIR. A last crawl runs to the end. Across the finished feeds every story of
the site appears, none twice within a feed (with JOBDIR: none twice across the feeds
either), no finished feed ends in a partial line and no run logs a traceback.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import generated_site, start_crawl, wait_for_items

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


#: What Python's own start-up of a worker process prints when its parent is killed while
#: it hands the new process its start-up data: not aggnews' code, and nothing was lost.
_SPAWN_CUT = re.compile(
    r"Traceback \(most recent call last\):\n(?:  .*\n)*?.*in spawn_main\n(?:  .*\n)*?"
    r"EOFError: Ran out of input\n"
)


def no_tracebacks(folder: Path) -> None:
    for log in sorted(folder.glob("*.log")):
        text = _SPAWN_CUT.sub("", log.read_text("utf-8", "replace"))
        assert "Traceback" not in text, f"{log.name} has a traceback"


def finished_feeds(folder: Path) -> list[list[dict]]:
    feeds = []
    for path in sorted(folder.glob("*.jsonl")):
        raw = path.read_text("utf-8")
        assert raw == "" or raw.endswith("\n"), f"{path.name} ends in a partial line"
        feeds.append([json.loads(line) for line in raw.splitlines()])
    return feeds


def expected_urls() -> set[str]:
    sources = ("ahram", "shorouk", "youm7", "almasryalyoum", "elwatan")
    return {f"https://www.masress.com/{sources[n % 5]}/{n}" for n in range(1, STORIES + 1)}


def test_killed_crawls_lose_nothing(site: str, tmp_path: Path) -> None:
    """10 SIGKILLs at random moments (starting up or scraping), then a crawl to the end, all
    on one seen-store."""
    rng = random.Random(2026)
    state, feeds = tmp_path / "state", tmp_path / "feeds"
    feeds.mkdir()
    for run in range(10):
        out = feeds / f"{run:02d}.jsonl"
        proc = start(site, out, state)
        if run % 2:
            wait_for_items(out, proc)
            time.sleep(rng.uniform(0, 1.5))
        else:
            time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    last = start(site, feeds / "last.jsonl", state)
    assert last.wait(timeout=180) == 0
    no_tracebacks(feeds)

    emitted = finished_feeds(feeds)
    for feed in emitted:
        ids = [item["id"] for item in feed]
        assert len(ids) == len(set(ids)), "a story twice in one feed"
    urls = {item["url"] for feed in emitted for item in feed}
    assert urls == expected_urls(), f"missing: {sorted(expected_urls() - urls)[:5]}"
    assert list(feeds.glob("*.part")), "killed runs leave only .part files behind"


#: Runs of the JOBDIR kill test stopped gracefully instead of killed.
GRACEFUL = {4: signal.SIGINT, 9: signal.SIGTERM}


def test_killed_jobdir_crawls_resume_and_lose_nothing(site: str, tmp_path: Path) -> None:
    """One JOBDIR, one seen-store: 12 SIGKILLs while the crawl scrapes (two graceful stops
    among them), each run resuming the last; then a run to the end. Every story once across
    the finished feeds: nothing a killed run fetched is lost, nothing a stopped one emitted
    comes again."""
    rng = random.Random(9)
    state, jobdir, feeds = tmp_path / "state", tmp_path / "job", tmp_path / "feeds"
    feeds.mkdir()
    for run in range(12 + len(GRACEFUL)):
        out = feeds / f"{run:02d}.jsonl"
        proc = start(site, out, state, jobdir)
        wait_for_items(out, proc)
        # Graceful stops at once, so that they leave most of the crawl to the killed runs.
        time.sleep(0 if run in GRACEFUL else rng.uniform(0, 0.8))
        proc.send_signal(GRACEFUL.get(run, signal.SIGKILL))
        code = proc.wait(timeout=120)
        if run in GRACEFUL:
            assert code in (0, 3), "a graceful stop exits cleanly"
            assert out.exists(), "a graceful stop completes its feed"
        else:
            assert code == -signal.SIGKILL, f"run {run} was killed while it ran"
            assert not out.exists()
    last = start(site, feeds / "last.jsonl", state, jobdir)
    assert last.wait(timeout=180) == 0
    no_tracebacks(feeds)
    log = (feeds / "last.jsonl.log").read_text("utf-8")
    assert "Resuming crawl from" in log and "given back by a run that did not finish" in log

    emitted = finished_feeds(feeds)
    assert len(emitted) == 1 + len(GRACEFUL)
    assert all(emitted), "each stopped run emitted stories"
    ids = [item["id"] for feed in emitted for item in feed]
    assert len(ids) == len(set(ids)), "a story twice across the finished feeds"
    urls = {item["url"] for feed in emitted for item in feed}
    assert urls == expected_urls(), f"missing: {sorted(expected_urls() - urls)[:5]}"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stopped_crawl_resumes_from_its_jobdir(site: str, tmp_path: Path, sig) -> None:
    """A graceful stop mid-crawl, then the same JOBDIR again: every story exactly once."""
    state, jobdir = tmp_path / "state", tmp_path / "job"
    proc = start(site, tmp_path / "1.jsonl", state, jobdir)
    wait_until_open(tmp_path / "1.jsonl.log")
    time.sleep(random.Random(sig).uniform(0.5, 1.5))
    proc.send_signal(sig)
    assert proc.wait(timeout=120) in (0, 3), "a graceful stop exits cleanly"
    log = (tmp_path / "1.jsonl.log").read_text("utf-8", "replace")
    assert "shutting down gracefully" in log and "Spider closed (shutdown)" in log
    resumed = start(site, tmp_path / "2.jsonl", state, jobdir)
    assert resumed.wait(timeout=180) == 0
    first, second = finished_feeds(tmp_path)
    assert 0 < len(first) < STORIES, "stopped mid-crawl"
    urls = [item["url"] for item in first + second]
    assert len(urls) == len(set(urls)), "nothing doubled across the stop"
    assert set(urls) == expected_urls()
    no_tracebacks(tmp_path)
