"""zawya.com: UAE business news, English at ``/en/``, Arabic at ``/ar/``.

Evidence (docs/sites.md, a 2024 scraper): discovery by sitemap ``<loc>``
and section RSS (``/en/markets/rss.xml``); story URLs ``/en/{section}/{subsection}/{slug}-{8
characters}``; headline ``h1.article-title``; body and date (UTC) from JSON-LD
``articleBody``/``datePublished``; paywall in JSON-LD ``isAccessibleForFree`` or ``.paywall``.
"""

from __future__ import annotations

from aggnews.profile import Edition, Selectors, SiteProfile

PROFILE = SiteProfile(
    name="zawya",
    timezone="Asia/Dubai",
    origin="https://www.zawya.com",
    domains=("zawya.com", "www.zawya.com"),
    editions=(
        Edition("en", "/en/", ("/en/", "/en/markets/rss.xml", "/sitemap.xml")),
        Edition("ar", "/ar/", ("/ar/",)),
    ),
    story_pattern=r"^/(?:en|ar)/(?:[^/]+/){1,3}[^/]+-(?=[a-z]*\d)[a-z0-9]{8}/?$",
    listing_pattern=r"^/(?:(?:en|ar)/(?:[a-z0-9-]+/){0,2}(?:rss\.xml)?|[\w-]*sitemap[\w-]*\.xml)$",
    selectors=Selectors(
        title=("h1.article-title",),
        paywall=(".paywall", "div.article-paywall"),
    ),
    self_names=("Zawya", "زاوية", "ZAWYA"),
    date_locales=("ar-AE",),
)
