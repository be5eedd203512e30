"""``scrapy demo``: the README's first command gives real output offline, every time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aggnews.crawling.urls import canonical_url
from aggnews.ops.minisite import site_dir
from tests.crawling import ROOT
from tests.fixturesite import emitted_matches, expected_urls, load_meta, story_pages
from tests.test_crawl import PROFILES


def demo(out: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[dict], Path | None]:
    """Run ``scrapy demo ARGS`` with its feeds under ``out``, no proxy in the environment."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "demo", *args, "-s", f"AGGNEWS_DEMO_DIR={out}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    match = re.search(r"written to (\S+\.jsonl)$", proc.stdout, re.M)
    feed = (ROOT / match.group(1)) if match else None
    items = []
    if feed is not None and feed.is_file():
        items = [json.loads(line) for line in feed.read_text("utf-8").splitlines() if line]
    return proc, items, feed


def test_demo_twice_in_a_row_writes_every_fixture_story(tmp_path) -> None:
    for _ in range(2):
        proc, items, feed = demo(tmp_path)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert feed is not None and feed.parent == tmp_path / "masress", proc.stdout
        emitted_matches("masress", [i["url"] for i in items])
        stories, _ = expected_urls("masress")
        languages = sorted({i["language"] for i in items})
        assert languages == ["ar", "en"]
        counts = {lang: sum(i["language"] == lang for i in items) for lang in languages}
        assert f"masress: {len(stories)} stories from the bundled fixture mini-site" in proc.stdout
        assert f"by language: en {counts['en']}, ar {counts['ar']}" in proc.stdout or (
            f"by language: ar {counts['ar']}, en {counts['en']}" in proc.stdout
        )
        assert "by source: " in proc.stdout and "Ahram Online 3" in proc.stdout
        assert f"jq -r '[.language, .source, .date, .title] | @tsv' {feed}" in proc.stdout
        assert "Traceback" not in proc.stderr
        # The one WARNING is the page the fixture links to but does not serve, on purpose.
        warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
        missing = load_meta("masress")["crawl"]["missing"]
        assert len(warnings) == len(missing), warnings


def test_demo_of_akhbarak_serves_the_outlets_too(tmp_path) -> None:
    """akhbarak's framed stories take their body from the outlet's page (another host)."""
    proc, items, _ = demo(tmp_path, "akhbarak")
    assert proc.returncode == 0, proc.stderr[-3000:]
    emitted_matches("akhbarak", [i["url"] for i in items])
    profile = PROFILES["akhbarak"]
    framed = {canonical_url(p.url, profile): p for p in story_pages("akhbarak") if p.original}
    assert framed
    got = {i["url"]: i for i in items}
    for url, page in framed.items():
        assert got[url]["body"] == page.expected["body"], url
        assert got[url]["source_url"] == page.original


def test_demo_of_an_unknown_site_is_one_line(tmp_path) -> None:
    proc, _, _ = demo(tmp_path, "nosuchsite")
    assert proc.returncode == 2
    assert "no site named 'nosuchsite'; see 'scrapy list'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_site_without_fixtures_says_where_it_looked(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no fixture mini-site .*masress \(no meta.json\)"):
        site_dir("masress", tmp_path)
    assert site_dir("masress") == ROOT / "tests" / "fixtures" / "masress"
