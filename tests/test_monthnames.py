"""Dates with a month name, read without dateparser, are read as dateparser reads them."""

from __future__ import annotations

from datetime import datetime

import pytest

from aggnews.dates import DateReader
from aggnews.monthnames import month_numbers, read_named_date
from aggnews.sites import load_profiles

SHAPES = (
    "{d} {n} {y}", "{d}er {n} {y}", "{d} {n}. {y}", "{d} {n}, {y}", "{n} {d}, {y}",
    "{n} {d}th, {y}", "{n}. {d} {y}", "{d} {n} {y} 10:30", "{d} {n} {y} - 23:05",
    "{d} {n} {y} à 08:15:09", "{n} {d}, {y} at 14:00", "{d} {n} {y}، 09:45", "{n} {d} {y}",
    "{d} {n}، {y}", "{d} {n} {y} 25:10", "{d} {n} {y} +03:00",
)  # fmt: skip


def _readers() -> list[tuple]:
    # one reader per set of languages the profiles use, each with its first locale
    found: dict[tuple, tuple] = {}
    for p in load_profiles().values():
        found.setdefault(p.languages, (p.languages, p.date_locales, p.date_order))
    return sorted(found.values())


@pytest.mark.parametrize("reader", _readers(), ids=lambda r: "-".join(r[0]))
def test_every_name_and_shape_reads_as_dateparser_reads_it(reader: tuple) -> None:
    dates = DateReader(*reader)
    names = [*month_numbers(), "إبريل", "Mars", "JANVIER", "MAY", "marzo", "mar"]
    compared = 0
    for name in names:
        for shape in SHAPES:
            text = shape.format(d=1 if "er" in shape else 29, n=name, y=2023)
            fast = read_named_date(text)
            if fast is None:
                continue
            slow = next(
                (v for p in dates._parsers if (v := p.get_date_data(text).date_obj) is not None),
                None,
            )
            assert fast == slow, text
            compared += 1
    assert compared > 300


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12 مارس 2024 10:30", datetime(2024, 3, 12, 10, 30)),
        ("5 مايو 2024 - 14:05", datetime(2024, 5, 5, 14, 5)),
        ("12 إبريل 2024", datetime(2024, 4, 12)),
        ("March 12, 2024", datetime(2024, 3, 12)),
        ("March 2nd, 2024 at 09:05", datetime(2024, 3, 2, 9, 5)),
        ("1er mars 2024 à 10:30", datetime(2024, 3, 1, 10, 30)),
        ("12 déc. 2023", None),  # a dot after a French name: dateparser's to read
        ("1er March 2024", None),  # French ordinal, English month: dateparser's
        ("30 février 2024", None),  # no such day: dateparser says so
        ("12 mar 2024", None),  # French "mar" is Tuesday
    ],
)
def test_the_plain_shapes_are_read_and_the_others_left(text: str, value: object) -> None:
    assert read_named_date(text) == value
