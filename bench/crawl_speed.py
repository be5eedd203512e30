"""Crawl throughput on a generated site of N stories, against Scrapy's own ceiling.

    python bench/crawl_speed.py [--stories 10000]

Serves ``tests/gensite.py`` on loopback and runs, one after the other:

- ``scrapy crawl masress -a base_url=... -a lang=ar`` (the real spider: discovery, extraction,
  pipelines, feed), and
- a no-op spider (``bench/noop_spider.py``) that follows the same listing and story links
  and yields nothing: the cost of fetching and scheduling alone.

Each of ``--rounds`` rounds (3 by default) runs both, in alternating order: the machine's
speed drifts by a quarter between runs, and alternating and the median keep that out of the
ratio. Prints stories per second (items emitted / elapsed_time_seconds), pages per second, the
peak resident memory of each crawl's whole process tree (the crawl and its extraction
worker), CPU seconds of the crawl process and of its workers, and the ratios the speed
issue sets: aggnews stories/s over the no-op spider's pages/s (target 0.8), and pages/s over
pages/s.

``--noop-gc`` adds, each round, the no-op spider with the crawl's garbage-collector tuning
(``aggnews/ops/collector.py``): the ratio against it says what the crawl costs over the
engine when both run the same interpreter settings.

``--jobdir`` adds the real spider with ``-s JOBDIR=...`` twice: through aggnews' SQLite
frontier (``aggnews.state.frontier``, what JOBDIR uses) and through Scrapy's own disk queue
(``SCHEDULER=scrapy.core.scheduler.Scheduler``), each on a fresh JOBDIR and seen-store.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggnews import settings as aggnews_settings  # noqa: E402
from bench.proctree import TreeRun, run_tree  # noqa: E402
from tests.crawling import FAST, CrawlRun, crawl_command, generated_site  # noqa: E402

SETTINGS = {**FAST, "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32"}
#: ``--jobdir`` rows: aggnews' frontier, and Scrapy's own disk queue for comparison.
JOBDIR_RUNS = (("frontier", {}), ("scrapy-dq", {"SCHEDULER": "scrapy.core.scheduler.Scheduler"}))


def noop_crawl(origin: str, out: Path, gc_tuned: bool = False) -> tuple[CrawlRun, TreeRun]:
    """The no-op spider at Scrapy's defaults, or with the crawl's garbage-collector tuning
    (``aggnews.ops.collector``, ``AGGNEWS_GC_THRESHOLDS`` as ``aggnews/settings.py`` sets it)."""
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "noop_spider.py")]
    cmd += ["-a", f"origin={origin}", "-O", str(out)]
    settings = dict(SETTINGS)
    env = dict(os.environ)
    if gc_tuned:
        settings["EXTENSIONS"] = json.dumps({"aggnews.ops.collector.GarbageCollection": 0})
        thresholds = aggnews_settings.AGGNEWS_GC_THRESHOLDS
        settings["AGGNEWS_GC_THRESHOLDS"] = ",".join(map(str, thresholds))
        env["PYTHONPATH"] = str(ROOT)
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    tree = run_tree(cmd, out.parent, env)
    return CrawlRun(tree.returncode, tree.output, []), tree


def our_crawl(out: Path, origin: str, **settings: str) -> tuple[CrawlRun, TreeRun]:
    args = (f"base_url={origin}", "lang=ar")
    cmd, env = crawl_command("masress", out, args, settings)
    tree = run_tree(cmd, ROOT, env)
    lines = out.read_text("utf-8").splitlines() if out.exists() else []
    return CrawlRun(tree.returncode, tree.output, [json.loads(x) for x in lines if x]), tree


def row(name: str, run: CrawlRun, tree: TreeRun, items: int) -> tuple[str, float]:
    elapsed = float(run.stat("elapsed_time_seconds") or 0) or 1e-9
    pages = run.stat("response_received_count") or 0
    line = f"{name:<12}{items:>8}{pages:>8}{elapsed:>9.1f}{items / elapsed:>11.1f}"
    line += f"{pages / elapsed:>9.1f}{tree.peak_mb:>9.0f}"
    line += f"{tree.cpu_main:>9.1f}{tree.cpu_children:>9.1f}"
    return line, pages / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--jobdir", action="store_true", help="also crawl with a JOBDIR")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of both spiders, in alternating order"
    )
    parser.add_argument(
        "--noop-gc",
        action="store_true",
        help="each round also runs the no-op spider with the crawl's garbage-collector tuning",
    )
    args = parser.parse_args()
    tuned_noops: list[tuple[CrawlRun, TreeRun]] = []
    jobdir_runs: list[tuple[str, CrawlRun, TreeRun]] = []
    rounds: list[tuple[tuple[CrawlRun, TreeRun], tuple[CrawlRun, TreeRun]]] = []
    with generated_site(args.stories) as origin, tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            state = {"AGGNEWS_STATE_DIR": str(Path(tmp) / f"s{n}"), **SETTINGS}
            if n % 2:
                noop = noop_crawl(origin, Path(tmp) / f"n{n}.jsonl")
                ours = our_crawl(Path(tmp) / f"o{n}.jsonl", origin, **state)
            else:
                ours = our_crawl(Path(tmp) / f"o{n}.jsonl", origin, **state)
                noop = noop_crawl(origin, Path(tmp) / f"n{n}.jsonl")
            rounds.append((ours, noop))
            if args.noop_gc:
                tuned_noops.append(noop_crawl(origin, Path(tmp) / f"g{n}.jsonl", gc_tuned=True))
        for key, extra in JOBDIR_RUNS if args.jobdir else ():
            job = {**SETTINGS, "JOBDIR": str(Path(tmp) / f"job-{key}"), **extra}
            job["AGGNEWS_STATE_DIR"] = str(Path(tmp) / f"s-{key}")
            run, tree = our_crawl(Path(tmp) / f"{key}.jsonl", origin, **job)
            jobdir_runs.append((f"+{key}", run, tree))
    out = sys.stdout
    out.write(f"{'spider':<12}{'stories':>8}{'pages':>8}{'secs':>9}{'stories/s':>11}")
    out.write(f"{'pages/s':>9}{'peak MB':>9}{'cpu s':>9}{'wrk cpu':>9}\n")
    story_ratios, page_ratios, peaks, complete = [], [], [], True
    for (ours, ours_tree), (noop, noop_tree) in rounds:
        line, ours_rate = row("aggnews", ours, ours_tree, len(ours.items))
        out.write(line + "\n")
        line, noop_rate = row("no-op", noop, noop_tree, 0)
        out.write(line + "\n")
        elapsed = float(ours.stat("elapsed_time_seconds") or 0) or 1e-9
        story_ratios.append(len(ours.items) / elapsed / noop_rate)
        page_ratios.append(ours_rate / noop_rate)
        peaks.append(ours_tree.peak_mb)
        complete = complete and len(ours.items) == args.stories
    tuned_ratios = []
    for ((ours, _), _), (noop, noop_tree) in zip(rounds, tuned_noops, strict=False):
        line, noop_rate = row("no-op+gc", noop, noop_tree, 0)
        out.write(line + "\n")
        elapsed = float(ours.stat("elapsed_time_seconds") or 0) or 1e-9
        tuned_ratios.append(len(ours.items) / elapsed / noop_rate)
    for name, run, tree in jobdir_runs:
        out.write(row(name, run, tree, len(run.items))[0] + "\n")
    each = ", ".join(f"{r:.2f}" for r in story_ratios)
    out.write(
        f"aggnews stories/s is {statistics.median(story_ratios):.2f} of the no-op spider's "
        f"pages/s (median of {len(rounds)} rounds: {each}; target 0.8); "
        f"pages/s {statistics.median(page_ratios):.2f}; "
        f"peak memory {max(peaks):.0f} MB "
        f"(crawl and worker; target under 300); every story emitted: {complete}\n"
    )
    if tuned_ratios:
        each = ", ".join(f"{r:.2f}" for r in tuned_ratios)
        out.write(
            f"against the no-op spider with the same garbage-collector tuning: "
            f"{statistics.median(tuned_ratios):.2f} (rounds: {each})\n"
        )


if __name__ == "__main__":
    main()
