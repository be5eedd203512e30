"""djazairess.com: Algerian press, Arabic at ``/``, French at ``/fr/``."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="djazairess",
    timezone="Africa/Algiers",
    domain="djazairess.com",
    editions=(edition("ar"), edition("fr", "/fr/")),
    self_names=("Djazairess", "جزايرس"),
    date_locales=("ar-DZ",),
)
