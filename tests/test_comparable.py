"""``comparable`` and body fingerprints: fast, and the same text as they always gave."""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from aggnews.text import comparable, comparable_body, fingerprint, normalise_arabic
from tests.fixturesite import FIXTURES


def reference(value: str) -> str:
    """``comparable`` as its regular expressions defined it before the translate table."""
    value = normalise_arabic(unicodedata.normalize("NFKC", value).casefold())
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", " ", value)).strip()


ALPHABET = st.characters(codec="utf-8") | st.sampled_from(
    "أإآٱىةؤئـًٌٍَُِّْٰ ،؛؟«»—–…_-.,!°٫\t\n\u00a0\u2009"
)


@settings(max_examples=1000, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_comparable_is_the_regular_expression_definition(value: str) -> None:
    """So body fingerprints stored by earlier versions still match."""
    assert comparable(value) == reference(value)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_comparable_of_ascii_text_is_the_regular_expression_definition(value: str) -> None:
    """ASCII text takes a shortcut (one bytes pass decides whether punctuation the table
    does not map, "_" or a control character, is left): the same text all the same."""
    assert comparable(value) == reference(value)


def test_comparable_of_every_fixture_body_and_code_point() -> None:
    bodies = [
        json.loads(path.read_text("utf-8"))["body"]
        for path in sorted(FIXTURES.glob("*/stories/*.json"))
    ]
    assert len(bodies) > 50
    for body in bodies:
        assert comparable(body) == comparable_body(body) == reference(body)
    for code in range(0x3000):  # every Latin, Arabic and punctuation code point, in words
        text = f"ab{chr(code)}cd {chr(code)}"
        assert comparable(text) == reference(text), hex(code)


def test_fingerprint_is_unchanged() -> None:
    """The value stored in seen-stores for a body (SHA-1 of its comparable text)."""
    assert fingerprint("Le  Caire، اليوم: «أخبار»!") == fingerprint("le caire اليوم اخبار")
    assert fingerprint("a b") == "7dbde93504122a707f849f2c12bdd9de71b41929"


def test_a_body_form_computed_elsewhere_is_used_and_the_memory_stays_bounded() -> None:
    from aggnews import text

    body = "القاهرة - أعلنت الوزارة اليوم، أن «الخطة» تبدأ."
    expected = text._comparable(body)
    text.remember_comparable_body(body, "as the worker computed it")
    assert text.comparable_body(body) == "as the worker computed it"
    for n in range(text._RECENT.size + 1):
        text.comparable_body(f"story {n}")
    assert len(text._RECENT.values) == text._RECENT.size
    assert text.comparable_body(body) == expected  # forgotten, computed again
