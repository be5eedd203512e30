"""Dates pages write relative to the moment they are read: "منذ 3 ساعات", "قبل ساعتين",
"5 minutes ago", "il y a 2 jours", "منذ لحظات", "أمس 10:30". Aggregators show them beside a
story when it is fresh; the crawl reads the page within seconds of fetching it, so the
moment of reading stands for the page's "now"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_UNITS = {
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
#: Unit words -> (unit, the count the word means alone: 1 singular, 2 the Arabic dual, 0 a
#: plural, which needs a number: "منذ أيام" is "some days ago", no date).
_WORDS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("دقيقة", "دقيقه"), ("minute", 1)),
    **dict.fromkeys(("دقائق", "دقايق"), ("minute", 0)),
    **dict.fromkeys(("دقيقتين", "دقيقتان"), ("minute", 2)),
    **dict.fromkeys(("ساعة", "ساعه"), ("hour", 1)),
    **dict.fromkeys(("ساعات",), ("hour", 0)),
    **dict.fromkeys(("ساعتين", "ساعتان"), ("hour", 2)),
    **dict.fromkeys(("يوم",), ("day", 1)),
    **dict.fromkeys(("أيام", "ايام"), ("day", 0)),
    **dict.fromkeys(("يومين", "يومان"), ("day", 2)),
    **dict.fromkeys(("أسبوع", "اسبوع"), ("week", 1)),
    **dict.fromkeys(("أسابيع", "اسابيع"), ("week", 0)),
    **dict.fromkeys(("أسبوعين", "اسبوعين"), ("week", 2)),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), ("minute", 1)),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "heure", "heures", "h"), ("hour", 1)),
    **dict.fromkeys(("day", "days", "jour", "jours"), ("day", 1)),
    **dict.fromkeys(("week", "weeks", "semaine", "semaines"), ("week", 1)),
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "un": 1,
    "une": 1,
    "ثلاث": 3,
    "ثلاثة": 3,
    "أربع": 4,
    "أربعة": 4,
    "اربع": 4,
    "اربعة": 4,
    "خمس": 5,
    "خمسة": 5,
    "ست": 6,
    "ستة": 6,
    "سبع": 7,
    "سبعة": 7,
    "ثماني": 8,
    "ثمانية": 8,
    "تسع": 9,
    "تسعة": 9,
    "عشر": 10,
    "عشرة": 10,
}


def _alternation(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


_COUNT = rf"(?:(?P<n>\d{{1,3}})|(?P<w>{_alternation(_NUMBERS)}))"
_UNIT = rf"(?P<u>{_alternation(_WORDS)})"
_SHAPES = (
    rf"(?:منذ|قبل)\s+(?:{_COUNT}\s+)?{_UNIT}",
    rf"{_COUNT}\s*{_UNIT}\.?\s+ago",
    rf"il\s+y\s+a\s+{_COUNT}\s*{_UNIT}",
)
_NOW = r"(?P<now>منذ\s+لحظات|منذ\s+قليل|قبل\s+لحظات|just\s+now|à\s+l'instant)"
#: The expression's shapes, in Western digits (``normalise_date_text``), most common first.
RELATIVE_DATES = tuple(
    re.compile(rf"(?<![^\W\d_]){shape}(?![^\W\d_])", re.IGNORECASE) for shape in (*_SHAPES, _NOW)
)


#: A day named from today, with the time shown ("أمس 10:30", "اليوم، 09:15 ص", "Yesterday at
#: 10:30 AM", "hier à 10h30"): days back. Without a time the words are too common to be one.
_DAYS_BACK = {
    **dict.fromkeys(("أمس", "امس", "البارحة", "yesterday", "hier"), 1),
    **dict.fromkeys(("اليوم", "today", "aujourd'hui", "aujourd’hui"), 0),
}
#: A morning or evening mark after a time ("PM", "a.m.", "ص", "مساءً": the spelling with
#: tanween before the one without, or the mark would be left in the time).
DAY_MARK = r"(?:(?i:[ap]\.?m\.?)|صباحاً|صباحا|مساءً|مساء|ص|م)(?![^\W\d_])"
RELATIVE_DAY = re.compile(
    rf"(?<![^\W\d_])(?P<day>{_alternation(_DAYS_BACK)})\s*[,،]?\s*"
    r"(?:at|à|a las|الساعة|على الساعة)?\s*(?P<h>\d{1,2})[:h](?P<m>\d{2})(?!\d)"
    r"(?:\s*" + DAY_MARK + ")?",  # the mark, so that the shown date keeps it
    re.IGNORECASE,
)

#: Words every shape holds (a quick test before the patterns).
_CUES = ("منذ", "قبل", "ago", "il y a", "now", "instant", "مس", "البارحة", "اليوم", "day", "hier")


def _search(text: str) -> tuple[str, timedelta, bool] | None:
    """(the expression, how long ago, precise to the minute or hour) of the first relative
    date in ``text`` that names a span."""
    for pattern in RELATIVE_DATES:
        match = pattern.search(text)
        if match is None:
            continue
        if "now" in pattern.groupindex:
            return match[0], timedelta(0), True
        unit, implied = _WORDS[match["u"].casefold()]
        if match["n"]:
            count = int(match["n"])
        elif match["w"]:
            count = _NUMBERS[match["w"].casefold()]
        else:
            count = implied
        if count:
            return match[0], count * _UNITS[unit], unit in ("minute", "hour")
    return None


def find_relative_date(text: str) -> str | None:
    """The relative date that makes up most of the short ``text`` ("عكاظ · منذ 3 ساعات"), or
    None: in a sentence ("قبل يوم من الانتخابات") the words are not a date, and "منذ أيام"
    ("some days ago") names no span."""
    if len(text) > 60 or not any(cue in text.casefold() for cue in _CUES):
        return None
    found = _search(text)
    shown = found[0] if found else None
    if shown is None:
        day = RELATIVE_DAY.search(text)
        shown = day[0] if day else None
    if shown is None or len(shown) < 0.4 * len(text):
        return None
    return shown


def relative_day(text: str, today: date) -> datetime | None:
    """The local time a "yesterday 10:30" in ``text`` names (no zone: the site's), counted
    from the site's ``today``; ``text`` in ``date_text_form``, its time on the 24-hour clock."""
    match = RELATIVE_DAY.search(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        return None
    day = today - timedelta(days=_DAYS_BACK[match["day"].casefold()])
    return datetime(day.year, day.month, day.day, hour, minute)


def relative_date(text: str, now: datetime) -> tuple[datetime, bool] | None:
    """The moment the relative date in ``text`` names, counted back from ``now`` (to the
    minute), and whether it is precise to the minute or hour (else only the day)."""
    found = _search(text)
    if found is None:
        return None
    _, ago, precise = found
    return (now - ago).replace(second=0, microsecond=0), precise
