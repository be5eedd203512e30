"""``scrapy crawlall``: every site in one process, each with its own feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.crawling import FAST, ROOT, minisite
from tests.fixturesite import story_pages


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
