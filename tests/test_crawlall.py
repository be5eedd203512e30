"""``scrapy crawlall``: every site in one process, each with its own feed."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.crawling import FAST, ROOT, generated_site, minisite
from tests.failsite import failing_site
from tests.fixturesite import story_pages


def crawlall(sites: str, tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    """``scrapy crawlall --sites SITES`` with a state dir and feeds under ``tmp_path``."""
    cmd = [sys.executable, "-m", "scrapy", "crawlall", "--sites", sites]
    settings = {
        **FAST,
        "AGGNEWS_STATE_DIR": str(tmp_path / "state"),
        "AGGNEWS_FEED": str(tmp_path / "out" / "%(name)s" / "%(run)s.jsonl"),
        **settings,
    }
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def stats_by_site(log: str) -> dict[str, dict]:
    """Every stats dump in the log, by site (``aggnews/site``)."""
    dumps = {}
    for text in re.findall(r"Dumping Scrapy stats:\n(\{.*?\})\n\d{4}-", log, re.S):
        stats = ast.literal_eval(re.sub(r"datetime\.datetime\([^)]*\)", "None", text))
        dumps[stats["aggnews/site"]] = stats
    return dumps


def test_crawlall_runs_each_site_into_its_own_feed(tmp_path) -> None:
    with minisite("masress") as masress, minisite("nabd") as nabd:
        mirrors = json.dumps({"masress": masress, "nabd": nabd})
        cmd = [sys.executable, "-m", "scrapy", "crawlall", "--sites", "masress,nabd"]
        settings = {
            **FAST,
            "AGGNEWS_MIRRORS": mirrors,
            "AGGNEWS_STATE_DIR": str(tmp_path / "state"),
            "AGGNEWS_FEED": str(tmp_path / "out" / "%(name)s" / "%(run)s.jsonl"),
        }
        for key, value in settings.items():
            cmd += ["-s", f"{key}={value}"]
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert " ERROR: " not in proc.stderr
    for site in ("masress", "nabd"):
        feeds = list((tmp_path / "out" / site).glob("*.jsonl"))
        assert len(feeds) == 1
        items = [json.loads(line) for line in feeds[0].read_text("utf-8").splitlines()]
        assert {i["site"] for i in items} == {site}
        assert len(items) == len(story_pages(site))


def test_crawlall_rejects_an_unknown_site() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawlall", "--sites", "masress,nosuch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "unknown site 'nosuch'" in proc.stderr


def test_one_failing_site_does_not_fail_the_healthy_one(tmp_path) -> None:
    """nabd reaches nothing while masress crawls on: masress's stats, monitors and verdict
    stay its own (it tolerates no ERROR at all); the process exits with nabd's status."""
    strict = {"masress": {"SPIDERMON_MAX_ERRORS": 0, "SPIDERMON_MIN_ITEMS": 60}}
    with generated_site(60, delay=0.5) as masress, failing_site() as (nabd, _):
        proc = crawlall(
            "masress,nabd",
            tmp_path,
            AGGNEWS_MIRRORS=json.dumps({"masress": masress, "nabd": nabd}),
            AGGNEWS_MONITOR_THRESHOLDS=json.dumps(strict),
            AGGNEWS_RETRY_BACKOFF_BASE="0.01",
        )
    assert proc.returncode == 6, proc.stderr[-3000:]
    errors = [line for line in proc.stderr.splitlines() if " ERROR: " in line]
    assert all("nabd" in line or "[nabd]" in line for line in errors), errors
    assert any(
        "ERROR: nabd: no page reached: 1 of 1 start requests failed (http_404)" in e for e in errors
    )
    stats = stats_by_site(proc.stderr)
    assert stats["masress"].get("log_count/ERROR") is None
    assert stats["masress"]["item_scraped_count"] == 60
    assert "aggnews/monitor/failed" not in stats["masress"]
    assert "aggnews/unreachable" not in stats["masress"]
    assert stats["nabd"]["aggnews/unreachable"].startswith("nabd: no page reached")
    assert stats["nabd"].get("item_scraped_count") is None
    assert "Exit status 6; per site: masress 0 (ok), nabd 6 (not reached)" in proc.stderr
    (feed,) = (tmp_path / "out" / "masress").glob("*.jsonl")
    assert len(feed.read_text("utf-8").splitlines()) == 60
