"""Teasers under a related-stories heading are not the story's, also when no class names
the block and the fallback extractor drops the heading but keeps the teasers."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.profile import generic_profile
from aggnews.sites import load_profiles

STORY = [
    "Jordan reopened its Jaber border crossing with Syria to cargo trucks on Wednesday after"
    " a two-week closure for maintenance of its scanning equipment, the ministry said.",
    "Officials said the crossing can now process up to 600 trucks a day, up from about 350"
    " before the works, thanks to four new scanning lanes and an electronic manifest.",
    "The ministry said passenger traffic, which was not affected by the closure, would"
    " continue to be processed in a separate hall.",
]
TEASERS = [
    "The central bank left its main policy rate unchanged at 4.75 percent, citing stable"
    " inflation and comfortable reserves.",
    "The container terminal handled more than 800,000 TEUs last year, the highest since"
    " the terminal opened.",
]


def _page(heading: str) -> bytes:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    related = "".join(
        f'<div><h3><a href="/business/story-{n}">Headline number {n} of the day</a></h3>'
        f"<p>{t}</p></div>"
        for n, t in enumerate(TEASERS)
    )
    return (
        "<html><head><title>Jaber crossing reopens to trucks</title></head><body><div>"
        f"<h1>Jaber crossing reopens to trucks</h1><div>{story}</div></div>"
        f"<div><h2>{heading}</h2>{related}</div></body></html>"
    ).encode()


@pytest.mark.parametrize("heading", ["Related Articles", "أخبار ذات صلة", "À lire aussi"])
@pytest.mark.parametrize(
    ("site", "url"),
    [
        ("albawaba", "https://www.albawaba.com/business/jaber-crossing-1520999"),
        ("generic", "https://news.example.org/2025/12/03/jaber-crossing"),
    ],
)
def test_the_story_ends_at_a_related_heading_without_a_class(
    heading: str, site: str, url: str
) -> None:
    profile = generic_profile(url) if site == "generic" else load_profiles()[site]
    result = StoryExtractor(profile).extract(HtmlResponse(url=url, body=_page(heading)))
    assert result.layers["body"] == "generic"
    assert result.item.body == "\n".join(STORY)
