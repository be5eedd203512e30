"""sudaress.com: Sudanese press, Arabic."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="sudaress",
    timezone="Africa/Khartoum",
    domain="sudaress.com",
    editions=(edition("ar"),),
    self_names=("Sudaress", "سودارس"),
    date_locales=("ar-SD",),
)
