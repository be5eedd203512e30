"""Pipelines: validation, in-run duplicates, the cross-run seen-store; the feed exporter."""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.test import get_crawler

from aggnews.crawling.urls import story_id
from aggnews.feeds import JsonLinesExporter
from aggnews.items import NewsArticle
from aggnews.pipelines.dedupe import DuplicatesPipeline
from aggnews.pipelines.seen import SeenStorePipeline
from aggnews.pipelines.validate import ValidatePipeline
from aggnews.state.seen import SeenStore, StoreError

BODY = (
    "وقالت الوزارة في بيان إن الإجراءات الجديدة تهدف إلى تحسين الخدمات المقدمة للمواطنين "
    "وتسهيل الإجراءات الإدارية، مشيرة إلى أن التطبيق سيبدأ مطلع الشهر المقبل في جميع المحافظات."
)


def article(url: str, body: str = BODY, title: str = "عنوان") -> NewsArticle:
    return NewsArticle(
        id=story_id(url), url=url, site="masress", language="ar", title=title, body=body
    )


def crawler(tmp_path: Path, **settings: object):
    base = {"AGGNEWS_STATE_DIR": str(tmp_path), "AGGNEWS_CONTENT_DEDUPE_MIN_CHARS": 100}
    return get_crawler(settings_dict={**base, **settings})


def test_validate_drops_missing_fields_with_warning_and_stat(tmp_path, caplog) -> None:
    c = crawler(tmp_path)
    pipe = ValidatePipeline.from_crawler(c)
    item = article("https://www.masress.com/ahram/1", body="")
    with caplog.at_level(logging.WARNING), pytest.raises(DropItem):
        pipe.process_item(item)
    assert "Dropped https://www.masress.com/ahram/1: no body" in caplog.text
    assert c.stats.get_value("aggnews/dropped/missing_body") == 1
    good = article("https://www.masress.com/ahram/2")
    assert pipe.process_item(good) is good


def test_duplicates_by_url_and_by_content(tmp_path) -> None:
    c = crawler(tmp_path)
    pipe = DuplicatesPipeline.from_crawler(c)
    pipe.process_item(article("https://www.masress.com/ahram/1"))
    with pytest.raises(DropItem):
        pipe.process_item(article("https://www.masress.com/ahram/1"))
    # Same story under another slug and id, with spacing, punctuation and hamza variants.
    respelled = BODY.replace("إلى", "الى").replace("،", " ,") + "  "
    with pytest.raises(DropItem, match=r"repeats https://www\.masress\.com/ahram/1"):
        pipe.process_item(article("https://www.masress.com/shorouk/99", body=respelled))
    pipe.process_item(
        article("https://www.masress.com/ahram/3", body=BODY + " وأضاف البيان تفاصيل أخرى.")
    )
    assert c.stats.get_value("aggnews/duplicates/url") == 1
    assert c.stats.get_value("aggnews/duplicates/content") == 1


def test_short_bodies_are_not_content_duplicates(tmp_path) -> None:
    pipe = DuplicatesPipeline.from_crawler(crawler(tmp_path))
    pipe.process_item(article("https://www.masress.com/ahram/1", body="فيديو"))
    pipe.process_item(article("https://www.masress.com/ahram/2", body="فيديو"))


def _run(tmp_path: Path, urls: list[str], **settings: object) -> tuple[list[str], object]:
    c = crawler(tmp_path, **settings)
    pipe = SeenStorePipeline.from_crawler(c)
    pipe.open_spider()
    emitted = []
    for url in urls:
        with contextlib.suppress(DropItem):
            emitted.append(pipe.process_item(article(url, body=BODY + url)).url)
    pipe.close_spider()
    return emitted, c.stats


def test_seen_store_across_runs(tmp_path) -> None:
    urls = [f"https://www.masress.com/ahram/{i}" for i in range(5)]
    first, stats = _run(tmp_path, urls[:3])
    assert first == urls[:3] and stats.get_value("aggnews/store/recorded") == 3
    second, stats = _run(tmp_path, urls)
    assert second == urls[3:]
    assert stats.get_value("aggnews/duplicates/previous_run") == 3
    fresh, _ = _run(tmp_path, urls, AGGNEWS_FRESH=True)
    assert fresh == urls
    assert len(SeenStore(tmp_path / "seen.sqlite3")) == 5


def test_seen_store_recognises_content_from_an_earlier_run(tmp_path) -> None:
    store = SeenStore(tmp_path / "s.sqlite3")
    store.add([("a" * 16, "f" * 40, "https://x/1", "masress", "2026-01-01T00:00:00+00:00")])
    assert store.seen("b" * 16, "f" * 40)
    assert store.seen("a" * 16, None)
    assert not store.seen("b" * 16, None)


def test_corrupt_store_gives_a_clear_error(tmp_path) -> None:
    path = tmp_path / "seen.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=f"seen-store {path}.*move it away"):
        SeenStore(path)


def _exported(exporter_class: type, items: list, **options: object) -> bytes:
    out = io.BytesIO()
    exporter = exporter_class(out, encoding="utf-8", **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue()


@dataclass
class _Serialized:
    title: str = field(default="", metadata={"serializer": str.upper})


def test_jsonlines_exporter_writes_scrapys_lines() -> None:
    """The dataclass shortcut gives Scrapy's bytes: every field in order, Arabic as is,
    serializers and ``fields`` honoured (those go through Scrapy's code)."""
    story = NewsArticle(id="1", title="خبر", body='a "b"\nc', paywalled=True)
    story.extra = "not a field"  # an attribute outside the fields is not exported
    items = [story, NewsArticle(), {"title": "dict"}, _Serialized("x")]
    ours = _exported(JsonLinesExporter, items)
    assert ours == _exported(JsonLinesItemExporter, items)
    assert ours.splitlines()[0].startswith(b'{"id": "1", "url": null')
    assert "خبر".encode() in ours and b'"X"' in ours
    only = {"fields_to_export": ["title"]}
    assert _exported(JsonLinesExporter, items, **only) == _exported(
        JsonLinesItemExporter, items, **only
    )
