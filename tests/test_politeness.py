"""Retries with backoff on 429/5xx (Cloudflare's 52x included); robots.txt obeyed."""

from __future__ import annotations

from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES

CORPUS = FIXTURES.parent / "corpus" / "flaky"


def test_retries_with_backoff_then_gives_up_with_a_stat(tmp_path) -> None:
    with minisite(str(CORPUS)) as origin:
        urls = f"{origin}/en/ahramonline/281012,{origin}/en/ahramonline/281013"
        run = crawl(
            "masress",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            f"urls={urls}",
            state=tmp_path,
            AGGNEWS_RETRY_BACKOFF_BASE="0.2",
            AGGNEWS_RETRY_BACKOFF_MAX="1",
            RETRY_TIMES="2",
            AGGNEWS_HEALTH_MIN_PAGES="5",
        )
    assert [i["url"] for i in run.items] == ["https://www.masress.com/en/ahramonline/281012"]
    # 503 twice with Retry-After: 1 (capped at 1 s); 523 twice, backoff 0.2 s then 0.4 s.
    assert run.stat("retry/count") == 4
    assert run.stat("aggnews/retry/backoff_seconds") == 2.6
    assert run.stat("aggnews/failed/http_523") == 1
    assert f"Gave up on {origin}/en/ahramonline/281013: http_523" in run.log


def test_robots_txt_is_obeyed(tmp_path) -> None:
    with minisite(str(CORPUS)) as origin:
        urls = f"{origin}/private/1,{origin}/en/ahramonline/281012"
        run = crawl(
            "masress", tmp_path / "o.jsonl", f"base_url={origin}", f"urls={urls}", state=tmp_path
        )
    assert run.stat("robotstxt/forbidden") == 1
    assert f"Gave up on {origin}/private/1: IgnoreRequest" in run.log


def test_user_agent_and_robots_defaults() -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.get("USER_AGENT").startswith("aggnews/")
    assert {429, 520, 521, 522, 523, 524} <= set(settings.getlist("RETRY_HTTP_CODES", []))


def test_robots_txt_that_times_out_does_not_stop_the_crawl(tmp_path) -> None:
    corpus = FIXTURES.parent / "corpus" / "slow-robots"
    with minisite(str(corpus)) as origin:
        run = crawl(
            "masress",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            f"urls={origin}/en/ahramonline/281012",
            state=tmp_path,
            DOWNLOAD_TIMEOUT="1",
            RETRY_TIMES="1",
            AGGNEWS_RETRY_BACKOFF_BASE="0.1",
        )
    assert run.returncode == 0, run.log[-2000:]
    assert [i["url"] for i in run.items] == ["https://www.masress.com/en/ahramonline/281012"]
    assert f"Getting {origin}/robots.txt took longer than 1.0 seconds" in run.log
