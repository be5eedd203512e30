"""Hijri dates: the Gregorian day when a page prints no other date; never over a
Gregorian date beside it; never a day that does not exist."""

from __future__ import annotations

import pytest

from aggnews.dates import DateReader
from aggnews.datetext import find_date_text
from aggnews.sites import load_profiles

SAURESS = load_profiles()["sauress"]


def _day(text: str) -> str | None:
    reader = DateReader(SAURESS.languages, SAURESS.date_locales, SAURESS.date_order)
    found = find_date_text(text)
    parsed = reader.parse(found) if found else None
    return parsed.iso if parsed else None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("نشر بتاريخ 12 جمادى الآخرة 1447 هـ", "2025-12-03"),
        ("الأربعاء ١٢ جمادي الآخرة ١٤٤٧هـ", "2025-12-03"),
        ("تاريخ النشر: 12/06/1447هـ", "2025-12-03"),
        ("1447/06/12", "2025-12-03"),
        ("نشر في الرياض يوم ١٠ - ٠٦ - ١٤٤٧", "2025-12-01"),
        ("15 رمضان 1446", "2025-03-15"),
        ("1 ذي الحجة 1446هـ", "2025-05-28"),
    ],
)
def test_a_hijri_date_alone_gives_its_gregorian_day(text: str, day: str) -> None:
    assert _day(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "الأحد 12 جمادى الآخرة 1447 هـ الموافق 7 ديسمبر 2025",
        "الأحد 7 ديسمبر 2025م الموافق 12 جمادى الآخرة 1447هـ",
        "12/06/1447هـ - 7/12/2025م",
    ],
)
def test_the_gregorian_date_beside_it_wins(text: str) -> None:
    assert _day(text) == "2025-12-07"


@pytest.mark.parametrize("text", ["31 محرم 1447", "13/13/1447", "12 جمادى الآخرة 1600"])
def test_a_day_that_does_not_exist_is_no_date(text: str) -> None:
    assert _day(text) is None
