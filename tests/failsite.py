"""A loopback site that fails every request: 503 for feeds, 404 for everything else."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from aggnews.ops.minisite import QuietServer


@contextmanager
def failing_site() -> Iterator[tuple[str, Counter[int]]]:
    """Serve on a free loopback port; yield its origin and a count of answers by status."""
    answered: Counter[int] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 503 if "rss" in self.path else 404
            with lock:
                answered[status] += 1
            body = b"<html><body>unavailable</body></html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", answered
    finally:
        server.shutdown()
        server.server_close()
