"""Shared Redis crawls under SIGKILL: a dead crawler's stories and requests are not lost.

Real processes on a real redis-server: crawlers hold what they popped and emitted under a
short lease (3 s here); once a killed crawler's lease expires, its requests go back to the
frontier and its story claims end, and a later or surviving crawler emits those stories.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import CrawlRun, generated_site, start_crawl
from tests.gensite import SOURCES
from tests.redisserver import redis_server

STORIES = 200
LEASE = {"AGGNEWS_REDIS_LEASE_TTL": "3", "AGGNEWS_REDIS_HEARTBEAT": "0.5"}


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    # 0.1 s per story page and 4 requests at a time per crawler: one crawler takes ~15 s.
    with generated_site(STORIES, delay=0.1) as origin:
        yield origin


def start(origin: str, redis_url: str, out: Path, idle: float = 4) -> subprocess.Popen:
    return start_crawl(
        "masress",
        out,
        f"base_url={origin}",
        "lang=ar",
        AGGNEWS_REDIS_URL=redis_url,
        AGGNEWS_REDIS_IDLE_TIMEOUT=str(idle),
        AGGNEWS_STATE_DIR=str(out.with_suffix(".state")),
        CONCURRENT_REQUESTS_PER_DOMAIN="4",
        **LEASE,
    )


def lines(path: Path) -> list[dict]:
    """The complete JSON lines of a feed (a killed crawl's ``.part`` may end mid-line)."""
    raw = path.read_text("utf-8", "replace") if path.exists() else ""
    return [json.loads(line) for line in raw.split("\n")[:-1]]


def kill_after_emitting(procs: dict[Path, subprocess.Popen], stories: int) -> list[list[dict]]:
    """SIGKILL the crawls once each unfinished feed (``.part``) holds ``stories`` stories;
    return what each had emitted."""
    deadline = time.monotonic() + 90
    while any(len(lines(part)) < stories for part in procs):
        for part, proc in procs.items():
            if proc.poll() is not None:
                final = part.with_suffix("")
                log = final.with_name(final.name + ".log").read_text("utf-8", "replace")
                emitted = len(lines(final))
                raise AssertionError(
                    f"{final.name}'s crawl ended ({proc.returncode}) before the kill, "
                    f"{emitted} stories emitted:\n{log[-4000:]}"
                )
        assert time.monotonic() < deadline, f"no {stories} stories in {list(procs)}"
        time.sleep(0.05)
    for proc in procs.values():
        proc.send_signal(signal.SIGKILL)
    for proc in procs.values():
        proc.wait(timeout=30)
    return [lines(part) for part in procs]


def finish(proc: subprocess.Popen, out: Path) -> CrawlRun:
    returncode = proc.wait(timeout=180)
    log = out.with_name(out.name + ".log").read_text("utf-8", "replace")
    assert returncode == 0, log[-3000:]
    assert "missed its heartbeats" not in log, "a live crawler lost its lease"
    return CrawlRun(returncode, log, lines(out))


def all_urls() -> set[str]:
    return {f"https://www.masress.com/{SOURCES[n % 5]}/{n}" for n in range(1, STORIES + 1)}


def assert_exactly_once(runs: list[CrawlRun], killed: list[list[dict]]) -> None:
    ids = [item["id"] for run in runs for item in run.items]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} stories emitted twice"
    urls = {item["url"] for run in runs for item in run.items}
    assert urls == all_urls(), f"lost: {sorted(all_urls() - urls)[:5]}"
    for emitted in killed:
        assert {item["id"] for item in emitted} <= set(ids), "a killed crawler's story is lost"


def test_survivor_takes_over_a_killed_crawler(site: str, redis_url: str, tmp_path: Path) -> None:
    """Kill one of two crawlers after it emitted stories; the other finishes its share and
    the killed one's (lease expired mid-crawl); a third crawler afterwards emits nothing."""
    a = start(site, redis_url, tmp_path / "a.jsonl")
    b = start(site, redis_url, tmp_path / "b.jsonl")
    [killed] = kill_after_emitting({tmp_path / "a.jsonl.part": a}, 20)
    survivor = finish(b, tmp_path / "b.jsonl")
    third = finish(start(site, redis_url, tmp_path / "c.jsonl"), tmp_path / "c.jsonl")

    assert len(killed) >= 20
    assert_exactly_once([survivor, third], [killed])
    assert survivor.stat("aggnews/redis/crawlers_expired") == 1
    assert survivor.stat("aggnews/redis/requests_requeued") >= len(killed)
    assert survivor.stat("aggnews/redis/claims_expired") >= len(killed)
    assert third.items == [], "the third crawler found nothing left to emit"
    assert "Last crawler out: shared frontier and dupefilter cleared" in third.log


def test_third_crawler_finishes_two_killed_ones(site: str, redis_url: str, tmp_path: Path) -> None:
    """Both crawlers killed mid-crawl (their feeds never finish): a third crawler, started
    on the dead crawlers' frontier and dupefilter, emits every story exactly once."""
    a = start(site, redis_url, tmp_path / "a.jsonl")
    b = start(site, redis_url, tmp_path / "b.jsonl")
    killed = kill_after_emitting({tmp_path / "a.jsonl.part": a, tmp_path / "b.jsonl.part": b}, 20)
    third = finish(start(site, redis_url, tmp_path / "c.jsonl"), tmp_path / "c.jsonl")

    assert_exactly_once([third], killed)
    assert third.stat("aggnews/redis/crawlers_expired") == 2
    assert third.stat("aggnews/redis/requests_requeued") >= sum(map(len, killed))
    assert third.stat("aggnews/redis/claims_expired") >= sum(map(len, killed))
    assert not list(tmp_path.glob("[ab].jsonl")), "killed crawls never finish a feed"


def test_an_idle_crawler_waits_while_another_adds_requests(redis_url: str, tmp_path: Path) -> None:
    """A crawler with nothing to do stays open while requests keep reaching the shared
    dupefilter (another crawler discovering), and closes once they stop for its timeout."""
    import redis

    with generated_site(5) as origin:
        out = tmp_path / "a.jsonl"
        proc = start(origin, redis_url, out)
        deadline = time.monotonic() + 60
        while len(lines(out.with_name(out.name + ".part"))) < 5:  # its own work is done
            assert proc.poll() is None and time.monotonic() < deadline, "no 5 stories"
            time.sleep(0.05)
        server = redis.Redis.from_url(redis_url)
        for n in range(20):  # 10 s of discovery elsewhere, over twice the 4 s timeout
            server.sadd("aggnews:masress:dupefilter", f"elsewhere-{n}")
            time.sleep(0.5)
        assert proc.poll() is None, "the idle crawler closed while requests were still added"
        run = finish(proc, out)
    assert len(run.items) == 5
    assert "Shared frontier empty for 4 s: closing masress" in run.log
