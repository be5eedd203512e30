"""Incremental crawls on a generated site: a second crawl fetches little beyond what is new."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.crawling import crawl, generated_site


def crawl_generated(stories: int, new: int, state: Path, out: Path):
    with generated_site(stories, new) as origin:
        run = crawl("masress", out, f"base_url={origin}", "lang=ar", state=state)
        with urllib.request.urlopen(f"{origin}/_stats") as response:
            served = json.load(response)
    return run, served


def test_second_crawl_fetches_only_what_is_new(tmp_path) -> None:
    first, served_first = crawl_generated(200, 0, tmp_path / "state", tmp_path / "1.jsonl")
    assert len(first.items) == 200
    assert served_first["story"] == 200
    second, served = crawl_generated(200, 5, tmp_path / "state", tmp_path / "2.jsonl")
    assert sorted(int(i["url"].rsplit("/", 1)[1]) for i in second.items) == list(range(201, 206))
    assert served["story"] == 5, "known story pages are not re-requested"
    assert served["feed"] == 1
    # Home and the five source pages, each with at most one more page: not 20+ pages deep.
    assert served["listing"] <= 12
    assert second.stat("aggnews/incremental/listing_exhausted") >= 6
