"""The link to the story at its outlet, in a layout with no "read at source" wording we know:
a link to another host that says it leads to the original, or names the outlet or itself."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.profile import generic_profile
from aggnews.sites import load_profiles

ORIGINAL = "https://www.youm7.com/story/2025/11/12/123"
PARA = (
    "<p>أعلنت الحكومة اليوم عن خطة جديدة لدعم المشروعات الصغيرة في المحافظات وتوفير فرص "
    "عمل للشباب بالتعاون مع البنوك الوطنية والقطاع الخاص خلال العام المقبل.</p>"
)


def _extract(link: str, url: str = "https://www.masress.com/youm7/12345", generic: bool = False):
    html = (
        "<html><head><meta charset=utf-8></head><body><div>"
        "<h1>خطة جديدة لدعم المشروعات الصغيرة</h1>"
        "<div>نشر في اليوم السابع يوم 12 - 11 - 2025</div>"
        f"{PARA * 3}<p>{link}</p></div>"
        "<footer><a href='https://www.facebook.com/masress'>فيسبوك</a></footer></body></html>"
    )
    profile = generic_profile(url) if generic else load_profiles()["masress"]
    return StoryExtractor(profile).extract(HtmlResponse(url=url, body=html.encode()))


@pytest.mark.parametrize(
    "text",
    [
        "المصدر",
        "» المصدر",
        "الخبر الأصلي",
        "رابط الخبر",
        "التفاصيل من المصدر",
        "اقرأ الخبر كاملاً من المصدر",
        "لمتابعة الخبر من موقعه الأصلي",
        "اليوم السابع",  # the outlet's name
        "youm7.com",  # the link's own host
        "www.youm7.com",
        "Original article",
        "Source link",
        "Read the full story",
        "Voir l'article original",
    ],
)
def test_a_link_that_says_it_leads_to_the_original(text: str) -> None:
    result = _extract(f'<a href="{ORIGINAL}">{text}</a>')
    assert result.item.source_url == ORIGINAL
    assert result.layers["source_url"] == "cue"
    assert text not in (result.item.body or "")


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://www.facebook.com/youm7">اليوم السابع</a>',  # its page on a network
        '<a href="https://www.youtube.com/watch?v=x">المصدر</a>',
        '<a href="https://en.wikipedia.org/wiki/Egypt">Egypt</a>',  # a link of the story's own
        '<a href="/youm7">المصدر</a>',  # the aggregator's own page of the outlet
        '<a href="https://www.masress.com/youm7">المصدر</a>',
        f'<a href="{ORIGINAL}">اضغط هنا</a>',  # "click here" says nothing of where to
    ],
)
def test_no_original_from_a_network_a_reference_or_the_site_itself(link: str) -> None:
    assert _extract(link).item.source_url is None


def test_an_outlets_own_page_has_no_original() -> None:
    """On a site read with the generic profile the page is the original: its links to
    other hosts are no source link."""
    result = _extract(f'<a href="{ORIGINAL}">المصدر</a>', "https://www.example.com/a/1", True)
    assert result.item.source_url is None
