"""The shortcuts extraction takes for speed give what their plain definitions give, on text
made of the characters that make them differ: spaces of every kind, controls, marks, bars
and bullets, letters of two scripts."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from aggnews.crawling.urls import join_url
from aggnews.datetext import _DIGITS, _MARKS, WEEKDAY_BEFORE, normalise_date_text, shown_date_text
from aggnews.extract.furniture import _line_patterns
from aggnews.extract.html import _utf8
from aggnews.extract.openings import may_open, pattern_openings
from aggnews.extract.outlets import _resolved_path
from aggnews.extract.ticker import _length, spaced_headlines
from aggnews.sites import load_profiles
from aggnews.text import CONTROL, clean_text

PIECES = [
    " ",
    "  ",
    "   ",
    "\t",
    "\n",
    "\r",
    "\xa0",
    "\u2003",
    "\u200b",
    "\x1c",
    "\x85",
    "\u2028",
    "\ufeff",
    "|",
    "•",
    "·",
    "e\u0301",
    "\u0301",
    "a",
    "ب",
    "word",
    "خبر",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _clean_by_definition(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", CONTROL.sub("", value)).split())


@given(TEXT)
@settings(max_examples=800, deadline=None)
def test_clean_text_is_its_definition(value: str) -> None:
    assert clean_text(value) == _clean_by_definition(value)


@given(TEXT)
@settings(max_examples=800, deadline=None)
def test_the_ticker_walk_measures_text_as_cleaning_leaves_it(value: str) -> None:
    assert _length(value) == len(" ".join(CONTROL.sub("", value).split()))


_GAP_BY_DEFINITION = re.compile(r"[ \t\xa0]{3,}|\s[|•·]\s")


def _spaced_by_definition(line: str) -> list[str] | None:
    parts = [clean_text(p) for p in _GAP_BY_DEFINITION.split(line)]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 5 and all(len(p) <= 160 for p in parts) else None


@given(TEXT)
@settings(max_examples=1000, deadline=None)
def test_a_plain_text_ticker_splits_as_its_definition_says(line: str) -> None:
    assert spaced_headlines(line) == _spaced_by_definition(line)


def test_a_plain_text_ticker_is_still_found() -> None:
    line = "عنوان أول   عنوان ثان   عنوان ثالث | عنوان رابع \xa0 عنوان خامس"
    assert spaced_headlines(line) == [
        "عنوان أول",
        "عنوان ثان",
        "عنوان ثالث",
        "عنوان رابع",
        "عنوان خامس",
    ]
    assert spaced_headlines("one   two   three   four") is None  # four parts


BODY_PIECES = [
    b"<html>",
    b"</html>",
    b"<p>",
    "خبر".encode(),
    b" ",
    b"\n",
    b"\t",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe2\x80\x83",
    b"\xc2\xa0",
    b"\x1c",
    b"a",
]


@given(
    st.lists(st.sampled_from(BODY_PIECES), max_size=20).map(b"".join),
    st.sampled_from(["utf-8", "cp1256", None]),
)
@settings(max_examples=800, deadline=None)
def test_the_parser_reads_the_bytes_of_the_decoded_text(body: bytes, encoding: str | None) -> None:
    response = HtmlResponse(url="https://example.com/", body=body, encoding=encoding)
    text = response.text
    assert _utf8(response) == (text.strip().replace("\x00", "").encode("utf-8") or b"<html/>")


def test_a_pattern_opens_with_its_literals_its_optional_parts_and_what_follows_them() -> None:
    assert pattern_openings(re.compile(r"(?:à )?lire|Via\s+x|[«\"]?quote", re.I)) == {
        "à",
        "l",
        "v",
        "«",
        '"',
        "q",
    }
    assert pattern_openings(re.compile(r"(?:x*|y?)z", re.I)) == {"x", "y", "z"}
    for opens_with_anything in (r".{0,80}x", r"\s*x", r"[a-c]x", r"[^x]", r"(?=x)x", r"x|\d"):
        assert pattern_openings(re.compile(opens_with_anything, re.I)) is None


#: Openings of boilerplate lines, in several letter cases and with letters that
#: ``re.IGNORECASE`` folds unlike ``lower()``, and text around them.
LINE_PIECES = [
    "Share",
    "SHARE on ",
    "ſhare",
    "follow us on ",
    "FOLLOW",
    "\u212aeywords: ",
    "İmage: ",
    "ımage",
    "image: ",
    "à lire aussi",
    "À LIRE AUSSI",
    "اقرأ أيضا",
    "إعلان",
    "via ",
    "facebook ",
    "twitter",
    "Advertisement",
    "Σ",
    " ",
    ":",
    "x",
    "word",
    "خبر",
]
LINES = st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=6).map("".join)


#: The every-site boilerplate alone, and with each profile's own.
BOILERPLATES = sorted({(), *(tuple(p.boilerplate) for p in load_profiles().values())})


@given(LINES)
@settings(max_examples=800, deadline=None)
def test_a_boilerplate_line_always_passes_the_opening_test(line: str) -> None:
    for boilerplate in BOILERPLATES:
        opened, openings, _ = _line_patterns(boilerplate)
        assert opened is not None
        if opened.fullmatch(line):
            assert may_open(line, openings), (line, boilerplate)


_HREF_PIECES = st.sampled_from(
    [*"/ahrm.?#;%A9=&é\\:x", "/.", "..", "//", "\t", "\n", " ", "\x00", "\u3000", "\u200b"]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_HREF_PIECES, max_size=12).map("".join))
def test_a_link_path_resolves_as_urljoin_resolves_it(href: str) -> None:
    for base in ("https://www.masress.com/ahram/123", "http://x.com/", "https://x.com/a/b?q#f"):
        assert _resolved_path(base, href) == urlsplit(urljoin(base, href)).path, (base, href)


def test_a_plain_absolute_link_path_is_read_without_urljoin() -> None:
    base = "https://www.masress.com/ahram/123"
    assert _resolved_path(base, "/en/ahram?page=2#top") == "/en/ahram"
    assert _resolved_path(base, "/a/./b") == "/a/b"  # a "." segment: urljoin's answer
    assert _resolved_path(base, "/a;") == "/a"  # empty parameters dropped, as urljoin does


_URL_PIECES = st.sampled_from(
    [*"/?#;a=[]@.&\\é ", "x.com", ":80", "//", "\t", "%20", "..", "\x00", "?#", "\u3000"]
)
_SCHEMES = st.sampled_from(["https://", "http://", "HTTP://", "", "/"])


@settings(max_examples=800, deadline=None)
@given(_SCHEMES, st.lists(_URL_PIECES, max_size=10))
def test_an_absolute_link_joins_as_urljoin_joins_it(scheme: str, pieces: list[str]) -> None:
    href = scheme + "".join(pieces)
    for base in ("https://www.masress.com/ahram/123", "http://x.com/"):
        try:
            expected = urljoin(base, href)
        except ValueError as exc:  # a bracket urlsplit refuses: refused the same way
            with pytest.raises(ValueError, match=re.escape(str(exc))):
                join_url(base, href)
            continue
        assert join_url(base, href) == expected, (base, href)


def test_an_absolute_link_is_kept_as_it_is_and_others_go_through_urljoin() -> None:
    base = "https://www.masress.com/ahram/123"
    assert (
        join_url(base, "http://ahram.org.eg/News/1.aspx?x=1#t")
        == "http://ahram.org.eg/News/1.aspx?x=1#t"
    )
    assert join_url(base, "https://x.com/a?") == "https://x.com/a"  # the empty query goes
    assert join_url(base, "https://x.com/a;") == "https://x.com/a"  # and empty parameters
    assert join_url(base, "/en/1") == "https://www.masress.com/en/1"


def _shown_by_definition(raw: str, lines: list[str]) -> str:
    """``shown_date_text`` as its docstring defines it: every line's digits translated."""
    wanted = normalise_date_text(raw)
    for line in lines:
        index = line.translate(_DIGITS).find(wanted) if len(line) <= 300 else -1
        if index >= 0:
            weekday = WEEKDAY_BEFORE.search(line[:index])
            shown = line[index : index + len(wanted)]
            return (line[weekday.start() : index] + shown) if weekday else shown
    return raw


_DATE_PIECES = st.sampled_from([*"19٠١٩۱۹ -/", "2017", "٢٠١٧", "الأحد", "Sunday", "نشر في", "x"])


@settings(max_examples=600, deadline=None)
@given(
    st.lists(_DATE_PIECES, min_size=1, max_size=6).map("".join),
    st.lists(st.lists(_DATE_PIECES, max_size=8).map("".join), max_size=4),
)
def test_a_date_is_shown_in_the_lines_as_its_definition_says(raw: str, lines: list[str]) -> None:
    assert shown_date_text(raw, lines) == _shown_by_definition(raw, lines)


def test_a_date_written_in_arabic_digits_is_shown_as_the_page_writes_it() -> None:
    lines = ["Latest news", "نشر في الأهرام يوم ١٩ - ١١ - ٢٠١٧"]
    assert shown_date_text("19 - 11 - 2017", lines) == "١٩ - ١١ - ٢٠١٧"


def test_the_date_text_tables_leave_ascii_alone() -> None:
    # normalise_date_text returns an ASCII text without translating it
    assert all(code > 127 for table in (_DIGITS, _MARKS) for code in table)
    assert normalise_date_text(" 19 -  11\t- 2017 ") == "19 - 11 - 2017"
