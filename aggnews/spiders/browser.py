"""Pages that need a browser: routed through scrapy-playwright, everything else plain HTTP."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from scrapy.settings import BaseSettings

from aggnews.profile import SiteProfile

logger = logging.getLogger(__name__)

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


def browser_paths(profile: SiteProfile, settings: BaseSettings) -> tuple[str, ...]:
    """The site's browser paths: the profile's, or ``AGGNEWS_BROWSER_PATHS[site]``."""
    override = settings.getdict("AGGNEWS_BROWSER_PATHS").get(profile.name)
    return tuple(override) if override is not None else profile.browser_paths


def enable_browser(settings: BaseSettings) -> None:
    """Install scrapy-playwright's download handler (it passes other requests through)."""
    settings.set("DOWNLOAD_HANDLERS", {"http": HANDLER, "https": HANDLER}, priority="spider")


def chromium_missing(settings: BaseSettings) -> str | None:
    """Why the browser cannot start, in one line, or None when it can."""
    path = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS").get("executable_path")
    if path and not Path(path).exists():
        return f"Chromium not found at {path} (install it: apt-get install chromium)"
    return None


class BrowserRouter:
    """Marks requests for the paths that need a browser."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    def meta_for(self, path: str) -> dict[str, object]:
        """Request meta for ``path``: playwright with the page settled, or nothing."""
        if self.pattern is None or not self.pattern.search(path):
            return {}
        return {
            "playwright": True,
            "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
        }
