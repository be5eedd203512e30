"""Monitoring with spidermon: thresholds per site, a failed check fails the run.

Checks at the end of every crawl: items per run (``SPIDERMON_MIN_ITEMS``, 0 by default since
an incremental run may find nothing new; raise it per site), items that break
the JSON Schema (``SPIDERMON_MAX_ITEM_VALIDATION_ERRORS``), field coverage
(``SPIDERMON_FIELD_COVERAGE_RULES``), errors logged (``SPIDERMON_MAX_ERRORS``) and pages
given up on (``AGGNEWS_MONITOR_MAX_FAILED_PAGES``). Values come from
``AGGNEWS_MONITOR_DEFAULTS``, overridden by the site's entry in ``AGGNEWS_MONITOR_THRESHOLDS``.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from scrapy.settings import BaseSettings
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import (
    ErrorCountMonitor,
    FieldCoverageMonitor,
    ItemValidationMonitor,
)
from spidermon.core.actions import Action

from aggnews.profile import SiteProfile

logger = logging.getLogger(__name__)

MONITOR_FAILED = "aggnews/monitor/failed"


@monitors.name("Items per run")
class ItemsPerRunMonitor(Monitor):
    """At least ``SPIDERMON_MIN_ITEMS`` stories (0 by default: an hourly run may find none)."""

    @monitors.name("Enough items")
    def test_enough_items(self) -> None:
        minimum = self.data.crawler.settings.getint("SPIDERMON_MIN_ITEMS")
        items = self.data.stats.get("item_scraped_count", 0)
        self.assertGreaterEqual(items, minimum, msg=f"{items} items (minimum {minimum})")


class CoverageOfEmittedItems(FieldCoverageMonitor):
    """Field coverage, checked only when the run emitted items."""

    def test_check_if_field_coverage_rules_are_met(self) -> None:
        if not self.data.stats.get("item_scraped_count"):
            self.skipTest("no items emitted")
        super().test_check_if_field_coverage_rules_are_met()


@monitors.name("Pages given up on")
class FailedPagesMonitor(Monitor):
    """Pages that could not be fetched after retries stay under the site's limit."""

    @monitors.name("Failed pages under the limit")
    def test_failed_pages(self) -> None:
        limit = self.data.crawler.settings.getint("AGGNEWS_MONITOR_MAX_FAILED_PAGES")
        failed = self.data.stats.get("aggnews/failed_pages", 0)
        self.assertLessEqual(failed, limit, msg=f"{failed} pages failed (limit {limit})")


class FailTheRun(Action):
    """Log every failed check in one ERROR report and mark the run failed (exit status 3)."""

    def run_action(self) -> None:
        failures = []
        for result in self.result.monitors_failed_results:
            lines = str(result.error or result.reason or "").strip().splitlines()
            failures.append(f"{result.monitor.name}: {lines[-1] if lines else 'failed'}")
        spider = self.data.spider
        self.data.crawler.stats.set_value(MONITOR_FAILED, failures)
        logger.error(
            "%s: monitoring failed:\n  %s",
            spider.name,
            "\n  ".join(failures),
            extra={"spider": spider},
        )


class CrawlChecks(MonitorSuite):
    """The checks run when a spider closes."""

    monitors: ClassVar[list[type[Monitor]]] = [
        ItemsPerRunMonitor,
        ItemValidationMonitor,
        CoverageOfEmittedItems,
        ErrorCountMonitor,
        FailedPagesMonitor,
    ]
    monitors_failed_actions: ClassVar[list[type[Action]]] = [FailTheRun]


def site_thresholds(profile: SiteProfile, settings: BaseSettings) -> dict[str, object]:
    """The spidermon settings for a site: defaults overridden by the site's own entry; no
    coverage rule for the fields its profile says may be missing (``optional_fields``)."""
    table = settings.getdict("AGGNEWS_MONITOR_THRESHOLDS")
    values = {**settings.getdict("AGGNEWS_MONITOR_DEFAULTS"), **table.get(profile.name, {})}
    rules = values.get("SPIDERMON_FIELD_COVERAGE_RULES")
    if isinstance(rules, dict) and profile.optional_fields:
        optional = {f"NewsArticle/{name}" for name in profile.optional_fields}
        values["SPIDERMON_FIELD_COVERAGE_RULES"] = {
            k: v for k, v in rules.items() if k not in optional
        }
    return values
