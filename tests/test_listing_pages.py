"""Listing pages of a layout the profile has never seen: the next page is found by what any
layout marks it with, not by the profile's selectors alone."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from aggnews.crawling.discovery import ListingParser
from aggnews.dates import DateReader
from aggnews.sites.masress import PROFILE as MASRESS

LISTING = "https://www.masress.com/ahram"
STORIES = (
    '<ul><li><a href="/ahram/172573">One</a></li><li><a href="/ahram/172702">Two</a></li></ul>'
)


def next_pages(pager: str, url: str = LISTING) -> list[str]:
    html = f"<html><body>{STORIES}<div class='x1'>{pager}</div></body></html>"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8")
    listing = ListingParser(MASRESS, DateReader(MASRESS.languages)).parse(response)
    assert set(listing.stories) == {f"{LISTING}/172573", f"{LISTING}/172702"}
    return listing.next_pages


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="/ahram/older">Next »</a>',
        '<a href="/ahram/older">Older stories &raquo;</a>',
        '<a href="/ahram/older">« الصفحة التالية</a>',
        '<a href="/ahram/older">التالي &larr;</a>',
        '<a href="/ahram/older">Page suivante ›</a>',
        '<a href="/ahram/older">›</a>',
        '<a href="/ahram/older" aria-label="Next page"><svg></svg></a>',
        '<a href="/ahram/older" title="Go to next page"><i></i></a>',
        '<a class="pagination__next" href="/ahram/older"><i></i></a>',
        '<ul><li class="next"><a href="/ahram/older"><i></i></a></li></ul>',
        '<a rel="next" href="/ahram/older">2</a>',
    ],
)
def test_next_link_by_its_words_arrow_label_or_class(pager: str) -> None:
    assert next_pages(pager) == ["https://www.masress.com/ahram/older"]


@pytest.mark.parametrize(
    ("url", "pager", "expected"),
    [
        (LISTING, '<a href="/ahram/page/2">2</a><a href="/ahram/page/3">3</a>', "/ahram/page/2"),
        (
            f"{LISTING}/page/2",
            '<a href="/ahram/page/1">1</a><a href="/ahram/page/3">3</a>',
            "/ahram/page/3",
        ),
        (LISTING, '<a href="/ahram?p=3">3</a><a href="/ahram?p=2">2</a>', "/ahram?p=2"),
    ],
)
def test_next_page_number_in_a_url_shape_the_profile_does_not_name(
    url: str, pager: str, expected: str
) -> None:
    assert next_pages(pager, url) == [f"https://www.masress.com{expected}"]


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="/ahram/older">« Previous</a>',
        '<a href="/ahram/older">«</a>',
        '<a href="/ahram/older">Newer stories</a>',
        '<a href="/shorouk?page=2">2</a>',  # page 2 of another listing
        '<a href="/ahram?p=5">5</a>',
        '<a class="nextgen" href="/ahram/older">Our next generation</a>',
    ],
)
def test_no_next_page_from_a_previous_link_another_listing_or_a_far_page(pager: str) -> None:
    assert next_pages(pager) == []
