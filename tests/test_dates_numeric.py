"""Numeric day-first dates are read without dateparser, exactly as dateparser reads them."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys

from aggnews.dates import DateReader


def dateparser_reading(reader: DateReader, text: str):
    """What dateparser alone makes of ``text`` with the reader's parsers."""
    for parser in reader._parsers:
        value = parser.get_date_data(text).date_obj
        if value is not None:
            return value
    return None


def test_numeric_dates_read_as_dateparser_reads_them() -> None:
    reader = DateReader(("ar",), ("ar-EG",))
    rng = random.Random(2)
    texts = [
        f"{day}{space}{sep}{space}{month}{space}{sep}{space}{year}"
        for day, month, year, sep, space in itertools.product(
            (1, 7, 12, 13, 28, 29, 30, 31), (1, 2, 9, 11, 12), (1999, 2017, 2024), "-/.", ("", " ")
        )
    ]
    texts += [
        f"{rng.randint(1, 31):02d}-{rng.randint(1, 12):02d}-{rng.randint(1990, 2030)}"
        for _ in range(200)
    ]
    for text in texts:
        assert reader._dateparser(text) == dateparser_reading(reader, text), text
    assert reader.parse("٢٢ - ١١ - ٢٠١٧").iso == "2017-11-22"
    assert reader.parse("31 - 02 - 2017") is None  # no such day: dateparser says so too


def test_a_numeric_date_needs_no_dateparser() -> None:
    """Reading "22 - 11 - 2017" neither imports dateparser nor makes its parsers."""
    code = (
        "import sys\n"
        "from aggnews.dates import DateReader\n"
        "reader = DateReader(('ar',), ('ar-EG',))\n"
        "assert reader.parse('٢٢ - ١١ - ٢٠١٧').iso == '2017-11-22'\n"
        "assert 'dateparser' not in sys.modules, 'dateparser imported'\n"
        "assert reader.parse('19 نوفمبر 2017').iso == '2017-11-19'\n"
        "assert 'dateparser' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
