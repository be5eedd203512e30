"""Property-based tests: URL canonicalisation, date parsing and the loaders never raise."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from aggnews.crawling.urls import canonical_url, story_id
from aggnews.dates import DateReader
from aggnews.extract.article import StoryExtractor
from aggnews.loaders import ArticleLoader
from aggnews.sites import load_profiles
from aggnews.text import clean_text, fingerprint

MASRESS = load_profiles()["masress"]
READER = DateReader(("ar", "en"), ("ar-DZ",))
NOW = datetime(2026, 11, 25, tzinfo=UTC)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.text(max_size=200)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_canonical_url_never_raises(raw: str) -> None:
    try:
        url = canonical_url(raw, MASRESS, "http://127.0.0.1:8080")
    except ValueError:
        return  # w3lib refuses some unparseable netlocs with ValueError, by design
    assert "#" not in url
    assert len(story_id(url)) == 16


@given(
    st.sampled_from(["http", "https"]),
    st.sampled_from(["", "www."]),
    st.from_regex(r"/[a-z]{1,8}/[0-9]{1,9}", fullmatch=True),
    st.sampled_from(["", "?utm_source=x", "#frag", "?fbclid=1#c"]),
)
def test_spellings_of_a_story_agree(scheme: str, www: str, path: str, tail: str) -> None:
    url = f"{scheme}://{www}masress.com{path}{tail}"
    assert canonical_url(url, MASRESS) == f"https://www.masress.com{path}"
    assert canonical_url(canonical_url(url, MASRESS), MASRESS) == canonical_url(url, MASRESS)


@given(ANY_TEXT)
@settings(max_examples=200, deadline=None)
def test_date_parsing_never_raises_and_never_returns_the_future(raw: str) -> None:
    parsed = READER.parse(raw, now=NOW)
    if parsed is not None:
        assert parsed.value.replace(tzinfo=None) <= NOW.replace(tzinfo=None).replace(day=26)
        assert parsed.value.year >= 1990


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2025))
def test_numeric_day_first_dates_round_trip(day: int, month: int, year: int) -> None:
    try:
        datetime(year, month, day)
    except ValueError:
        return
    parsed = READER.parse(f"{day:02d} - {month:02d} - {year}", now=NOW)
    assert parsed is not None and parsed.iso == f"{year}-{month:02d}-{day:02d}"


@given(st.lists(ANY_TEXT, max_size=5))
@settings(max_examples=200, deadline=None)
def test_loaders_never_raise(values: list[str]) -> None:
    loader = ArticleLoader()
    for field in ("title", "source", "body", "date", "date_raw", "source_url"):
        loader.add_value(field, values)
    item = loader.load_item()
    for field in ("title", "body"):
        value = getattr(item, field)
        assert value is None or value == value.encode("utf-8", "replace").decode("utf-8")


@given(ANY_TEXT)
@settings(max_examples=200, deadline=None)
def test_text_helpers_make_valid_utf8(raw: str) -> None:
    clean_text(raw).encode("utf-8")  # no lone surrogates survive
    assert len(fingerprint(raw)) == 40


@given(st.text(max_size=2000))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extractor_never_raises_on_any_page(html: str) -> None:
    response = HtmlResponse(
        url="https://www.masress.com/ahram/1", body=html.encode("utf-8", "surrogatepass")
    )
    result = StoryExtractor(MASRESS).extract(response)
    assert result.item.url == "https://www.masress.com/ahram/1"
