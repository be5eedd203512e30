"""The compiled schema check gives spidermon's verdict and errors on every item."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from spidermon.contrib.validation import JSONSchemaValidator

from aggnews.pipelines.schema import CompiledJSONSchemaValidator
from aggnews.schema import NEWSARTICLE
from tests.fixturesite import FIXTURES

#: The expected items of the fixtures, with the fields a crawl adds.
ITEMS = [
    {**json.loads(p.read_text("utf-8")), "cluster_id": None, "crawled_at": "2026-12-01T10:00:00Z"}
    for p in sorted(FIXTURES.glob("*/stories/*.json"))
]
FIELDS = sorted(NEWSARTICLE["properties"])
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(["", "x", "2026-12-01", "2026-12-01T10:00:00+02:00", "https://a.b/c", "ab"]),
    st.text(max_size=20),
)


def _both(item: dict) -> tuple:
    return CompiledJSONSchemaValidator(NEWSARTICLE).validate(item), JSONSchemaValidator(
        NEWSARTICLE
    ).validate(item)


def test_every_fixture_item_is_valid_for_both() -> None:
    assert len(ITEMS) > 90
    for item in ITEMS:
        fast, slow = _both(item)
        assert fast == slow == (True, {}), item["url"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(range(len(ITEMS))),
    st.dictionaries(st.sampled_from([*FIELDS, "extra"]), VALUES, max_size=4),
    st.sets(st.sampled_from(FIELDS), max_size=2),
)
def test_a_damaged_item_gets_the_same_verdict_and_errors(
    index: int, changes: dict, removed: set
) -> None:
    item = {**ITEMS[index], **changes}
    for name in removed:
        item.pop(name, None)
    fast, slow = _both(item)
    assert fast == slow


def test_a_schema_with_formats_is_left_to_jsonschema() -> None:
    schema = {"type": "object", "properties": {"when": {"type": "string", "format": "date"}}}
    validator = CompiledJSONSchemaValidator(schema)
    assert validator._check is None
    ok, errors = validator.validate({"when": "not a date"})
    assert (ok, list(errors)) == (False, ["when"])


def test_each_kind_of_error_is_reported_as_spidermon_reports_it() -> None:
    item = ITEMS[0]
    damaged = [
        ({**item, "date": "yesterday"}, ["date"]),
        ({**item, "id": "XYZ"}, ["id"]),
        ({**item, "title": ""}, ["title"]),
        ({**item, "extraction": "guess"}, ["extraction"]),
        ({**item, "paywalled": "no"}, ["paywalled"]),
        ({k: v for k, v in item.items() if k != "body"}, ["body"]),
    ]
    for bad, fields in damaged:
        fast, slow = _both(bad)
        assert fast == slow
        assert (fast[0], sorted(fast[1])) == (False, fields)
    fast, slow = _both({**item, "extra": 1})
    assert fast == slow and fast[0] is False


def test_the_pipeline_counts_what_spidermons_pipeline_counts() -> None:
    from scrapy.utils.test import get_crawler
    from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline

    from aggnews.items import NewsArticle
    from aggnews.pipelines.schema import SchemaValidationPipeline

    stats = []
    for cls in (SchemaValidationPipeline, ItemValidationPipeline):
        crawler = get_crawler(
            settings_dict={"SPIDERMON_ENABLED": True, "SPIDERMON_VALIDATION_SCHEMAS": [NEWSARTICLE]}
        )
        pipeline = cls.from_crawler(crawler)
        for item in ITEMS[:3]:
            pipeline.process_item(NewsArticle(**item))
            pipeline.process_item(NewsArticle(**{**item, "date": "yesterday", "id": "x"}))
        stats.append(crawler.stats.get_stats())
    assert stats[0] == stats[1]
    assert stats[0]["spidermon/validation/items/errors"] == 3
    assert stats[0]["spidermon/validation/fields/errors/regex_not_matched/date"] == 3
