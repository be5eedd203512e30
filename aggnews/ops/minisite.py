"""A fixture mini-site on loopback: serves tests/fixtures/<site>/ pages by their URL path.

``scrapy demo`` serves one in-process; the tests run it as a process (``tests/minisite.py``)::

    python -m aggnews.ops.minisite masress --port 8080

It prints ``http://127.0.0.1:PORT`` on its first line once it listens (port 0 picks a free
one); a path that no page of the fixture's ``meta.json`` has answers 404.

It is also an HTTP proxy for the fixture's pages on other hosts (an outlet's original
article): with ``http_proxy=http://127.0.0.1:PORT``, a request for
``http://www.youm7.com/story/1`` is answered from the page whose ``url`` is that URL.
Nothing is ever fetched from the network.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import socket
import struct
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

#: Where the fixture mini-sites live in a checkout (they do not ship in the Scrapyd egg).
FIXTURES_SUBDIR = Path("tests") / "fixtures"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain",
}


@dataclass
class Route:
    """A page and how the server misbehaves on it (keys of its meta.json entry).

    - ``status``: the HTTP status (200);
    - ``fail_first``: answer ``fail_status`` (503) with ``Retry-After: 1`` to the first N
      requests (a burst of 500, 503 or 429);
    - ``delay``: seconds to wait before answering (beyond a crawl's timeout, a hang);
    - ``reset``: send half the body, then drop the connection;
    - ``redirect``: answer 302 to this path (two pages pointing at each other loop);
    - ``repeat``: the body is the file N times (a huge page);
    - ``gzip``: send the body gzip-compressed (``Content-Encoding: gzip``);
    - ``truncate``: cut the (compressed) body to this many bytes;
    - ``bomb_mb``: instead of the file, N MB of zeros gzip-compressed (a decompression bomb);
    - ``headers``: extra response headers.
    """

    path: Path
    content_type: str
    meta: dict

    def body(self) -> bytes:
        if self.meta.get("bomb_mb"):
            return _bomb(int(self.meta["bomb_mb"]))
        body = self.path.read_bytes() * int(self.meta.get("repeat", 1))
        if self.meta.get("gzip"):
            body = gzip.compress(body)
        if self.meta.get("truncate"):
            body = body[: int(self.meta["truncate"])]
        return body


@lru_cache(maxsize=4)
def _bomb(megabytes: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as zipped:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            zipped.write(chunk)
    return out.getvalue()


def site_routes(site_dir: Path) -> dict[str, Route]:
    """URL path (with query) -> Route for every page in meta.json."""
    meta = json.loads((site_dir / "meta.json").read_text(encoding="utf-8"))
    routes: dict[str, Route] = {}
    for name, page in meta["pages"].items():
        split = urlsplit(page["url"])
        key = split.path + (f"?{split.query}" if split.query else "")
        ctype = page.get("content_type") or TYPES.get(Path(name).suffix, "text/html")
        route = Route(site_dir / name, ctype, page)
        routes[f"{split.netloc.lower()}{key}"] = route
        if not page.get("external"):
            routes[key] = route
    return routes


def make_handler(routes: dict[str, Route]) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving ``routes``."""

    requests: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            key = split.path + (f"?{split.query}" if split.query else "")
            route = routes.get(key)
            if split.netloc and not split.netloc.startswith(("127.0.0.1", "localhost")):
                route = routes.get(f"{split.netloc.lower()}{key}")
            if route is None:
                self._answer(
                    404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Not found</h1>"
                )
                return
            meta = route.meta
            with lock:
                requests[key] += 1
                failing = requests[key] <= int(meta.get("fail_first", 0))
            if meta.get("delay"):
                time.sleep(float(meta["delay"]))
            headers = {"Content-Type": route.content_type, **meta.get("headers", {})}
            if failing:
                status = int(meta.get("fail_status", 503))
                self._answer(status, {**headers, "Retry-After": "1"}, b"busy")
            elif meta.get("redirect"):
                self._answer(302, {"Location": meta["redirect"]}, b"")
            else:
                body = route.body()
                if meta.get("gzip") or meta.get("bomb_mb"):
                    headers["Content-Encoding"] = "gzip"
                if meta.get("reset"):
                    self._reset(int(meta.get("status", 200)), headers, body)
                else:
                    self._answer(int(meta.get("status", 200)), headers, body)

        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _reset(self, status: int, headers: dict[str, str], body: bytes) -> None:
            """Promise the whole body, send half of it, then drop the connection."""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up (a crawler cancelling a huge download) are not errors here."""

    daemon_threads = True
    # A crawler opens 16 connections at once; the default backlog of 5 drops some under
    # load, and a dropped SYN costs a client a full second before it retries.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def fixtures_dir() -> Path | None:
    """``tests/fixtures`` of the checkout this package runs from, else of the working
    directory; None when neither has one (an installed egg run elsewhere)."""
    checkout = Path(__file__).resolve().parents[2]
    for root in (checkout, Path.cwd()):
        if (root / FIXTURES_SUBDIR).is_dir():
            return root / FIXTURES_SUBDIR
    return None


def site_dir(site: str, fixtures: Path | None = None) -> Path:
    """The folder of a fixture site: ``site`` itself when it is a folder, else the site's
    folder under ``fixtures`` (default: ``fixtures_dir()``); FileNotFoundError saying why."""
    if Path(site).is_dir():
        return Path(site)
    base = fixtures or fixtures_dir()
    if base is None:
        raise FileNotFoundError(
            f"no {FIXTURES_SUBDIR}/ here: run from a checkout of the aggnews repository"
        )
    if not (base / site / "meta.json").is_file():
        raise FileNotFoundError(f"no fixture mini-site {base / site} (no meta.json)")
    return base / site


def serve(
    site: str, port: int = 0, host: str = "127.0.0.1", fixtures: Path | None = None
) -> ThreadingHTTPServer:
    """A server (not yet serving) for one fixture site."""
    routes = site_routes(site_dir(site, fixtures))
    return QuietServer((host, port), make_handler(routes))


def serve_in_thread(site: str, fixtures: Path | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve a fixture site from a daemon thread on a free loopback port: (server, origin).
    Stop it with ``server.shutdown(); server.server_close()``."""
    server = serve(site, fixtures=fixtures)
    threading.Thread(target=server.serve_forever, name="minisite", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main(fixtures: Path | None = None) -> None:
    """Serve one fixture site until interrupted; print its origin first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="a folder under tests/fixtures/, or a folder's path")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = serve(args.site, args.port, fixtures=fixtures)
    sys.stdout.write(f"http://127.0.0.1:{server.server_address[1]}\n")
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
