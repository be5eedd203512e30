"""A headline the markup does not mark (no <title>, no heading, no class): the line just
above the story's text, past the date, byline, source and toolbar lines between them."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.profile import generic_profile
from aggnews.sites import load_profiles

PARAS = [
    "افتتح وزير النقل اليوم الخط الجديد لقطار الضواحي الذي يربط وسط العاصمة بالمدن"
    " الجديدة شرقا، بطول يتجاوز أربعين كيلومترا وبتكلفة بلغت ملياري جنيه.",
    "وقال الوزير إن القطار سينقل نحو مئتي ألف راكب يوميا، وإن تذاكره ستباع إلكترونيا في"
    " جميع المحطات بدءا من الأسبوع المقبل.",
]
HEADLINE = "افتتاح خط جديد لقطار الضواحي شرق العاصمة"


def _page(head_lines: list[str]) -> bytes:
    above = "".join(f"<div>{line}</div>" for line in head_lines)
    body = "".join(f"<div>{p}</div>" for p in PARAS)
    return f"<html><body><div>{above}</div><div>{body}</div></body></html>".encode()


@pytest.mark.parametrize(
    "head",
    [
        [HEADLINE],
        [HEADLINE, "الأربعاء 3 ديسمبر 2025 - 10:30"],
        ["الرئيسية › أخبار", HEADLINE, "بقلم: أحمد علي", "شارك · اطبع · أرسل"],
        [HEADLINE, "المصدر: الأهرام", "فيسبوك تويتر واتساب"],
    ],
)
def test_the_line_above_the_story_is_its_headline(head: list[str]) -> None:
    url = "https://news.example.org/2025/12/03/train"
    result = StoryExtractor(generic_profile(url)).extract(HtmlResponse(url=url, body=_page(head)))
    assert (result.item.title, result.layers["title"]) == (HEADLINE, "generic")
    assert result.item.body == "\n".join(PARAS)


def test_on_an_aggregator_too() -> None:
    url = "https://www.masress.com/ahram/173001"
    page = _page(["الرئيسية", HEADLINE, "3 - 12 - 2025"])
    result = StoryExtractor(load_profiles()["masress"]).extract(HtmlResponse(url=url, body=page))
    assert result.item.title == HEADLINE


@pytest.mark.parametrize(
    "line",
    ["اقرأ المزيد عن الخبر:", "الرئيسية › أخبار › مصر", "عاجل", "هذا سطر ينتهي بنقطة كجملة."],
)
def test_a_label_a_trail_a_word_or_a_sentence_is_no_headline(line: str) -> None:
    url = "https://news.example.org/2025/12/03/train"
    result = StoryExtractor(generic_profile(url)).extract(HtmlResponse(url=url, body=_page([line])))
    assert result.item.title is None
