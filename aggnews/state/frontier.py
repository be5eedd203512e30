"""A crash-safe JOBDIR frontier: Scrapy's scheduler with its queue and dupefilter in SQLite.

Scrapy's own JOBDIR files are consistent only after a clean close: one SIGKILL leaves a
``requests.queue/`` that raises ``struct.error`` and a ``requests.seen`` that filters every
request that was queued but never fetched. With JOBDIR set, aggnews uses
:class:`FrontierScheduler` instead (the ``CrashSafeFrontier`` add-on sets ``SCHEDULER``);
queue and fingerprints live in ``JOBDIR/frontier-<spider>.sqlite3`` (WAL mode).

The guarantee: after a stop of any kind, every request the crawl needs is queued in the
file, or done by a run whose feeds are complete, or will be found again. It rests on:

- A request popped for the downloader is only marked *in flight* for this run. A run's
  in-flight rows are deleted (*done*) only once its feeds are complete on disk
  (``feed_exporter_closed``: feeds are written to a temp file renamed at close; without a
  feed, at close), and never when a feed failed to store or the seen-store failed (then the
  feed is not renamed). A graceful stop waits for every popped request to be handled, so
  all of them are in the feed. A run that dies completes no feed, so at the next start all
  rows in flight are queued again (``aggnews/frontier/requeued``) and fetched again.
- A request's fingerprint and its row are written in the same transaction, so the
  dupefilter never knows a request the queue lost.
- Writes are batched: one transaction stays open and is committed every
  ``AGGNEWS_FRONTIER_COMMIT_SECONDS`` (and at close). No commit is needed before a request
  goes to the downloader: a kill loses only the writes since the last commit, in order from
  the end, so what survives is an earlier state of the file. A lost push is lost together
  with its fingerprint; the page that yielded it was popped earlier by the same run, so it
  is still queued or in flight (the run never finished), is fetched again and yields the
  request again. A lost pop leaves the row queued. The "done" deletion is the run's last
  write, so no surviving state has it without everything before it.
- The commit of the run comes after the seen-store's record of its stories (both run on
  ``feed_exporter_closed``; the seen-store's handler was connected first), so a kill between
  the two refetches pages whose stories the seen-store then drops as emitted before.
- Start requests are never filtered by fingerprints of earlier runs (a resumed job starts
  from its listings again, so new stories are found; stories emitted already are dropped by
  the seen-store), and one already queued in the file is not queued twice.
- A job that finishes (reason ``finished``, nothing left queued) clears its fingerprints:
  the next run with the same JOBDIR is a new job, not an empty one.

Without JOBDIR the class is Scrapy's scheduler unchanged (memory queues).
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from queuelib.queue import FifoDiskQueue, LifoDiskQueue
from scrapy import Request, Spider, signals
from scrapy.core.scheduler import Scheduler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.job import job_dir
from scrapy.utils.misc import load_object
from scrapy.utils.request import referer_str, request_from_dict

from aggnews.ops.storefault import store_failed
from aggnews.state.frontier_db import FrontierBusyError, FrontierDB, open_frontier

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

#: Stats this scheduler sets (documented in README.md, "Running unattended").
STATS = (
    "aggnews/frontier/requeued",
    "aggnews/frontier/recovered",
    "aggnews/frontier/resumed",
    "aggnews/frontier/done",
    "aggnews/frontier/left",
    "aggnews/frontier/commits",
)


def _lifo(queue_class: str | None) -> bool:
    """True when Scrapy's disk queue setting asks for newest-first order."""
    if not queue_class:
        return True
    cls = load_object(queue_class)
    return issubclass(cls, LifoDiskQueue) or not issubclass(cls, FifoDiskQueue)


class FrontierScheduler(Scheduler):
    """Scrapy's scheduler; with JOBDIR, queue and dupefilter in one crash-safe SQLite file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jobdir: Path | None = None
        self.db: FrontierDB | None = None
        self.memory_fps: set[bytes] = set()
        self.reason = ""
        self.feeds = False
        self.busy = False
        self.closing = False
        self.logdupes = True
        self.debug = False
        self.lifo = True
        self.start_lane = 1
        self.start_lifo = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        settings = crawler.settings
        jobdir = job_dir(settings)
        if not jobdir:
            return super().from_crawler(crawler)
        scheduler = cls(
            dupefilter=BaseDupeFilter(),
            jobdir=None,
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
        scheduler.jobdir = Path(jobdir)
        scheduler.debug = settings.getbool("DUPEFILTER_DEBUG")
        scheduler.lifo = _lifo(settings["SCHEDULER_DISK_QUEUE"])
        start_queue = settings["SCHEDULER_START_DISK_QUEUE"]
        scheduler.start_lane = 1 if start_queue else 0
        scheduler.start_lifo = _lifo(start_queue) if start_queue else scheduler.lifo
        return scheduler

    def open(self, spider: Spider) -> Deferred[None] | None:
        result = super().open(spider)
        if self.jobdir is not None:
            self._open_frontier(self.jobdir, spider.name)
        return result

    def _open_frontier(self, jobdir: Path, name: str) -> None:
        assert self.crawler is not None and self.stats is not None
        seconds = self.crawler.settings.getfloat("AGGNEWS_FRONTIER_COMMIT_SECONDS", 1.0)
        try:
            self.db, problem = open_frontier(jobdir, name, seconds)
        except FrontierBusyError as exc:
            logger.error("JOBDIR %s is in use (%s): this crawl stops at once", jobdir, exc)
            self.stats.set_value("aggnews/frontier/busy", 1)
            self.busy = True
            return
        for stat in STATS:
            self.stats.set_value(stat, 0)
        if problem:
            logger.warning("JOBDIR %s: %s", jobdir, problem)
            self.stats.set_value("aggnews/frontier/recovered", 1)
        requeued = self.db.begin_run()
        self.stats.set_value("aggnews/frontier/requeued", requeued)
        self.stats.set_value("aggnews/frontier/resumed", self.db.queued)
        if self.db.queued:
            logger.info(
                "Resuming crawl from %s (%d requests queued, %d given back by a run that did"
                " not finish)",
                self.db.path,
                self.db.queued,
                requeued,
            )
        self.fingerprinter = self.crawler.request_fingerprinter
        self.feeds = self.crawler.get_extension(FeedExporter) is not None
        if self.feeds:
            self.crawler.signals.connect(self._feeds_closed, signal=signals.feed_exporter_closed)

    def enqueue_request(self, request: Request) -> bool:
        db = self.db
        if self.busy:
            return self._refuse()
        if db is None:
            return super().enqueue_request(request)
        assert self.stats is not None
        start = bool(request.meta.get("is_start_request"))
        fp = self.fingerprinter.fingerprint(request)
        if not request.dont_filter and (fp in self.memory_fps or db.seen_before(fp, start)):
            self._log_filtered(request)
            return False
        if start and db.start_queued(fp):
            return True
        try:
            data = pickle.dumps(request.to_dict(spider=self.spider), protocol=4)
        except Exception as exc:
            self._unserializable(request, fp, exc)
            return True
        lane = self.start_lane if start else 0
        lifo = self.start_lifo if start else self.lifo
        db.push(data, fp, request.priority, start=start, lane=lane, lifo=lifo)
        self.stats.inc_value("scheduler/enqueued/disk")
        self.stats.inc_value("scheduler/enqueued")
        return True

    def _refuse(self) -> bool:
        """Another crawl has the JOBDIR: queue nothing, and close the spider once."""
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and not self.closing:
            self.closing = True
            deferred_from_coro(engine.close_spider_async(reason="jobdir_busy"))
        return False

    def _unserializable(self, request: Request, fp: bytes, exc: Exception) -> None:
        """Keep a request pickle cannot store in memory; its fingerprint too."""
        assert self.db is not None and self.stats is not None
        if not request.dont_filter:
            self.db.forget(fp)
            self.memory_fps.add(fp)
        if self.logunser:
            logger.warning("Unable to serialize request %s (%s); kept in memory only", request, exc)
            self.logunser = False
        self.stats.inc_value("scheduler/unserializable")
        self._mqpush(request)
        self.stats.inc_value("scheduler/enqueued/memory")
        self.stats.inc_value("scheduler/enqueued")

    def _log_filtered(self, request: Request) -> None:
        """As Scrapy's RFPDupeFilter logs a filtered request."""
        assert self.stats is not None
        if self.debug:
            referer = referer_str(request)
            logger.debug("Filtered duplicate request: %s (referer: %s)", request, referer)
        elif self.logdupes:
            logger.debug(
                "Filtered duplicate request: %s - no more duplicates will be shown"
                " (see DUPEFILTER_DEBUG to show all duplicates)",
                request,
            )
            self.logdupes = False
        self.stats.inc_value("dupefilter/filtered")

    def next_request(self) -> Request | None:
        db = self.db
        if db is None:
            return super().next_request()
        assert self.stats is not None
        db.maybe_commit()
        request = self.mqs.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/memory")
        else:
            request = self._db_pop(db)
            if request is not None:
                self.stats.inc_value("scheduler/dequeued/disk")
        if request is not None:
            self.stats.inc_value("scheduler/dequeued")
        return request

    def _db_pop(self, db: FrontierDB) -> Request | None:
        assert self.stats is not None
        while (data := db.pop()) is not None:
            try:
                return request_from_dict(pickle.loads(data), spider=self.spider)
            except Exception as exc:
                self.stats.inc_value("aggnews/frontier/unreadable")
                logger.warning("A request in %s cannot be read back (%s); skipped", db.path, exc)
        return None

    def __len__(self) -> int:
        return len(self.mqs) + (self.db.queued if self.db is not None else 0)

    def close(self, reason: str) -> Deferred[None] | None:
        db = self.db
        if db is None:
            return super().close(reason)
        self.reason = reason
        db.commit()
        if len(self.mqs):
            logger.warning(
                "%d requests could not be written to JOBDIR %s; a resumed crawl lacks them",
                len(self.mqs),
                self.jobdir,
            )
        if not self.feeds:
            self._finish()
        return super().close(reason)

    def _feeds_closed(self) -> None:
        """Every feed is complete and renamed: this run's requests are done."""
        self._finish()

    def _finish(self) -> None:
        db, self.db = self.db, None
        if db is None:
            return
        assert self.stats is not None and self.crawler is not None
        stats = self.stats
        failed = [k for k in stats.get_stats() if k.startswith("feedexport/failed_count/")]
        if failed:
            why = "a feed was not stored"
        else:
            why = "the seen-store failed" if store_failed(self.crawler) else ""
        if why:
            logger.warning(
                "This run's feeds were not kept (%s): its pages stay in JOBDIR %s and the next"
                " run fetches them again",
                why,
                self.jobdir,
            )
        complete = self.reason == "finished" and not len(self.mqs) and not why
        done = db.finish(done=not why, job_complete=complete)
        stats.set_value("aggnews/frontier/done", done)
        stats.set_value("aggnews/frontier/left", db.queued)
        stats.set_value("aggnews/frontier/commits", db.commits)
        if complete and not db.queued:
            logger.info("Job in %s complete: the next run with it starts a new job", self.jobdir)
        db.close()
