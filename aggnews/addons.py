"""Scrapy add-ons: settings that follow from other settings."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class DistributedCrawl:
    """With ``AGGNEWS_REDIS_URL``, share the frontier and the seen-store through Redis.

    Several ``scrapy crawl`` processes (on several machines) then share one request queue and
    one request dupefilter (scrapy-redis, with leased pops: ``aggnews.state.frontier_redis``),
    one seen-store and one near-duplicate index, and each exits once the frontier has stayed
    empty for ``AGGNEWS_REDIS_IDLE_TIMEOUT`` seconds. Without the setting nothing here is
    used and Redis is not needed.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("AGGNEWS_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "aggnews.state.frontier_redis.LeasedScheduler", priority="addon")
        settings.set(
            "SCHEDULER_QUEUE_CLASS",
            "aggnews.state.frontier_redis.LeasedPriorityQueue",
            priority="addon",
        )
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", "aggnews:%(spider)s:requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", "aggnews:%(spider)s:dupefilter", priority="addon")
        settings["EXTENSIONS"]["aggnews.state.lease_redis.LeaseHeartbeat"] = 590
        settings["EXTENSIONS"]["aggnews.ops.idle.IdleTimeout"] = 600


class CrashSafeFrontier:
    """With ``JOBDIR`` (and no Redis), schedule through aggnews' crash-safe SQLite frontier.

    Scrapy's own JOBDIR queue and dupefilter are consistent only after a clean close; see
    ``aggnews.state.frontier``. A ``SCHEDULER`` given on the command line still wins.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("JOBDIR") and not settings.get("AGGNEWS_REDIS_URL"):
            scheduler = "aggnews.state.frontier.FrontierScheduler"
            settings.set("SCHEDULER", scheduler, priority="addon")
