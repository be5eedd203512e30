"""Crawl throughput on a generated site of N stories, against Scrapy's own ceiling.

    python bench/crawl_speed.py [--stories 10000]

Serves ``tests/gensite.py`` on loopback and runs, one after the other:

- ``scrapy crawl masress -a base_url=... -a lang=ar`` (the real spider: discovery, extraction,
  pipelines, feed), and
- a no-op spider (``bench/noop_spider.py``) that follows the same listing and story links
  and yields nothing: the cost of fetching and scheduling alone.

Prints stories per second (items emitted / elapsed_time_seconds), pages per second, peak
memory (Scrapy's memusage/max) and the ratio of the two.

``--jobdir`` adds the real spider with ``-s JOBDIR=...`` twice: through aggnews' SQLite
frontier (``aggnews.state.frontier``, what JOBDIR uses) and through Scrapy's own disk queue
(``SCHEDULER=scrapy.core.scheduler.Scheduler``), each on a fresh JOBDIR and seen-store.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crawling import FAST, CrawlRun, crawl, generated_site  # noqa: E402

SETTINGS = {**FAST, "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32"}
#: ``--jobdir`` rows: aggnews' frontier, and Scrapy's own disk queue for comparison.
JOBDIR_RUNS = (("frontier", {}), ("scrapy-dq", {"SCHEDULER": "scrapy.core.scheduler.Scheduler"}))


def noop_crawl(origin: str, out: Path) -> CrawlRun:
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "noop_spider.py")]
    cmd += ["-a", f"origin={origin}", "-O", str(out)]
    for key, value in SETTINGS.items():
        cmd += ["-s", f"{key}={value}"]
    proc = subprocess.run(cmd, cwd=out.parent, capture_output=True, text=True, timeout=3600)
    return CrawlRun(proc.returncode, proc.stdout + proc.stderr, [])


def row(name: str, run: CrawlRun, items: int) -> tuple[str, float]:
    elapsed = float(run.stat("elapsed_time_seconds") or 0) or 1e-9
    pages = run.stat("response_received_count") or 0
    memory = (run.stat("memusage/max") or 0) / 1e6
    line = f"{name:<12}{items:>8}{pages:>8}{elapsed:>9.1f}{items / elapsed:>11.1f}"
    return line + f"{pages / elapsed:>9.1f}{memory:>9.0f}", pages / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--jobdir", action="store_true", help="also crawl with a JOBDIR")
    args = parser.parse_args()
    jobdir_runs: list[tuple[str, CrawlRun]] = []
    with generated_site(args.stories) as origin, tempfile.TemporaryDirectory() as tmp:
        site = ("masress", f"base_url={origin}", "lang=ar")
        ours = crawl(site[0], Path(tmp) / "o.jsonl", *site[1:], state=Path(tmp) / "s", **SETTINGS)
        for key, extra in JOBDIR_RUNS if args.jobdir else ():
            job = {**SETTINGS, "JOBDIR": str(Path(tmp) / f"job-{key}"), **extra}
            out = Path(tmp) / f"{key}.jsonl"
            run = crawl(site[0], out, *site[1:], state=Path(tmp) / f"s-{key}", **job)
            jobdir_runs.append((f"+{key}", run))
        noop = noop_crawl(origin, Path(tmp) / "n.jsonl")
    out = sys.stdout
    out.write(f"{'spider':<12}{'stories':>8}{'pages':>8}{'secs':>9}{'stories/s':>11}")
    out.write(f"{'pages/s':>9}{'peak MB':>9}\n")
    line, ours_rate = row("aggnews", ours, len(ours.items))
    out.write(line + "\n")
    for name, run in jobdir_runs:
        out.write(row(name, run, len(run.items))[0] + "\n")
    line, noop_rate = row("no-op", noop, 0)
    out.write(line + "\n")
    out.write(f"aggnews pages/s is {ours_rate / noop_rate:.2f} of the no-op spider's\n")


if __name__ == "__main__":
    main()
