"""One crawl per state dir: a second crawl refuses (exit 5) or waits; a killed holder
leaves no stale lock."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from tests.crawling import crawl, generated_site, start_crawl

STORIES = 300


@pytest.fixture(scope="module")
def slow_site():
    """Story pages take 0.5 s each: a crawl of it runs for several seconds."""
    with generated_site(STORIES, delay=0.5) as origin:
        yield origin


def wait_for(log: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text("utf-8", "replace"):
            return
        time.sleep(0.05)
    pytest.fail(f"{text!r} never appeared in {log}")


def feed_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines()]


def test_second_crawl_on_a_busy_state_dir_refuses_in_one_line(slow_site, tmp_path) -> None:
    state = tmp_path / "state"
    first = start_crawl(
        "masress", tmp_path / "1.jsonl", f"base_url={slow_site}", AGGNEWS_STATE_DIR=str(state)
    )
    try:
        wait_for(tmp_path / "1.jsonl.log", "Spider opened")
        second = crawl(
            "masress",
            tmp_path / "2.jsonl",
            f"base_url={slow_site}",
            state=state,
            AGGNEWS_STATE_LOCK_WAIT="1",
        )
        assert first.poll() is None, "the first crawl was still running"
    finally:
        first_status = first.wait(timeout=300)
    assert second.returncode == 5
    lines = [line for line in second.log.splitlines() if line.startswith("aggnews: error:")]
    assert lines == [
        f"aggnews: error: the state dir {state} is in use by another crawl (pid {first.pid}, "
        "waited 1 s); wait for it to finish, raise AGGNEWS_STATE_LOCK_WAIT, or give this crawl "
        "its own AGGNEWS_STATE_DIR"
    ]
    assert "Spider opened" not in second.log
    assert not (tmp_path / "2.jsonl").exists(), "the refused crawl wrote no feed"
    assert first_status == 0
    assert len(set(feed_ids(tmp_path / "1.jsonl"))) == STORIES


def test_a_crawl_that_waits_runs_after_the_first_and_emits_nothing_twice(
    slow_site, tmp_path
) -> None:
    state = tmp_path / "state"
    first = start_crawl(
        "masress", tmp_path / "1.jsonl", f"base_url={slow_site}", AGGNEWS_STATE_DIR=str(state)
    )
    try:
        wait_for(tmp_path / "1.jsonl.log", "Spider opened")
        second = start_crawl(
            "masress",
            tmp_path / "2.jsonl",
            f"base_url={slow_site}",
            AGGNEWS_STATE_DIR=str(state),
            AGGNEWS_STATE_LOCK_WAIT="300",
        )
        assert second.wait(timeout=300) == 0
        assert first.poll() is not None, "the second crawl ran only once the first had ended"
    finally:
        assert first.wait(timeout=300) == 0
    first_ids, second_ids = feed_ids(tmp_path / "1.jsonl"), feed_ids(tmp_path / "2.jsonl")
    assert len(set(first_ids)) == STORIES
    assert second_ids == []


def test_a_killed_holder_leaves_no_stale_lock(slow_site, tmp_path) -> None:
    state = tmp_path / "state"
    holder = start_crawl(
        "masress", tmp_path / "1.jsonl", f"base_url={slow_site}", AGGNEWS_STATE_DIR=str(state)
    )
    wait_for(tmp_path / "1.jsonl.log", "Spider opened")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    # The dead crawl's pid is still written in the lock file: the OS lock, not the file, counts.
    assert (state / "crawl.lock").read_text().strip() == str(holder.pid)
    run = crawl(
        "masress", tmp_path / "2.jsonl", f"base_url={slow_site}", "max_pages=1", state=state
    )
    assert run.returncode == 0, run.log[-3000:]
    assert "in use by another crawl" not in run.log
    assert len(run.items) > 0
