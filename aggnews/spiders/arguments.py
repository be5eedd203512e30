"""Spider arguments shared by every site: parsed and checked before a crawl starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from aggnews.profile import SiteProfile

KNOWN = ("base_url", "urls", "lang", "max_pages", "since", "refresh")
#: What a boolean argument accepts (any case), as its error message says.
TRUE = ("1", "true", "yes")
FALSE = ("0", "false", "no")
#: The latest calendar day anywhere on Earth is this far ahead of UTC (UTC+14).
_AHEAD_OF_UTC = timedelta(hours=14)


class ArgumentError(ValueError):
    """A spider argument with a value the site does not allow."""


@dataclass(frozen=True)
class CrawlArguments:
    """The parsed ``-a`` arguments of a crawl."""

    base_url: str | None = None
    urls: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    max_pages: int | None = None
    since: date | None = None
    #: Re-request story pages emitted by earlier runs.
    refresh: bool = False


def _origin(value: str) -> str:
    split = urlsplit(value.strip())
    if split.scheme not in ("http", "https") or not split.netloc:
        raise ArgumentError(f"base_url={value!r}: expected an origin like http://127.0.0.1:8080")
    return f"{split.scheme}://{split.netloc}"


def parse_arguments(profile: SiteProfile, **kwargs: object) -> CrawlArguments:
    """Check ``kwargs`` against what ``profile`` allows; raise ArgumentError saying what is."""
    extra = sorted(set(kwargs) - set(KNOWN))
    if extra:
        raise ArgumentError(f"unknown argument {extra[0]!r}; allowed: {', '.join(KNOWN)}")
    base_url = _origin(str(kwargs["base_url"])) if kwargs.get("base_url") else None
    urls = tuple(u.strip() for u in str(kwargs.get("urls") or "").split(",") if u.strip())
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ArgumentError(f"urls: {url!r} is not an http(s) URL")
    lang = str(kwargs.get("lang") or "").strip()
    if lang and lang not in profile.languages:
        raise ArgumentError(f"lang={lang!r}: {profile.name} has {'|'.join(profile.languages)}")
    max_pages = None
    if kwargs.get("max_pages") not in (None, ""):
        try:
            max_pages = int(str(kwargs["max_pages"]))
        except ValueError:
            max_pages = 0
        if max_pages < 1:
            raise ArgumentError(f"max_pages={kwargs['max_pages']!r}: expected a whole number >= 1")
    since = _since(kwargs["since"]) if kwargs.get("since") else None
    return CrawlArguments(
        refresh=boolean("refresh", kwargs.get("refresh")),
        base_url=base_url,
        urls=urls,
        languages=(lang,) if lang else profile.languages,
        max_pages=max_pages,
        since=since,
    )


def _since(value: object) -> date:
    """A day no later than today somewhere on Earth (a later one could match no story)."""
    try:
        since = date.fromisoformat(str(value))
    except ValueError:
        raise ArgumentError(f"since={value!r}: expected a date YYYY-MM-DD") from None
    latest = (datetime.now(UTC) + _AHEAD_OF_UTC).date()
    if since > latest:
        raise ArgumentError(
            f"since={value!r}: in the future (today is {datetime.now(UTC).date()} UTC); "
            "no story is that recent"
        )
    return since


def boolean(name: str, value: object) -> bool:
    """``1``/``true``/``yes`` or ``0``/``false``/``no`` (any case); absent or empty: False."""
    text = str(value if value is not None else "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE or not text:
        return False
    raise ArgumentError(f"{name}={value!r}: expected {'|'.join(TRUE)} or {'|'.join(FALSE)}")
