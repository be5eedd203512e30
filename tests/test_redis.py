"""Distributed crawl on a real redis-server: two processes share one frontier."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import FAST, ROOT
from tests.services import require

STORIES = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    proc = subprocess.Popen(
        # 0.2 s per story page: the crawl lasts long enough for both processes to share it.
        [
            sys.executable,
            str(ROOT / "tests" / "gensite.py"),
            "--stories",
            str(STORIES),
            "--delay",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def start_crawler(origin: str, redis_url: str, out: Path, state: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "masress", "-O", str(out)]
    cmd += ["-a", f"base_url={origin}", "-a", "lang=ar"]
    settings = {
        **FAST,
        "AGGNEWS_REDIS_URL": redis_url,
        "AGGNEWS_REDIS_IDLE_TIMEOUT": "3",
        "AGGNEWS_STATE_DIR": str(state),
    }
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def test_two_processes_share_one_frontier(redis_url: str, gensite: str, tmp_path: Path) -> None:
    procs = [
        start_crawler(gensite, redis_url, tmp_path / f"{n}.jsonl", tmp_path / f"state{n}")
        for n in (1, 2)
    ]
    logs = [proc.communicate(timeout=240)[1] for proc in procs]
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
    again.communicate(timeout=240)
    assert again.returncode == 0
    assert (tmp_path / "3.jsonl").read_text("utf-8") == ""
