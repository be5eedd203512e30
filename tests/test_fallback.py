"""The generic fallback on pages of layouts no profile knows (tests/corpus/unknown-layouts)."""

from __future__ import annotations

import json
from dataclasses import asdict

import jsonschema
import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles
from tests.fixturesite import FIXTURES, schema

CORPUS = FIXTURES.parent / "corpus" / "unknown-layouts"
META = json.loads((CORPUS / "meta.json").read_text("utf-8")) if CORPUS.exists() else {"pages": {}}
PAGES = [(name, page) for name, page in META["pages"].items() if page.get("expected")]


def test_corpus_is_there() -> None:
    assert len(PAGES) >= 5, "tests/corpus/unknown-layouts needs its pages"


@pytest.mark.parametrize(("name", "page"), PAGES, ids=[n for n, _ in PAGES])
def test_unknown_layout_is_extracted_by_the_fallback(name: str, page: dict) -> None:
    profile = load_profiles()[META["site"]]
    response = HtmlResponse(url=page["url"], body=(CORPUS / name).read_bytes())
    result = StoryExtractor(profile).extract(response)
    item = asdict(result.item)
    jsonschema.validate(item, schema())
    expected = json.loads((CORPUS / page["expected"]).read_text("utf-8"))
    for field, value in expected.items():
        assert item[field] == value, f"{field} (layer {result.layers.get(field)})"
    assert item["extraction"] == "fallback"
    for headline in META["ticker"]:
        assert headline not in item["title"] and headline not in item["body"]
