"""Spider arguments shared by every site: parsed and checked before a crawl starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from aggnews.profile import SiteProfile

KNOWN = ("base_url", "urls", "lang", "max_pages", "since", "refresh")


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
    since = None
    if kwargs.get("since"):
        try:
            since = date.fromisoformat(str(kwargs["since"]))
        except ValueError:
            raise ArgumentError(f"since={kwargs['since']!r}: expected a date YYYY-MM-DD") from None
    refresh_value = str(kwargs.get("refresh") or "0").strip().lower()
    if refresh_value not in ("0", "1", "true", "false", "yes", "no"):
        raise ArgumentError(f"refresh={kwargs['refresh']!r}: expected 1 or 0")
    return CrawlArguments(
        refresh=refresh_value in ("1", "true", "yes"),
        base_url=base_url,
        urls=urls,
        languages=(lang,) if lang else profile.languages,
        max_pages=max_pages,
        since=since,
    )
