"""URL canonicalisation, mirror mapping and story ids."""

from __future__ import annotations

import pytest

from aggnews.crawling.urls import belongs_to, canonical_url, fetch_url, story_id
from aggnews.sites import load_profiles

MASRESS = load_profiles()["masress"]
MIRROR = "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.masress.com/ahram/172573",
        "http://www.masress.com/ahram/172573",
        "http://masress.com/ahram/172573",
        "https://MASRESS.com/ahram/172573/",
        "https://www.masress.com/ahram/172573?utm_source=rss&utm_medium=feed",
        "https://www.masress.com/ahram/172573#comments",
        "https://www.masress.com/ahram/172573?fbclid=IwAR0abc",
        "http://127.0.0.1:8080/ahram/172573",
    ],
)
def test_every_spelling_of_a_story_has_one_canonical_url(url: str) -> None:
    assert canonical_url(url, MASRESS, MIRROR) == "https://www.masress.com/ahram/172573"


def test_meaningful_query_kept_and_sorted() -> None:
    url = "https://www.masress.com/ahram?page=2&sort=new&utm_campaign=x"
    assert canonical_url(url, MASRESS) == "https://www.masress.com/ahram?page=2&sort=new"


def test_other_sites_keep_their_host_without_www() -> None:
    url = "http://www.english.ahram.org.eg/News/1.aspx?utm_source=x#top"
    assert canonical_url(url, MASRESS) == "https://english.ahram.org.eg/News/1.aspx"


def test_arabic_path_is_percent_encoded_once() -> None:
    raw = "https://www.masress.com/ahram/خبر"
    encoded = "https://www.masress.com/ahram/%D8%AE%D8%A8%D8%B1"
    assert canonical_url(raw, MASRESS) == encoded
    assert canonical_url(encoded, MASRESS) == encoded


def test_fetch_url_uses_the_mirror_origin() -> None:
    assert fetch_url("https://masress.com/en/ahramonline/1?utm_source=x", MASRESS, MIRROR) == (
        "http://127.0.0.1:8080/en/ahramonline/1"
    )
    assert fetch_url("http://masress.com/ahram/1", MASRESS) == "https://www.masress.com/ahram/1"
    assert fetch_url("https://ahram.org.eg/x", MASRESS, MIRROR) == "https://ahram.org.eg/x"


def test_belongs_to() -> None:
    assert belongs_to("http://masress.com/x", MASRESS)
    assert belongs_to("http://127.0.0.1:8080/x", MASRESS, MIRROR)
    assert not belongs_to("http://127.0.0.1:9999/x", MASRESS, MIRROR)
    assert not belongs_to("https://notmasress.com/x", MASRESS)


def test_story_id_is_stable_and_short() -> None:
    url = "https://www.masress.com/ahram/172573"
    assert story_id(url) == story_id(canonical_url("http://masress.com/ahram/172573#x", MASRESS))
    assert len(story_id(url)) == 16
    assert story_id(url) != story_id("https://www.masress.com/ahram/172574")
