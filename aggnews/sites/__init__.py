"""Site profiles, one module per aggregator; each module defines ``PROFILE``."""

from __future__ import annotations

import importlib
import pkgutil

from aggnews.profile import SiteProfile


def load_profiles() -> dict[str, SiteProfile]:
    """Every site profile in this package, by name (modules starting with "_" are helpers)."""
    profiles: dict[str, SiteProfile] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        profile = getattr(module, "PROFILE", None)
        if not isinstance(profile, SiteProfile):
            raise TypeError(f"aggnews.sites.{info.name} defines no PROFILE")
        if profile.name != info.name:
            raise ValueError(f"aggnews.sites.{info.name}: PROFILE.name is {profile.name!r}")
        profiles[profile.name] = profile
    return profiles
