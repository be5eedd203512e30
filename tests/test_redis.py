"""Distributed crawl on a real redis-server: two processes share one frontier."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import free_port, generated_site, start_crawl
from tests.services import require

STORIES = 300


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = require("redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
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


@pytest.fixture
def gensite() -> Iterator[str]:
    # 0.2 s per story page: the crawl lasts long enough for both processes to share it.
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
        AGGNEWS_STATE_DIR=str(state),
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
