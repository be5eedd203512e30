"""A generated masress-style site of any size on loopback, for incremental-crawl tests and
benchmarks (the bundled fixtures are hand-written and small).

    python tests/gensite.py --stories 10000 [--new 5] [--port 0] [--per-page 20] [--delay 0]

Stories ``/src{k}/{n}`` (n = 1..N, newest = N) spread over 5 sources; the home page and each
source page list the newest stories, 20 a page, paginated with ``?page=N``; ``/rss`` lists the
newest 20. ``--new K`` adds K newer stories (ids N+1..N+K) as if they had just appeared.
It prints ``http://127.0.0.1:PORT`` when it listens, and counts requests per kind at
``/_stats`` (JSON).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SOURCES = ("ahram", "shorouk", "youm7", "almasryalyoum", "elwatan")
WORDS = (
    "الحكومة أعلنت اليوم عن خطة جديدة لدعم المشروعات الصغيرة في المحافظات وتوفير فرص عمل "
    "للشباب بالتعاون مع البنوك الوطنية والقطاع الخاص خلال العام المقبل"
).split()


def story_html(n: int) -> bytes:
    source = SOURCES[n % len(SOURCES)]
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(120)]
    paras = [" ".join(words[i : i + 30]) + f" ({n}-{i})." for i in range(0, 120, 30)]
    day = 1 + n % 28
    ticker = "".join(
        f'<a href="/ahram/{n + 100000 + i}">عنوان متداول {i} من الشريط</a>' for i in range(15)
    )
    return (
        f'<html><head><meta charset="utf-8"><title>مصرس : خبر {n}</title></head><body>'
        f'<div id="bar"><marquee>{ticker}</marquee></div>'
        f'<span class="articletitle">خبر رقم {n} عن المشروعات الصغيرة</span>'
        f'<span class="articlenewspaper">نشر في {source} يوم {day:02d} - 11 - 2017</span>'
        f'<span class="articlecontent">{"<br>".join(paras)}</span>'
        f'<a href="http://{source}.example/n/{n}">انقر هنا لقراءة الخبر من مصدره.</a>'
        "</body></html>"
    ).encode()


def listing_html(ids: list[int], path: str, page: int, more: bool) -> bytes:
    items = "".join(
        f'<div class="item"><a href="/{SOURCES[n % len(SOURCES)]}/{n}">خبر رقم {n}</a>'
        f"<span>{1 + n % 28:02d} - 11 - 2017</span></div>"
        for n in ids
    )
    nav = "".join(f'<a href="/{s}">{s}</a> ' for s in SOURCES)
    nxt = f'<a class="nav-btn left" href="{path}?page={page + 1}">التالي</a>' if more else ""
    return f"<html><body><div class='nav'>{nav}</div>{items}{nxt}</body></html>".encode()


def rss_xml(ids: list[int], origin: str) -> bytes:
    items = "".join(
        f"<item><title>خبر {n}</title><link>{origin}/{SOURCES[n % len(SOURCES)]}/{n}</link></item>"
        for n in ids
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss><channel>{items}</channel></rss>'.encode()


class QuietServer(ThreadingHTTPServer):
    """Crawlers that hang up (a killed crawl) are not errors here."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops connections of a 16-wide crawl under load

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    """The generated site's pages and a count of requests served."""

    def __init__(self, stories: int, new: int, per_page: int, delay: float = 0.0) -> None:
        self.delay = delay
        self.total = stories + new
        self.per_page = per_page
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()

    def newest(self, source: str | None) -> list[int]:
        ids = range(self.total, 0, -1)
        return [n for n in ids if source is None or SOURCES[n % len(SOURCES)] == source]

    def page(self, path: str, query: str, origin: str) -> tuple[int, str, bytes]:
        parts = [p for p in path.split("/") if p]
        page = int(parse_qs(query).get("page", ["1"])[0])
        if path == "/_stats":
            return 200, "application/json", json.dumps(self.counts).encode()
        if path == "/rss":
            self.count("feed")
            return 200, "application/rss+xml", rss_xml(self.newest(None)[:20], origin)
        if len(parts) == 2 and parts[0] in SOURCES and parts[1].isdigit():
            n = int(parts[1])
            if 1 <= n <= self.total and SOURCES[n % len(SOURCES)] == parts[0]:
                self.count("story")
                time.sleep(self.delay)
                return 200, "text/html; charset=utf-8", story_html(n)
        if not parts or (len(parts) == 1 and parts[0] in SOURCES):
            self.count("listing")
            ids = self.newest(parts[0] if parts else None)
            start = (page - 1) * self.per_page
            chunk = ids[start : start + self.per_page]
            more = start + self.per_page < len(ids)
            return 200, "text/html; charset=utf-8", listing_html(chunk, path, page, more)
        self.count("other")
        return 404, "text/html", b"<html><body>Not found</body></html>"

    def count(self, kind: str) -> None:
        with self.lock:
            self.counts[kind] += 1


def serve(
    stories: int, new: int = 0, per_page: int = 20, port: int = 0, delay: float = 0.0
) -> ThreadingHTTPServer:
    """A server (not yet serving) for a generated site."""
    site = Site(stories, new, per_page, delay)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            origin = f"http://{self.headers.get('Host', '127.0.0.1')}"
            status, ctype, body = site.page(split.path, split.query, origin)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return QuietServer(("127.0.0.1", port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--new", type=int, default=0)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per story page")
    args = parser.parse_args()
    server = serve(args.stories, args.new, args.per_page, args.port, args.delay)
    sys.stdout.write(f"http://127.0.0.1:{server.server_address[1]}\n")
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
