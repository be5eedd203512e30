"""akhbarak.net: Egyptian aggregator, Arabic.

Evidence (docs/sites.md): story URLs
``/news/YYYY/MM/DD/{cluster}/articles/{id}/{slug}``; story titles "headline | source";
a date "07/31 23:11" (month first) without a year, which the URL's year completes; older
pages frame the original (``iframe#iframe``).
Listings (~2016): ``//article``, ``h4.media-heading a``, ``span.time-elapsed/@title`` (ISO 8601
with offset), ``a.next_page``. RSS ``/rss`` and ``/api/top_news.rss``.
"""

from __future__ import annotations

from aggnews.profile import Edition, Selectors, SiteProfile

PROFILE = SiteProfile(
    name="akhbarak",
    timezone="Africa/Cairo",
    origin="https://akhbarak.net",
    domains=("akhbarak.net", "www.akhbarak.net"),
    editions=(Edition("ar", "/", ("/", "/rss", "/api/top_news.rss")),),
    story_pattern=r"^/news/\d{4}/\d{2}/\d{2}/\d+/articles/\d+(?:/[^/]*)?/?$",
    listing_pattern=r"^/(?:(?:sources?|categor(?:y|ies)|section)/[^/]+/?)?$",
    selectors=Selectors(
        title=("h1.article-title", "div.article-header h1"),
        date=("span.article-date", "div.article-header time"),
        source=("div.media-tools div.links a:first-child", "a.source-name"),
        body=("div.article-body", "div.article-content"),
        source_url=("a.source-link", "a.read-original"),
        frame=("iframe#iframe",),
        next_page=("a.next_page",),
    ),
    title_source_separator=" | ",
    url_date_pattern=r"^/news/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/",
    follow_original=True,
    date_order="MDY",
    self_names=("Akhbarak", "أخبارك", "أخبارك.نت", "akhbarak.net"),
    date_locales=("ar-EG",),
)
