"""Distributed crawl on a real redis-server: processes share one frontier and one index of
near-duplicate clusters."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from aggnews.state.minhash import SCHEME
from aggnews.state.neardup import NearDuplicateIndex
from aggnews.state.neardup_redis import RedisNearDuplicateIndex
from tests.crawling import crawl, generated_site, minisite, start_crawl
from tests.fixturesite import FIXTURES, load_meta
from tests.redisserver import redis_server

STORIES = 300


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def gensite() -> Iterator[str]:
    # 0.2 s per story page and 4 requests at a time per crawler (below): each crawler can
    # fetch at most 20 pages a second, whatever the machine's speed, so the frontier backs
    # up and both processes share it (with a fast machine and 16 requests at a time, the
    # first crawler kept up alone and the second found the frontier empty).
    with generated_site(STORIES, delay=0.2) as origin:
        yield origin


def start_crawler(origin: str, redis_url: str, out: Path, state: Path) -> subprocess.Popen:
    return start_crawl(
        "masress",
        out,
        f"base_url={origin}",
        "lang=ar",
        AGGNEWS_REDIS_URL=redis_url,
        AGGNEWS_REDIS_IDLE_TIMEOUT="3",
        AGGNEWS_REDIS_LEASE_TTL="2",
        AGGNEWS_REDIS_HEARTBEAT="0.5",
        AGGNEWS_STATE_DIR=str(state),
        CONCURRENT_REQUESTS="4",
        CONCURRENT_REQUESTS_PER_DOMAIN="4",
    )


def test_two_processes_share_one_frontier(redis_url: str, gensite: str, tmp_path: Path) -> None:
    procs = [
        start_crawler(gensite, redis_url, tmp_path / f"{n}.jsonl", tmp_path / f"state{n}")
        for n in (1, 2)
    ]
    for proc in procs:
        proc.wait(timeout=240)
    logs = [(tmp_path / f"{n}.jsonl.log").read_text("utf-8") for n in (1, 2)]
    assert [p.returncode for p in procs] == [0, 0], logs[0][-2000:] + logs[1][-2000:]
    urls = []
    per_process = []
    for n in (1, 2):
        lines = (tmp_path / f"{n}.jsonl").read_text("utf-8").splitlines()
        per_process.append(len(lines))
        urls += [json.loads(line)["url"] for line in lines]
    assert len(urls) == len(set(urls)) == STORIES, "every story exactly once"
    assert all(count > 0 for count in per_process), f"one process did all: {per_process}"
    for log in logs:
        assert "Shared frontier empty for 3 s: closing masress" in log

    # A later run against the same Redis emits nothing: the seen-store lives there too.
    again = start_crawler(gensite, redis_url, tmp_path / "3.jsonl", tmp_path / "state3")
    again.wait(timeout=240)
    assert again.returncode == 0
    assert (tmp_path / "3.jsonl").read_text("utf-8") == ""


def fixture_bodies() -> list[tuple[str, str]]:
    """(id, body) of every expected fixture story, plus copies with 1..30 words changed:
    from near-copies to different stories, so clusters form on both sides of the threshold."""
    stories = []
    for path in sorted(FIXTURES.glob("*/stories/*.json")):
        item = json.loads(path.read_text("utf-8"))
        if item.get("body"):
            stories.append((item["id"], item["body"]))
    copies = []
    for n, (story, body) in enumerate(stories[:10]):
        words = body.split()
        for changed in range(1, 31, 3):
            edited = [
                f"w{n}x{i}" if i % (len(words) // changed or 1) == 0 else w
                for i, w in enumerate(words)
            ]
            copies.append((f"{story[:8]}{n:02d}{changed:06d}", " ".join(edited)))
    return stories + copies


def test_redis_clusters_are_the_sqlite_clusters(redis_url: str) -> None:
    """The Redis index answers as the SQLite one, story for story."""
    bodies = fixture_bodies()
    local = NearDuplicateIndex(sqlite3.connect(":memory:"))
    shared = RedisNearDuplicateIndex.from_url(redis_url)
    expected = [local.assign(story, body) for story, body in bodies]
    assert [shared.assign(story, body) for story, body in bodies] == expected
    joined = sum(cluster != story for (story, _), cluster in zip(bodies, expected, strict=True))
    assert 10 <= joined < len(bodies) - 20, "some copies join a cluster, others do not"
    assert shared.cluster_of(bodies[0][0]) == expected[0]
    assert [shared.assign(story, "") for story, _ in bodies] == expected, "stable on re-assign"


def test_two_crawlers_on_one_redis_share_clusters(redis_url: str, tmp_path: Path) -> None:
    """masress and akhbarak crawled at the same time by two processes, each with its own
    state directory: akhbarak's near-copies of masress stories get the same cluster_id."""
    settings = {
        "AGGNEWS_REDIS_URL": redis_url,
        "AGGNEWS_REDIS_IDLE_TIMEOUT": "1",
        "AGGNEWS_REDIS_LEASE_TTL": "1",
        "AGGNEWS_REDIS_HEARTBEAT": "0.3",
    }

    def run(site: str) -> list[dict]:
        with minisite(site) as origin:
            result = crawl(
                site,
                tmp_path / f"{site}.jsonl",
                f"base_url={origin}",
                state=tmp_path / f"state-{site}",
                proxy=origin,
                **settings,
            )
        assert result.returncode == 0, result.log[-2000:]
        return result.items

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(run, ["masress", "akhbarak"]))
    items = {item["url"]: item for run in runs for item in run}
    entries = load_meta("akhbarak")["near_duplicates"]
    same = [e for e in entries if "same_as" in e]
    assert len(same) == 2
    for entry in same:
        copy, original = items[entry["url"]], items[entry["same_as"]]
        assert copy["id"] != original["id"]
        assert copy["cluster_id"] == original["cluster_id"]
    for entry in entries:
        if "different_from" in entry:
            other = items[entry["different_from"]]
            assert items[entry["url"]]["cluster_id"] != other["cluster_id"]
    grouped = {e["url"] for e in same} | {e["same_as"] for e in same}
    alone = [item for url, item in items.items() if url not in grouped]
    assert alone and all(item["cluster_id"] == item["id"] for item in alone)


def test_redis_bands_of_the_old_scheme_are_deleted_once(redis_url: str, caplog) -> None:
    """Scheme 1 signatures cannot be compared with new ones: the first crawler deletes them
    (one WARNING), later ones do nothing; clusters already assigned stay."""
    server = redis.Redis.from_url(redis_url)
    server.hset("aggnews:neardup:clusters", "b" * 16, "a" * 16)
    server.hset("aggnews:neardup:signatures", "b" * 16, b"x" * 512)
    for band in range(3):
        server.sadd(f"aggnews:neardup:band:{band}", "b" * 16)
    with caplog.at_level(logging.WARNING):
        index = RedisNearDuplicateIndex.from_url(redis_url)
        RedisNearDuplicateIndex.from_url(redis_url).close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"Near-duplicate index in Redis: its 1 stories were signed by an older scheme (now "
        f"{SCHEME}) and cannot be compared with new ones; they keep their cluster ids, and new "
        "stories are clustered among stories signed from now on"
    ]
    assert not server.exists("aggnews:neardup:signatures")
    assert not list(server.scan_iter(match="aggnews:neardup:band:*"))
    assert index.assign("b" * 16, "anything") == "a" * 16
    index.close()
