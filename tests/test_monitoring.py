"""Monitoring (spidermon): per-site thresholds and schema validation fail the run loudly."""

from __future__ import annotations

import json

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.extensions import Spidermon

from aggnews.items import NewsArticle
from aggnews.ops.coverage import CrawlMonitoring
from aggnews.sites import load_profiles
from tests.crawling import crawl, minisite
from tests.fixturesite import SCHEMA, story_pages


@pytest.fixture(scope="module")
def origin():
    with minisite("masress") as url:
        yield url


def test_healthy_crawl_passes_every_check(origin: str, tmp_path) -> None:
    run = crawl("masress", tmp_path / "o.jsonl", f"base_url={origin}", state=tmp_path)
    assert run.returncode == 0
    assert "[Spidermon] OK" in run.log
    assert run.stat("aggnews/monitor/failed") is None
    assert run.stat("spidermon_item_scraped_count/NewsArticle/title") == len(story_pages("masress"))


def test_thresholds_per_site_fail_the_run(origin: str, tmp_path) -> None:
    thresholds = {"masress": {"SPIDERMON_MIN_ITEMS": 50, "AGGNEWS_MONITOR_MAX_FAILED_PAGES": 0}}
    run = crawl(
        "masress",
        tmp_path / "o.jsonl",
        f"base_url={origin}",
        state=tmp_path,
        AGGNEWS_MONITOR_THRESHOLDS=json.dumps(thresholds),
    )
    assert run.returncode == 3
    report = run.log.split("ERROR: masress: monitoring failed:\n", 1)[1].splitlines()[:2]
    assert report[0].endswith(f"{len(story_pages('masress'))} items (minimum 50)")
    assert report[1].endswith("1 pages failed (limit 0)")


def test_items_are_validated_against_the_schema(origin: str, tmp_path) -> None:
    strict = json.loads(SCHEMA.read_text("utf-8"))
    strict["properties"]["title"]["maxLength"] = 20
    path = tmp_path / "strict.json"
    path.write_text(json.dumps(strict))
    run = crawl(
        "masress",
        tmp_path / "o.jsonl",
        f"base_url={origin}",
        state=tmp_path,
        AGGNEWS_ITEM_SCHEMA=str(path),
    )
    assert run.returncode == 3
    assert run.stat("spidermon/validation/fields/errors") > 0
    assert "Item Validation Monitor" in run.log.split("monitoring failed:", 1)[1]


def test_every_site_gets_thresholds() -> None:
    from scrapy.utils.project import get_project_settings

    from aggnews.ops.monitors import site_thresholds

    settings = get_project_settings()
    for profile in load_profiles().values():
        thresholds = site_thresholds(profile, settings)
        assert thresholds["SPIDERMON_MIN_ITEMS"] >= 0
        rules = thresholds["SPIDERMON_FIELD_COVERAGE_RULES"]
        assert ("NewsArticle/source" in rules) == ("source" not in profile.optional_fields)


def _field_counts(extension_class: type, items: list, settings: dict) -> dict:
    crawler = get_crawler(
        Spider, {"SPIDERMON_ENABLED": True, "SPIDERMON_ADD_FIELD_COVERAGE": True, **settings}
    )
    crawler.spider = Spider("s")
    crawler.spider.crawler = crawler
    crawler.stats.open_spider()
    extension = extension_class.from_crawler(crawler)
    for item in items:
        extension.item_scraped(item, None, crawler.spider)
    if isinstance(extension, CrawlMonitoring):
        extension.flush_counts()
    return {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("spidermon_")}


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_NONE": True, "SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": False},
    ],
)
def test_cheap_field_counts_equal_spidermons(settings: dict) -> None:
    """aggnews' field count gives spidermon's stats, skip rules and nested items included."""
    items = [
        NewsArticle(title="T", source="N/A", body="-", date=None, paywalled=False),
        NewsArticle(title="", source="Ahram", body="text", paywalled=True),
        {"title": "x", "meta": {"a": 1, "b": ""}},
        {"title": "y", "count": 0},
    ]
    ours = _field_counts(CrawlMonitoring, items, settings)
    assert ours == _field_counts(Spidermon, items, settings)
    assert ours["spidermon_item_scraped_count/NewsArticle"] == 2
    assert ours["spidermon_item_scraped_count/NewsArticle/body"] == 1  # "-" is skipped
