"""Date parsing: Arabic, English and French forms, day-first, offsets kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggnews.dates import DateReader
from aggnews.datetext import find_date_text

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def reader() -> DateReader:
    return DateReader(("ar", "en", "fr"), ("ar-DZ", "ar-LB"))


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("19 - 11 - 2017", "2017-11-19"),
        ("١٩ - ١١ - ٢٠١٧", "2017-11-19"),
        ("۱۹ - ۱۱ - ۲۰۱۷", "2017-11-19"),
        ("04 - 03 - 2025", "2025-03-04"),
        ("4/3/2025", "2025-03-04"),
        ("19 نوفمبر 2017", "2017-11-19"),
        ("٣ يناير ٢٠٢٤", "2024-01-03"),
        ("19 جانفي 2017", "2017-01-19"),
        ("5 أوت 2018", "2018-08-05"),
        ("19 تشرين الثاني 2017", "2017-11-19"),
        ("19 novembre 2017", "2017-11-19"),
        ("1er mars 2019", "2019-03-01"),
        ("November 19, 2017", "2017-11-19"),
        ("19 November 2017", "2017-11-19"),
        ("2017-11-08T00:40:00+02:00", "2017-11-08T00:40:00+02:00"),
        ("2017-11-07T23:40:00-05:00", "2017-11-07T23:40:00-05:00"),
        ("2022-03-08T09:10:53Z", "2022-03-08T09:10:53+00:00"),
        ("2019-02-27", "2019-02-27"),
        ("19 - 11 - 2017 10:30", "2017-11-19T10:30:00"),
        ("نشر في الأهرام يوم 19 - 11 - 2017", "2017-11-19"),
        ("Publié dans El Watan le 12 - 03 - 2019", "2019-03-12"),
        ("الأربعاء 12 من نوفمبر 2025", "2025-11-12"),  # "the 12th of November"
        ("12th November, 2025", "2025-11-12"),
        ("12th of November 2025 10:30", "2025-11-12T10:30:00"),
        ("3rd December 2025", "2025-12-03"),
        ("Posted on 12-Nov-2025 10:30 by the desk", "2025-11-12T10:30:00"),
        ("نشر بتاريخ 12-نوفمبر-2025", "2025-11-12"),
        ("12 November 2025 10:30 GMT+3", "2025-11-12T10:30:00+03:00"),  # not GMT itself
        ("12 November 2025, 10:30 (UTC+04:00)", "2025-11-12T10:30:00+04:00"),
        ("12/11/2025 10:30 GMT+3", "2025-11-12T10:30:00+03:00"),
        ("12/11/2025 10:30 GMT", "2025-11-12T10:30:00+00:00"),
        # the time before the date, the weekday between them aside
        ("10:30 م - 12 نوفمبر 2025", "2025-11-12T22:30:00"),
        ("الساعة 09:05 مساءً، الأربعاء 12 نوفمبر 2025", "2025-11-12T21:05:00"),
        ("09:05 مساءً | 12/11/2025", "2025-11-12T21:05:00"),
        ("14h30, le 12 novembre 2025", "2025-11-12T14:30:00"),
        ("Fri 6:45 PM, Feb 16, 2018", "2018-02-16T18:45:00"),
        ("12/11/2025 09:05 مساءً", "2025-11-12T21:05:00"),  # a mark with its tanween
    ],
)
def test_parse(reader: DateReader, raw: str, iso: str) -> None:
    parsed = reader.parse(raw, now=NOW)
    assert parsed is not None, raw
    assert parsed.iso == iso


def test_offset_is_never_shifted_to_utc(reader: DateReader) -> None:
    """Shifting 00:40+02:00 to UTC would move the story to the day before."""
    parsed = reader.parse("2017-11-08T00:40:00+02:00", now=NOW)
    assert parsed is not None and parsed.value.utcoffset().total_seconds() == 7200
    assert parsed.iso.startswith("2017-11-08")


@pytest.mark.parametrize(
    "raw", ["", "garbage", "31 - 12 - 2099", "01 - 01 - 0001", "99 - 99 - 2017"]
)
def test_unreadable_or_absurd_gives_none(reader: DateReader, raw: str) -> None:
    assert reader.parse(raw, now=NOW) is None


def test_day_month_misreading_never_lands_in_the_future(reader: DateReader) -> None:
    """On 2026-11-10, 12/11/2026 is 12 November (future) or 11 December (future): None."""
    now = datetime(2026, 11, 10, tzinfo=UTC)
    assert reader.parse("12/11/2026", now=now) is None
    # 11/25/2026 cannot be day-first (no month 25): month-first gives 25 November.
    parsed = reader.parse("11/25/2026", now=datetime(2026, 11, 26, tzinfo=UTC))
    assert parsed is not None and parsed.iso == "2026-11-25"


def test_future_day_first_falls_back_to_month_first(reader: DateReader) -> None:
    now = datetime(2026, 3, 5, tzinfo=UTC)
    parsed = reader.parse("03/04/2026", now=now)  # 3 April is future; 4 March is not
    assert parsed is not None and parsed.iso == "2026-03-04"


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("نشر في الأهرام يوم 19 - 11 - 2017", "19 - 11 - 2017"),
        ("Published in Ahram Online on 19 - 11 - 2017", "19 - 11 - 2017"),
        ("Mis à jour le 19 novembre 2017 à 10h", "19 novembre 2017"),
        ("no date here", None),
    ],
)
def test_find_date_text(text: str, cut: str | None) -> None:
    assert find_date_text(text) == cut


def test_month_first_site_without_year_takes_the_url_year() -> None:
    from datetime import date

    akhbarak = DateReader(("ar",), ("ar-EG",), order="MDY")
    assert akhbarak.parse("07/31 23:11", year_of=date(2016, 7, 31)).iso == "2016-07-31T23:11:00"
    # A story filed just before midnight on 31 December, URL dated 1 January.
    assert akhbarak.parse("12/31 23:50", year_of=date(2017, 1, 1)).iso == "2016-12-31T23:50:00"
    assert akhbarak.parse("04/03/2025", now=NOW).iso == "2025-04-03"


def test_a_number_before_a_date_is_no_time(reader: DateReader) -> None:
    assert find_date_text("Score 2:1 on 12 November 2025") == "12 November 2025"
    assert find_date_text("قراءة 3 دقائق - 12 نوفمبر 2025") == "12 نوفمبر 2025"
