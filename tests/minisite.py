"""A fixture mini-site on loopback: serves tests/fixtures/<site>/ pages by their URL path.

Run it by hand for the offline demo::

    python tests/minisite.py masress --port 8080

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
import json
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: (file, content type, status, how many first requests answer 503 with Retry-After: 1)
Route = tuple[Path, str, int, int]
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8"}


def site_routes(site_dir: Path) -> dict[str, Route]:
    """URL path (with query) -> (file, content type, status) for every page in meta.json."""
    meta = json.loads((site_dir / "meta.json").read_text(encoding="utf-8"))
    routes: dict[str, Route] = {}
    for name, page in meta["pages"].items():
        split = urlsplit(page["url"])
        key = split.path + (f"?{split.query}" if split.query else "")
        ctype = page.get("content_type") or TYPES.get(Path(name).suffix, "text/html")
        route = (site_dir / name, ctype, int(page.get("status", 200)), page.get("fail_first", 0))
        routes[f"{split.netloc.lower()}{key}"] = route
        if not page.get("external"):
            routes[key] = route
    return routes


def make_handler(routes: dict[str, Route]) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving ``routes``."""

    failures: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            key = split.path + (f"?{split.query}" if split.query else "")
            route = routes.get(key)
            if split.netloc and not split.netloc.startswith(("127.0.0.1", "localhost")):
                route = routes.get(f"{split.netloc.lower()}{key}")
            if route is None:
                body = b"<html><body><h1>Not found</h1></body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
            else:
                path, ctype, status, fail_first = route
                with lock:
                    failures[key] += 1
                    failing = failures[key] <= fail_first
                body = path.read_bytes() if not failing else b"busy"
                self.send_response(503 if failing else status)
                if failing:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def serve(site: str, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server (not yet serving) for one fixture site."""
    site_dir = Path(site) if Path(site).is_dir() else FIXTURES / site
    routes = site_routes(site_dir)
    return ThreadingHTTPServer((host, port), make_handler(routes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="a folder under tests/fixtures/, or a folder's path")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = serve(args.site, args.port)
    sys.stdout.write(f"http://127.0.0.1:{server.server_address[1]}\n")
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
