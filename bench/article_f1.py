"""Body F1 of the generic fallback on the article-extraction benchmark pages.

    python bench/article_f1.py [--pages DIR] [--newsplease-python PATH | --no-newsplease]

Pages: ``--pages DIR`` (real pages with ground-truth bodies; origin and layout in
docs/benchmarks.md; default: the shared benchmark folder beside the checkout).
Metric (the benchmark's): precision, recall and F1 over word 4-gram shingles of the
extracted body against the ground truth, averaged over pages. Compared on the same pages:

- trafilatura: ``trafilatura.extract`` on the raw page, default settings;
- aggnews fallback: the fallback layer alone (furniture stripped, then trafilatura);
- aggnews generic: ``scrapy extract generic`` (all generic layers: metadata, cues, fallback);
- news-please: ``NewsPlease.from_html`` in its own virtual environment
  (bench/.venv-newsplease, made on first use; or the one ``--newsplease-python`` names).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import trafilatura  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from aggnews.extract.article import StoryExtractor  # noqa: E402
from aggnews.extract.fallback import run_fallback  # noqa: E402
from aggnews.extract.furniture import strip_page  # noqa: E402
from aggnews.profile import generic_profile  # noqa: E402
from bench.newsplease_env import newsplease_python  # noqa: E402

DEFAULT_PAGES = ROOT.parent / "shared" / "benchmarks" / "article-extraction"


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", (text or "").lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0))}


def prf(extracted: str, truth: str) -> tuple[float, float, float]:
    got, want = shingles(extracted), shingles(truth)
    if not got and not want:
        return 1.0, 1.0, 1.0
    if not got or not want:
        return 0.0, 0.0, 0.0
    common = len(got & want)
    precision, recall = common / len(got), common / len(want)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def load(pages_dir: Path) -> list[tuple[str, str, str, str]]:
    truth = json.loads((pages_dir / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((pages_dir / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, entry["url"], html.decode("utf-8", "replace"), entry["articleBody"]))
    return pages


def ours_fallback(url: str, html: str) -> str:
    root = lxml.html.fromstring(html)
    strip_page(root, ())
    return "\n".join(run_fallback(root, url).lines)


def ours_generic(url: str, html: str) -> str:
    response = HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")
    return StoryExtractor(generic_profile(url)).extract(response).item.body or ""


def plain_trafilatura(url: str, html: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def newsplease_bodies(python: str, pages: list[tuple[str, str, str, str]]) -> tuple[dict, float]:
    payload = json.dumps([{"key": k, "url": u, "html": h} for k, u, h, _ in pages])
    runner = Path(__file__).with_name("newsplease_runner.py")
    out = subprocess.run(
        [python, str(runner)], input=payload, capture_output=True, text=True, check=True
    )
    fields = json.loads(out.stdout)
    seconds = fields.pop("_seconds")
    return {key: value["body"] for key, value in fields.items()}, seconds


def score(name: str, bodies: dict[str, str], pages, seconds: float) -> str:
    rows = [prf(bodies.get(k, ""), truth) for k, _, _, truth in pages]
    p, r, f = (sum(x[i] for x in rows) / len(rows) for i in range(3))
    return f"{name:<20}{p:>10.3f}{r:>8.3f}{f:>8.3f}{len(pages) / seconds:>12.1f}"


def run(name: str, func: Callable[[str, str], str], pages) -> tuple[dict[str, str], float]:
    start = time.perf_counter()
    bodies = {key: func(url, html) for key, url, html, _ in pages}
    return bodies, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument(
        "--newsplease-python",
        help="python of a venv with news-please (default: bench/.venv-newsplease)",
    )
    parser.add_argument("--no-newsplease", action="store_true", help="leave news-please out")
    args = parser.parse_args()
    pages = load(args.pages)
    trafilatura.extract(pages[0][2])  # warm up (first call loads resources)
    lines = [
        f"{len(pages)} pages\n{'extractor':<20}{'precision':>10}{'recall':>8}"
        f"{'F1':>8}{'pages/s':>12}"
    ]
    for name, func in [
        ("trafilatura", plain_trafilatura),
        ("aggnews fallback", ours_fallback),
        ("aggnews generic", ours_generic),
    ]:
        bodies, seconds = run(name, func, pages)
        lines.append(score(name, bodies, pages, seconds))
    if not args.no_newsplease:
        args.newsplease_python = args.newsplease_python or newsplease_python()
        bodies, seconds = newsplease_bodies(args.newsplease_python, pages)
        lines.append(score("news-please", bodies, pages, seconds))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
