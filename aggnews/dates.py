"""Publication dates: read day-first in the site's languages, with the page's own offset (the date
found in its sentence and put in forms dateparser reads: ``aggnews.datetext``)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from aggnews.datetext import date_text_form, find_date_text, normalise_date_text, time_last
from aggnews.hijri import hijri_day
from aggnews.monthnames import read_named_date
from aggnews.relativedates import find_relative_date, relative_date, relative_day

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})")
#: A numeric date, day and month in either order ("22 - 11 - 2017", "22/11/2017"); alone,
#: day first, it is read without dateparser.
NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})")
#: Words between a date and its time that dateparser does not skip.
_CONNECTOR = re.compile(r"\s(?:على الساعة|في تمام الساعة|الساعة|\|)\s")
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
_MIN_YEAR = 1990
#: Tried after the site's own languages and locales, for a page in an unexpected language.
_FALLBACK_LANGUAGES = ("ar", "en", "fr")


@dataclass(frozen=True)
class ParsedDate:
    """A parsed publication date."""

    #: ISO 8601: a date alone, or a date-time with the page's own offset when it gave one.
    iso: str
    value: datetime


class DateReader:
    """Parses dates of one site: its edition languages first, then its country locales."""

    def __init__(
        self,
        languages: tuple[str, ...],
        locales: tuple[str, ...] = (),
        order: str = "DMY",
        zone: tzinfo | None = None,
    ) -> None:
        self.order = order
        #: The site's zone: what "today" is for "أمس 10:30" (UTC without one).
        self.zone = zone
        self._settings = {**_SETTINGS, "DATE_ORDER": order}
        self._languages, self._locales = languages, locales
        self._dateparsers: list[DateDataParser] | None = None  # made when first needed
        #: Date text form -> its reading now (``_cache``), and without the future check (a
        #: date without a year, which gets one from the story's URL), bounded.
        self._cache: dict[str, ParsedDate | None] = {}
        self._yearless: dict[str, ParsedDate | None] = {}

    @property
    def _parsers(self) -> list[DateDataParser]:
        """dateparser's parsers: the site's languages, its locales, then the fallbacks.

        Made on the first date that needs them: dateparser's import and its first parse
        cost about half a second, which a page with a numeric date never pays."""
        if self._dateparsers is None:
            from dateparser.date import DateDataParser

            def parser(**which: list[str]) -> DateDataParser:
                return DateDataParser(settings=self._settings, **which)

            self._dateparsers = [
                *(parser(languages=[language]) for language in self._languages),
                *(parser(locales=[locale]) for locale in self._locales),
                *(parser(languages=[f]) for f in _FALLBACK_LANGUAGES if f not in self._languages),
            ]
        return self._dateparsers

    def parse(
        self, raw: str | None, *, now: datetime | None = None, year_of: date | None = None
    ) -> ParsedDate | None:
        """Parse ``raw`` (a date alone, or a text with one date in it); None when unreadable.

        ``year_of``: for a date shown without a year ("07/31 23:11"), the day it must be
        closest to (from the story URL); without it such a date is read in the current year.
        """
        if not raw:
            return None
        key = date_text_form(raw)
        relative = find_relative_date(key)
        if relative is not None:  # never cached: it moves with the clock
            return self._relative(relative, now or datetime.now(UTC))
        if not _GREGORIAN_YEAR.search(key):  # a Hijri date alone: its Gregorian day
            day = hijri_day(normalise_date_text(raw))
            if day is not None:
                value = datetime(day.year, day.month, day.day)
                return self._checked(value, has_time=False, now=now or datetime.now(UTC))
        if year_of is not None and not _YEAR.search(key):
            if key in self._yearless:
                parsed = self._yearless[key]
            else:
                parsed = self._parse(key, _NO_FUTURE_CHECK)
                if len(self._yearless) < 10_000:
                    self._yearless[key] = parsed
            return _with_year(parsed, year_of) if parsed else None
        if now is None and key in self._cache:
            return self._cache[key]
        result = self._parse(key, now or datetime.now(UTC))
        if now is None and len(self._cache) < 10_000:
            self._cache[key] = result
        return result

    def _relative(self, text: str, now: datetime) -> ParsedDate | None:
        local = now.astimezone(self.zone or UTC) if now.tzinfo else now
        day = relative_day(text, local.date())
        if day is not None:  # a local time: the site's zone applies, as to any shown time
            return ParsedDate(iso=day.isoformat(), value=day)
        found = relative_date(text, now)
        if found is None:
            return None
        value, precise = found
        return ParsedDate(
            iso=value.isoformat() if precise else value.date().isoformat(), value=value
        )

    def _parse(self, text: str, now: datetime) -> ParsedDate | None:
        if _ISO.match(text):
            try:
                value = datetime.fromisoformat(text.replace(" ", "T"))
            except ValueError:
                return None
            return self._checked(value, has_time="T" in text or " " in text, now=now)
        text = time_last(_CONNECTOR.sub(" ", find_date_text(text) or text))
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
        numeric = NUMERIC_DATE.fullmatch(text) if self.order == "DMY" else None
        if numeric is not None:  # what dateparser reads, day first, when day and month fit
            day, month, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
            if month <= 12:
                try:
                    return datetime(year, month, day)
                except ValueError:
                    pass
        named = read_named_date(text)  # what dateparser reads, for the plain shapes
        if named is not None:
            return named
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
_GREGORIAN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
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


def utc_instant(value: str | None) -> str | None:
    """``2017-11-07T22:40:00Z``: the UTC instant of an ISO 8601 date with a time and an
    offset; None for a day alone or a time without an offset (no instant)."""
    if not value or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
