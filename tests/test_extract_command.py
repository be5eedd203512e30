"""``scrapy extract``: stored pages through the same loaders, one JSON line per page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.crawling import ROOT
from tests.fixturesite import FIXTURES

PAGE = FIXTURES / "masress" / "stories" / "en-ahramonline-281012.html"
URL = "https://www.masress.com/en/ahramonline/281012"


def extract(*args: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    return proc.returncode, lines, proc.stderr


def test_pages_in_order_with_failures_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("")
    code, lines, _ = extract(
        "masress", str(PAGE), str(empty), str(PAGE), "--url", URL, "--url", URL, "--url", URL
    )
    assert code == 1
    assert [line.get("url") for line in lines] == [URL, None, URL]
    assert lines[0]["title"] == "Syrian army, allies take back Albu Kamal from IS group militants"
    assert lines[0]["source"] == "Ahram Online"
    assert lines[1] == {"page": str(empty), "error": "empty page"}


def saved_with(tmp_path: Path, head: str) -> Path:
    """PAGE saved with ``head`` added to its ``<head>``."""
    page = tmp_path / "saved.html"
    page.write_text(PAGE.read_text("utf-8").replace("<head>", f"<head>{head}"), "utf-8")
    return page


def test_canonical_url_from_the_page(tmp_path: Path) -> None:
    page = saved_with(tmp_path, f'<link rel="canonical" href="{URL}?utm_source=x">')
    code, lines, _ = extract("masress", str(page))
    assert code == 0
    assert lines[0]["url"] == URL


def test_no_url_anywhere_is_an_error_line() -> None:
    code, lines, _ = extract("masress", str(PAGE))
    assert code == 1
    assert lines == [{"page": str(PAGE), "error": "no --url and the page names no story URL"}]


def test_unknown_site() -> None:
    code, _, err = extract("nosuchsite", str(PAGE))
    assert code == 2
    assert "unknown site 'nosuchsite'" in err


def test_generic_runs_on_a_page_no_profile_knows(tmp_path: Path) -> None:
    page = tmp_path / "blog.html"
    paras = [
        "The port authority said container traffic rose by a fifth in the first half of the year.",
        "Officials credited new berths and faster customs clearance for the increase in volumes.",
        "Shipping lines have added two weekly services linking the port with East Africa.",
    ]
    links = "".join(f'<li><a href="/n/{i}">Other headline number {i}</a></li>' for i in range(12))
    page.write_text(
        f"<html lang='en'><body><ul class='q'>{links}</ul><main><h1>Port traffic jumps</h1>"
        f"<p class='d'>March 3, 2024</p>{''.join(f'<p>{p}</p>' for p in paras)}</main>"
        "</body></html>",
        "utf-8",
    )
    code, lines, _ = extract(
        "generic", str(page), "--url", "https://blog.example.org/port?utm_source=x"
    )
    assert code == 0
    item = lines[0]
    assert item["url"] == "https://blog.example.org/port"
    assert item["site"] == "generic" and item["language"] == "en"
    assert item["title"] == "Port traffic jumps"
    assert item["date"] == "2024-03-03"
    assert item["body"] == "\n".join(paras)
    assert item["extraction"] == "fallback"


def test_generic_without_url_takes_the_pages_og_url(tmp_path: Path) -> None:
    page = saved_with(tmp_path, f'<meta property="og:url" content="{URL}?utm_source=x">')
    code, lines, _ = extract("generic", str(page))
    assert code == 0
    assert lines[0]["url"] == URL


def test_generic_without_any_url_gives_a_story_without_one(tmp_path: Path) -> None:
    paras = [
        f"Paragraph {i} of a story with enough words to be prose on its own line." for i in range(4)
    ]
    page = tmp_path / "story.html"
    page.write_text(
        "<html><body><h1>Port traffic jumps</h1>" + "".join(f"<p>{p}</p>" for p in paras),
        encoding="utf-8",
    )
    code, lines, _ = extract("generic", str(page))
    assert code == 0
    assert lines[0]["url"] is None and lines[0]["id"] is None
    assert lines[0]["title"] == "Port traffic jumps"


def test_a_listing_page_is_said_to_be_no_story_in_its_line_and_exit_status(
    tmp_path: Path,
) -> None:
    home = FIXTURES / "masress" / "home.html"
    code, lines, _ = extract("masress", str(home), "--url", "https://www.masress.com/")
    assert code == 7
    assert lines[0]["error"].startswith("not a story page: a listing URL of masress")
    generic = tmp_path / "home.html"
    links = "".join(
        f'<li><a href="/news/{n}">Headline number {n} about the economy and the region</a></li>'
        for n in range(12)
    )
    generic.write_text(f"<html><body><ul>{links}</ul></body></html>", "utf-8")
    code, lines, _ = extract("generic", str(generic), "--url", "https://news.example.com/")
    assert code == 7
    assert lines[0]["error"] == (
        "not a story page: a listing (12 headline links, no article markup, no story text)"
    )
