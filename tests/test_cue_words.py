"""The cue patterns run only on text holding one of their words: never a different answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggnews.extract import cues, headlines

#: Pieces of the patterns' phrases, odd case folds and filler, glued in any order.
PIECES = [
    "Click",
    "here",
    "to",
    "READ",
    "read",
    "the",
    "story",
    "at",
    "its",
    "original",
    "source",
    "ſource",
    "\u212aLIC\u212a",
    "HERE",
    "continue reading on",
    "Lire la suite sur",
    "lİre",
    "cliquez ici pour lire",
    "انقر هنا لقراءة",
    "لقراءة الخبر من مصدره",
    "تابع القراءة على",
    "اقرأ المزيد على",
    "اقرأ الخبر كاملا من",
    "Published in",
    "PUBLISHED",
    "publİshed",
    "on",
    "Reuters",
    "12 March 2024",
    "نُشر في",
    "نشر بتاريخ",
    "يوم",
    "٢٠٢٤/٣/١٢",
    "Publié dans",
    "le",
    "Mis en ligne le",
    "Paru le",
    "par",
    "APS",
    "|",
    ":",
    "  ",
    "\n",
    "x",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from([" ", "", "  "]))
@settings(max_examples=1000, deadline=None)
def test_word_filter_gives_the_patterns_own_answer(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    assert cues.says_read_at_source(text) == bool(cues.READ_AT_SOURCE.search(text))
    filtered = cues.parse_published_line(text)
    original = cues.may_hold
    try:
        cues.may_hold = lambda text, words: True  # every line reaches the patterns
        assert cues.parse_published_line(text) == filtered
    finally:
        cues.may_hold = original


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("CLICK HERE TO READ the full story", True),
        ("Read the story at its original \u017fource", True),  # long s: the pattern's "s"
        ("lİre la suite sur Hespress", True),  # dotted capital I: the pattern's "i"
        ("اقرأ الخبر كاملا على الأهرام", True),
        ("The minister read a statement at the source of the Nile", False),
    ],
)
def test_read_at_source_in_any_case_and_script(text: str, says: bool) -> None:
    assert cues.says_read_at_source(text) is says
    assert bool(cues.READ_AT_SOURCE.search(text)) is says


def test_a_published_line_is_still_parsed_and_a_plain_line_is_not() -> None:
    parsed = cues.parse_published_line("نُشر في الأهرام يوم 12/03/2024")
    assert (parsed.source, parsed.date) == ("الأهرام", "12/03/2024")
    assert cues.parse_published_line("The cabinet met on Sunday in Cairo") is None


def _strip_with_every_name(title: str, names: tuple[str, ...]) -> str:
    """``strip_site_name`` as it was, every name in the pattern (the oracle)."""
    pattern = headlines._site_name_pattern(names) if names else None
    for _ in names:
        stripped = pattern.sub("", title) if pattern else title
        if stripped == title:
            break
        title = stripped
    return title.strip()


NAMES = ["Masress", "مصرس", "Al-Ahram", "ſite", "SITE", "Site-ar", "Kech24", "İnfo"]
TITLE_PIECES = [*NAMES, "site", "info", "Headline", "خبر عاجل", " | ", " - ", " — ", ": ", " "]


@given(
    st.lists(st.sampled_from(TITLE_PIECES), max_size=8),
    st.lists(st.sampled_from(NAMES), max_size=3, unique=True),
)
@settings(max_examples=800, deadline=None)
def test_site_names_are_stripped_as_with_every_name_in_the_pattern(
    pieces: list[str], names: list[str]
) -> None:
    title = "".join(pieces)
    assert headlines.strip_site_name(title, tuple(names)) == _strip_with_every_name(
        title, tuple(names)
    )
