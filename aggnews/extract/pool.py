"""Story extraction and listing parsing in worker processes, so the reactor keeps fetching.

Extraction is pure CPU (lxml, regexes, dateparser) and a crawl runs in one Python process:
with a second core free, a worker process extracting while the crawl process downloads,
schedules and runs the pipelines nearly doubles the stories a second. Each worker holds its
own ``StoryExtractor`` of the site (its ticker and repeated-line memory are its own);
the outlet names the crawl's listings teach are passed along with each page.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from scrapy.http import HtmlResponse
from scrapy.settings import BaseSettings

from aggnews.crawling.discovery import Listing, ListingParser
from aggnews.extract.article import Extraction, StoryExtractor
from aggnews.profile import SiteProfile
from aggnews.state.minhash import Signer, band_keys, remember_band_keys, remember_signature
from aggnews.state.neardup import BANDS, ROWS
from aggnews.text import comparable_body, remember_comparable_body

logger = logging.getLogger(__name__)

#: The worker process's extractor and listing parser (made by ``_start``).
_WORKER: dict[str, Any] = {}


def _start(site: str, mirror: str | None, parent: int) -> None:
    from aggnews.sites import load_profiles  # in the worker process

    profile = load_profiles()[site]
    extractor = StoryExtractor(profile, mirror)
    _WORKER["extractor"] = extractor
    _WORKER["listings"] = ListingParser(profile, extractor.dates, mirror)
    _WORKER["signer"] = Signer()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the crawl process is gone (a SIGKILL leaves no one to stop it)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _serve(conn: Connection, site: str, mirror: str | None, parent: int) -> None:
    """A worker's life: build the extractor, say so, then answer pages until the pipe ends.

    A thread reads the pipe into a queue, so the crawl process's writes never wait for an
    extraction to finish (and the two ends never wait for each other). Ctrl-C and SIGTERM
    reach the whole process group (a terminal, systemd): the worker leaves them to the crawl
    process, whose graceful stop closes the pipe, and ends then.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _start(site, mirror, parent)
    tasks: queue.PriorityQueue[tuple[int, int, bytes | None]] = queue.PriorityQueue()
    threading.Thread(target=_read_tasks, args=(conn, tasks), daemon=True).start()
    with contextlib.suppress(OSError):  # the crawl closed the pipe: it is done with us
        conn.send_bytes(pickle.dumps((None, True, None)))
        while (message := tasks.get()[2]) is not None:
            conn.send_bytes(_answer(message))


def _answer(message: bytes) -> bytes:
    """The pickled answer to one pickled task."""
    call, task, args = pickle.loads(message)
    try:
        answer = (call, True, _TASKS[task](*args))
    except Exception as exc:  # the page's error, raised again in the crawl process
        answer = (call, False, exc)
    try:
        return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps((call, False, RuntimeError(repr(exc))))


def _read_tasks(
    conn: Connection, tasks: queue.PriorityQueue[tuple[int, int, bytes | None]]
) -> None:
    """Queue the crawl's tasks as they come, listing pages first: a listing's links keep
    the crawl's downloads busy, so it does not wait behind the story pages queued before
    it; the end of the pipe ends the worker at once."""
    order = itertools.count()
    try:
        while True:
            message = conn.recv_bytes()
            tasks.put((_PRIORITY.get(message[:1], 1), next(order), message[1:]))
    except (EOFError, OSError):
        tasks.put((-1, -1, None))


def _extract(
    url: str, body: bytes, encoding: str, listed_date: str | None, outlets: dict[str, str]
) -> Extraction:
    extractor = _WORKER["extractor"]
    extractor.learn_outlets(outlets)
    response = HtmlResponse(url=url, body=body, encoding=encoding)
    result = extractor.extract(response, listed_date=listed_date)
    if result.item.body:  # the pipelines' dedupe, seen-store and cluster keys
        result.comparable_body = comparable_body(result.item.body)
        result.signature = _WORKER["signer"].sign(result.item.body)
        result.band_keys = band_keys(result.signature, BANDS, ROWS)
    return result


def _parse_listing(url: str, body: bytes, encoding: str) -> Listing:
    return _WORKER["listings"].parse(HtmlResponse(url=url, body=body, encoding=encoding))


_TASKS = {"extract": _extract, "listing": _parse_listing}
#: A task's first byte says its kind; a worker runs listing pages before story pages.
_KINDS = {"extract": b"S", "listing": b"L"}
_PRIORITY = {b"L": 0, b"S": 1}


def extraction_processes(settings: BaseSettings) -> int:
    """Worker processes to use: ``AGGNEWS_EXTRACT_PROCESSES``, "auto" meaning one when the
    machine has a second CPU, else none (extraction in the crawl process). They start once
    ``AGGNEWS_EXTRACT_PROCESSES_AFTER`` story pages were extracted in-process (a small
    crawl never pays their start-up), and take over once they answer."""
    value = str(settings.get("AGGNEWS_EXTRACT_PROCESSES", "auto")).strip().lower()
    if value == "auto":
        return 1 if (os.cpu_count() or 1) >= 2 else 0
    return max(int(value), 0)


class WorkerLostError(RuntimeError):
    """The extraction worker ended before it answered."""


class _Worker:
    """One worker process and the crawl process's end of its pipe."""

    def __init__(self, context: Any, profile: SiteProfile, mirror: str | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve,
            args=(child, profile.name, mirror, os.getpid()),
            name="aggnews-extract",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.ready = False
        self.lost = False


class ExtractionPool:
    """``processes`` worker processes extracting stories of one site.

    Each worker is a process with a pipe; the crawl's event loop writes a page to it and
    reads the answer when the pipe is readable. No thread of the crawl process takes part
    (``concurrent.futures``' executor hands every page and answer through two threads,
    whose wake-ups and GIL hand-overs cost the crawl process about 4 % of its CPU).
    """

    def __init__(
        self, profile: SiteProfile, mirror: str | None, processes: int, stats: Any = None
    ) -> None:
        context = multiprocessing.get_context("spawn")
        #: The crawl's stats collector (``aggnews/extract/workers_lost``), if any.
        self.stats = stats
        self._workers = [_Worker(context, profile, mirror) for _ in range(max(processes, 1))]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ids = itertools.count()

    def warm_up(self) -> None:
        """Listen to the workers (started with the pool); ``ready`` once one said so."""
        with contextlib.suppress(RuntimeError):  # no running loop: the first page listens
            self._listen(asyncio.get_running_loop())

    @property
    def ready(self) -> bool:
        return any(w.ready and not w.lost for w in self._workers)

    async def extract(
        self, response: HtmlResponse, listed_date: str | None, outlets: dict[str, str]
    ) -> Extraction:
        """The extraction of ``response``, computed in a worker process."""
        result: Extraction = await self._call(
            "extract", response.url, response.body, response.encoding, listed_date, outlets
        )
        if result.item.body and result.comparable_body is not None:
            remember_comparable_body(result.item.body, result.comparable_body)
        if result.item.body and result.signature is not None:
            remember_signature(result.item.body, result.signature)
            if result.band_keys is not None:
                remember_band_keys(result.signature, BANDS, ROWS, result.band_keys)
        return result

    async def parse_listing(self, response: HtmlResponse) -> Listing:
        """The links of listing page ``response``, read in a worker process."""
        return await self._call("listing", response.url, response.body, response.encoding)

    async def _call(self, task: str, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        self._listen(loop)
        live = [w for w in self._workers if not w.lost]
        if not live:
            raise WorkerLostError("no extraction worker is left")
        worker = min(live, key=lambda w: len(w.pending))
        call = next(self._ids)
        future: asyncio.Future[Any] = loop.create_future()
        worker.pending[call] = future
        try:
            message = pickle.dumps((call, task, args), pickle.HIGHEST_PROTOCOL)
            worker.conn.send_bytes(_KINDS[task] + message)
        except OSError as exc:
            self._lose(worker, exc)
        return await future

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read the workers' answers on ``loop`` (a test may run several loops in turn)."""
        if loop is self._loop:
            return
        if self._loop is not None and not self._loop.is_closed():
            for worker in self._workers:
                self._loop.remove_reader(worker.conn.fileno())
        self._loop = loop
        for worker in self._workers:
            if not worker.lost:
                loop.add_reader(worker.conn.fileno(), self._answers, worker)

    def _answers(self, worker: _Worker) -> None:
        """Every answer the worker's pipe holds now."""
        try:
            while worker.conn.poll():
                call, ok, value = pickle.loads(worker.conn.recv_bytes())
                if call is None:
                    worker.ready = True
                    continue
                future = worker.pending.pop(call, None)
                if future is None or future.done():
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (EOFError, OSError) as exc:
            self._lose(worker, exc)

    def _lose(self, worker: _Worker, exc: BaseException) -> None:
        if worker.lost:
            return
        worker.lost = True
        logger.error(
            "Extraction worker %s ended (%s); the %d pages it held and all later pages are "
            "extracted in the crawl process",
            worker.process.pid,
            str(exc) or type(exc).__name__,
            len(worker.pending),
        )
        if self.stats is not None:
            self.stats.inc_value("aggnews/extract/workers_lost")
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(worker.conn.fileno())
        for future in worker.pending.values():
            if not future.done():
                future.set_exception(WorkerLostError(f"extraction worker ended: {exc}"))
        worker.pending.clear()

    def close(self) -> None:
        """Stop the workers. A page still waiting for one gets ``WorkerLostError``, so its
        caller extracts it in the crawl process instead of waiting for ever."""
        for worker in self._workers:
            if self._loop is not None and not self._loop.is_closed() and not worker.lost:
                self._loop.remove_reader(worker.conn.fileno())
            worker.lost = True
            for future in worker.pending.values():
                if not future.done():
                    future.set_exception(WorkerLostError("the extraction workers were stopped"))
            worker.pending.clear()
            worker.conn.close()  # the worker reads the end of its pipe and exits
        for worker in self._workers:
            worker.process.join(2.0)
            if worker.process.is_alive():
                worker.process.kill()  # it ignores SIGTERM (see _serve)
