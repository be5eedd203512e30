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


def test_canonical_url_from_the_page(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    html = PAGE.read_text("utf-8").replace(
        "<head>", f'<head><link rel="canonical" href="{URL}?utm_source=x">'
    )
    page.write_text(html, "utf-8")
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
