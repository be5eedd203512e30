"""nabd.com: Arabic news aggregator.

Evidence (docs/sites.md): story URLs ``/s/{numeric id}-{6 hex}/`` plus
an optional Arabic slug; source pages ``/{source_slug}``. Nothing else is known, so every
field comes from page metadata, text cues and the generic layers.
"""

from __future__ import annotations

from aggnews.profile import Edition, SiteProfile

PROFILE = SiteProfile(
    name="nabd",
    timezone="Asia/Riyadh",
    origin="https://nabd.com",
    domains=("nabd.com", "www.nabd.com"),
    editions=(Edition("ar", "/", ("/",)),),
    story_pattern=r"^/s/\d+-[0-9a-f]{6}(?:/[^/]*)?/?$",
    listing_pattern=r"^/(?!s/)(?:[A-Za-z0-9_.-]+/?)?$",
    self_names=("نبض", "Nabd", "nabd.com"),
    # A story shown as a teaser or a frame is completed from the outlet's page.
    follow_original=True,
)
