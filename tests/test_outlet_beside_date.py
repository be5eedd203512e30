"""An outlet named in plain text beside the shown date ("Reuters | 3 December 2025"): the
source when nothing else names it, and never part of the body."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.extract.storyhead import outlet_beside_date, strip_body_head
from aggnews.sites import load_profiles

PARA = (
    "<p>أعلنت الحكومة اليوم عن خطة جديدة لدعم المشروعات الصغيرة في المحافظات وتوفير فرص "
    "عمل للشباب بالتعاون مع البنوك الوطنية والقطاع الخاص خلال العام المقبل.</p>"
)
TITLE = "خطة جديدة لدعم المشروعات الصغيرة"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("الأهرام | 12 نوفمبر 2025", "الأهرام"),
        ("12 نوفمبر 2025 - اليوم السابع", "اليوم السابع"),
        ("الأربعاء 12 نوفمبر 2025 - الشروق", "الشروق"),  # a weekday before the date
        ("المصري اليوم 12/11/2025 10:30", "المصري اليوم"),  # no mark: three words at most
        ("عكاظ - منذ 3 ساعات", "عكاظ"),
        ("Reuters | 3 December 2025 | 10:15 AM", "Reuters"),
        ("Al-Ahram Weekly - Wednesday, 3 December 2025 10:30 AM", "Al-Ahram Weekly"),
        ("Published: 3 Dec 2025 | Reuters", "Reuters"),  # the date's label is no name
        ("La Presse de Tunisie — 03/12/2025", "La Presse de Tunisie"),
        ("Source: APS • 12/11/2025", "APS"),
        ("By Reuters | 3 December 2025", "Reuters"),  # a byline crediting an organisation
        ("By Gulf News Staff - 3 December 2025", "Gulf News"),
        ("كتب: وكالة الأنباء - 12/11/2025", "وكالة الأنباء"),
    ],
)
def test_the_name_at_the_other_end_of_the_date_line(line: str, outlet: str) -> None:
    assert outlet_beside_date(line) == outlet


@pytest.mark.parametrize(
    "line",
    [
        "كتب محمد علي | 12 نوفمبر 2025",  # a byline: the writer
        "By Jane Doe | 3 December 2025",
        "Par Karim B. - 03/12/2025",
        "The ministry said on 12 November 2025",  # four words, no mark: a sentence
        "آخر تحديث: 12 نوفمبر 2025",  # the date's label
        "Updated 3 December 2025 - 10:30",
        "Reuters | 3 December 2025 | 2,140 views",  # words on both sides of the date
        "Cairo, 3 December 2025: the ministry said that prices rose by 4%",
        "Markets: Gold, oil and the dollar on a busy week — 3 December 2025",  # six words
        "12 نوفمبر 2025",  # a date alone
        "اقتصاد | 12 نوفمبر 2025",  # the section: a kicker
        "Markets • 3 December 2025",
        "عربي ودولي - 12/11/2025",
    ],
)
def test_no_outlet_in_a_byline_a_label_or_a_sentence(line: str) -> None:
    assert outlet_beside_date(line) is None


@pytest.mark.parametrize(
    "head",
    [
        "12 نوفمبر 2025 - اليوم السابع",
        "كتب محمد علي | 12 نوفمبر 2025",
        "By Jane Doe | 3 December 2025",
    ],
)
def test_a_name_or_a_byline_beside_a_date_leaves_the_body_head(head: str) -> None:
    story = "افتتح رئيس مجلس الوزراء اليوم محطة جديدة لتوليد الكهرباء في أسوان."
    assert strip_body_head(f"{head}\n{story}", ("عنوان", None)) == story
    sentence = "The ministry said on 12 November 2025"  # the story's first words stay
    assert strip_body_head(f"{sentence}\n{story}", ("عنوان", None)) == f"{sentence}\n{story}"


def _extract(meta_line: str, first: str = "") -> tuple[str | None, str | None, str]:
    """Source, layer and body of a masress story in a layout of bare tags."""
    html = f"<div><h1>{TITLE}</h1><div>{meta_line}</div>{first}{PARA * 3}</div>"
    body = f"<html><head><meta charset=utf-8></head><body>{html}</body></html>".encode()
    response = HtmlResponse(url="https://www.masress.com/ahram/12345", body=body)
    result = StoryExtractor(load_profiles()["masress"]).extract(response)
    return result.item.source, result.layers.get("source"), result.item.body or ""


@pytest.mark.parametrize(
    ("meta_line", "outlet"),
    [
        ("الأهرام | 12 نوفمبر 2025", "الأهرام"),
        ("12 نوفمبر 2025 - اليوم السابع", "اليوم السابع"),
        ("<span>المصري اليوم</span> <span>12/11/2025 10:30</span>", "المصري اليوم"),
    ],
)
def test_an_aggregator_story_gets_the_outlet_beside_its_date(meta_line: str, outlet: str) -> None:
    source, layer, body = _extract(meta_line)
    assert (source, layer) == (outlet, "byline")
    assert body.startswith("أعلنت الحكومة اليوم") and outlet not in body


def test_a_byline_or_a_dateline_place_is_no_outlet() -> None:
    source, _, body = _extract("كتب محمد علي | 12 نوفمبر 2025")
    assert source is None and body.startswith("أعلنت الحكومة اليوم")
    # the place the dateline under it opens with
    source, _, body = _extract("أسوان | 12 نوفمبر 2025", "<p>أسوان - افتتح الوزير المحطة.</p>")
    assert source is None and body.startswith("أسوان - افتتح")


def test_a_name_on_its_own_line_over_the_date_leaves_the_body_but_names_no_outlet() -> None:
    """The line could be the writer's as well as the outlet's: it is no source."""
    source, _, body = _extract("الشروق</div><div>الأربعاء 12 نوفمبر 2025")
    assert source is None and body.startswith("أعلنت الحكومة اليوم")
