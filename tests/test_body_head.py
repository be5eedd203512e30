"""The lines a page repeats above its story leave the body, in any order they come."""

from __future__ import annotations

import pytest

from aggnews.extract.furniture import Furniture
from aggnews.extract.generic import fallback_body
from aggnews.extract.storyhead import strip_body_head

STORY = "افتتح رئيس مجلس الوزراء اليوم محطة جديدة لتوليد الكهرباء في أسوان."
NAMES = ("محطة كهرباء جديدة في أسوان", "الوفد")


@pytest.mark.parametrize(
    "head",
    [
        ["المصدر:", "الوفد"],  # a bare label, then the outlet
        ["الوفد", "المصدر:"],
        ["المصدر: الوفد"],
        ["Source :", "الوفد", "3 - 12 - 2017"],
        ["3 - 12 - 2017", "محطة كهرباء جديدة في أسوان", "الوفد"],
        ["أسوان -", "الوفد"],  # a dateline standing alone
        ["الوفد", "أسوان -"],
        ["المصدر: الوفد • ١٠/٠٦/١٤٤٧هـ"],  # the outlet and a date on one line
        ["الوفد | 3 ديسمبر 2025 - 10:30"],
        ["3 - 12 - 2017 - المصدر:"],
    ],
)
def test_head_lines_go_in_any_order(head: list[str]) -> None:
    assert strip_body_head("\n".join([*head, STORY]), NAMES) == STORY


def test_one_standing_dateline_at_most_and_the_last_line_stays() -> None:
    body = "Key points:\nSummary:\n" + STORY
    assert strip_body_head(body, NAMES) == "Summary:\n" + STORY
    assert strip_body_head("المصدر:\nالوفد", NAMES) == "الوفد"


def test_another_outlets_source_line_stays() -> None:
    body = "Source: Reuters\n" + STORY
    assert strip_body_head(body, NAMES) == body


def test_parts_of_a_furniture_line_and_separators_leave_the_fallback_body() -> None:
    shown = [STORY, "جميع الحقوق محفوظة © مصرس 2017 | من نحن | اتصل بنا"]
    parts = [STORY, "جميع الحقوق محفوظة © مصرس 2017 |", "من نحن", "|", "اتصل بنا", "___"]
    assert fallback_body(parts, Furniture(), set(), shown) == [STORY, "___"]
    # a part also shown in a line of the story stays
    shown.append("من نحن نعرف الطريق")
    assert fallback_body(parts, Furniture(), set(), shown) == [STORY, "من نحن", "___"]


def test_a_name_the_page_shows_next_to_a_date_line_leaves_the_body_head() -> None:
    """ "الشروق" over "الأربعاء 12 نوفمبر 2025" (or under it): the outlet's or the writer's
    name, whatever the outlet; a short line with no date beside it stays."""
    for shown in (
        ["عنوان", "الشروق", "الأربعاء 12 نوفمبر 2025", STORY],
        ["عنوان", "12 - 11 - 2025", "Mohloai Mpesi", STORY],
    ):
        assert strip_body_head(f"{shown[-2]}\n{STORY}", NAMES, shown) == STORY
        assert strip_body_head(f"{shown[1]}\n{STORY}", NAMES, shown) == STORY
    kicker = ["عنوان", "الشروق", "مقدمة", STORY]
    assert strip_body_head(f"الشروق\n{STORY}", NAMES, kicker) == f"الشروق\n{STORY}"
    sentence = "افتتح الوزير المحطة."  # a sentence's mark: prose, even beside a date
    assert strip_body_head(f"{sentence}\n{STORY}", NAMES, ["12 - 11 - 2025", sentence, STORY]) == (
        f"{sentence}\n{STORY}"
    )
