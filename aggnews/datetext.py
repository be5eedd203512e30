"""Dates as pages write them: a date cut out of its sentence, the forms dateparser reads
(the region's month names, Hijri dates beside Gregorian ones, French and Arabic times), and
the form a page shows a date in."""

from __future__ import annotations

import re
from functools import lru_cache

from aggnews.hijri import NUMERIC_HIJRI, find_hijri
from aggnews.relativedates import DAY_MARK, find_relative_date

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: A digit ``_DIGITS`` rewrites (a text without one reads the same translated).
_OTHER_DIGIT = re.compile("[٠-٩۰-۹]")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u061c\xa0"), " ")
#: A time of day: "10:30", "10:30:15", French "10h30".
CLOCK_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})"
#: A time after a date, with an offset ("+0300", "GMT", "GMT+3", "(GMT+03:00)") or a
#: morning/evening mark; joined to the date by a dash, a comma, "à", "at", "الساعة".
_TIME_PART = (
    r"(?:\s*(?:[-,،|]|à|at|a las|على الساعة|الساعة|في تمام الساعة)?\s*"
    + CLOCK_TIME
    + r"(?:\s*"
    + DAY_MARK
    + r")?(?:\s*\(?(?:(?:GMT|UTC)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?)?"
)
#: A month name of one or two words ("ديسمبر", "كانون الأول", "déc.").
_MONTH = r"[^\W\d_]+\.?(?:\s+[^\W\d_]{3,})?(?:\s*/\s*[^\W\d_]+)?"
#: Shapes of a date inside a longer text, most specific first.
_DATE_SHAPES = (
    re.compile(
        r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(r"\d{4}\s*[/.]\s*\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)" + _TIME_PART),
    # one separator both times, not inside a number ("9,212.77 -0.04%" is no date)
    re.compile(r"(?<![\d.,])\d{1,2}\s*([-/.])\s*\d{1,2}\s*\1\s*\d{2,4}(?![\d%])" + _TIME_PART),
    # the time first ("01:38:07 PM IST Nov 20, 2019")
    re.compile(
        r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?\s*(?i:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s+)?"
        r"[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,?\s+\d{4}"
    ),
    re.compile(r"\d{1,2}(?:er|st|nd|rd|th)?\s+" + _MONTH + r"\s*[,،]?\s+\d{4}" + _TIME_PART),
    # hyphens between day, month name and year ("12-Nov-2025", "12-نوفمبر-2025")
    re.compile(r"(?<![\d-])\d{1,2}-[^\W\d_]{3,9}\.?-\d{4}(?!\d)" + _TIME_PART),
    re.compile(
        # one word: "Published December 3rd, 2025" is "December 3rd, 2025"
        r"(?<![^\W\d_])[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*[,،]?\s+\d{4}" + _TIME_PART
    ),
    # a day and a time without the year ("07/31 23:11"): the story URL gives the year
    re.compile(r"(?<![\d/.-])\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?![\d/])"),
)


def normalise_date_text(text: str) -> str:
    """Western digits, no bidi marks or non-breaking spaces, single spaces."""
    if text.isascii():  # nothing to translate: the digits and marks are not ASCII
        return " ".join(text.split())
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
#: A zone's abbreviation between a time and a month name ("01:38 PM IST Nov 20, 2019"):
#: dropped, as after a date (IST, AST and GST each name two zones; the site's zone holds).
_ZONE_NAME = re.compile(r"(?<=[\dMm.])\s+(?!GMT\b|UTC\b)[A-Z]{3,4}(?=\s+[^\W\d_])")
_FRENCH_TIME = re.compile(r"(?<!\d)(\d{1,2})h(\d{2})(?!\d)")
#: A day's ordinal suffix or "of" before its month ("12th of November", "12 من نوفمبر").
_DAY_OF = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of|من)\s+(?=[^\W\d_])|(?<!\d)(\d{1,2})(?:st|nd|rd|th)\s+(?=[^\W\d_])",
    re.I,
)
_MARKED_TIME = re.compile(r"(?<!\d)(\d{1,2})(:\d{2}(?::\d{2})?)\s*(" + DAY_MARK + ")")
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


@lru_cache(maxsize=16_384)
def date_text_form(text: str) -> str:
    """``text`` normalised (see ``normalise_date_text``) and in forms dateparser reads."""
    text = normalise_date_text(text)
    text = _HIJRI.sub(" ", text)
    text = _MONTH_PAIR.sub("", text)
    text = _YEAR_FIRST.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    text = _FRENCH_TIME.sub(r"\1:\2", text)
    text = _DAY_OF.sub(lambda m: (m[1] or m[2]) + " ", text)
    text = _ZONE_NAME.sub("", text)
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
    digits), or None. A Hijri date beside the Gregorian one is passed over, and found when
    the text has no other; a relative date ("منذ 3 ساعات") counts when it makes up most of
    a short text."""
    plain = normalise_date_text(text)
    text = NUMERIC_HIJRI.sub(" ", _HIJRI.sub(" ", plain))
    for shape in _DATE_SHAPES:
        match = shape.search(text)
        if match:
            found = match.group(0).strip()
            if shape is _DATE_SHAPES[0] or _CLOCK.search(found):
                return found
            before = _TIME_BEFORE.search(WEEKDAY_BEFORE.sub("", text[: match.start()]))
            return text[before.start() : match.end()].strip() if before else found
    return find_hijri(plain) or find_relative_date(text)


#: A time of day in a date ("10:30", "10h30").
_CLOCK = re.compile(r"\d:\d{2}|\dh\d{2}")
#: A time printed just before its date ("12:30 م - 12 نوفمبر 2025", "14h30, le 12 novembre
#: 2025", "10:30 AM, November 12, 2025", "الساعة 12:30 م، الأربعاء 12 نوفمبر 2025").
_TIME_FIRST = CLOCK_TIME + r"(?:\s*" + DAY_MARK + r")?"
#: What stands between a time printed first and its date (" - ", ", le ", " on ").
_TIME_JOIN = r"\s*(?:[-,،|]\s*)?(?:(?:le|on|the|في|يوم)\s+)?"
_TIME_BEFORE = re.compile(r"(?<![\d:.])" + _TIME_FIRST + _TIME_JOIN + "$")
#: A time at the head of a date text, and the date after it (see ``time_last``).
_LEADING_TIME = re.compile("^(" + _TIME_FIRST + ")" + _TIME_JOIN + r"(?=\S)(.*\d{4}.*)$")


def time_last(text: str) -> str:
    """A date text that opens with its time, the time moved after the date ("12:30 - 12
    نوفمبر 2025" is "12 نوفمبر 2025 12:30"), the shape the date readers take."""
    match = _LEADING_TIME.match(text)
    return f"{match[2]} {match[1]}" if match else text


#: A weekday name ending the text before a date ("الأربعاء", "Wednesday,").
WEEKDAY_BEFORE = re.compile(
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
        # (the translation keeps every character's place: an index in it is one in the line)
        other = not line.isascii() and _OTHER_DIGIT.search(line) is not None
        index = (line.translate(_DIGITS) if other else line).find(wanted)
        if index < 0:
            continue
        shown = line[index : index + len(wanted)]
        weekday = WEEKDAY_BEFORE.search(line[:index])
        return (line[weekday.start() : index] + shown) if weekday else shown
    return raw
