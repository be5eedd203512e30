"""turess.com: Tunisian press, Arabic."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="turess",
    timezone="Africa/Tunis",
    domain="turess.com",
    editions=(edition("ar"),),
    self_names=("Turess", "تورس"),
    date_locales=("ar-TN", "fr"),
)
