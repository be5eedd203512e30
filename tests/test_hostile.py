"""Hostile and broken input (tests/corpus/hostile): a clear log line and a stat for each bad
page or feed, the crawl goes on, and every good story is emitted."""

from __future__ import annotations

import json
import resource

import pytest

from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES

CORPUS = FIXTURES.parent / "corpus" / "hostile"
META = json.loads((CORPUS / "meta.json").read_text("utf-8"))
TITLE = "المصادقة على خطة لتحديث شبكات المياه في الجيزة"
GOOD = {1, 2, 3, 4, 8, 9, 10, 11, 12, 18, 19, 20}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with minisite(str(CORPUS)) as origin:
        paths = [f"/ahram/9000{n:02d}" for n in range(1, 21) if n != 14]
        urls = ",".join(origin + p for p in [*paths, "/rss-xxe", "/rss-laughs"])
        result = crawl(
            "masress",
            tmp / "out.jsonl",
            f"base_url={origin}",
            f"urls={urls}",
            state=tmp,
            DOWNLOAD_TIMEOUT="2",
            RETRY_TIMES="3",
            AGGNEWS_RETRY_BACKOFF_BASE="0.1",
            AGGNEWS_HEALTH_MAX_MISSING="0.5",
        )
    result.origin = origin
    result.raw = (tmp / "out.jsonl").read_bytes()
    return result


def by_number(run) -> dict[int, dict]:
    return {int(item["url"].rsplit("/", 1)[1]) - 900000: item for item in run.items}


def test_the_crawl_goes_on_and_every_good_story_is_emitted(run) -> None:
    assert run.returncode == 0, run.log[-3000:]
    items = by_number(run)
    assert set(items) == GOOD
    assert all(item["title"] == TITLE for item in items.values())
    assert all("وأضافت المحافظة في بيان رقم" in item["body"] for item in items.values())


def test_jsonl_is_valid_utf8_without_control_characters(run) -> None:
    text = run.raw.decode("utf-8")  # raises on invalid UTF-8 or lone surrogates
    body = by_number(run)[9]["body"]
    assert not any((ord(c) < 32 and c != "\n") or 0xD800 <= ord(c) <= 0xDFFF for c in body)
    assert "\x1b" not in text


def test_lying_or_missing_charsets_are_corrected(run) -> None:
    assert run.stat("aggnews/charset/corrected") == 2
    assert "does not decode as it declares; read as cp1256" in run.log
    assert "does not decode as it declares; read as utf-8" in run.log


def test_script_in_a_title_is_not_text(run) -> None:
    title = by_number(run)[8]["title"]
    assert title == TITLE and "alert" not in title and "<" not in title


def test_absurd_dates(run) -> None:
    items = by_number(run)
    assert items[10]["date"] is None  # year 0
    assert items[11]["date"] is None  # 31 December 9999: in the future
    assert items[12]["date"] == "2017-12-31"  # "12 - 31 - 2017": only month-first can be right


@pytest.mark.parametrize(
    ("number", "reason", "log"),
    [
        (5, None, "is empty or not text; skipped"),
        (6, "DownloadCancelledError", "larger than download max size"),
        (7, "IgnoreRequest", "exceeded DOWNLOAD_MAXSIZE"),
        (15, "DownloadTimeoutError", None),
        (16, "ResponseDataLossError", None),
        (17, "IgnoreRequest", "Truncated gzip body from"),
    ],
)
def test_each_bad_page_has_a_log_line_and_a_stat(run, number: int, reason, log) -> None:
    url = f"{run.origin}/ahram/9000{number:02d}"
    if reason:
        assert f"Gave up on {url}: {reason}" in run.log
        assert run.stat(f"aggnews/failed/{reason}") >= 1
    if log:
        assert any(
            log in line and (str(number) in line or reason is None) for line in run.log.splitlines()
        )


def test_hostile_feeds_read_no_local_file_and_stay_small(run) -> None:
    assert "root:" not in run.raw.decode("utf-8") and "root:x:0" not in run.log
    # The XXE feed's one story link was followed (and 404s): the feed was read, not refused.
    assert f"Gave up on {run.origin}/ahram/900100: http_404" in run.log
    assert run.stat("memusage/max") < 600 * 1024 * 1024
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 600 * 1024


def test_bursts_of_429_500_503_are_retried_until_the_story_comes(run) -> None:
    assert run.stat("retry/reason_count/429 Unknown Status") == 2
    assert run.stat("retry/reason_count/500 Internal Server Error") == 1
    assert run.stat("retry/reason_count/503 Service Unavailable") == 3


def test_redirect_loop_is_reported(tmp_path) -> None:
    with minisite(str(CORPUS)) as origin:
        result = crawl(
            "masress",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            f"urls={origin}/ahram/900013",
            state=tmp_path,
        )
    # The crawl's only start page loops: nothing of the site was reached (exit status 6).
    assert result.returncode == 6
    assert "masress: no page reached: 1 of 1 start requests failed (IgnoreRequest)" in result.log
    assert f"Redirect loop at {origin}/ahram/900014 (back to {origin}/ahram/900013)" in result.log
    assert result.stat("aggnews/failed/redirect_loop") == 1
