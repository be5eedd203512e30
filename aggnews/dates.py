"""Publication dates: cut the date out of its sentence, parse it day-first, keep its offset."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u061c\xa0"), " ")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})")
#: Shapes of a date inside a longer text, most specific first.
_DATE_SHAPES = (
    re.compile(
        r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(
        r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}(?:\s*[-,،]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    ),
    re.compile(
        r"\d{1,2}\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*,?\s+\d{4}(?:\s*[-,،]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    ),
    re.compile(r"[^\W\d_]+\.?\s+\d{1,2}\s*,?\s+\d{4}"),
)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
_MIN_YEAR = 1990
#: Tried after the site's own languages and locales, for a page in an unexpected language.
_FALLBACK_LANGUAGES = ("ar", "en", "fr")


def normalise_date_text(text: str) -> str:
    """Western digits, no bidi marks or non-breaking spaces, single spaces."""
    return " ".join(text.translate(_DIGITS).translate(_MARKS).split())


def find_date_text(text: str) -> str | None:
    """The first substring of ``text`` shaped like a date, or None."""
    text = normalise_date_text(text)
    for shape in _DATE_SHAPES:
        match = shape.search(text)
        if match:
            return match.group(0).strip()
    return None


@dataclass(frozen=True)
class ParsedDate:
    """A parsed publication date."""

    #: ISO 8601: a date alone, or a date-time with the page's own offset when it gave one.
    iso: str
    value: datetime


class DateReader:
    """Parses dates of one site: its edition languages first, then its country locales."""

    def __init__(
        self, languages: tuple[str, ...], locales: tuple[str, ...] = (), order: str = "DMY"
    ) -> None:
        settings = {**_SETTINGS, "DATE_ORDER": order}
        self.order = order
        self._parsers: list[DateDataParser] = []
        for language in languages:
            self._parsers.append(DateDataParser(languages=[language], settings=settings))
        for locale in locales:
            self._parsers.append(DateDataParser(locales=[locale], settings=settings))
        for language in _FALLBACK_LANGUAGES:
            if language not in languages:
                self._parsers.append(DateDataParser(languages=[language], settings=settings))
        self._cache: dict[str, ParsedDate | None] = {}

    def parse(
        self, raw: str | None, *, now: datetime | None = None, year_of: date | None = None
    ) -> ParsedDate | None:
        """Parse ``raw`` (a date alone, or a text with one date in it); None when unreadable.

        ``year_of``: for a date shown without a year ("07/31 23:11"), the day it must be
        closest to (from the story URL); without it such a date is read in the current year.
        """
        if not raw:
            return None
        key = normalise_date_text(raw)
        if year_of is not None and not _YEAR.search(key):
            parsed = self._parse(key, _NO_FUTURE_CHECK)
            return _with_year(parsed, year_of) if parsed else None
        if now is None and key in self._cache:
            return self._cache[key]
        result = self._parse(key, now or datetime.now(UTC))
        if now is None and len(self._cache) < 10_000:
            self._cache[key] = result
        return result

    def _parse(self, text: str, now: datetime) -> ParsedDate | None:
        if _ISO.match(text):
            try:
                value = datetime.fromisoformat(text.replace(" ", "T"))
            except ValueError:
                return None
            return self._checked(value, has_time="T" in text or " " in text, now=now)
        text = find_date_text(text) or text
        has_time = _TIME.search(text) is not None
        value = self._dateparser(text)
        if value is None:
            return None
        checked = self._checked(value, has_time=has_time, now=now)
        if checked is None:
            swapped = self._swap_day_month(text, value) if self.order == "DMY" else None
            if swapped is not None:
                checked = self._checked(swapped, has_time=has_time, now=now)
        return checked

    def _dateparser(self, text: str) -> datetime | None:
        for parser in self._parsers:
            value = parser.get_date_data(text).date_obj
            if value is not None:
                return value
        return None

    @staticmethod
    def _swap_day_month(text: str, value: datetime) -> datetime | None:
        """The other reading of an all-numeric date, if the first one lies in the future."""
        match = _NUMERIC.match(text)
        if not match or int(match.group(3)) > 12:
            return None
        try:
            return value.replace(month=value.day, day=value.month)
        except ValueError:
            return None

    @staticmethod
    def _checked(value: datetime, *, has_time: bool, now: datetime) -> ParsedDate | None:
        aware_now = now if value.tzinfo else now.replace(tzinfo=None)
        if value.year < _MIN_YEAR or value > aware_now + timedelta(days=1):
            return None
        iso = value.isoformat() if has_time else value.date().isoformat()
        return ParsedDate(iso=iso, value=value)


_YEAR = re.compile(r"\d{4}")
#: A "now" no date is after: the year is replaced right after parsing.
_NO_FUTURE_CHECK = datetime(9000, 1, 1, tzinfo=UTC)


def _with_year(parsed: ParsedDate, near: date) -> ParsedDate | None:
    """``parsed`` moved to the year that puts it on or just before ``near``."""
    try:
        value = parsed.value.replace(year=near.year)
        if value.date() > near + timedelta(days=2):
            value = value.replace(year=near.year - 1)
    except ValueError:  # 29 February
        return None
    iso = value.isoformat() if "T" in parsed.iso else value.date().isoformat()
    return ParsedDate(iso=iso, value=value)


def as_date(value: str | None) -> date | None:
    """The calendar day of an ISO 8601 string, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
