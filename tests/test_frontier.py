"""The crash-safe JOBDIR frontier (aggnews.state.frontier): order, dupefilter, requeue after
a dead run, torn files; and whole crawls on a torn JOBDIR."""

from __future__ import annotations

import json
import logging
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request, Spider, signals
from scrapy.core.scheduler import Scheduler
from scrapy.http import HtmlResponse
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from aggnews.spiders.original import needs_original, original_request
from aggnews.state.frontier import FrontierScheduler
from tests.crawling import ROOT, crawl, generated_site, start_crawl, wait_for_items

PQ = "scrapy.pqueues.ScrapyPriorityQueue"


class Site(Spider):
    name = "site"

    def parse(self, response):
        return None


def open_scheduler(jobdir: Path | None, **settings: object) -> Scheduler:
    """A scheduler opened on JOBDIR (None: Scrapy's own, in memory), as the engine opens it."""
    config = {"SCHEDULER_PRIORITY_QUEUE": PQ, "AGGNEWS_FRONTIER_COMMIT_SECONDS": 60, **settings}
    if jobdir is not None:
        config["JOBDIR"] = str(jobdir)
    crawler = get_crawler(Site, config)
    scheduler = (FrontierScheduler if jobdir else Scheduler).from_crawler(crawler)
    scheduler.open(Site.from_crawler(crawler))
    return scheduler


def req(path: str, priority: int = 0, start: bool = False, **kwargs: object) -> Request:
    meta = {"is_start_request": True} if start else {}
    return Request(f"http://127.0.0.1/{path}", priority=priority, meta=meta, **kwargs)


def drain(scheduler: Scheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url.rsplit("/", 1)[1])
    return urls


def rows(jobdir: Path) -> dict[str, int]:
    """What the frontier file holds, read through a second connection."""
    with sqlite3.connect(jobdir / "frontier-site.sqlite3") as conn:
        queued, flying = conn.execute(
            "SELECT COUNT(*) - COUNT(run), COUNT(run) FROM requests"
        ).fetchone()
        seen = conn.execute("SELECT COUNT(*) FROM seen").fetchone()[0]
    return {"queued": queued, "in_flight": flying, "seen": seen}


def test_order_is_scrapys(tmp_path: Path) -> None:
    """Random pushes and pops: the same order as Scrapy's scheduler (higher priority first,
    newest first within a priority, start requests oldest first and after the others)."""
    rng = random.Random(7)
    ops: list[tuple[str, int, bool] | None] = []
    for n in range(400):
        ops.append(
            (str(n), rng.choice([0, 5, 10, 20]), rng.random() < 0.2) if rng.random() < 0.6 else None
        )
    orders = []
    for jobdir in (None, tmp_path / "job"):
        scheduler = open_scheduler(jobdir)
        popped = []
        for op in ops:
            if op is None:
                request = scheduler.next_request()
                popped.append(request.url if request else None)
            else:
                assert scheduler.enqueue_request(req(op[0], op[1], op[2]))
        orders.append(popped + drain(scheduler))
    assert orders[0] == orders[1]
    assert len([u for u in orders[0] if u]) == sum(op is not None for op in ops)


def test_priority_order_survives_a_stop(tmp_path: Path) -> None:
    scheduler = open_scheduler(tmp_path)
    for name, priority, start in [
        ("home", 0, True), ("rss", 20, True), ("a", 0, False), ("s1", 10, False),
        ("b", 0, False), ("s2", 10, False), ("feed", 20, False),
    ]:  # fmt: skip
        scheduler.enqueue_request(req(name, priority, start))
    assert [scheduler.next_request().url[-4:] for _ in range(2)] == ["feed", "/rss"]
    scheduler.close("shutdown")
    resumed = open_scheduler(tmp_path)
    assert len(resumed) == 5
    assert drain(resumed) == ["s2", "s1", "b", "a", "home"]


def test_dupefilter_persists_with_the_queue(tmp_path: Path) -> None:
    scheduler = open_scheduler(tmp_path)
    assert scheduler.enqueue_request(req("story?a=1&b=2"))
    assert not scheduler.enqueue_request(req("story?b=2&a=1")), "same fingerprint"
    assert scheduler.enqueue_request(req("story?a=1&b=2", dont_filter=True))
    assert scheduler.enqueue_request(req("other"))
    assert scheduler.stats.get_value("dupefilter/filtered") == 1
    assert scheduler.next_request().url.endswith("other")
    scheduler.close("shutdown")
    assert rows(tmp_path) == {"queued": 2, "in_flight": 0, "seen": 2}
    resumed = open_scheduler(tmp_path)
    assert not resumed.enqueue_request(req("story?a=1&b=2")), "a queued request stays known"
    assert not resumed.enqueue_request(req("other")), "a done request stays known"
    assert len(resumed) == 2


def test_start_requests_are_not_filtered_by_earlier_runs(tmp_path: Path) -> None:
    first = open_scheduler(tmp_path)
    assert first.enqueue_request(req("home", start=True))
    assert first.enqueue_request(req("rss", start=True))
    assert first.enqueue_request(req("listing"))
    assert drain(first)[0] == "listing"
    first.enqueue_request(req("later"))
    first.close("shutdown")
    second = open_scheduler(tmp_path)
    assert second.enqueue_request(req("home", start=True)), "a start request is fetched again"
    assert not second.enqueue_request(req("home", start=True)), "but once per run"
    assert not second.enqueue_request(req("listing")), "other requests stay filtered"
    assert second.enqueue_request(req("rss", start=True))
    assert sorted(drain(second)) == ["home", "later", "rss"]


def test_queued_start_request_is_not_queued_twice(tmp_path: Path) -> None:
    first = open_scheduler(tmp_path)
    first.enqueue_request(req("home", start=True))
    first.close("shutdown")
    second = open_scheduler(tmp_path)
    assert second.enqueue_request(req("home", start=True))
    assert drain(second) == ["home"]


_DEAD_RUN = """
import os, signal, sys
from pathlib import Path
from tests.test_frontier import open_scheduler, req
scheduler = open_scheduler(Path(sys.argv[1]))
for n in range(6):
    scheduler.enqueue_request(req(f"p{n}", priority=n % 2))
popped = [scheduler.next_request().url for _ in range(3)]
scheduler.db.commit()
scheduler.enqueue_request(req("uncommitted1"))
scheduler.enqueue_request(req("uncommitted2"))
scheduler.next_request()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_in_flight_rows_of_a_dead_run_are_queued_again(tmp_path: Path) -> None:
    """A real process pops 3 of 6 requests, commits, pushes 2 more and pops one without
    committing, and dies by SIGKILL: the 3 come back, the uncommitted writes never happened."""
    proc = subprocess.run([sys.executable, "-c", _DEAD_RUN, str(tmp_path)], cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL
    assert rows(tmp_path) == {"queued": 3, "in_flight": 3, "seen": 6}
    resumed = open_scheduler(tmp_path)
    assert resumed.stats.get_value("aggnews/frontier/requeued") == 3
    assert not resumed.enqueue_request(req("p0")), "requeued rows stay known"
    assert resumed.enqueue_request(req("uncommitted1")), "its fingerprint was lost with it"
    assert sorted(drain(resumed)) == ["p0", "p1", "p2", "p3", "p4", "p5", "uncommitted1"]


def test_done_only_once_the_feeds_are_closed(tmp_path: Path) -> None:
    feeds = {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}
    scheduler = open_scheduler(tmp_path / "job", FEEDS=feeds)
    for n in range(4):
        scheduler.enqueue_request(req(f"p{n}"))
    drain(scheduler)
    scheduler.enqueue_request(req("left"))
    scheduler.close("shutdown")
    assert rows(tmp_path / "job") == {"queued": 1, "in_flight": 4, "seen": 5}
    scheduler.crawler.signals.send_catch_log(signals.feed_exporter_closed)
    assert rows(tmp_path / "job") == {"queued": 1, "in_flight": 0, "seen": 5}
    assert scheduler.stats.get_value("aggnews/frontier/done") == 4
    assert scheduler.stats.get_value("aggnews/frontier/left") == 1


@pytest.mark.parametrize(
    ("stat", "value"),
    [("feedexport/failed_count/AtomicFileFeedStorage", 1), ("aggnews/store/failed", "locked")],
)
def test_feeds_not_kept_leave_their_pages_to_the_next_run(
    tmp_path: Path, caplog, stat: str, value: object
) -> None:
    """A feed that failed to store, or a seen-store that failed (the feed is not renamed):
    the run's pages stay in flight, and the next run fetches them."""
    feeds = {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}
    scheduler = open_scheduler(tmp_path / "job", FEEDS=feeds)
    scheduler.enqueue_request(req("p0"))
    drain(scheduler)
    scheduler.close("finished")
    scheduler.stats.set_value(stat, value)
    scheduler.crawler.signals.send_catch_log(signals.feed_exporter_closed)
    assert rows(tmp_path / "job") == {"queued": 0, "in_flight": 1, "seen": 1}
    assert "This run's feeds were not kept (" in caplog.text
    assert drain(open_scheduler(tmp_path / "job")) == ["p0"]


def test_a_finished_job_starts_a_new_one(tmp_path: Path) -> None:
    scheduler = open_scheduler(tmp_path)
    scheduler.enqueue_request(req("listing"))
    drain(scheduler)
    scheduler.close("finished")
    assert rows(tmp_path) == {"queued": 0, "in_flight": 0, "seen": 0}
    again = open_scheduler(tmp_path)
    assert again.enqueue_request(req("listing"))


def _full_frontier(jobdir: Path) -> None:
    scheduler = open_scheduler(jobdir)
    for n in range(3000):
        scheduler.enqueue_request(req(f"p{n}", priority=n % 3))
    scheduler.close("shutdown")


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage" * 512)


def _truncated(path: Path) -> None:
    _full_frontier(path.parent)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _other_format(path: Path) -> None:
    _full_frontier(path.parent)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'format'")


@pytest.mark.parametrize("damage", [_garbage, _truncated, _other_format])
def test_torn_frontier_gives_one_warning(tmp_path: Path, caplog, damage) -> None:
    damage(tmp_path / "frontier-site.sqlite3")
    with caplog.at_level(logging.WARNING):
        scheduler = open_scheduler(tmp_path)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"JOBDIR {tmp_path}: frontier-site.sqlite3 is unusable (")
    assert "the crawl starts afresh" in warnings[0]
    assert scheduler.stats.get_value("aggnews/frontier/recovered") == 1
    assert [p.name for p in tmp_path.glob("aside-*/*")] == ["frontier-site.sqlite3"]
    assert scheduler.enqueue_request(req("p1"))
    assert drain(scheduler) == ["p1"]


def test_scrapys_own_jobdir_files_are_moved_aside(tmp_path: Path, caplog) -> None:
    (tmp_path / "requests.queue" / "0").mkdir(parents=True)
    (tmp_path / "requests.queue" / "0" / "q00000").write_bytes(b"\x01\x02garbage")
    (tmp_path / "requests.queue" / "active.json").write_text("[0]")
    (tmp_path / "requests.seen").write_bytes(b"\x00\x14" + b"x" * 13)
    with caplog.at_level(logging.WARNING):
        scheduler = open_scheduler(tmp_path)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"JOBDIR {tmp_path}: Scrapy's own queue files (requests.queue/, requests.seen), which"
        f" an unclean stop tears; moved to {next(tmp_path.glob('aside-*'))}, the crawl starts"
        " afresh"
    ]
    assert not (tmp_path / "requests.queue").exists()
    assert scheduler.enqueue_request(req("p1"))


def test_spider_requests_survive_the_file() -> None:
    """The spider's requests pickle whole, a followed outlet page's extraction included."""
    cls = SpiderLoader.from_settings(get_project_settings()).load("akhbarak")
    spider = cls.from_crawler(get_crawler(cls, {"AGGNEWS_FRESH": True}))
    page = ROOT / "tests/fixtures/akhbarak/stories/elwatan-28901877.html"
    url = json.loads(page.with_suffix(".json").read_text("utf-8"))["url"]
    result = spider.extractor.extract(HtmlResponse(url=url, body=page.read_bytes()))
    outlet = needs_original(spider.profile, result)
    assert outlet
    requests = [
        original_request(outlet, result, spider.parse_original, spider.on_original_error),
        spider._story_request(url, "2017-11-01"),
        spider._listing_request("https://www.akhbarak.net/"),
    ]
    for request in requests:
        data = pickle.dumps(request.to_dict(spider=spider), protocol=4)
        back = request_from_dict(pickle.loads(data), spider=spider)
        assert (back.url, back.callback, back.errback) == (
            request.url,
            request.callback,
            request.errback,
        )
        assert (back.priority, back.meta, back.dont_filter) == (
            request.priority,
            request.meta,
            request.dont_filter,
        )
        assert back.cb_kwargs.keys() == request.cb_kwargs.keys()
    original, story, listing = requests
    assert story.meta["listed_date"] == "2017-11-01"
    assert listing.cb_kwargs["root"]
    back = request_from_dict(
        pickle.loads(pickle.dumps(original.to_dict(spider=spider))), spider=spider
    )
    assert back.cb_kwargs["result"].item == result.item


@pytest.mark.parametrize("torn", ["scrapy", "sqlite"])
def test_crawl_on_a_torn_jobdir_is_whole(tmp_path: Path, torn: str) -> None:
    """A JOBDIR torn by an older version (Scrapy's files) or a damaged frontier file: one
    WARNING naming the JOBDIR, then a full crawl, exit 0."""
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    if torn == "scrapy":
        (jobdir / "requests.queue" / "-10").mkdir(parents=True)
        (jobdir / "requests.queue" / "-10" / "q00000").write_bytes(b"\x00\x00\x01garbage")
        (jobdir / "requests.queue" / "active.json").write_text("[-10, 0]")
        (jobdir / "requests.seen").write_bytes(b"\x00\x10" + b"\xab" * 7)
    else:
        (jobdir / "frontier-masress.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 900)
    with generated_site(30) as origin:
        run = crawl(
            "masress", tmp_path / "out.jsonl", f"base_url={origin}", "lang=ar",
            state=tmp_path / "state", JOBDIR=str(jobdir),
        )  # fmt: skip
    lines = run.log.splitlines()
    warnings = [line for line in lines if " WARNING: " in line and "[py.warnings]" not in line]
    assert len(warnings) == 1 and f"WARNING: JOBDIR {jobdir}: " in warnings[0], warnings
    assert "Traceback" not in run.log
    assert run.returncode == 0
    assert sorted(int(i["url"].rsplit("/", 1)[1]) for i in run.items) == list(range(1, 31))
    assert run.stat("aggnews/frontier/recovered") == 1


FRONTIER = "aggnews.state.frontier.FrontierScheduler"


@pytest.mark.parametrize(
    ("settings", "frontier"),
    [
        ({"JOBDIR": "job"}, True),
        ({}, False),
        ({"JOBDIR": "job", "AGGNEWS_REDIS_URL": "redis://127.0.0.1:1/0"}, False),
    ],
)
def test_jobdir_picks_the_frontier(settings: dict[str, str], frontier: bool) -> None:
    """The project's add-ons: the frontier with JOBDIR; Scrapy's scheduler without; Redis
    mode keeps its own."""
    project = get_project_settings()
    project.setdict(settings, priority="cmdline")
    for path, _ in sorted(project.getdict("ADDONS").items(), key=lambda kv: kv[1]):
        load_object(path)().update_settings(project)
    assert (project["SCHEDULER"] == FRONTIER) is frontier
    if not settings:
        assert project["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"


def test_a_jobdir_in_use_is_left_alone(tmp_path: Path) -> None:
    """A second crawl on a JOBDIR that a live crawl holds: one ERROR, it stops at once and
    fetches nothing; the first crawl is undisturbed and finishes whole."""
    jobdir = tmp_path / "job"
    with generated_site(120, delay=0.3) as origin:  # about 14 s at 3 requests at a time
        args = (f"base_url={origin}", "lang=ar")
        settings = {"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS_PER_DOMAIN": "3"}
        state = str(tmp_path / "s1")
        first = start_crawl(
            "masress", tmp_path / "1.jsonl", *args, AGGNEWS_STATE_DIR=state, **settings
        )
        wait_for_items(tmp_path / "1.jsonl", first)
        second = crawl("masress", tmp_path / "2.jsonl", *args, state=tmp_path / "s2", **settings)
        assert first.poll() is None, "the first crawl still ran"
        assert first.wait(timeout=120) == 0
    errors = [line for line in second.log.splitlines() if " ERROR: " in line]
    assert errors == [
        errors[0][:20] + f"[aggnews.state.frontier] ERROR: JOBDIR {jobdir} is in use"
        " (another crawl holds frontier-masress.lock): this crawl stops at once"
    ]
    assert "Spider closed (jobdir_busy)" in second.log
    assert second.returncode == 5
    assert second.items == [] and second.stat("downloader/request_count") is None
    log = (tmp_path / "1.jsonl.log").read_text("utf-8")
    assert "Traceback" not in log + second.log
    stories = (tmp_path / "1.jsonl").read_text("utf-8").splitlines()
    assert len(stories) == 120
