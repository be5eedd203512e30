"""menafn.com: Middle East financial news and press releases, English.

Evidence (docs/sites.md): story URLs ``/{10-digit id}/{Title-Slug}``;
body ``div.entry-summary.entry-summary3 p``; title from ``<title>``; listing links
``.entry-title a``; trailer ``MENAFN20112025000131011023ID1110375316`` and "Legal Disclaimer:
MENAFN provides the information “as is” without warranty..." to strip.
"""

from __future__ import annotations

from aggnews.profile import Edition, Selectors, SiteProfile

PROFILE = SiteProfile(
    name="menafn",
    timezone="Asia/Amman",
    origin="https://menafn.com",
    domains=("menafn.com", "www.menafn.com"),
    editions=(Edition("en", "/", ("/", "/rss")),),
    story_pattern=r"^/\d{10}/[^/]+/?$",
    listing_pattern=r"^/(?:[a-z][\w-]*(?:/[\w-]+)?)?/?$",
    selectors=Selectors(
        title=("h1.entry-title", "title"),
        body=("div.entry-summary.entry-summary3 p", "div.entry-summary p"),
    ),
    boilerplate=(
        r"MENAFN\d{8}[0-9A-Z]*ID\d+",
        r"Legal Disclaimer:.*",
        r"MENAFN provides the information .*",
    ),
    body_source_pattern=r"^\s*\(MENAFN\s*-\s*(?P<source>(?:[^()]|\([^()]*\))+)\)\s*",
    body_end=(
        r"(?:media|press) contacts?\s*:?.*",
        r"contact (?:information|details)\s*:?.*",
        r"SOURCE\s+\S.{0,100}",
    ),
    self_names=("MENAFN", "Menafn", "MENAFN.COM"),
)
