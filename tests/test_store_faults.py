"""A corrupt or locked seen-store stops the crawl before any feed is touched."""

from __future__ import annotations

import sqlite3

from tests.crawling import crawl


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
