"""Following an aggregator's link to the original outlet when it shows only a teaser or frame.

The item keeps the aggregator's ``url``; ``source_url`` is the outlet's page and the body
comes from it through the generic extractor (``extraction: "fallback"``).
"""

from __future__ import annotations

from collections.abc import Callable

import scrapy
from scrapy.http import Response, TextResponse

from aggnews.extract.article import Extraction
from aggnews.extract.fallback import run_fallback
from aggnews.extract.furniture import Furniture
from aggnews.extract.generic import fallback_body
from aggnews.extract.headlines import page_titles
from aggnews.profile import SiteProfile
from aggnews.text import is_truncated

#: A body shorter than this that ends in an ellipsis is a teaser.
_TEASER_MAX = 600
#: A text shorter than this beside a link to the outlet is a teaser however it ends
#: (listing teasers run about 250 characters).
_SHORT_TEXT = 320


def is_teaser(body: str | None) -> bool:
    """True when ``body`` is missing or only a teaser."""
    return not body or (len(body) < _TEASER_MAX and is_truncated(body))


def without_teaser(result: Extraction) -> Extraction:
    """The extraction with a teaser body removed (a teaser is never a body)."""
    if is_teaser(result.item.body):
        result.item.body = None
        if "body" not in result.missing:
            result.missing.append("body")
    return result


def needs_original(profile: SiteProfile, result: Extraction) -> str | None:
    """The outlet URL to fetch for the body, or None when the aggregator's page will do.

    On any layout: a frame of another site (with no body of the page's own, or only a
    short one), or a short text beside a link to the outlet (a teaser, a "read it at the
    source" line, or a few lines and the link).
    """
    if not profile.follow_original:
        return None
    body = result.item.body or ""
    short = len(body) < _TEASER_MAX
    if result.frames and (short or result.layers.get("body") in (None, "generic", "script")):
        return result.frames[0]
    if result.item.source_url and (len(body) < _SHORT_TEXT or (short and is_truncated(body))):
        return result.item.source_url
    return None


def original_request(
    url: str, result: Extraction, callback: Callable, errback: Callable
) -> scrapy.Request:
    """A request for the outlet's page (``callback`` gets ``result`` to complete)."""
    return scrapy.Request(
        url,
        callback=callback,
        errback=errback,
        cb_kwargs={"result": result},
        meta={"allow_offsite": True},
        priority=5,
        dont_filter=True,
    )


def complete_from_original(response: Response, result: Extraction) -> Extraction:
    """Fill the body (and a missing title) of ``result`` from the outlet's page."""
    item = result.item
    found = (
        run_fallback(response.text, response.url) if isinstance(response, TextResponse) else None
    )
    lines = []
    if found:
        titles = {found.title or "", item.title or "", *page_titles(response.selector.root)}
        lines = fallback_body(found.lines, Furniture(), titles)
    if lines and sum(map(len, lines)) > len(item.body or ""):
        item.body = "\n".join(lines)
        item.extraction = "fallback"
        result.layers["body"] = "original"
        result.missing = [f for f in result.missing if f != "body"]
    item.source_url = item.source_url or response.request.url
    if found and not item.title and found.title:
        item.title = found.title
        result.missing = [f for f in result.missing if f != "title"]
    return without_teaser(result)
