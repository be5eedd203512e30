"""Progress reports during a crawl: in the log, and as one updating line on a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import threading

from tests.crawling import ROOT, crawl, crawl_command, generated_site

STORIES = 30
#: masress: 30 stories (ar 30), 41 pages fetched, 12 queued, 2 downloading, 0 failed, ...
LINE = re.compile(
    r"masress: (?P<stories>\d+) stories(?: \(ar (?P<ar>\d+)\))?, (?P<pages>\d+) pages fetched, "
    r"(?P<queued>\d+) queued, (?P<active>\d+) downloading, (?P<failed>\d+) failed, "
    r"(?P<rest>[^\r\n]*)"
)
SLOW = {
    "AGGNEWS_PROGRESS_INTERVAL": "0.5",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    "LOG_LEVEL": "DEBUG",
}


def test_progress_lines_count_what_the_crawl_did_so_far(tmp_path) -> None:
    with generated_site(STORIES, delay=0.25) as origin:
        run = crawl(
            "masress", tmp_path / "o.jsonl", f"base_url={origin}", "lang=ar", state=tmp_path, **SLOW
        )
    assert run.returncode == 0, run.log[-2000:]
    assert len(run.items) == STORIES
    reports = []
    scraped = crawled = 0
    for line in run.log.splitlines():
        scraped += "DEBUG: Scraped from <200 " in line
        crawled += "DEBUG: Crawled (" in line
        match = LINE.search(line)
        if " INFO: Progress: " in line and match:
            reports.append((match, scraped, crawled))
    *during, last = reports
    assert len(during) >= 2, [m.group(0) for m, _, _ in reports]
    for match, scraped_so_far, crawled_so_far in during:
        assert int(match["stories"]) == scraped_so_far, match.group(0)
        assert int(match["pages"]) == crawled_so_far, match.group(0)
        assert int(match["failed"]) == 0
        assert re.match(r"\d+ pages/min, \d+ stories/min, after \d+s$", match["rest"])
    assert any(0 < int(m["stories"]) < STORIES for m, _, _ in during)
    assert any(int(m["queued"]) > 0 for m, _, _ in during)
    assert any(int(m["active"]) > 0 for m, _, _ in during)
    final = last[0]
    assert final.group(0).endswith("(finished)")
    assert (int(final["stories"]), int(final["ar"])) == (STORIES, STORIES)
    assert int(final["pages"]) == run.stat("response_received_count")
    assert (int(final["queued"]), int(final["active"])) == (0, 0)
    assert "Crawled 0 pages (at 0 pages/min)" not in run.log  # Scrapy's LogStats is off


def test_on_a_terminal_progress_is_one_line_rewritten_in_place(tmp_path) -> None:
    """stderr on a pseudo-terminal: no progress log lines, one line redrawn with \\r, and
    log lines never run into it."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    with generated_site(STORIES, delay=0.25) as origin:
        settings = {**SLOW, "LOG_LEVEL": "INFO", "AGGNEWS_STATE_DIR": str(tmp_path)}
        cmd, env = crawl_command(
            "masress", tmp_path / "o.jsonl", (f"base_url={origin}", "lang=ar"), settings
        )
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=slave, timeout=300
        )
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, out[-2000:]
    assert "Progress: " not in out
    redraws = re.findall(r"\r\x1b\[Kmasress: (\d+) stories", out)
    assert len(redraws) >= 3, out[-2000:]
    assert [int(n) for n in redraws] == sorted(int(n) for n in redraws)
    finished = re.findall(r"\r\x1b\[K(masress: [^\r\n]*\(finished\))\r?\n", out)
    assert len(finished) == 1, out[-2000:]
    final = LINE.search(finished[0])
    assert final and (int(final["stories"]), int(final["queued"])) == (STORIES, 0)
    # Each log line starts a line of its own: after a newline or after the line is cleared.
    for match in re.finditer(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[", out):
        before = out[max(match.start() - 4, 0) : match.start()]
        assert match.start() == 0 or before.endswith(("\n", "\r\x1b[K")), repr(before)
