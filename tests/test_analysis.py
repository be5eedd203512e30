"""The README's pandas and DuckDB snippets load one feed or many into the same types, dates
with and without a time included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.crawling import ROOT
from tests.fixturesite import schema, story_pages

README = (ROOT / "README.md").read_text("utf-8")
SECTION = README.split("### Loading feeds into pandas or DuckDB", 1)[1].split("\n## ", 1)[0]
PYTHON = re.search(r"```python\n(.*?)```", SECTION, re.S)[1]
SQL = re.search(r"```sql\n(.*?)```", SECTION, re.S)[1]


def _feed(path: Path, site: str, with_time: bool | None) -> list[dict]:
    """A feed of the site's expected items (as a crawl emits them); ``with_time`` keeps only
    dates with (True) or without (False) a time."""
    items = []
    for page in story_pages(site):
        item = {**page.expected, "cluster_id": page.expected["id"]}
        item["crawled_at"] = "2026-12-01T10:00:00+00:00"
        if with_time is None or ("T" in (item["date"] or "")) == with_time:
            items.append(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), "utf-8")
    return items


@pytest.fixture
def feeds(tmp_path, monkeypatch) -> list[dict]:
    monkeypatch.chdir(tmp_path)
    items = _feed(tmp_path / "output/masress/1.jsonl", "masress", with_time=False)
    items += _feed(tmp_path / "output/zawya/1.jsonl", "zawya", with_time=True)
    items += _feed(tmp_path / "output/albawaba/1.jsonl", "albawaba", with_time=None)
    (tmp_path / "output/nabd").mkdir()
    (tmp_path / "output/nabd/1.jsonl").write_text("")  # a run that found nothing new
    return items


def _read(pattern: str | None = None) -> pd.DataFrame:
    scope: dict = {}
    exec(compile(PYTHON, "README.md (pandas)", "exec"), scope)
    return scope["read_feeds"](pattern) if pattern else scope["stories"]


def test_pandas_snippet_gives_one_type_per_column_for_one_feed_or_many(feeds) -> None:
    every = _read()
    assert len(every) == len(feeds)
    assert str(every["published_day"].dtype).startswith("datetime64")
    assert str(every["date_utc"].dtype).startswith("datetime64") and "UTC" in str(
        every["date_utc"].dtype
    )
    assert "UTC" in str(every["crawled_at"].dtype)
    assert every["date"].map(type).eq(str).all()
    assert every["date_utc"].notna().sum() == sum("T" in i["date"] for i in feeds)
    assert every["published_day"].dt.strftime("%Y-%m-%d").tolist() == [
        i["published_day"] for i in sorted_like(feeds)
    ]
    day_only, with_time = _read("output/masress/*.jsonl"), _read("output/zawya/*.jsonl")
    assert day_only["date_utc"].isna().all() and with_time["date_utc"].notna().all()
    for column in ("date", "date_utc", "published_day", "crawled_at", "paywalled"):
        assert day_only[column].dtype == with_time[column].dtype == every[column].dtype, column


def sorted_like(items: list[dict]) -> list[dict]:
    """``items`` in the order the snippet reads them: files sorted by path."""
    order = {"albawaba": 0, "masress": 1, "zawya": 2}
    return sorted(items, key=lambda i: order[i["site"]])


def test_duckdb_snippet_gives_one_type_per_column(feeds) -> None:
    db = duckdb.connect()
    statements = [s for s in SQL.split(";") if s.strip()]
    for statement in statements[:-1]:
        db.execute(statement)
    types = dict(db.execute("SELECT column_name, column_type FROM (DESCRIBE stories)").fetchall())
    assert list(types) == list(schema()["properties"]), "the snippet's columns are the schema's"
    assert (types["date"], types["date_utc"], types["published_day"]) == (
        "VARCHAR",
        "TIMESTAMP WITH TIME ZONE",
        "DATE",
    )
    rows = db.execute(statements[-1]).fetchall()
    assert sum(n for _, _, n in rows) == len(feeds)
    utc = db.execute("SELECT count(date_utc) FROM stories").fetchone()[0]
    assert utc == sum("T" in i["date"] for i in feeds)
    zawya = db.execute(
        "SELECT date, strftime(date_utc AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), "
        "CAST(published_day AS VARCHAR) FROM stories WHERE site = 'zawya' ORDER BY id"
    ).fetchall()
    want = sorted((i for i in feeds if i["site"] == "zawya"), key=lambda i: i["id"])
    assert zawya == [(i["date"], i["date_utc"], i["published_day"]) for i in want]
