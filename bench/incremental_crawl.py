"""Pages requested by a first crawl, and by a second one after five new stories appear.

    python bench/incremental_crawl.py [--stories 1000] [--new 5]

Serves ``tests/gensite.py`` (N stories over 5 sources, 20 a listing page, an RSS feed of
the newest 20), crawls it once into a fresh seen-store, restarts it with ``--new`` newer
stories, and crawls again with the same store. Prints requests, pages by kind (as the
site counted them) and stories emitted for both runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crawling import crawl, generated_site  # noqa: E402


def run_once(stories: int, new: int, state: Path, out: Path) -> tuple[int, dict, int]:
    with generated_site(stories, new) as origin:
        run = crawl("masress", out, f"base_url={origin}", "lang=ar", state=state)
        with urllib.request.urlopen(f"{origin}/_stats") as response:
            served = json.load(response)
    return int(run.stat("downloader/request_count") or 0), served, len(run.items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--new", type=int, default=5)
    args = parser.parse_args()
    out = sys.stdout
    out.write(f"{'run':<8}{'requests':>9}{'listings':>9}{'feeds':>6}{'stories':>8}{'emitted':>8}\n")
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        for name, new in (("first", 0), ("second", args.new)):
            requests, served, emitted = run_once(
                args.stories, new, state, Path(tmp) / f"{name}.jsonl"
            )
            out.write(
                f"{name:<8}{requests:>9}{served.get('listing', 0):>9}{served.get('feed', 0):>6}"
                f"{served.get('story', 0):>8}{emitted:>8}\n"
            )


if __name__ == "__main__":
    main()
