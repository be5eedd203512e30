"""masress.com: Egyptian press, Arabic at ``/``, English at ``/en/``."""

from __future__ import annotations

from aggnews.sites._masress_platform import edition, platform_profile

PROFILE = platform_profile(
    name="masress",
    timezone="Africa/Cairo",
    domain="masress.com",
    editions=(edition("ar"), edition("en", "/en/")),
    self_names=("Masress", "مصرس"),
)
