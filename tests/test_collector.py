"""The crawl process's garbage collector: frozen startup heap and raised thresholds while
the spider runs, Python's own state put back when it closes."""

from __future__ import annotations

import gc
import re

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from aggnews.ops.collector import GarbageCollection
from tests.crawling import crawl, generated_site


@pytest.fixture
def python_defaults():
    """Run with the collector as Python starts (700, 10, 10; nothing frozen), and leave it so."""
    found = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    yield
    gc.set_threshold(*found)
    gc.unfreeze()


def _extension(value: object) -> GarbageCollection:
    crawler = get_crawler(settings_dict={"AGGNEWS_GC_THRESHOLDS": value})
    return GarbageCollection.from_crawler(crawler)


def test_thresholds_hold_while_the_spider_runs_and_are_put_back(python_defaults) -> None:
    extension = _extension([20000, 20, 100])
    extension.crawler.stats.open_spider()
    extension.spider_opened()
    assert gc.get_threshold() == (20000, 20, 100)
    assert gc.get_freeze_count() > 1000  # the modules, profiles and patterns startup built
    for _ in range(50_000):  # cycles made while the spider runs are still collected
        cycle: list = []
        cycle.append(cycle)
    extension.spider_closed()
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert extension.crawler.stats.get_value("aggnews/gc/collections") >= 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "empty: Python's defaults"),
        ("", "empty: Python's defaults"),
        (["many"], "is not integers: ['many']"),
        ([0, 10], "takes 1 to 3 positive counts: [0, 10]"),
    ],
)
def test_an_empty_or_bad_setting_leaves_pythons_defaults(value, message, python_defaults) -> None:
    with pytest.raises(NotConfigured, match=re.escape(message)):
        _extension(value)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_real_crawl_collects_tens_of_times_not_hundreds(tmp_path) -> None:
    """1,000 stories: Python's defaults run the collector about 330 times, the default
    setting a handful; the same stories come out either way."""
    with generated_site(1000) as origin:
        runs = {
            name: crawl(
                "masress",
                tmp_path / f"{name}.jsonl",
                f"base_url={origin}",
                "lang=ar",
                state=tmp_path / name,
                CONCURRENT_REQUESTS="32",
                CONCURRENT_REQUESTS_PER_DOMAIN="32",
                **settings,
            )
            for name, settings in (
                ("tuned", {}),
                ("python", {"AGGNEWS_GC_THRESHOLDS": "700,10,10"}),
            )
        }
    for run in runs.values():
        assert run.returncode == 0, run.log[-2000:]
    tuned, python = runs["tuned"], runs["python"]
    assert sorted(i["url"] for i in tuned.items) == sorted(i["url"] for i in python.items)
    assert len(tuned.items) == 1000
    assert tuned.stat("aggnews/gc/collections") < 30
    assert python.stat("aggnews/gc/collections") > 150


def test_two_crawls_in_one_process_leave_pythons_state_as_found(python_defaults) -> None:
    first, second = _extension([20000, 20, 100]), _extension([20000, 20, 100])
    for extension in (first, second):
        extension.crawler.stats.open_spider()
    first.spider_opened()
    second.spider_opened()  # finds the first one's tuning
    first.spider_closed()
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
    second.spider_closed()
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
    assert second.crawler.stats.get_value("aggnews/gc/collections") is not None
