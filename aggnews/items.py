"""Items aggnews emits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class NewsArticle:
    """One story as an aggregator republished it (fields follow schema.org's NewsArticle)."""

    #: Stable id: 16 hex digits of the SHA-1 of ``url``.
    id: str | None = None
    #: Canonical URL of the story on the aggregator (https, no tracking parameters, no fragment).
    url: str | None = None
    #: Name of the aggregator's site profile, e.g. "masress".
    site: str | None = None
    #: Language of the story, ISO 639-1 ("ar", "en", "fr").
    language: str | None = None
    #: Headline as the page shows it (schema.org ``headline``).
    title: str | None = None
    #: Name of the original outlet as the page shows it (schema.org ``sourceOrganization``).
    source: str | None = None
    #: Link to the story at the original outlet ("read at source"), or None (``isBasedOn``).
    source_url: str | None = None
    #: Publication date, ISO 8601: a date alone when the page gives only a day, else with the
    #: page's own offset when it gives one (``datePublished``).
    date: str | None = None
    #: The date exactly as the page shows it.
    date_raw: str | None = None
    #: ``date`` as a UTC instant (``2017-11-07T22:40:00Z``) when it has a time and an
    #: offset, else None: one type for every feed (derived from ``date`` by the loader).
    date_utc: str | None = None
    #: The calendar day of ``date`` as the page shows it, YYYY-MM-DD, or None (derived).
    published_day: str | None = None
    #: Article paragraphs joined by "\n", no page furniture (``articleBody``).
    body: str | None = None
    #: True when the story is behind a paywall (the body holds what is public).
    paywalled: bool = False
    #: "profile" when the site's layers found title, body and date; "fallback" when the
    #: generic extractor had to.
    extraction: str | None = None
    #: Id shared by all near-duplicates of this story (same wire story, other aggregators).
    cluster_id: str | None = None
    #: When aggnews fetched the page, UTC ISO 8601.
    crawled_at: str | None = None
