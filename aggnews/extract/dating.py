"""The story's date: the first date layer that reads, in the site's zone, in the form the
page shows it (see ``StoryDating.fill``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from aggnews.dates import NUMERIC_DATE, DateReader, as_date
from aggnews.datetext import find_date_text, normalise_date_text, shown_date_text
from aggnews.extract.html import text_of
from aggnews.extract.layers import Page, script_field
from aggnews.extract.storyhead import date_near_title
from aggnews.loaders import ArticleLoader
from aggnews.monthnames import month_numbers
from aggnews.text import clean_text

if TYPE_CHECKING:
    from aggnews.extract.article import Extraction


#: Layers whose day is not read from the text the page shows (ISO dates, URL days).
_NOT_SHOWN = ("metadata", "listing", "url", "script")


class StoryDating:
    """Chooses a story page's date among its date layers."""

    def __init__(self, dates: DateReader, zone: ZoneInfo | None) -> None:
        self.dates = dates
        self._zone = zone

    def fill(self, loader: ArticleLoader, result: Extraction, page: Page) -> None:
        """The first layer's date, moved into the site's zone; the date of the page's
        "Published on" line wins over metadata whose calendar day it contradicts.
        ``date_raw`` is the date as the page shows it whenever the page shows it."""
        url_day = as_date(date_from_url(page))
        layers = date_layers(page)
        for position, (layer, get) in enumerate(layers):
            raw = get()
            iso = self._iso(raw, url_day)
            if not iso or not raw:
                continue
            if layer == "metadata":
                shown = self._shown_date(layers[position + 1 :], url_day)
                if shown and shown[0] == "cue" and shown[2][:10] != iso[:10]:
                    layer, raw, iso = shown
                    result.overruled = True
                elif shown and shown[2][:10] == iso[:10]:
                    raw = shown[1]
            elif layer in ("listing", "url"):
                shown = self._shown_date(layers[position + 1 :], url_day)
                if shown and shown[2][:10] == iso[:10]:
                    raw, iso = shown[1], shown[2]  # the page's own form of that day
            if layer not in _NOT_SHOWN:
                iso = _as_story_text_says(iso, raw, page)
            loader.keep("date", loader.candidates("date", [iso]))
            shown = shown_date_text(clean_text(raw), page.lines)
            loader.keep("date_raw", loader.candidates("date_raw", [shown]))
            result.layers["date"] = layer
            return

    def _iso(self, raw: str | None, url_day: date | None) -> str | None:
        parsed = self.dates.parse(raw, year_of=url_day)
        if not parsed:
            return None
        iso = parsed.iso
        if self._zone is not None and "T" in iso:
            value = parsed.value
            # an instant is shown in the site's zone; a local time gets the zone's offset
            value = (
                value.astimezone(self._zone) if value.tzinfo else value.replace(tzinfo=self._zone)
            )
            iso = value.isoformat()
        return iso

    def _shown_date(
        self, layers: list[tuple[str, Callable[[], str | None]]], url_day: date | None
    ) -> tuple[str, str, str] | None:
        """(layer, raw, iso) of the date the page shows: its "Published on" line, else the
        date near the headline (which only names the shown form: pages show print-edition
        and update dates there, so it never overrules metadata)."""
        for layer, get in layers:
            if layer in ("cue", "generic"):
                raw = get()
                iso = self._iso(raw, url_day)
                if raw and iso:
                    return (layer, raw, iso) if layer == "cue" else ("shown", raw, iso)
                if layer == "generic":
                    return None
        return None


#: A day with a month name and no year, as a wire dateline writes it ("Dec 3", "3 déc.").
_NAMED_DAY = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{3,9})\.?\s+(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})\s+([^\W\d_]{3,9})"
)


def _as_story_text_says(iso: str, raw: str, page: Page) -> str:
    """``iso``, read from ``raw``, with day and month swapped when ``raw`` could be read
    either way ("12/3/2025") and the story's dateline names the other reading ("KUWAIT,
    Dec 3")."""
    match = NUMERIC_DATE.search(normalise_date_text(raw))
    if match is None or match[1] == match[3] or int(match[1]) > 12 or int(match[3]) > 12:
        return iso
    month, day = int(iso[5:7]), int(iso[8:10])
    start = page.title_index + 1 if page.title_index is not None else 0
    names = month_numbers()
    for line in page.lines[start : start + 3]:
        for found in _NAMED_DAY.finditer(line[:80]):
            word, number = (found[1], found[2]) if found[1] else (found[4], found[3])
            named = names.get(word.casefold())
            if named and (named[0], int(number)) == (day, month):
                return f"{iso[:5]}{day:02d}-{month:02d}{iso[10:]}"
    return iso


def date_layers(page: Page) -> list[tuple[str, Callable[[], str | None]]]:
    published = page.published[1] if page.published else None
    return [
        ("selector", lambda: _date_from_selectors(page)),
        ("metadata", lambda: page.meta.date),
        ("cue", lambda: published.date if published else None),
        ("listing", lambda: page.listed_date),
        ("url", lambda: date_from_url(page)),
        ("script", lambda: script_field(page, "date")),
        ("generic", lambda: date_near_title(page.lines, page.title_index)),
        ("generic", lambda: page.fallback().date),
    ]


def _date_from_selectors(page: Page) -> str | None:
    for el in page.css(page.profile.selectors.date):
        text = text_of(el)
        parsed = page.published_line(text)
        if parsed:
            raw = parsed.date
        else:
            short = text if len(text) <= 40 else None
            raw = el.get("datetime") or find_date_text(text) or short
        if raw:
            return raw
    return None


def date_from_url(page: Page) -> str | None:
    """The day in the story's URL ("YYYY-MM-DD"), when the profile says where it is."""
    if not page.profile.url_date_pattern:
        return None
    match = re.search(page.profile.url_date_pattern, urlsplit(page.url).path)
    return f"{match['y']}-{match['m']}-{match['d']}" if match else None
