"""Dates a page gives only in the Hijri calendar ("12 جمادى الآخرة 1447 هـ", "12/06/1447هـ"),
read as the Gregorian day (Umm al-Qura, via ``hijridate``). A Gregorian date beside the
Hijri one always wins: the Hijri reading is for pages that print no other."""

from __future__ import annotations

import re
from datetime import date

from hijridate import Hijri

#: Hijri month names as Arabic pages write them (either spelling of the yaa, the alef-less
#: "جماد"), and their numbers.
_MONTHS = {
    "محرم": 1,
    "صفر": 2,
    "ربيع الأول": 3,
    "ربيع الاول": 3,
    "ربيع الآخر": 4,
    "ربيع الاخر": 4,
    "ربيع الثاني": 4,
    "جمادى الأولى": 5,
    "جمادى الاولى": 5,
    "جمادى الأول": 5,
    "جمادى الآخرة": 6,
    "جمادى الاخرة": 6,
    "جمادى الثانية": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعدة": 11,
    "ذو الحجة": 12,
}
_NAMES = "|".join(sorted((re.escape(n) for n in _MONTHS), key=len, reverse=True))
#: "12 جمادى الآخرة 1447 هـ" (Western digits: see ``datetext.normalise_date_text``).
NAMED_HIJRI = re.compile(
    r"(?<!\d)(\d{1,2})\s+(" + _NAMES.replace("ى", "[ىي]").replace("ذو", "ذ[وي]") + r")"
    r"\s*[،,]?\s+(1[34]\d\d)(?!\d)\s*(?:هـ|ه)?"
)
#: "12/06/1447" or "1447/06/12", with "هـ" or not: a year of 1300-1499 is a Hijri year.
NUMERIC_HIJRI = re.compile(
    r"(?<![\d/.-])(?:(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(1[34]\d\d)"
    r"|(1[34]\d\d)\s*([-/.])\s*(\d{1,2})\s*\6\s*(\d{1,2}))(?![\d/.-])\s*(?:هـ|ه)?"
)
#: A cheap test before the patterns: a Hijri month's name, a Hijri year or the "هـ" mark.
HINT = re.compile(r"1[34]\d\d|هـ|محرم|صفر|ربيع|جماد|رجب|شعبان|رمضان|شوال|ذ[وي] ال")


def _first(text: str) -> re.Match[str] | None:
    """The first Hijri date in ``text``, by month name or in figures."""
    if not HINT.search(text):
        return None
    found = [m for m in (NAMED_HIJRI.search(text), NUMERIC_HIJRI.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def find_hijri(text: str) -> str | None:
    """The first Hijri date in ``text`` (Western digits), as written, or None."""
    match = _first(text)
    return match.group(0).strip() if match else None


def hijri_day(text: str) -> date | None:
    """The Gregorian day of the first Hijri date ``text`` holds, or None (no Hijri date, or
    one that does not exist)."""
    match = _first(text)
    if match is None:
        return None
    if match.re is NAMED_HIJRI:
        day, month, year = int(match[1]), _MONTHS.get(_month_key(match[2])), int(match[3])
    elif match[1]:
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        year, month, day = int(match[5]), int(match[7]), int(match[8])
    if not month:
        return None
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):  # a day the month lacks, a year out of the table
        return None


def _month_key(name: str) -> str:
    name = " ".join(name.split())
    if name.startswith("ذي"):
        name = "ذو" + name[2:]
    if name.startswith("جمادي"):
        name = "جمادى" + name[5:]
    return name
