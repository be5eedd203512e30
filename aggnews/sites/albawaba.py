"""albawaba.com: Jordanian portal (Drupal), English at ``/``, Arabic at ``/ar/``.

Evidence (docs/sites.md, a 2024 scraper): listing links ``h3 > a``; next
page ``a.button[title="الذهاب إلى الصفحة التالية"]``; headline ``h1.page-header``; body
``section.block-field-blocknodearticlebody``; date in JSON-LD ``datePublished`` or
``section.block-field-blocknodearticlecreated span`` with an Arabic month name; related
blocks, "اقرأ أيضاً"/"شاهد أيضا" paragraphs, "إعلان"/"Advertisement" headings, tweets.
"""

from __future__ import annotations

from aggnews.profile import Edition, Selectors, SiteProfile

PROFILE = SiteProfile(
    name="albawaba",
    timezone="Asia/Amman",
    origin="https://www.albawaba.com",
    domains=("albawaba.com", "www.albawaba.com"),
    editions=(
        Edition("en", "/", ("/", "/rss")),
        Edition("ar", "/ar/", ("/ar", "/ar/rss-ar")),
    ),
    story_pattern=r"^/(?:ar/)?(?:[^/]+/)+[^/]*-\d{5,}/?$",
    listing_pattern=r"^/(?:ar/?)?$|^/(?:ar/)?(?!node/)[^/.]+(?:/[^/.]+)?/?$",
    first_page=0,
    selectors=Selectors(
        title=("h1.page-header",),
        date=("section.block-field-blocknodearticlecreated span",),
        body=("section.block-field-blocknodearticlebody",),
        next_page=(
            'a.button[title="الذهاب إلى الصفحة التالية"]',
            'a.button[title="Go to next page"]',
            "li.pager__item--next a",
        ),
    ),
    furniture=(
        "section.block-views-blockrelated-articles-block",
        "div.field--name-field-related-articles",
        "blockquote.twitter-tweet",
        "div.ad-slot",
    ),
    boilerplate=(
        r"(?:اقرأ|إقرأ) (?:أيضا|أيضاً|المزيد)\s*:?.{0,200}",
        r"شاهد (?:أيضا|أيضاً)\s*:?.{0,200}",
        r"(?:read|see|watch) (?:also|more)\s*:?.{0,200}",
    ),
    optional_fields=("source",),
    self_names=("Albawaba", "Al Bawaba", "البوابة", "albawaba.com"),
    date_locales=("ar-JO",),
)
