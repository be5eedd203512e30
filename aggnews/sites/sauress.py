"""sauress.com: Saudi press, Arabic (an English RSS feed was listed once)."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="sauress",
    timezone="Asia/Riyadh",
    domain="sauress.com",
    editions=(edition("ar"), edition("en", "/en/")),
    self_names=("Sauress", "سعورس"),
    date_locales=("ar-SA",),
)
