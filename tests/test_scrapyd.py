"""Scheduled crawls on a real Scrapyd: deploy the project, schedule a crawl, read its feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import ROOT, free_port, minisite
from tests.fixturesite import story_pages
from tests.services import require


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=30) as response:
        return json.load(response)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    scrapyd_bin = require("scrapyd")
    port = free_port()
    conf = f"""[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {tmp_path / "eggs"}
logs_dir = {tmp_path / "logs"}
items_dir = {tmp_path / "items"}
dbs_dir = {tmp_path / "dbs"}
max_proc = 2
poll_interval = 0.5
"""
    (tmp_path / "scrapyd.conf").write_text(conf)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen(
        [scrapyd_bin],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                api(base, "daemonstatus.json")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("scrapyd did not start")
        yield base, tmp_path, env
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_finished(base: str, job: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = api(base, "listjobs.json?project=aggnews")
        if any(j["id"] == job for j in jobs["finished"]):
            return
        time.sleep(0.5)
    pytest.fail(f"job {job} did not finish")


def test_deploy_schedule_and_read_the_feed(scrapyd) -> None:
    base, tmp, env = scrapyd
    xdg = tmp / "xdg"
    xdg.mkdir()
    (xdg / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {base}/\nproject = aggnews\n")
    deploy_env = {**env, "XDG_CONFIG_HOME": str(xdg)}
    scrapyd_deploy = Path(sys.executable).with_name("scrapyd-deploy")
    deploy = subprocess.run(
        [str(scrapyd_deploy), "test", "-p", "aggnews", "--version", "r1"],
        cwd=ROOT,
        env=deploy_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert api(base, "listprojects.json")["projects"] == ["aggnews"]
    assert "masress" in api(base, "listspiders.json?project=aggnews")["spiders"]

    with minisite("masress") as origin:
        feeds = []
        for run in range(2):
            job = api(
                base,
                "schedule.json",
                [
                    ("project", "aggnews"),
                    ("spider", "masress"),
                    ("base_url", origin),
                    ("setting", "DOWNLOAD_DELAY=0"),
                    ("setting", "AUTOTHROTTLE_ENABLED=0"),
                    ("setting", f"AGGNEWS_STATE_DIR={tmp / 'state'}"),
                ],
            )["jobid"]
            wait_finished(base, job)
            feed = tmp / "items" / "aggnews" / "masress" / f"{job}.jl"
            assert feed.exists(), f"run {run}: no feed at {feed}"
            feeds.append(feed)
    first = [json.loads(line) for line in feeds[0].read_text("utf-8").splitlines()]
    assert len(first) == len(story_pages("masress"))
    assert {i["site"] for i in first} == {"masress"}
    # The second run wrote its own file (nothing new to emit) and left the first alone.
    assert feeds[1] != feeds[0]
    assert feeds[1].read_text("utf-8") == ""
    assert len(feeds[0].read_text("utf-8").splitlines()) == len(first)
