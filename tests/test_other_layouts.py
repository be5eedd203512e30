"""One story page per site in a layout unlike the site's fixtures (tests/corpus/other-layouts):
each field as expected, and what the page does not show plainly (zawya's outlet, named only
as plain text beside the date) left empty, never guessed."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles

CORPUS = Path(__file__).parent / "corpus" / "other-layouts"
META = json.loads((CORPUS / "meta.json").read_text("utf-8"))


def test_every_page_is_marked_synthetic() -> None:
    assert META["synthetic"] is True and len(META["pages"]) >= 3
    for name in META["pages"]:
        assert b"synthetic" in (CORPUS / name).read_bytes()[:200]


@pytest.mark.parametrize("name", sorted(META["pages"]))
def test_story_fields(name: str) -> None:
    page = META["pages"][name]
    response = HtmlResponse(url=page["url"], body=(CORPUS / name).read_bytes())
    item = asdict(StoryExtractor(load_profiles()[page["site"]]).extract(response).item)
    for field, value in page["expected"].items():
        assert item[field] == value, field
    for line in (
        "الوسوم",
        "للمزيد",
        "Mots-clés",
        "Publicité",
        "Photo :",
        "Read more",
        "Disclaimer",
        "Share",
    ):
        assert line not in (item["body"] or ""), line
