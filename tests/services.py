"""Real services for tests (Redis, Chromium, Scrapyd): found on the machine, or skipped.

CI sets ``AGGNEWS_REQUIRE_SERVICES=1`` after installing them, so there a missing service
fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(program: str) -> str:
    """The path of ``program``; skip (or fail, in CI) when it is not installed."""
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} is not installed"
    if os.environ.get("AGGNEWS_REQUIRE_SERVICES"):
        pytest.fail(message)
    pytest.skip(message)
