"""Dates written with a month name ("12 مارس 2024 10:30", "March 12, 2024", "1er mars
2024") read without dateparser, which costs milliseconds a new date.

The names are dateparser's own (its Arabic, English and French data), less any name the
three languages also use for something else (French "mar" is Tuesday) or for two months.
Only the plain day-month-year and month-day-year shapes with an optional time are read here;
anything else (a weekday, an offset, a relative date) goes to dateparser.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

_LANGUAGES = ("ar", "en", "fr")
_MONTH_KEYS = (
    "january february march april may june july august september october november december"
).split()


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, tuple[int, frozenset[str]]]:
    """Lower-case month name -> (month number, languages that write it), for the names
    that are unambiguous across the three languages."""
    from importlib import import_module

    months: dict[str, set[int]] = {}
    languages: dict[str, set[str]] = {}
    other: set[str] = set()
    for language in _LANGUAGES:
        info = import_module(f"dateparser.data.date_translation_data.{language}").info
        for key, values in info.items():
            if not isinstance(values, list):
                continue
            names = {str(v).lower() for v in values if isinstance(v, str)}
            if key in _MONTH_KEYS:
                for name in names:
                    months.setdefault(name, set()).add(_MONTH_KEYS.index(key) + 1)
                    languages.setdefault(name, set()).add(language)
            else:
                other |= names
    known = {
        name: (next(iter(numbers)), frozenset(languages[name]))
        for name, numbers in months.items()
        if len(numbers) == 1 and name not in other and len(name) >= 3
    }
    # "إبريل", "اكتوبر": the alef forms pages write and dateparser also reads
    return {**{_plain_alef(name): n for name, n in known.items()}, **known}


_ALEFS = str.maketrans("أإآ", "ااا")


def _plain_alef(name: str) -> str:
    return name.translate(_ALEFS)


_TIME = r"(?:(?:\s*([-,،]|à|at)\s*|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})(er)?\s+([^\W\d_]+)(\.?)\s*([,،]?)\s+(\d{4})" + _TIME)
_MONTH_FIRST = re.compile(r"([^\W\d_]+)(\.?)\s+(\d{1,2})(st|nd|rd|th)?\s*(,?)\s+(\d{4})" + _TIME)
#: The words of the shapes that only one language's parser reads.
_WORD_LANGUAGE = {"er": "fr", "à": "fr", "st": "en", "nd": "en", "rd": "en", "th": "en", "at": "en"}


def read_named_date(text: str) -> datetime | None:
    """The date of ``text`` when it is a plain date with a known month name, else None."""
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, suffix, name = match[1], match[2], match[3]
    else:
        match = _MONTH_FIRST.fullmatch(text)
        if not match:
            return None
        name, day, suffix = match[1], match[3], match[4]
    names = month_numbers()
    lower = name.lower()
    found = names.get(lower) or names.get(_plain_alef(lower))
    if found is None:
        return None
    month, languages = found
    # the words around the date must be the month's language's ("1er mars", "March 2nd");
    # the month-first shape, a dot or a comma after the name: English only
    needed = {
        _WORD_LANGUAGE[w.lower()] for w in (suffix, match[7]) if w and w.lower() in _WORD_LANGUAGE
    }
    if match.re is _MONTH_FIRST or match[4 if match.re is _DAY_FIRST else 2] or match[5]:
        needed.add("en")
    if len(needed) > 1 or (needed and not needed <= languages):
        return None
    hour, minute, second = (int(match[i] or 0) for i in (8, 9, 10))
    try:
        return datetime(int(match[6]), month, int(day), hour, minute, second)
    except ValueError:
        return None
