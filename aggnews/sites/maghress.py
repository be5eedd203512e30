"""maghress.com: Moroccan press, Arabic at ``/``, French at ``/fr/``."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="maghress",
    timezone="Africa/Casablanca",
    domain="maghress.com",
    editions=(edition("ar"), edition("fr", "/fr/")),
    self_names=("Maghress", "مغرس"),
    date_locales=("ar-MA",),
)
