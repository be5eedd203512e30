"""Dates written relative to the moment of reading ("منذ 3 ساعات", "5 minutes ago",
"il y a 2 jours"): read against the clock, never cached, never taken from a sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse

from aggnews.dates import DateReader
from aggnews.datetext import find_date_text
from aggnews.extract.article import StoryExtractor
from aggnews.relativedates import find_relative_date
from aggnews.sites import load_profiles

NOW = datetime(2026, 12, 3, 12, 0, 30, tzinfo=UTC)
CORPUS = Path(__file__).parent / "corpus" / "relative-dates"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("منذ 3 ساعات", "2026-12-03T09:00:00+00:00"),
        ("منذ ٣ ساعات", "2026-12-03T09:00:00+00:00"),  # Arabic-Indic digits
        ("منذ ثلاث ساعات", "2026-12-03T09:00:00+00:00"),
        ("قبل ساعتين", "2026-12-03T10:00:00+00:00"),  # the dual: two
        ("منذ ساعة", "2026-12-03T11:00:00+00:00"),
        ("منذ 25 دقيقة", "2026-12-03T11:35:00+00:00"),
        ("منذ لحظات", "2026-12-03T12:00:00+00:00"),
        ("منذ يومين", "2026-12-01"),  # days: the day alone
        ("قبل 3 أيام", "2026-11-30"),
        ("منذ أسبوع", "2026-11-26"),
        ("5 minutes ago", "2026-12-03T11:55:00+00:00"),
        ("an hour ago", "2026-12-03T11:00:00+00:00"),
        ("3h ago", "2026-12-03T09:00:00+00:00"),
        ("il y a 2 jours", "2026-12-01"),
        ("Il y a une heure", "2026-12-03T11:00:00+00:00"),
        ("عكاظ · منذ 3 ساعات", "2026-12-03T09:00:00+00:00"),  # a byline strip
    ],
)
def test_relative_dates_count_back_from_now(text: str, iso: str) -> None:
    parsed = DateReader(("ar", "en", "fr")).parse(text, now=NOW)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize(
    "text",
    [
        "منذ أيام",  # "some days ago": no number, no date
        "منذ ساعات",
        "قبل يوم من الانتخابات الرئاسية",  # words of a sentence
        "وصل الوزير قبل ساعة من بدء الاجتماع الطارئ لمجلس الوزراء",
        "حمل تطبيق نبض الآن",
        "About an hour and a half of footage was shown",
    ],
)
def test_what_is_not_a_relative_date(text: str) -> None:
    assert find_relative_date(text) is None
    assert find_date_text(text) is None


def test_a_relative_date_moves_with_the_clock() -> None:
    reader = DateReader(("ar",))
    first = reader.parse("منذ 3 ساعات", now=NOW)
    later = reader.parse("منذ 3 ساعات", now=NOW + timedelta(hours=1))
    assert first and later and later.value - first.value == timedelta(hours=1)
    unpinned = reader.parse("منذ 3 ساعات")  # read now: not the cached reading of another hour
    assert unpinned and abs(datetime.now(UTC) - timedelta(hours=3) - unpinned.value) < timedelta(
        minutes=2
    )


@pytest.mark.parametrize(
    ("name", "raw", "hours"),
    [("nabd-48299999.html", "منذ 3 ساعات", 3), ("nabd-48299998.html", "قبل ساعتين", 2)],
)
def test_story_page_with_a_relative_date_and_the_outlet_beside_it(
    name: str, raw: str, hours: int
) -> None:
    url = f"https://nabd.com/s/{name[5:13]}-abcdef/"
    response = HtmlResponse(url=url, body=(CORPUS / name).read_bytes())
    before = datetime.now(UTC)
    item = StoryExtractor(load_profiles()["nabd"]).extract(response).item
    after = datetime.now(UTC)
    assert item.title == "ارتفاع أسعار الذهب في السعودية مع بداية تعاملات الأسبوع"
    assert item.source == "عكاظ"
    assert item.source_url == "https://www.okaz.com.sa/news/local/2190001"
    assert item.date_raw == raw
    assert item.date and item.date.endswith("+03:00")  # nabd's zone, Asia/Riyadh
    shown = datetime.fromisoformat(item.date)
    ago = timedelta(hours=hours)
    assert before - ago - timedelta(minutes=1) <= shown <= after - ago
    assert item.body and item.body.split("\n")[0].startswith("سجلت أسعار الذهب")
    assert len(item.body.split("\n")) == 3 and "الآن" not in item.body


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("أمس 10:30", "2026-12-02T10:30:00"),
        ("أمس، 10:30 م", "2026-12-02T22:30:00"),
        ("اليوم الساعة 09:15 ص", "2026-12-03T09:15:00"),
        ("Yesterday at 10:30 PM", "2026-12-02T22:30:00"),
        ("Today, 12:05 AM", "2026-12-03T00:05:00"),
        ("hier à 10h30", "2026-12-02T10:30:00"),
        ("عكاظ · أمس 23:10", "2026-12-02T23:10:00"),
    ],
)
def test_yesterday_and_today_with_a_time_are_the_sites_local_time(text: str, iso: str) -> None:
    parsed = DateReader(("ar", "en", "fr")).parse(text, now=NOW)
    assert parsed is not None and parsed.iso == iso


def test_yesterday_is_counted_from_the_sites_own_day() -> None:
    """At 23:30 UTC it is already the next day in Cairo (UTC+2): its "yesterday" is today
    in UTC."""
    late = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)
    cairo = DateReader(("ar",), zone=ZoneInfo("Africa/Cairo")).parse("أمس 10:30", now=late)
    utc = DateReader(("ar",)).parse("أمس 10:30", now=late)
    assert cairo is not None and cairo.iso == "2026-12-03T10:30:00"
    assert utc is not None and utc.iso == "2026-12-02T10:30:00"


@pytest.mark.parametrize(
    "text", ["أمس", "اليوم", "زار الوزير أمس 12 مصنعا في المنطقة الصناعية بمدينة العاشر من رمضان"]
)
def test_yesterday_without_a_time_or_in_a_sentence_is_no_date(text: str) -> None:
    assert find_relative_date(text) is None
    assert find_date_text(text) is None


def test_a_story_dated_yesterday_gets_the_sites_offset() -> None:
    html = (
        "<html><body><h1>خطة جديدة لدعم المشروعات الصغيرة في مصر</h1><div>أمس 10:30 م</div>"
        + "<p>أعلنت الحكومة اليوم عن خطة جديدة لدعم المشروعات الصغيرة في المحافظات.</p>" * 4
        + "</body></html>"
    )
    response = HtmlResponse(url="https://www.masress.com/ahram/12345", body=html.encode())
    item = StoryExtractor(load_profiles()["masress"]).extract(response).item
    yesterday = datetime.now(ZoneInfo("Africa/Cairo")).date() - timedelta(days=1)
    assert item.date == f"{yesterday.isoformat()}T22:30:00+02:00"
    assert item.date_raw == "أمس 10:30 م"
