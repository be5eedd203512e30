"""Publication dates: cut the date out of its sentence, parse it day-first, keep its offset."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from aggnews.monthnames import read_named_date

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u061c\xa0"), " ")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})")
#: A day-first numeric date alone ("22 - 11 - 2017", "22/11/2017"), read without dateparser.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})")
#: A time after a date: "10:30", "10:30:15", French "10h30", with an offset or an
#: Arabic morning/evening mark; joined to the date by a dash, a comma, "à", "at", "الساعة".
_TIME_PART = (
    r"(?:\s*(?:[-,،|]|à|at|a las|على الساعة|الساعة|في تمام الساعة)?\s*"
    r"\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})"
    r"(?:\s*(?:[ap]\.?m\.?|صباحا|صباحاً|مساء|مساءً|ص|م)(?![^\W\d_]))?"
    r"(?:\s*(?:[+-]\d{2}:?\d{2}|GMT|UTC))?)?"
)
#: A month name of one or two words ("ديسمبر", "كانون الأول", "déc.").
_MONTH = r"[^\W\d_]+\.?(?:\s+[^\W\d_]{3,})?(?:\s*/\s*[^\W\d_]+)?"
#: Shapes of a date inside a longer text, most specific first.
_DATE_SHAPES = (
    re.compile(
        r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(r"\d{4}\s*[/.]\s*\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)" + _TIME_PART),
    re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}" + _TIME_PART),
    re.compile(r"\d{1,2}(?:er)?\s+" + _MONTH + r"\s*[,،]?\s+\d{4}" + _TIME_PART),
    re.compile(
        r"(?<![^\W\d_])" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\s*[,،]?\s+\d{4}" + _TIME_PART
    ),
    # a day and a time without the year ("07/31 23:11"): the story URL gives the year
    re.compile(r"(?<![\d/.-])\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?![\d/])"),
)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
_MIN_YEAR = 1990
#: Tried after the site's own languages and locales, for a page in an unexpected language.
_FALLBACK_LANGUAGES = ("ar", "en", "fr")


def normalise_date_text(text: str) -> str:
    """Western digits, no bidi marks or non-breaking spaces, single spaces."""
    return " ".join(text.translate(_DIGITS).translate(_MARKS).split())


# What dateparser lacks, in one place: the Hijri date printed beside the Gregorian one, the
# Levant "كانون الأول/ديسمبر" pair, year-first slashes, French "10h30" and the Arabic
# morning/evening marks after a time.
_HIJRI = re.compile(
    r"\d{1,2}\s+(?:محرم|صفر|ربيع (?:الأول|الآخر|الثاني)|جماد[ىي] (?:الأولى|الأول|الآخرة|الثانية)"
    r"|رجب|شعبان|رمضان|شوال|ذ[وي] القعدة|ذ[وي] الحجة)\s*،?\s+\d{4}\s*(?:هـ|ه)?"
)
_MONTH_PAIR = re.compile(r"(?<=[^\W\d_])\s*(?:/\s*([^\W\d_]+)|\(\s*([^\W\d_]+)\s*\))")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})(?!\d)")
_FRENCH_TIME = re.compile(r"(?<!\d)(\d{1,2})h(\d{2})(?!\d)")
_MARKED_TIME = re.compile(
    r"(?<!\d)(\d{1,2})(:\d{2}(?::\d{2})?)\s*(صباحا|صباحاً|مساء|مساءً|ص|م|[ap]\.?m\.?)(?![^\W\d_])",
    re.IGNORECASE,
)
#: The region's month names dateparser knows only under one country's locale, as the
#: Egyptian names every Arabic parser reads (Levant, Moroccan, Tunisian and Algerian).
_LOCAL_MONTHS = {
    "كانون الثاني": "يناير",
    "شباط": "فبراير",
    "آذار": "مارس",
    "اذار": "مارس",
    "نيسان": "أبريل",
    "أيار": "مايو",
    "ايار": "مايو",
    "حزيران": "يونيو",
    "تموز": "يوليو",
    "آب": "أغسطس",
    "اب": "أغسطس",
    "أيلول": "سبتمبر",
    "ايلول": "سبتمبر",
    "تشرين الأول": "أكتوبر",
    "تشرين الاول": "أكتوبر",
    "تشرين الثاني": "نوفمبر",
    "كانون الأول": "ديسمبر",
    "كانون الاول": "ديسمبر",
    "جانفي": "يناير",
    "فيفري": "فبراير",
    "أفريل": "أبريل",
    "افريل": "أبريل",
    "ماي": "مايو",
    "جوان": "يونيو",
    "جويلية": "يوليو",
    "يوليوز": "يوليو",
    "أوت": "أغسطس",
    "اوت": "أغسطس",
    "غشت": "أغسطس",
    "شتنبر": "سبتمبر",
    "نونبر": "نوفمبر",
    "دجنبر": "ديسمبر",
}
_LOCAL_MONTH = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(sorted(map(re.escape, _LOCAL_MONTHS), key=len, reverse=True))
    + r")(?![^\W\d_])"
)
#: Words between a date and its time that dateparser does not skip.
_CONNECTOR = re.compile(r"\s(?:على الساعة|في تمام الساعة|الساعة|\|)\s")


@lru_cache(maxsize=16_384)
def date_text_form(text: str) -> str:
    """``text`` normalised (see ``normalise_date_text``) and in forms dateparser reads."""
    text = normalise_date_text(text)
    text = _HIJRI.sub(" ", text)
    text = _MONTH_PAIR.sub("", text)
    text = _YEAR_FIRST.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    text = _FRENCH_TIME.sub(r"\1:\2", text)
    text = _LOCAL_MONTH.sub(lambda m: _LOCAL_MONTHS[m[1]], text)
    return " ".join(_MARKED_TIME.sub(_twenty_four_hour, text).split())


def _twenty_four_hour(match: re.Match[str]) -> str:
    hour = int(match[1])
    evening = match[3].casefold().startswith(("م", "p"))
    if evening and hour < 12:
        hour += 12
    elif not evening and hour == 12:
        hour = 0
    return f"{hour:02d}{match[2]}"


@lru_cache(maxsize=16_384)
def find_date_text(text: str) -> str | None:
    """The first substring of ``text`` shaped like a date (as the page writes it, in Western
    digits), or None. A Hijri date beside the Gregorian one is passed over."""
    text = _HIJRI.sub(" ", normalise_date_text(text))
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
        self.order = order
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

    def _parse(self, text: str, now: datetime) -> ParsedDate | None:
        if _ISO.match(text):
            try:
                value = datetime.fromisoformat(text.replace(" ", "T"))
            except ValueError:
                return None
            return self._checked(value, has_time="T" in text or " " in text, now=now)
        text = _CONNECTOR.sub(" ", find_date_text(text) or text)
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
        numeric = _DAY_MONTH_YEAR.fullmatch(text) if self.order == "DMY" else None
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


#: Weekday names a page may print before a date.
_WEEKDAY = re.compile(
    r"(?:الأحد|الاحد|الإثنين|الاثنين|الأثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
    r"\.?\s*[،,]?\s*$",
    re.IGNORECASE,
)


def shown_date_text(raw: str, lines: list[str]) -> str:
    """``raw`` as the page writes it: its own digits, with the weekday printed before it."""
    wanted = normalise_date_text(raw)
    for line in lines:
        if len(line) > 300:
            continue
        plain = line.translate(_DIGITS)
        index = plain.find(wanted)
        if index < 0:
            continue
        shown = line[index : index + len(wanted)]
        weekday = _WEEKDAY.search(line[:index])
        return (line[weekday.start() : index] + shown) if weekday else shown
    return raw


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
