"""The fallback layer: a well-kept generic extractor (trafilatura) on the stripped page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.deduplication import LRU_TEST

logger = logging.getLogger(__name__)


@dataclass
class Fallback:
    """What trafilatura found on a page (empty fields where it found nothing)."""

    title: str | None = None
    date: str | None = None
    lines: list[str] = field(default_factory=list)


def run_fallback(root: HtmlElement | bytes | str, url: str | None) -> Fallback:
    """Title, date and body lines of ``root`` (a parsed page, or its HTML) by trafilatura."""
    html = root if isinstance(root, str | bytes) else lxml.html.tostring(root, encoding="unicode")
    # trafilatura drops text repeated within a page, but its cache spans pages: cleared here,
    # the same wire story on a second aggregator (a near-duplicate we keep) is not lost.
    LRU_TEST.clear()
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted errors on hostile markup
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return Fallback()
    if doc is None:
        return Fallback()
    lines = [line for line in (doc.text or "").splitlines() if line.strip()]
    return Fallback(title=doc.title or None, date=doc.date or None, lines=lines)
