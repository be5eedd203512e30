"""Log levels: dropped duplicates are one DEBUG line with URL and reason; hosts that cannot
be reached are one WARNING line each, without a traceback; every ERROR says what to do."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from tests.crawling import crawl, free_port, minisite
from tests.fixturesite import load_meta, pages

LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[^\]]+\] (DEBUG|INFO|WARNING|ERROR):")


def lines_at(log: str, level: str) -> list[str]:
    return [line for line in log.splitlines() if (m := LEVEL.match(line)) and m[1] == level]


def test_a_dropped_duplicate_is_one_debug_line_with_url_and_reason(tmp_path) -> None:
    duplicate = next(p for p in pages("masress") if p.duplicate_of)
    with minisite("masress") as origin:
        debug = crawl(
            "masress",
            tmp_path / "d.jsonl",
            f"base_url={origin}",
            state=tmp_path / "d",
            LOG_LEVEL="DEBUG",
        )
        info = crawl("masress", tmp_path / "i.jsonl", f"base_url={origin}", state=tmp_path / "i")
    assert debug.returncode == info.returncode == 0, info.log[-2000:]
    dropped = [line for line in debug.log.splitlines() if "Dropped: " in line]
    assert len(dropped) == 1, dropped
    assert re.search(
        r"\] DEBUG: Dropped: duplicate content: https://www\.masress\.com/\S+ repeats "
        r"https://www\.masress\.com/\S+$",
        dropped[0],
    ), dropped[0]
    assert duplicate.url in dropped[0] or duplicate.duplicate_of in dropped[0]
    # the item itself (its body) is never logged with the drop
    index = debug.log.index(dropped[0])
    assert "'body':" not in debug.log[index : index + len(dropped[0]) + 200]
    assert debug.stat("aggnews/duplicates/content") == 1
    assert info.stat("aggnews/duplicates/content") == 1
    assert "Dropped" not in info.log
    assert "'body':" not in info.log


def test_an_unreachable_site_is_one_warning_per_page_and_one_error(tmp_path) -> None:
    origin = f"http://127.0.0.1:{free_port()}"
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", state=tmp_path, RETRY_TIMES="0"
    )
    assert run.returncode == 6, run.log[-2000:]
    assert "Traceback" not in run.log
    warnings = lines_at(run.log, "WARNING")
    robots = [w for w in warnings if "robots.txt" in w]
    assert robots == [w for w in warnings if f"{origin}/robots.txt" in w]
    assert len(robots) == 1
    assert robots[0].endswith(
        f"WARNING: robots.txt unreachable, crawling as if it allowed everything: "
        f"{origin}/robots.txt: DownloadConnectionRefusedError: Connection was refused by "
        "other side: 111: Connection refused."
    ), robots[0]
    pages_failed = [w for w in warnings if "Gave up on" in w]
    assert len(pages_failed) == 4 == len(warnings) - 1, warnings
    assert all(w.endswith(": DownloadConnectionRefusedError") for w in pages_failed)
    assert "Gave up retrying" not in run.log
    errors = lines_at(run.log, "ERROR")
    assert (
        len(errors) == 1 and "masress: no page reached: 4 of 4 start requests failed" in errors[0]
    )
    assert run.stat("aggnews/robotstxt/unreachable") == 1


def test_outlet_pages_that_fail_are_named_as_the_cause(tmp_path) -> None:
    """akhbarak's framed stories need the outlet's page: when it cannot be fetched, the
    ERROR blames that, not the layout, and says how to serve outlets offline."""
    dead_proxy = f"http://127.0.0.1:{free_port()}"
    with minisite("akhbarak") as origin:
        run = crawl(
            "akhbarak",
            tmp_path / "o.jsonl",
            f"base_url={origin}",
            state=tmp_path,
            AGGNEWS_OUTLET_PROXY=dead_proxy,
            RETRY_TIMES="0",
        )
    assert run.returncode == 3
    assert "Traceback" not in run.log
    outlets = [p for p in pages("akhbarak") if p.original]
    errors = lines_at(run.log, "ERROR")
    assert len(errors) == 1, errors
    assert re.search(
        rf"ERROR: akhbarak: extraction failing: {len(outlets)} of \d+ story pages \(\d+%\) have "
        rf"no body; {len(outlets)} outlet page\(s\) the bodies come from could not be fetched "
        r"\(see the 'Gave up on' WARNINGs; offline, serve them with -s AGGNEWS_OUTLET_PROXY\)$",
        errors[0],
    ), errors[0]
    # the summary shows URLs decoded: Arabic slugs as text
    failed = [line.strip() for line in run.log.splitlines() if line.startswith("    failed: ")]
    gone = load_meta("akhbarak")["crawl"]["missing"][0]
    assert f"failed: {origin}{unquote(urlsplit(gone).path)}" in failed
    assert not [line for line in failed if "%D8" in line]
    robots = [w for w in lines_at(run.log, "WARNING") if "robots.txt unreachable" in w]
    assert sorted(re.search(r"everything: (\S+): ", w)[1] for w in robots) == sorted(
        {p.original.split("/story")[0].split("/news")[0] + "/robots.txt" for p in outlets}
    )


def test_a_second_run_says_why_it_emitted_nothing(tmp_path) -> None:
    with minisite("masress") as origin:
        first = crawl("masress", tmp_path / "1.jsonl", f"base_url={origin}", state=tmp_path)
        second = crawl("masress", tmp_path / "2.jsonl", f"base_url={origin}", state=tmp_path)
    assert first.items and not second.items
    known = second.stat("aggnews/incremental/known_skipped")
    assert known >= len(first.items)
    assert (
        f"  not requested: {known} story links emitted by earlier runs (the seen-store in "
        f"{tmp_path}; -a refresh=1 reads them again, -s AGGNEWS_FRESH=1 emits them again)"
    ) in second.log
    assert "not requested:" not in first.log
