"""A corrupt or locked seen-store stops the crawl before any feed is touched."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.crawling import crawl, generated_site, start_crawl

STORED = 300


def test_corrupt_store_is_one_clear_line_and_no_feed_is_overwritten(tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "seen.sqlite3").write_bytes(b"not a database at all " * 200)
    out = tmp_path / "feed.jsonl"
    out.write_text('{"kept": true}\n')
    run = crawl("masress", out, "urls=http://127.0.0.1:9/ahram/1", state=state)
    assert run.returncode == 4
    errors = [line for line in run.log.splitlines() if line.startswith("aggnews: error:")]
    assert len(errors) == 1
    assert f"cannot open the seen-store {state / 'seen.sqlite3'}" in errors[0]
    assert "move it away" in errors[0]
    assert "Traceback" not in run.log
    assert out.read_text() == '{"kept": true}\n'


def test_locked_store_is_one_clear_line(tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    holder = sqlite3.connect(state / "seen.sqlite3")
    holder.execute("CREATE TABLE x (a)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        run = crawl(
            "masress",
            tmp_path / "o.jsonl",
            "urls=http://127.0.0.1:9/ahram/1",
            state=state,
            AGGNEWS_STORE_TIMEOUT="0.5",
        )
    finally:
        holder.rollback()
        holder.close()
    assert run.returncode == 4
    assert "database is locked" in run.log and "If another crawl is running, wait" in run.log
    assert not (tmp_path / "o.jsonl").exists()


def test_feed_is_written_under_a_part_name_and_renamed(tmp_path) -> None:
    from aggnews.feeds import AtomicFileFeedStorage

    target = tmp_path / "out" / "feed.jsonl"
    target.parent.mkdir()
    target.write_text("old complete feed\n")
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    handle = storage.open(None)
    handle.write(b'{"id": "1"}\n{"id": "2", "partial')
    # Until store() the previous file is intact and the new one is only a .part file.
    assert target.read_text() == "old complete feed\n"
    assert (tmp_path / "out" / "feed.jsonl.part").exists()
    handle.write(b'": false}\n')
    storage.store(handle)
    assert target.read_text() == '{"id": "1"}\n{"id": "2", "partial": false}\n'
    assert not (tmp_path / "out" / "feed.jsonl.part").exists()


def test_a_running_feed_holds_each_story_once_exported(tmp_path) -> None:
    """Each exported line is in the ``.part`` at once (a buffer would hold short lines back
    until a block fills: a feed read mid-crawl, or a killed crawl's, would miss them)."""
    from scrapy.exporters import JsonLinesItemExporter

    from aggnews.feeds import AtomicFileFeedStorage

    target = tmp_path / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    handle = storage.open(None)
    exporter = JsonLinesItemExporter(handle)
    exporter.export_item({"id": "1", "title": "one"})
    assert (tmp_path / "feed.jsonl.part").read_bytes() == b'{"id": "1", "title": "one"}\n'
    exporter.export_item({"id": "2"})
    assert (tmp_path / "feed.jsonl.part").read_text().splitlines()[-1] == '{"id": "2"}'
    storage.store(handle)
    assert target.read_text().splitlines() == ['{"id": "1", "title": "one"}', '{"id": "2"}']


def build_store(origin: str, state: Path, out: Path) -> None:
    """A real seen-store: one crawl of the generated site; ``out`` is its feed."""
    run = crawl("masress", out, f"base_url={origin}", "lang=ar", state=state)
    assert run.returncode == 0 and len(run.items) == STORED


def damage_pages(path: Path) -> None:
    """Overwrite the middle half of the file, page-aligned, leaving the header page intact."""
    size = path.stat().st_size
    page = 4096
    start, end = (size // 4) // page * page, (3 * size // 4) // page * page
    assert start >= page and end > start
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(b"\xab" * (end - start))


def damage_tables(path: Path) -> None:
    """Overwrite the root page of every table and index (the schema page left intact), so
    that the first read of any of them fails, wherever the crawl reads."""
    with sqlite3.connect(path) as db:
        roots = [r for (r,) in db.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")]
    page = 4096
    with path.open("r+b") as handle:
        for root in roots:
            handle.seek((root - 1) * page)
            handle.write(b"\xab" * page)


def test_damaged_pages_stop_the_crawl_before_it_starts(tmp_path) -> None:
    state, feed = tmp_path / "state", tmp_path / "feed.jsonl"
    with generated_site(STORED) as origin:
        build_store(origin, state, feed)
        before = feed.read_bytes()
        store = state / "seen.sqlite3"
        sqlite3.connect(store).execute("SELECT 1 FROM seen_stories").fetchone()  # opens fine
        damage_pages(store)
        run = crawl("masress", feed, f"base_url={origin}", "lang=ar", state=state)
    assert run.returncode == 4
    errors = [line for line in run.log.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, errors
    assert re.fullmatch(
        f"aggnews: error: cannot open the seen-store {re.escape(str(store))}: database disk "
        r"image is malformed \((?:On tree page|Page) \d+.*: .+\)\. If another crawl is running, "
        r"wait for it; if "
        r"the file is corrupt, move it away \(the next run re-emits stories\)\.",
        errors[0],
    ), errors[0]
    assert "Spider opened" not in run.log
    assert feed.read_bytes() == before


@pytest.mark.parametrize("fresh", ["0", "1"], ids=["seen-store", "clusters"])
def test_store_damaged_mid_crawl_stops_it_and_keeps_the_feed(tmp_path, fresh: str) -> None:
    """Found by the seen-store's lookups, or (AGGNEWS_FRESH: no lookups) the cluster index."""
    state, feed = tmp_path / "state", tmp_path / "feed.jsonl"
    with generated_site(STORED) as origin:
        build_store(origin, state, feed)
    before = feed.read_bytes()
    store = state / "seen.sqlite3"
    with generated_site(STORED, new=20, delay=1.0) as origin:
        proc = start_crawl(
            "masress",
            feed,
            f"base_url={origin}",
            "lang=ar",
            AGGNEWS_STATE_DIR=str(state),
            AGGNEWS_FRESH=fresh,
        )
        log = feed.with_name(feed.name + ".log")
        deadline = time.monotonic() + 60
        while "Spider opened" not in (log.read_text("utf-8") if log.exists() else ""):
            assert time.monotonic() < deadline and proc.poll() is None, "the crawl did not open"
            time.sleep(0.02)
        damage_tables(store)  # after the check at start, before the first story page is back
        status = proc.wait(timeout=120)
    text = log.read_text("utf-8")
    assert status == 4, text[-3000:]
    errors = [line.split(" ERROR: ", 1)[1] for line in text.splitlines() if " ERROR: " in line]
    assert errors == [
        f"masress: the seen-store {store} is damaged: database disk image is malformed. Move it "
        "away (the next run re-emits stories) or restore it from a backup, then run again."
    ]
    assert "Traceback" not in text
    assert "Closing spider (store_failed)" in text
    assert f"{feed} not replaced: the seen-store failed" in text
    assert feed.read_bytes() == before
