"""Extraction in a worker process: the same items as in-process, and no worker outlives
its crawl, even one killed with SIGKILL."""

from __future__ import annotations

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
        assert len(workers) >= 2, "the worker (and its resource tracker) started"
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
