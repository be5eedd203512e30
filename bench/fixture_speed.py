"""Crawl and extraction speed on the bundled fixture mini-sites.

    python bench/fixture_speed.py [SITE ...] [--repeat N]

Prints, per site: stories emitted, crawl wall time and stories per second for a full
``scrapy crawl <site> -a base_url=...`` against the loopback mini-site (politeness delays
off), and story pages per second through the extractor alone (pages parsed in memory).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggnews.extract.article import StoryExtractor  # noqa: E402
from aggnews.sites import load_profiles  # noqa: E402
from tests.crawling import crawl, minisite  # noqa: E402
from tests.fixturesite import FIXTURES, story_pages  # noqa: E402


def extraction_rate(site: str, repeat: int) -> tuple[int, float]:
    """Pages and pages per second through a site's extractor."""
    profile = load_profiles()[site]
    pages = story_pages(site)
    bodies = [(p.url, p.path.read_bytes()) for p in pages]
    from scrapy.http import HtmlResponse

    extractor = StoryExtractor(profile)
    start = time.perf_counter()
    for _ in range(repeat):
        for url, body in bodies:
            extractor.extract(HtmlResponse(url=url, body=body))
    elapsed = time.perf_counter() - start
    return len(bodies) * repeat, len(bodies) * repeat / elapsed


def crawl_rate(site: str) -> tuple[int, float, float]:
    """Stories emitted, crawl seconds (Scrapy's elapsed_time_seconds) and stories/s."""
    with tempfile.TemporaryDirectory() as tmp, minisite(site) as origin:
        run = crawl(
            site, Path(tmp) / "out.jsonl", f"base_url={origin}", state=Path(tmp), proxy=origin
        )
        elapsed = float(run.stat("elapsed_time_seconds") or 0.0)
        return len(run.items), elapsed, len(run.items) / elapsed if elapsed else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="*")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sites = args.sites or sorted(s for s in load_profiles() if (FIXTURES / s).is_dir())
    header = f"{'site':<12}{'stories':>8}{'crawl s':>9}{'stories/s':>11}{'extract pages/s':>17}"
    sys.stdout.write(header + "\n")
    for site in sites:
        stories, seconds, rate = crawl_rate(site)
        _, pages_per_s = extraction_rate(site, args.repeat)
        sys.stdout.write(
            f"{site:<12}{stories:>8}{seconds:>9.2f}{rate:>11.1f}{pages_per_s:>17.1f}\n"
        )


if __name__ == "__main__":
    main()
