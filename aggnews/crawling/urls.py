"""URL canonicalisation and story ids."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

from aggnews.profile import SiteProfile

#: Query parameters that only track the visit; never part of a story's identity.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|yclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|ocid|ref|ref_src|"
    r"src|share|amp|s_cid|cmpid|spm)$",
    re.IGNORECASE,
)


def _strip_tracking(url: str) -> str:
    query = urlsplit(url).query
    if not query:
        return url
    names = {part.split("=", 1)[0] for part in query.split("&") if part}
    tracking = [name for name in names if TRACKING_PARAMS.match(name)]
    return url_query_cleaner(url, tracking, remove=True, keep_fragments=True) if tracking else url


def join_url(base: str, href: str) -> str:
    """``urljoin(base, href)``; an absolute http(s) URL with nothing ``urljoin`` would
    rewrite (no ";" parameters, no empty query or fragment, no brackets, empty host, control
    character or space) is its own, without urljoin's cost."""
    if (
        href.startswith(("https://", "http://"))
        and href.isprintable()
        and not any(c in href for c in " ;[]")
        and href[href.index("//") + 2 : href.index("//") + 3] not in ("", "/", "?", "#")
        and not href.endswith(("?", "#"))
        and "?#" not in href
    ):
        return href
    return urljoin(base, href)


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].lower()
    return host[4:] if host.startswith("www.") else host


def belongs_to(url: str, profile: SiteProfile, mirror: str | None = None) -> bool:
    """True when ``url`` is on the site (any of its domains) or on its mirror origin."""
    netloc = urlsplit(url).netloc
    if mirror and netloc.lower() == urlsplit(mirror).netloc.lower():
        return True
    host = _host(netloc).split(":", 1)[0]
    return any(host == _host(domain) for domain in profile.domains)


@lru_cache(maxsize=16_384)
def canonical_url(url: str, profile: SiteProfile | None = None, mirror: str | None = None) -> str:
    """The one spelling of ``url``: https, the site's own host, no tracking or fragment.

    URLs of the site (any of its domains, or the mirror given with ``base_url``) get the
    profile's canonical origin, so a story has the same URL and id whichever copy was crawled.
    Remembered for the last URLs (a story is linked from several listings, then fetched,
    extracted and recorded: each asks again).
    """
    url = safe_url_string(url.strip())
    url = _strip_tracking(url)
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    scheme, netloc, path = "https", parts.netloc.lower(), parts.path or "/"
    if profile is not None and belongs_to(url, profile, mirror):
        origin = urlsplit(profile.origin)
        scheme, netloc = origin.scheme, origin.netloc
    elif netloc.startswith("www."):
        netloc = netloc[4:]
    if parts.scheme not in ("http", "https"):
        scheme = parts.scheme
    if profile is not None and len(path) > 1 and profile.is_story_path(path.rstrip("/")):
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def fetch_url(url: str, profile: SiteProfile, mirror: str | None = None) -> str:
    """``url`` as the spider requests it: on the mirror when there is one, else canonical."""
    canonical = canonical_url(url, profile, mirror)
    if not mirror or not belongs_to(url, profile, mirror):
        return canonical
    origin = urlsplit(mirror)
    parts = urlsplit(canonical)
    return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))


def story_id(canonical: str) -> str:
    """A stable 16-hex-digit id of a canonical story URL."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]
