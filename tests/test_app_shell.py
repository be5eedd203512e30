"""Pages of JavaScript apps (tests/corpus/app-shell): the markup shows no story, the app's
state in the page's scripts holds it; the story's fields come from there, and a page that
shows its story never reads its scripts."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, TextResponse

from aggnews.crawling.discovery import ListingParser
from aggnews.dates import DateReader
from aggnews.extract.article import StoryExtractor
from aggnews.extract.embedded import embedded_story
from aggnews.profile import generic_profile
from aggnews.sites import load_profiles

CORPUS = Path(__file__).parent / "corpus" / "app-shell"
META = json.loads((CORPUS / "meta.json").read_text("utf-8"))
PROSE = (
    "The council approved the new budget after a long debate on Tuesday evening, officials"
    " said, adding that spending on schools and roads would rise next year."
)


def test_every_page_is_marked_synthetic() -> None:
    assert META["synthetic"] is True
    for name in META["pages"]:
        assert b"synthetic" in (CORPUS / name).read_bytes()[:300]


@pytest.mark.parametrize("name", sorted(META["pages"]))
def test_story_fields_come_from_the_app_state(name: str) -> None:
    page = META["pages"][name]
    response = HtmlResponse(url=page["url"], body=(CORPUS / name).read_bytes())
    result = StoryExtractor(load_profiles()[page["site"]]).extract(response)
    item = asdict(result.item)
    for field, value in page["expected"].items():
        assert item[field] == value, field
    assert result.layers["body"] == "script"
    for furniture in ("صورة أرشيفية", "ad_slot", "{{", "اقرأ أيضا", "المحطة خلال", "جار التحميل"):
        assert furniture not in item["body"], furniture


def _shell(script: str, shown: str = "") -> bytes:
    return (
        f"<html><head><title>A shell</title></head><body><div id=app>{shown}</div>"
        f"<script>{script}</script></body></html>"
    ).encode()


def test_javascript_escapes_and_the_nearest_keys() -> None:
    story = "".join(f"<p>{PROSE} ({n})</p>" for n in range(3)).replace("<", "\\x3c")
    script = (
        'var other = {"title": "Far away", "source": "Elsewhere"};'
        + "x" * 5000
        + f'; window.__STATE__ = {{\'a\': 1, "title": "Budget passes", '
        f'"source": {{"id": 7, "name": "City Herald"}}, "body": "{story}"}};'
    )
    found = embedded_story(_shell(script).decode())
    assert found is not None
    assert found.html.startswith("<p>The council approved")
    assert (found.title, found.sources, found.date) == ("Budget passes", ["City Herald"], None)


def test_the_aggregator_named_nearest_gives_way_to_the_outlet_further_off() -> None:
    story = "".join(f"<p>{PROSE} ({n})</p>" for n in range(3))
    state = {
        "story": {
            "publisher": {"name": "نبض"},
            "html": story,
            "meta": {"views": 12, "tags": ["economy"]},
            "sourceName": "عكاظ",
        }
    }
    url = "https://nabd.com/s/48300007-cccccc"
    body = _shell(f"window.s = {json.dumps(state, ensure_ascii=False)}")
    result = StoryExtractor(load_profiles()["nabd"]).extract(HtmlResponse(url=url, body=body))
    assert (result.item.source, result.layers["source"]) == ("عكاظ", "script")


def test_json_data_holding_markup_is_read_for_its_strings_not_taken_whole() -> None:
    inner = json.dumps({"story": {"html": f"<p>{PROSE}</p><p>{PROSE}</p>"}, "n": 1})
    script = "push(" + json.dumps(inner) + ")"
    found = embedded_story(_shell(script).decode())
    assert found is not None and found.html == f"<p>{PROSE}</p><p>{PROSE}</p>"


def test_a_page_that_shows_its_story_does_not_read_its_scripts() -> None:
    shown = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    state = json.dumps(
        {"source": "Wrong Outlet", "body": "".join(f"<p>Other {n} {PROSE}</p>" for n in range(9))}
    )
    url = "https://news.example.org/2025/12/03/budget"
    body = _shell(f"window.s = {state}", f"<h1>Budget passes</h1>{shown}")
    result = StoryExtractor(generic_profile(url)).extract(HtmlResponse(url=url, body=body))
    assert result.layers["body"] != "script"
    assert "Other" not in result.item.body and result.item.source != "Wrong Outlet"


def test_a_page_with_no_story_anywhere_gives_no_body() -> None:
    url = "https://news.example.org/app"
    body = _shell('window.s = {"menu": "' + "<b>Home</b> " * 40 + '"}')
    result = StoryExtractor(generic_profile(url)).extract(HtmlResponse(url=url, body=body))
    assert "body" in result.missing


def _nabd_listing(response: TextResponse):
    nabd = load_profiles()["nabd"]
    return ListingParser(nabd, DateReader(nabd.languages)).parse(response)


def test_a_listing_whose_links_live_only_in_its_app_state_yields_its_stories() -> None:
    state = json.dumps(
        {
            "stories": [
                {"url": "/s/48300001-a1b2c3/"},
                {"href": "https://nabd.com/s/48300002-d4e5f6/"},
            ]
        }
    ).replace("/", "\\/")
    streamed = json.dumps('3:{"link":"/s/48300003-0a0b0c/","more":"/economy"}')
    html = (
        '<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
        f"{state}</script><script>self.__next_f.push([1,{streamed}])</script></body></html>"
    )
    listing = _nabd_listing(HtmlResponse(url="https://nabd.com/", body=html.encode()))
    assert sorted(listing.stories) == [
        "https://nabd.com/s/48300001-a1b2c3",
        "https://nabd.com/s/48300002-d4e5f6",
        "https://nabd.com/s/48300003-0a0b0c",
    ]


def test_a_listing_with_story_links_in_its_markup_ignores_its_scripts() -> None:
    html = (
        '<html><body><a href="/s/48300001-a1b2c3/">A story headline of the day</a>'
        '<script>var x = {"url": "/s/48300009-ffffff/"};</script></body></html>'
    )
    listing = _nabd_listing(HtmlResponse(url="https://nabd.com/", body=html.encode()))
    assert list(listing.stories) == ["https://nabd.com/s/48300001-a1b2c3"]


def test_cards_linked_by_script_not_by_a_give_their_stories() -> None:
    html = (
        "<html><body>"
        '<div class="card" data-href="/s/48300001-a1b2c3/"><h3>A story headline</h3></div>'
        '<li data-url="https://nabd.com/s/48300002-d4e5f6/">Another headline</li>'
        "<article onclick=\"window.location.href='/s/48300003-0a0b0c/'\">Third</article>"
        "<div onclick=\"window.open('/s/48300004-0d0e0f/')\">Fourth</div>"
        '<div data-href="/economy">A section</div>'
        "</body></html>"
    )
    listing = _nabd_listing(HtmlResponse(url="https://nabd.com/", body=html.encode()))
    assert sorted(listing.stories) == [
        "https://nabd.com/s/48300001-a1b2c3",
        "https://nabd.com/s/48300002-d4e5f6",
        "https://nabd.com/s/48300003-0a0b0c",
        "https://nabd.com/s/48300004-0d0e0f",
    ]


@pytest.mark.parametrize(
    "control",
    [
        '<button data-url="/?page=2">تحميل المزيد</button>',
        '<div class="more" data-href="/?page=2">Load more</div>',
        '<span data-next-page="/?page=2"></span>',
        '<button data-href="/?page=2">Voir plus</button>',
    ],
)
def test_a_load_more_control_gives_the_next_page(control: str) -> None:
    html = (
        f'<html><body><a href="/s/48300001-a1b2c3/">A story headline of the day</a>{control}'
        '<button data-href="/about">About us</button></body></html>'
    )
    listing = _nabd_listing(HtmlResponse(url="https://nabd.com/", body=html.encode()))
    assert listing.next_pages == ["https://nabd.com/?page=2"]


def test_a_load_more_endpoint_answering_json_gives_its_stories() -> None:
    body = json.dumps(
        {"items": [{"link": "https://nabd.com/s/48300005-aaaaaa/"}, {"url": "/s/48300006-bbbbbb/"}]}
    ).replace("/", "\\/")
    response = TextResponse(
        url="https://nabd.com/api/more?page=2",
        body=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    listing = _nabd_listing(response)
    assert sorted(listing.stories) == [
        "https://nabd.com/s/48300005-aaaaaa",
        "https://nabd.com/s/48300006-bbbbbb",
    ]
