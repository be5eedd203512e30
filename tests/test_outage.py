"""A crawl that reaches nothing of its site fails loudly (exit 6); one that finds nothing new
does not."""

from __future__ import annotations

from tests.crawling import crawl, free_port, generated_site
from tests.failsite import failing_site

QUICK_RETRIES = {"AGGNEWS_RETRY_BACKOFF_BASE": "0.01", "AGGNEWS_RETRY_BACKOFF_MAX": "0.05"}


def errors(log: str) -> list[str]:
    return [line.split(" ERROR: ", 1)[1] for line in log.splitlines() if " ERROR: " in line]


def test_connection_refused_everywhere_is_exit_6_and_one_error(tmp_path) -> None:
    origin = f"http://127.0.0.1:{free_port()}"
    out = tmp_path / "o.jsonl"
    run = crawl("masress", out, f"base_url={origin}", state=tmp_path / "state", **QUICK_RETRIES)
    assert run.returncode == 6, run.log[-3000:]
    (line,) = [e for e in errors(run.log) if "no page reached" in e]
    assert line.startswith(
        "masress: no page reached: 4 of 4 start requests failed "
        f"(DownloadConnectionRefusedError); first: {origin}/"
    ), line
    assert run.stat("aggnews/start/failed/DownloadConnectionRefusedError") == 4
    assert run.stat("aggnews/unreachable") == line
    assert run.items == []


def test_every_start_page_404_or_503_is_exit_6_naming_both(tmp_path) -> None:
    with failing_site() as (origin, answered):
        run = crawl(
            "masress", tmp_path / "o.jsonl", f"base_url={origin}", state=tmp_path, **QUICK_RETRIES
        )
    assert run.returncode == 6, run.log[-3000:]
    (line,) = [e for e in errors(run.log) if "no page reached" in e]
    assert line.startswith(
        "masress: no page reached: 4 of 4 start requests failed (http_404 2, http_503 2)"
    ), line
    # The two feeds were retried (3 times each) before the crawl gave up on them.
    assert answered[503] == 2 * 4
    assert run.stat("aggnews/start/reached") is None


def test_a_story_url_that_is_gone_is_exit_6(tmp_path) -> None:
    with failing_site() as (origin, _):
        run = crawl(
            "masress",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            "urls=https://www.masress.com/ahram/1",
            state=tmp_path,
        )
    assert run.returncode == 6
    assert "masress: no page reached: 1 of 1 start requests failed (http_404)" in run.log


def test_incremental_run_with_nothing_new_exits_0(tmp_path) -> None:
    with generated_site(30) as origin:
        first = crawl("masress", tmp_path / "1.jsonl", f"base_url={origin}", state=tmp_path)
        second = crawl("masress", tmp_path / "2.jsonl", f"base_url={origin}", state=tmp_path)
    assert first.returncode == 0 and len(first.items) == 30
    assert second.returncode == 0, second.log[-3000:]
    assert second.items == []
    assert second.stat("aggnews/start/reached") >= 2
    assert "no page reached" not in second.log
