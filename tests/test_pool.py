"""Extraction in a worker process: the same items as in-process, and no worker outlives
its crawl, even one killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.crawling import crawl, generated_site, start_crawl

STORIES = 60


def _without_time(items: list[dict]) -> list[dict]:
    return sorted(({k: v for k, v in i.items() if k != "crawled_at"} for i in items), key=str)


def test_worker_process_gives_the_items_of_in_process_extraction(tmp_path: Path) -> None:
    with generated_site(STORIES) as origin:
        args = (f"base_url={origin}", "lang=ar")
        alone = crawl(
            "masress",
            tmp_path / "a.jsonl",
            *args,
            state=tmp_path / "a",
            AGGNEWS_EXTRACT_PROCESSES="0",
        )
        pooled = crawl(
            "masress",
            tmp_path / "b.jsonl",
            *args,
            state=tmp_path / "b",
            AGGNEWS_EXTRACT_PROCESSES="1",
            AGGNEWS_EXTRACT_PROCESSES_AFTER="5",
        )
    assert alone.returncode == pooled.returncode == 0
    assert alone.stat("aggnews/extract/processes") is None
    assert pooled.stat("aggnews/extract/processes") == 1
    assert len(pooled.items) == STORIES
    assert _without_time(pooled.items) == _without_time(alone.items)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read()
    except FileNotFoundError:
        return b""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_workers_end_when_the_crawl_is_killed(tmp_path: Path) -> None:
    with generated_site(400, delay=0.2) as origin:
        proc = start_crawl(
            "masress",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            "lang=ar",
            AGGNEWS_STATE_DIR=str(tmp_path / "s"),
            AGGNEWS_EXTRACT_PROCESSES="1",
            AGGNEWS_EXTRACT_PROCESSES_AFTER="5",
        )
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            time.sleep(0.5)
            workers = _children(proc.pid)
        assert len(workers) >= 1, "the worker started"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.5)
        left = [w for w in workers if _alive(w)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert left == []


def test_the_worker_sends_the_keys_the_pipelines_would_compute() -> None:
    import asyncio

    import numpy as np
    from scrapy.http import HtmlResponse

    from aggnews import text
    from aggnews.extract.pool import ExtractionPool
    from aggnews.sites import load_profiles
    from aggnews.state import minhash
    from tests.fixturesite import story_pages

    page = next(iter(story_pages("masress")))
    response = HtmlResponse(url=page.url, body=page.path.read_bytes())
    pool = ExtractionPool(load_profiles()["masress"], None, 1)
    try:
        result = asyncio.run(pool.extract(response, None, {}))
        listing = asyncio.run(pool.parse_listing(HtmlResponse(url=page.url, body=b"<a href='/x'>")))
    finally:
        pool.close()
    body = result.item.body
    assert body == page.expected["body"]
    assert result.comparable_body == text._comparable(body)
    assert np.array_equal(
        result.signature,
        minhash.Signer().sign_hashes(minhash.Signer().shingle_hashes(text._comparable(body))),
    )
    # the crawl process took both as given
    assert text._RECENT.get(body) == result.comparable_body
    assert minhash._SIGNATURES.get(body) is result.signature
    keys = minhash._BAND_KEYS.get((20, 6, result.signature.tobytes()))
    assert keys == result.band_keys
    minhash._BAND_KEYS.values.clear()  # the same keys computed here
    assert minhash.band_keys(result.signature, 20, 6) == keys and len(keys) == 20
    assert listing.stories == {}


def test_a_killed_worker_loses_no_story(tmp_path: Path) -> None:
    """SIGKILL the worker mid-crawl: one ERROR line, the pages it held and every later page
    extracted in the crawl process, every story emitted once."""
    stories = 300
    out = tmp_path / "o.jsonl"
    with generated_site(stories, delay=0.05) as origin:
        proc = start_crawl(
            "masress",
            out,
            f"base_url={origin}",
            "lang=ar",
            AGGNEWS_STATE_DIR=str(tmp_path / "s"),
            AGGNEWS_EXTRACT_PROCESSES="1",
            AGGNEWS_EXTRACT_PROCESSES_AFTER="5",
        )
        part = out.with_name(out.name + ".part")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            lines = part.read_bytes().count(b"\n") if part.exists() else 0
            if lines >= 60:  # the worker has been extracting for a while
                break
            time.sleep(0.05)
        workers = [p for p in _children(proc.pid) if b"spawn_main" in _cmdline(p)]
        assert proc.poll() is None and len(workers) == 1, "the crawl is running, with its worker"
        os.kill(workers[0], signal.SIGKILL)
        proc.wait(timeout=180)
    log = out.with_name(out.name + ".log").read_text("utf-8")
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert f"ERROR: Extraction worker {workers[0]} ended (EOFError)" in log
    assert log.count("ERROR: Extraction worker") == 1
    assert "'aggnews/extract/workers_lost': 1" in log
    assert len(items) == stories
    assert len({i["id"] for i in items}) == stories
    assert proc.returncode == 0


def test_pages_a_dead_worker_held_fail_with_worker_lost() -> None:
    import asyncio

    import pytest
    from scrapy.http import HtmlResponse

    from aggnews.extract.pool import ExtractionPool, WorkerLostError
    from aggnews.sites import load_profiles

    pool = ExtractionPool(load_profiles()["masress"], None, 1)
    response = HtmlResponse(url="https://www.masress.com/ahram/1", body=b"<p>x</p>")

    async def kill_then_extract() -> None:
        await pool.extract(response, None, {})  # the worker answers
        assert pool.ready
        worker = pool._workers[0].process
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(10)
        with pytest.raises(WorkerLostError):
            await pool.extract(response, None, {})
        assert not pool.ready
        with pytest.raises(WorkerLostError, match="no extraction worker is left"):
            await pool.extract(response, None, {})

    try:
        asyncio.run(kill_then_extract())
    finally:
        pool.close()


def test_closing_the_pool_releases_the_pages_waiting_for_it() -> None:
    import asyncio

    import pytest
    from scrapy.http import HtmlResponse

    from aggnews.extract.pool import ExtractionPool, WorkerLostError
    from aggnews.sites import load_profiles

    pool = ExtractionPool(load_profiles()["masress"], None, 1)
    response = HtmlResponse(url="https://www.masress.com/ahram/1", body=b"<p>x</p>")

    async def close_while_waiting() -> None:
        await pool.extract(response, None, {})  # the worker is up
        os.kill(pool._workers[0].process.pid, signal.SIGSTOP)  # it cannot answer now
        waiting = asyncio.create_task(pool.extract(response, None, {}))
        await asyncio.sleep(0.2)
        pool.close()
        with pytest.raises(WorkerLostError, match="stopped"):
            await asyncio.wait_for(waiting, 5)

    try:
        asyncio.run(close_while_waiting())
    finally:
        pool.close()
    assert not pool._workers[0].process.is_alive()
