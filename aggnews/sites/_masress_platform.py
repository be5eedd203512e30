"""The platform shared by masress, maghress, turess, djazairess, sudaress and sauress.

Evidence (see docs/sites.md): story URLs ``/{source_slug}/{numeric_id}``
with ``/en/`` or ``/fr/`` in front; the 2019 layout's ``span.articletitle``,
``span.articlenewspaper`` and ``span.articlecontent``; a newer layout's ``.col-md-12 h1``,
``.col-md-12 div.content p`` and ``a.nav-btn.left``; djazairess's ``.story_body``.
Nothing is known of the ticker's element: it is found by structure.
"""

from __future__ import annotations

from aggnews.profile import Edition, Selectors, SiteProfile

_EDITION_LANGUAGES = {"en": "en", "fr": "fr"}

SELECTORS = Selectors(
    title=("span.articletitle", ".col-md-12 h1"),
    source=("span.articlenewspaper",),
    date=("span.articlenewspaper",),
    body=("span.articlecontent", ".col-md-12 div.content p", ".story_body"),
    next_page=("a.nav-btn.left",),
)

BOILERPLATE = (
    r"clic?k? here to read the story from its source\.?",
    r"انقر هنا لقراءة الخبر من مصدره\.?",
    r"cliquez ici pour lire l'article (?:depuis|de) sa source\.?",
    r".{0,80}(?:ملك لمصادرها|تعبر عن رأي (?:مصادرها|أصحابها)).{0,80}",
)


def edition(language: str, prefix: str = "/", sources: tuple[str, ...] = ()) -> Edition:
    """An edition crawled from its home page, its RSS feed and the given source pages."""
    start = (prefix, f"{prefix}rss", *tuple(f"{prefix}{s}" for s in sources))
    return Edition(language=language, prefix=prefix, start_paths=start)


def platform_profile(
    name: str,
    domain: str,
    editions: tuple[Edition, ...],
    self_names: tuple[str, ...],
    date_locales: tuple[str, ...] = (),
    timezone: str | None = None,
) -> SiteProfile:
    """A profile of one site of the masress platform."""
    prefixes = "|".join(e.prefix.strip("/") for e in editions if e.prefix != "/")
    edition_part = f"(?:(?:{prefixes})/)?" if prefixes else ""
    return SiteProfile(
        name=name,
        origin=f"https://www.{domain}",
        domains=(domain, f"www.{domain}"),
        editions=editions,
        story_pattern=rf"^/{edition_part}(?!author/|rss/)[A-Za-z][\w.-]*/\d+/?$",
        listing_pattern=rf"^/{edition_part}(?:author/[^/]+|[A-Za-z][\w.-]*(?:/rss)?)?/?$",
        source_slug_pattern=rf"^/{edition_part}(?P<slug>[A-Za-z][\w.-]*)/\d+/?$",
        timezone=timezone,
        selectors=SELECTORS,
        boilerplate=BOILERPLATE,
        self_names=self_names,
        date_locales=date_locales,
    )
