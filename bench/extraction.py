"""Extraction on the aggregator story pages: aggnews versus trafilatura, news-please and
the floor of merely parsing the HTML with lxml; speed and field accuracy side by side.

    python bench/extraction.py [--repeat 5] [--newsplease-python PATH | --no-newsplease]

Pages: every fixture story page with an expected item (tests/fixtures/*/stories), the
truth being its expected JSON. Per extractor: pages per second (``--repeat`` passes), the
share of pages whose title, source and day of publication equal the truth, body F1 over
word 4-gram shingles, and ticker leakage (pages whose title or body holds a headline of
the site's ticker). news-please runs in its own virtual environment, made on first use.
Then extraction's cost over a bare parse: on the profile-layer pages (the speed issue's
target), on the generic-layer pages, at first sight, and on the profile-layer pages grown to
a real aggregator page's size (``grown_cost``: their own furniture repeated; a fixture page
is 10 KB, a real one several times that), with the pages whose fields stay the expected ones.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import trafilatura  # noqa: E402
from scrapy import Request  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from aggnews.extract.article import StoryExtractor  # noqa: E402
from aggnews.sites import load_profiles  # noqa: E402
from aggnews.spiders.original import complete_from_original, needs_original  # noqa: E402
from bench.article_f1 import prf  # noqa: E402
from bench.newsplease_env import newsplease_python  # noqa: E402
from tests.fixturesite import FIXTURES, load_meta, story_pages  # noqa: E402
from tests.fixturesite import pages as all_pages  # noqa: E402

Fields = dict[str, str | None]


def corpus() -> list[tuple[str, str, str, bytes, dict, list[str]]]:
    pages = []
    for site in sorted(load_profiles()):
        if not (FIXTURES / site / "meta.json").exists():
            continue
        ticker = load_meta(site)["ticker"]
        for page in story_pages(site):
            key = f"{site}:{page.name}"
            pages.append((key, site, page.url, page.path.read_bytes(), page.expected, ticker))
            if page.original:
                ORIGINALS[key] = next(p for p in all_pages(site) if p.url == page.original)
    return pages


#: Story key -> the outlet page a crawl follows for its body (akhbarak's framed stories).
ORIGINALS: dict = {}


def run_aggnews(pages, repeat: int) -> tuple[dict[str, Fields], float]:
    profiles = load_profiles()
    extractors = {site: StoryExtractor(profiles[site]) for site in profiles}
    out: dict[str, Fields] = {}
    start = time.perf_counter()
    for _ in range(repeat):
        for key, site, url, body, _, _ in pages:
            result = extractors[site].extract(HtmlResponse(url=url, body=body))
            outlet = ORIGINALS.get(key)
            if outlet is not None and needs_original(profiles[site], result):
                response = outlet.response()
                response.request = Request(outlet.url)
                result = complete_from_original(response, result)
            item = result.item
            out[key] = {
                "title": item.title,
                "source": item.source,
                "date": item.date,
                "body": item.body,
            }
    return out, time.perf_counter() - start


def cost_over_parse(pages, repeat: int) -> dict[str, tuple[int, float]]:
    """Per kind of page ("profile": the profile layers read title, body and date; "fallback":
    the generic layers had to; "all"): pages, and the extraction's cost over a bare
    ``lxml.html.fromstring`` of the same pages, each page timed ``repeat`` times, parse and
    extraction in turn, and its fastest time kept."""
    profiles = load_profiles()
    extractors = {site: StoryExtractor(profiles[site]) for site in profiles}
    best: dict[str, list] = {}
    for _ in range(repeat):
        for key, site, url, body, _, _ in pages:
            start = time.perf_counter()
            lxml.html.fromstring(body)
            parsed = time.perf_counter() - start
            response = HtmlResponse(url=url, body=body)
            start = time.perf_counter()
            result = extractors[site].extract(response)
            extracted = time.perf_counter() - start
            entry = best.setdefault(key, [result.item.extraction, parsed, extracted])
            entry[1], entry[2] = min(entry[1], parsed), min(entry[2], extracted)
    out = {}
    for kind in ("all", "profile", "fallback"):
        rows = [v for v in best.values() if kind in ("all", v[0])]
        if rows:
            out[kind] = (len(rows), sum(r[2] for r in rows) / sum(r[1] for r in rows))
    return out


def first_sight(pages) -> tuple[int, float]:
    """Profile-layer pages, and their extraction's cost over a bare parse when each page is
    seen once, as in a crawl: fresh extractors (their date parsers built beforehand), no
    cache holding the page's own dates or lines yet. The parse is the fastest of five."""
    profiles = load_profiles()
    extractors = {site: StoryExtractor(profiles[site]) for site in profiles}
    for extractor in extractors.values():  # what a process builds once: dateparser's parsers
        for text in _WARM_UP:  # and patterns, our month names
            extractor.dates.parse(text)
    parse = extract = 0.0
    count = 0
    for _, site, url, body, _, _ in pages:
        response = HtmlResponse(url=url, body=body)
        start = time.perf_counter()
        result = extractors[site].extract(response)
        seconds = time.perf_counter() - start
        if result.item.extraction != "profile":
            continue
        best = min(_parse_seconds(body) for _ in range(5))
        parse, extract, count = parse + best, extract + seconds, count + 1
    return count, extract / parse


def grown_cost(pages, repeat: int, times: int = 15) -> tuple[int, int, float, float]:
    """The profile-layer pages grown to the size of a real aggregator page: each top-level
    block of the body but the ones holding the headline or the story's first line appended
    ``times`` more times (its menus, ticker, sidebars and footer, as a big page repeats
    them). Pages, those whose fields are still the expected ones (the followed outlet page
    aside), mean size in KB, and extraction's cost over a bare parse as ``cost_over_parse``
    measures it."""
    profiles = load_profiles()
    extractors = {site: StoryExtractor(profiles[site]) for site in profiles}
    grown, same, size = [], 0, 0
    for key, site, url, body, expected, _ in pages:
        if extractors[site].extract(HtmlResponse(url=url, body=body)).item.extraction != "profile":
            continue
        root = lxml.html.fromstring(body)
        page = root.find("body")
        story = (expected["title"] or "")[:20], (expected["body"] or "")[:30]
        blocks = [b for b in page if not any(s and s in b.text_content() for s in story)]
        for _ in range(times):
            page.extend(copy.deepcopy(b) for b in blocks)
        html = lxml.html.tostring(root, encoding="utf-8")
        item = extractors[site].extract(HtmlResponse(url=url, body=html)).item
        fields = (item.title, item.source, (item.date or "")[:10], item.body or "")
        truth = (expected["title"], expected["source"], (expected["date"] or "")[:10])
        same += fields[:3] == truth and (key in ORIGINALS or fields[3] == expected["body"])
        grown.append((key, site, url, html))
        size += len(html)
    parse = extract = 0.0
    for _, site, url, html in grown:
        best_parse = best_extract = float("inf")
        for _ in range(repeat):
            best_parse = min(best_parse, _parse_seconds(html))
            response = HtmlResponse(url=url, body=html)
            start = time.perf_counter()
            extractors[site].extract(response)
            best_extract = min(best_extract, time.perf_counter() - start)
        parse, extract = parse + best_parse, extract + best_extract
    return len(grown), same, size / len(grown) / 1024, extract / parse


#: Dates only dateparser reads (a weekday, a zone), one per language, and one we read.
_WARM_UP = (
    "1 January 2000",
    "Saturday, 1 January 2000 10:00 GMT",
    "samedi 1 janvier 2000 10:00 GMT",
    "السبت 1 يناير 2000 10:00 GMT",
)


def _parse_seconds(body: bytes) -> float:
    start = time.perf_counter()
    lxml.html.fromstring(body)
    return time.perf_counter() - start


def run_trafilatura(pages, repeat: int) -> tuple[dict[str, Fields], float]:
    out: dict[str, Fields] = {}
    start = time.perf_counter()
    for _ in range(repeat):
        for key, _, url, body, _, _ in pages:
            doc = trafilatura.bare_extraction(
                body.decode("utf-8", "replace"), url=url, with_metadata=True
            )
            out[key] = {
                "title": doc.title if doc else None,
                "source": None,
                "date": doc.date if doc else None,
                "body": doc.text if doc else "",
            }
    return out, time.perf_counter() - start


def run_lxml(pages, repeat: int) -> tuple[dict[str, Fields], float]:
    start = time.perf_counter()
    for _ in range(repeat):
        for _, _, _, body, _, _ in pages:
            lxml.html.fromstring(body)
    return {}, time.perf_counter() - start


def run_newsplease(python: str, pages) -> tuple[dict[str, Fields], float]:
    payload = json.dumps(
        [
            {"key": key, "url": url, "html": body.decode("utf-8", "replace")}
            for key, _, url, body, _, _ in pages
        ]
    )
    runner = Path(__file__).with_name("newsplease_runner.py")
    out = subprocess.run(
        [python, str(runner)], input=payload, capture_output=True, text=True, check=True
    )
    fields = json.loads(out.stdout)
    return fields, fields.pop("_seconds")


def accuracy(results: dict[str, Fields], pages) -> str:
    if not results:
        return f"{'-':>7}{'-':>8}{'-':>6}{'-':>8}{'-':>8}"
    n = len(pages)
    title = sum(results[k]["title"] == e["title"] for k, _, _, _, e, _ in pages) / n
    source = sum(results[k]["source"] == e["source"] for k, _, _, _, e, _ in pages) / n
    day = (
        sum((results[k]["date"] or "")[:10] == (e["date"] or "")[:10] for k, _, _, _, e, _ in pages)
        / n
    )
    f1 = sum(prf(results[k]["body"] or "", e["body"])[2] for k, _, _, _, e, _ in pages) / n
    leaks = (
        sum(
            any(h in (results[k]["title"] or "") or h in (results[k]["body"] or "") for h in t)
            for k, _, _, _, _, t in pages
        )
        / n
    )
    return f"{title:>7.2f}{source:>8.2f}{day:>6.2f}{f1:>8.3f}{leaks:>8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--newsplease-python",
        help="python of a venv with news-please (default: bench/.venv-newsplease)",
    )
    parser.add_argument("--no-newsplease", action="store_true", help="leave news-please out")
    args = parser.parse_args()
    pages = corpus()
    sight = first_sight(pages)  # first, while no cache has seen these pages
    trafilatura.extract(pages[0][3].decode("utf-8", "replace"))  # warm up
    rows = []
    for name, func in (
        ("lxml parse only", run_lxml),
        ("aggnews", run_aggnews),
        ("trafilatura", run_trafilatura),
    ):
        results, seconds = func(pages, args.repeat)
        rows.append((name, len(pages) * args.repeat / seconds, accuracy(results, pages)))
    if not args.no_newsplease:
        args.newsplease_python = args.newsplease_python or newsplease_python()
        results, seconds = run_newsplease(args.newsplease_python, pages)
        rows.append(("news-please", len(pages) / seconds, accuracy(results, pages)))
    out = sys.stdout
    out.write(f"{len(pages)} aggregator story pages, {len(set(p[1] for p in pages))} sites\n")
    out.write(
        f"{'extractor':<18}{'pages/s':>9}{'title':>7}{'source':>8}{'day':>6}"
        f"{'bodyF1':>8}{'ticker':>8}\n"
    )
    floor = rows[0][1]
    for name, rate, acc in rows:
        out.write(f"{name:<18}{rate:>9.1f}{acc}\n")
    ours = rows[1][1]
    for name, rate, _ in rows[2:]:
        out.write(f"aggnews is {ours / rate:.1f}x the speed of {name}\n")
    out.write(f"aggnews runs at {ours / floor:.2f} of the lxml parse-only floor\n")
    costs = cost_over_parse(pages, args.repeat)
    for kind, label in (
        ("all", "all the pages"),
        ("profile", "pages the profile layers read (target: 5x)"),
        ("fallback", "pages that needed the generic layers"),
    ):
        if kind in costs:
            n, ratio = costs[kind]
            out.write(f"extraction costs {ratio:.1f}x a bare lxml parse on {label} ({n})\n")
    out.write(
        f"first sight (each page once, no cache has its dates yet): {sight[1]:.1f}x a bare"
        f" lxml parse on the profile-layer pages ({sight[0]})\n"
    )
    n, same, size, ratio = grown_cost(pages, args.repeat)
    out.write(
        f"grown to {size:.0f} KB (their own furniture repeated): {ratio:.1f}x a bare lxml parse"
        f" on the profile-layer pages ({n}; fields unchanged on {same})\n"
    )


if __name__ == "__main__":
    main()
