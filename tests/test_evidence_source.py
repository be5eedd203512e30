"""The outlet from every kind of evidence, agreed across layers (synthetic pages)."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from aggnews.crawling.discovery import ListingParser
from aggnews.dates import DateReader
from aggnews.extract.article import Extraction, StoryExtractor
from aggnews.extract.layers import LAST_RESORT_SOURCES
from aggnews.items import NewsArticle
from aggnews.loaders import ArticleLoader
from aggnews.profile import generic_profile
from aggnews.sites.albawaba import PROFILE as ALBAWABA
from aggnews.sites.masress import PROFILE as MASRESS
from tests.test_evidence import BODY, URL, extract

HEAD = "<body><h1>Cabinet approves ride-hailing law</h1>"


def test_breadcrumb_trail_names_the_outlet() -> None:
    result = extract(
        '<body><nav aria-label="breadcrumb"><ol><li><a href="/">Home</a></li>'
        '<li><a href="/sources/12">Al-Ahram</a></li><li>Cabinet approves ride-hailing law</li>'
        f"</ol></nav><h1>Cabinet approves ride-hailing law</h1>{BODY}"
    )
    assert (result.item.source, result.layers["source"]) == ("Al-Ahram", "breadcrumb")


def test_breadcrumb_written_as_text_with_separators() -> None:
    result = extract(
        '<body><div class="breadcrumbs">الرئيسية › الأهرام › Cabinet approves ride-hailing law'
        f"</div>{HEAD[6:]}{BODY}"
    )
    assert result.item.source == "الأهرام"


def test_breadcrumb_is_a_section_on_sites_off_the_platform() -> None:
    page = (
        '<body><nav class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a></nav>'
        f"{HEAD[6:]}{BODY}"
    )
    result = extract(page, "https://www.albawaba.com/news/cabinet-law-1530212", ALBAWABA)
    assert result.item.source != "News"


def test_listing_links_teach_slug_names_used_when_the_page_names_no_outlet() -> None:
    listing = HtmlResponse(
        url="https://www.masress.com/",
        body=(
            '<html><body><div><a href="/ahram">الأهرام</a>'
            '<a href="/ahram/172573">Cabinet approves ride-hailing law</a></div>'
            '<div><a href="/shorouk">الشروق</a></div></body></html>'
        ).encode(),
        encoding="utf-8",
    )
    parsed = ListingParser(MASRESS, DateReader(MASRESS.languages)).parse(listing)
    assert parsed.outlets == {"ahram": "الأهرام", "shorouk": "الشروق"}
    extractor = StoryExtractor(MASRESS)
    extractor.learn_outlets(parsed.outlets)
    page = f"<html><body>{HEAD[6:]}{BODY}</body></html>"
    response = HtmlResponse(url=URL, body=page.encode(), encoding="utf-8")
    result = extractor.extract(response)
    assert (result.item.source, result.layers["source"]) == ("الأهرام", "listing")


def test_layers_vote_and_two_agreeing_beat_one() -> None:
    ld = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Al-Ahram"}}
    result = extract(
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<body><div class="crumbs"><a href="/">Home</a> <a href="/ahram">Al-Ahram</a></div>'
        f"{HEAD[6:]}{BODY}<p>Source: Cairo Desk Weekly</p>"
    )
    assert (result.item.source, result.layers["source"]) == ("Al-Ahram", "slug")


def test_the_earliest_layer_wins_a_tie() -> None:
    result = extract(f'{HEAD}{BODY}<p>Source: MENA</p><div><a href="/ahram">Al-Ahram</a></div>')
    assert (result.item.source, result.layers["source"]) == ("MENA", "cue")


def test_original_source_meta_gives_the_link_and_dublin_core_the_outlet() -> None:
    result = extract(
        '<meta name="original-source" content="https://www.alyaum.com/articles/6512345">'
        '<meta name="DC.source" content="اليوم"><body>' + HEAD[6:] + BODY
    )
    assert result.item.source_url == "https://www.alyaum.com/articles/6512345"
    assert (result.item.source, result.layers["source"]) == ("اليوم", "metadata")


def test_an_off_site_canonical_is_the_original_on_an_aggregator_only() -> None:
    head = '<link rel="canonical" href="https://www.alyaum.com/articles/6512345"><body>'
    on_aggregator = extract(head + HEAD[6:] + BODY)
    assert on_aggregator.item.source_url == "https://www.alyaum.com/articles/6512345"
    assert on_aggregator.item.url == URL  # the story keeps the aggregator's URL
    outlet_page = "https://www.example-news.com/2025/12/03/cabinet-law"
    generic = extract(head + HEAD[6:] + BODY, outlet_page, generic_profile(outlet_page))
    assert generic.item.source_url is None


def test_an_on_site_canonical_is_no_original() -> None:
    head = '<link rel="canonical" href="https://www.masress.com/ahram/172573"><body>'
    assert extract(head + HEAD[6:] + BODY).item.source_url is None


@pytest.mark.parametrize(
    "name",
    [
        'property="og:published_time"',
        'name="publish-date"',
        'name="parsely-pub-date"',
        'name="sailthru.date"',
        'name="DC.date.issued"',
        'name="dcterms.created"',
        'name="citation_publication_date"',
    ],
)
def test_the_publication_date_from_any_common_meta_tag(name: str) -> None:
    result = extract(f'<meta {name} content="2025-12-03T09:20:00+02:00"><body>' + HEAD[6:] + BODY)
    assert (result.item.date, result.layers["date"]) == ("2025-12-03T09:20:00+02:00", "metadata")


def _vote_for(layers: list) -> tuple[str | None, str | None]:
    loader = ArticleLoader(self_names=MASRESS.self_names)
    result = Extraction(item=NewsArticle())
    StoryExtractor._vote(loader, result, "source", layers, LAST_RESORT_SOURCES)
    return loader.get_output_value("source"), result.layers.get("source")


def test_the_last_resorts_run_only_when_no_other_layer_named_the_outlet() -> None:
    asked: list[str] = []

    def layer(name: str, value: str) -> tuple:
        return name, lambda: asked.append(name) or ([value] if value else [])

    resorts = [layer("byline", "عكاظ"), layer("byline", "عكاظ"), layer("dateline", "عكاظ")]
    # two agreeing bylines would outvote the selector: they are not asked
    assert _vote_for([layer("selector", "الشروق"), *resorts]) == ("الشروق", "selector")
    assert asked == ["selector"]
    asked.clear()
    assert _vote_for([layer("selector", ""), layer("metadata", "Masress"), *resorts]) == (
        "عكاظ",
        "byline",
    )  # the aggregator's own name, dropped by the loader, is no outlet: the bylines vote
    assert asked == ["selector", "metadata", "byline", "byline", "dateline"]
