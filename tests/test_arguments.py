"""Spider arguments end to end, on the masress fixture mini-site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from aggnews.crawling.urls import canonical_url
from aggnews.sites import load_profiles
from aggnews.spiders.arguments import FALSE, TRUE, ArgumentError, parse_arguments
from tests.crawling import crawl, minisite
from tests.fixturesite import emitted_matches, story_pages

MASRESS = load_profiles()["masress"]
STORIES = {canonical_url(p.url, MASRESS): p.expected for p in story_pages("masress")}
PAGE_TWO_ONLY = "https://www.masress.com/en/ahramonline/280655"


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    with minisite("masress") as url:
        yield url


def urls_of(run) -> set[str]:
    assert run.returncode == 0, run.log[-2000:]
    return {item["url"] for item in run.items}


def test_lang_restricts_to_one_edition(origin: str, tmp_path) -> None:
    run = crawl("masress", tmp_path / "o.jsonl", f"base_url={origin}", "lang=en", state=tmp_path)
    assert urls_of(run) == {u for u, e in STORIES.items() if e["language"] == "en"}


def test_urls_of_a_story_yield_just_that_story(origin: str, tmp_path) -> None:
    story = "https://www.masress.com/en/dailynews/153042"
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", f"urls={story}", state=tmp_path
    )
    assert urls_of(run) == {story}
    assert run.items[0]["title"] == STORIES[story]["title"]
    assert run.stat("aggnews/listing_pages") is None


def test_urls_of_a_listing_start_there(origin: str, tmp_path) -> None:
    listing = f"{origin}/en/ahramonline"
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", f"urls={listing}", state=tmp_path
    )
    got = urls_of(run)
    assert PAGE_TWO_ONLY in got
    assert got <= {u for u, e in STORIES.items() if e["language"] == "en"}


def test_max_pages_bounds_pagination(origin: str, tmp_path) -> None:
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", "max_pages=1", state=tmp_path
    )
    assert urls_of(run) == set(STORIES) - {PAGE_TWO_ONLY}
    assert run.stat("aggnews/pagination/max_pages") >= 1


def test_since_skips_older_stories_and_stops_paginating(origin: str, tmp_path) -> None:
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", "since=2017-11-20", state=tmp_path
    )
    expected = {u for u, e in STORIES.items() if e["date"][:10] >= "2017-11-20"}
    assert urls_of(run) == expected
    assert run.stat("aggnews/skipped/before_since") >= len(STORIES) - len(expected) - 1
    assert run.stat("aggnews/pagination/since") >= 1
    assert f"{origin}/en/ahramonline?page=2" not in run.log


def test_second_run_requests_no_known_story_and_refresh_requests_them(
    origin: str, tmp_path
) -> None:
    first = crawl("masress", tmp_path / "1.jsonl", f"base_url={origin}", state=tmp_path)
    assert first.returncode == 0, first.log[-2000:]
    emitted_matches("masress", [item["url"] for item in first.items])
    second = crawl("masress", tmp_path / "2.jsonl", f"base_url={origin}", state=tmp_path)
    assert urls_of(second) == set()
    # No story page at all: the duplicate (never emitted) sits on /ahram?page=2, which is
    # not fetched because every story of /ahram page 1 is known.
    assert second.stat("aggnews/story_pages") is None
    assert second.stat("aggnews/incremental/listing_exhausted") >= 1
    assert f"{origin}/ahram?page=2" not in second.log
    refreshed = crawl(
        "masress", tmp_path / "3.jsonl", f"base_url={origin}", "refresh=1", state=tmp_path
    )
    assert urls_of(refreshed) == set()
    assert refreshed.stat("aggnews/story_pages") == len(STORIES) + 1
    assert refreshed.stat("aggnews/duplicates/previous_run") == len(STORIES)


@pytest.mark.parametrize("value", [*TRUE, *FALSE, "YES", "False", " 1 "])
def test_a_boolean_argument_accepts_exactly_what_its_error_lists(value: str) -> None:
    allowed = re.search(r"expected (\S+) or (\S+)$", _refresh_error("maybe"))
    assert allowed is not None
    listed_true, listed_false = allowed[1].split("|"), allowed[2].split("|")
    assert (listed_true, listed_false) == (list(TRUE), list(FALSE))
    expect = value.strip().lower() in TRUE
    assert parse_arguments(MASRESS, refresh=value).refresh is expect


@pytest.mark.parametrize("value", ["2", "y", "on", "oui", "-1"])
def test_a_boolean_argument_refuses_anything_else_in_one_line(value: str) -> None:
    assert _refresh_error(value) == f"refresh={value!r}: expected 1|true|yes or 0|false|no"


def test_since_in_the_future_is_refused_and_today_is_not() -> None:
    today = datetime.now(UTC).date()
    assert parse_arguments(MASRESS, since=today.isoformat()).since == today
    with pytest.raises(ArgumentError) as error:
        parse_arguments(MASRESS, since=(today + timedelta(days=2)).isoformat())
    assert str(error.value) == (
        f"since='{today + timedelta(days=2)}': in the future (today is {today} UTC); "
        "no story is that recent"
    )


def _refresh_error(value: str) -> str:
    with pytest.raises(ArgumentError) as error:
        parse_arguments(MASRESS, refresh=value)
    return str(error.value)
