"""The SQLite seen-store: segmented keys, other connections, the layout of earlier versions."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from pathlib import Path

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.utils.test import get_crawler

from aggnews.pipelines.seen import SeenStorePipeline
from aggnews.state.lsh import RECHECK_SECONDS
from aggnews.state.seen import SEGMENT_STORIES, SeenStore

#: The seen-store's schema before its keys were segmented (what servers' files hold).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    fingerprint TEXT,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    emitted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_fingerprint ON stories (fingerprint);
"""


def row(n: int, fingerprint: bool = True) -> tuple[str, str | None, str, str, str]:
    story = hashlib.sha1(f"story-{n}".encode()).hexdigest()[:16]
    body = hashlib.sha1(f"body-{n}".encode()).hexdigest() if fingerprint else None
    return story, body, f"https://www.masress.com/ahram/{n}", "masress", "2026-11-30T10:00:00+00:00"


def old_store(path: Path, rows: list[tuple[str, str | None, str, str, str]]) -> None:
    """A file as the previous version wrote it."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(OLD_SCHEMA)
    with db:
        db.executemany("INSERT OR IGNORE INTO stories VALUES (?, ?, ?, ?, ?)", rows)
    db.close()


def test_a_store_of_the_old_layout_is_moved_and_finds_its_stories(tmp_path, caplog) -> None:
    """Enough stories for two closed segments: found by id and by fingerprint, once moved
    (one INFO line), and again by the next run; the old table and its indexes are gone."""
    path = tmp_path / "seen.sqlite3"
    count = 3 * SEGMENT_STORIES + 100
    rows = [row(n, fingerprint=n % 7 != 0) for n in range(count)]
    old_store(path, rows)
    with caplog.at_level(logging.INFO, logger="aggnews.state.seen"):
        store = SeenStore(path)
    assert [r.getMessage().split(" in ")[0] for r in caplog.records] == [
        f"Seen-store {path}: its {count} stories moved to the segmented layout"
    ]
    assert len(store) == count
    keys = sum(2 if fingerprint else 1 for _, fingerprint, *_ in rows)  # none without a body
    assert len(store._keys.filters) == keys // (2 * SEGMENT_STORIES) == 2
    for n in (0, 1, SEGMENT_STORIES - 1, SEGMENT_STORIES + 5, count - 1):
        story, fingerprint, *_ = rows[n]
        assert store.seen(story, None), n
        if fingerprint is not None:
            assert store.seen("f" * 16, fingerprint), n
    assert not store.seen("f" * 16, "0" * 40)
    wanted = [rows[3][0], rows[SEGMENT_STORIES + 9][0], "e" * 16]
    assert store.known_ids(wanted) == set(wanted[:2])
    store.close()
    db = sqlite3.connect(path)
    names = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert not names & {"stories", "stories_fingerprint", "sqlite_autoindex_stories_1"}
    assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    db.close()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="aggnews.state.seen"):
        again = SeenStore(path)
    assert not caplog.records
    assert again.seen(rows[count - 2][0], None) and len(again) == count
    assert again.add([rows[5], row(count)]) == 2  # one recorded before: left as it is
    assert len(again) == count + 1 and again.seen(row(count)[0], None)


def test_stories_of_closed_segments_and_other_connections_are_seen(tmp_path) -> None:
    """``crawlall``: a crawl's store finds what another one recorded (within
    ``RECHECK_SECONDS``), in the open segment and in segments the other closed; recording a
    story twice keeps one row, also when the other connection recorded it a moment ago."""
    path = tmp_path / "seen.sqlite3"
    first, second = SeenStore(path), SeenStore(path)
    batch = SEGMENT_STORIES // 3
    for start in range(0, 4 * batch, batch):
        writer, reader = (first, second) if start // batch % 2 else (second, first)
        rows = [row(n) for n in range(start, start + batch)]
        assert writer.add(rows + rows[:5]) == batch + 5
        assert reader.add(rows[-3:]) == 3  # under the write lock: the other's rows are seen
        time.sleep(RECHECK_SECONDS)
        assert reader.seen(rows[0][0], None) and reader.seen(rows[-1][0], None)
        assert reader.seen("f" * 16, rows[batch // 2][1])
        assert not reader.seen(row(start + batch)[0], row(start + batch)[1])
    assert len(first._keys.filters) == 1 and len(second._keys.filters) == 1
    assert len(first) == 4 * batch
    assert first.known_ids([row(1)[0], row(4 * batch - 1)[0], row(4 * batch)[0]]) == {
        row(1)[0],
        row(4 * batch - 1)[0],
    }


def test_pipeline_on_a_store_damaged_since_the_check_closes_the_spider(tmp_path) -> None:
    """The key table is read when the store opens: damage found then stops the crawl (one
    ERROR, ``store_failed``) as damage found by a lookup does, not with a traceback."""
    path = tmp_path / "seen.sqlite3"
    store = SeenStore(path)
    store.add([row(n) for n in range(2 * SEGMENT_STORIES)])  # a closed segment and its filter
    store.close()
    with sqlite3.connect(path) as db:
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'seen_filters'")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * 4096)
        handle.write(b"\xab" * 4096)
    crawler = get_crawler(settings_dict={"AGGNEWS_STATE_DIR": str(tmp_path)})
    pipe = SeenStorePipeline.from_crawler(crawler)
    with pytest.raises(CloseSpider) as closed:
        pipe.open_spider()
    assert closed.value.reason == "store_failed"
    assert crawler.stats.get_value("aggnews/store/failed") == (
        f"the seen-store {path} is damaged: database disk image is malformed. Move it away "
        "(the next run re-emits stories) or restore it from a backup, then run again."
    )
    pipe.close_spider()
    assert crawler.stats.get_value("aggnews/store/recorded") is None
