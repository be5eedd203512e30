"""Generic extraction layers against trafilatura on real news pages.

    python bench/real_pages.py [--real-pages DIR] [--article-extraction DIR]

Two corpora, passed by path (neither lives in this repository; origins and layout in
docs/benchmarks.md; defaults: the shared benchmark folder beside the checkout):

- real-pages (default ../shared/benchmarks/real-pages): 127 news pages from 88 publishers
  in 20 languages, taken from the parser tests of the Fundus project (MIT), with the title,
  publication date and body its per-publisher parsers produce (``gold.jsonl``);
- article-extraction (default ../shared/benchmarks/article-extraction): the 91 pages of
  Scrapinghub's article-extraction benchmark (MIT) with their ground-truth bodies.

Scores: title = exact match after NFKC, whitespace collapse and case-fold; date = same
calendar day (first 10 characters of the ISO date; records flagged
``publishing_date_after_crawl`` left out); body = precision, recall and F1 over word
4-gram shingles (``\\w+`` tokens after NFC, lower-cased), averaged over pages. Only the
article-extraction body is scored on the second corpus. aggnews runs exactly as
``scrapy extract generic`` does (a fresh ``StoryExtractor(generic_profile(url))`` per
page); trafilatura runs ``bare_extraction`` with metadata. A page that raises counts as
empty. Time is the extraction call alone, in ms per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402
from trafilatura.deduplication import LRU_TEST  # noqa: E402

from aggnews.crawling.charset import fix_encoding  # noqa: E402
from aggnews.extract.article import StoryExtractor  # noqa: E402
from aggnews.profile import generic_profile  # noqa: E402
from bench.article_f1 import prf  # noqa: E402

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


@dataclass
class Page:
    url: str
    html: bytes
    body: str
    title: str | None = None
    date: str | None = None  # None: not scored


@dataclass
class Fields:
    title: str = ""
    date: str = ""
    body: str = ""


def load_real_pages(folder: Path) -> list[Page]:
    pages = []
    for line in (folder / "gold.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        date = rec.get("publishing_date") or ""
        skip_date = "publishing_date_after_crawl" in (rec.get("flags") or [])
        html = gzip.decompress((folder / rec["page"]).read_bytes())
        pages.append(
            Page(
                rec["url"], html, rec["body"] or "", rec["title"] or "", None if skip_date else date
            )
        )
    return pages


def load_article_extraction(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    return [
        Page(
            entry["url"],
            gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()),
            entry["articleBody"] or "",
        )
        for key, entry in sorted(truth.items())
    ]


def aggnews_generic(page: Page) -> Fields:
    extractor = StoryExtractor(generic_profile(page.url))
    response, _ = fix_encoding(HtmlResponse(url=page.url, body=page.html))
    item = extractor.extract(response).item
    return Fields(item.title or "", item.date or "", item.body or "")


def trafilatura_bare(page: Page) -> Fields:
    LRU_TEST.clear()  # its de-duplication cache spans pages otherwise
    html = page.html.decode("utf-8", "replace")
    doc = trafilatura.bare_extraction(html, url=page.url, with_metadata=True)
    if doc is None:
        return Fields()
    return Fields(doc.title or "", doc.date or "", doc.text or "")


def norm_title(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Score:
    pages: int
    title: float | None
    date: float | None
    p: float
    r: float
    f1: float
    ms: float
    errors: int


def evaluate(func: Callable[[Page], Fields], pages: list[Page]) -> Score:
    titles, dates, prfs, seconds, errors = [], [], [], 0.0, 0
    for page in pages:
        start = time.perf_counter()
        try:
            got = func(page)
        except Exception:  # a failing page counts as empty
            got, errors = Fields(), errors + 1
        seconds += time.perf_counter() - start
        if page.title is not None:
            titles.append(norm_title(got.title) == norm_title(page.title))
        if page.date:
            dates.append(got.date[:10] == page.date[:10])
        prfs.append(prf(nfc(got.body), nfc(page.body)))
    p, r, f = (sum(x[i] for x in prfs) / len(prfs) for i in range(3))
    return Score(
        len(pages),
        sum(titles) / len(titles) if titles else None,
        sum(dates) / len(dates) if dates else None,
        p,
        r,
        f,
        1000 * seconds / len(pages),
        errors,
    )


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


EXTRACTORS: list[tuple[str, Callable[[Page], Fields]]] = [
    ("aggnews generic", aggnews_generic),
    (f"trafilatura {trafilatura.__version__}", trafilatura_bare),
]


def report(name: str, pages: list[Page]) -> None:
    print(f"\n{name}")
    header = ("extractor", "pages", "title", "date", "P", "R", "F1", "ms/page", "errors")
    print(f"{header[0]:<20}" + "".join(f"{h:>9}" for h in header[1:]))
    scores = {}
    for label, func in EXTRACTORS:
        s = scores[label] = evaluate(func, pages)
        cells = [str(s.pages), fmt(s.title), fmt(s.date), fmt(s.p), fmt(s.r), fmt(s.f1)]
        cells += [f"{s.ms:.1f}", str(s.errors)]
        print(f"{label:<20}" + "".join(f"{c:>9}" for c in cells))
    ours, theirs = (scores[label].f1 for label, _ in EXTRACTORS)
    print(f"F1 ratio aggnews / trafilatura: {ours / theirs:.3f}" if theirs else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-pages", type=Path, default=BENCHMARKS / "real-pages")
    parser.add_argument(
        "--article-extraction", type=Path, default=BENCHMARKS / "article-extraction"
    )
    args = parser.parse_args()
    corpora = [
        ("real-pages", load_real_pages(args.real_pages)),
        ("article-extraction", load_article_extraction(args.article_extraction)),
    ]
    first = corpora[0][1][0]
    trafilatura_bare(first)  # warm up both (first calls load resources)
    aggnews_generic(first)
    for name, pages in corpora:
        report(name, pages)


if __name__ == "__main__":
    main()
