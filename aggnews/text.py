"""Text normalisation shared by extraction and deduplication."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"\s+")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)
_NON_WORD = re.compile(r"[^\w\s]+")
#: ``comparable``'s folding in one ``str.translate`` (a table indexed by code point, several
#: times faster than the regular expressions, with the same result): Arabic letter forms and
#: diacritics as ``normalise_arabic``, and common punctuation (ASCII, Arabic, typographic)
#: to spaces. Code points past the table are kept.
_COMPARABLE_MAP = {
    **_ARABIC_FOLD,
    **dict.fromkeys([*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670, *range(0x6D6, 0x6EE)]),
    **{ord(c): " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~«»،؛؟٪٫٬۔–—‘’‚“”„…•·¡¿"},
}
_COMPARABLE = tuple(_COMPARABLE_MAP.get(code, code) for code in range(0x2070))
#: Code points that never belong in text: C0/C1 controls (but tab and newline), lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _odd_folds() -> re.Pattern[str]:
    """Letters ``re.IGNORECASE`` matches to letters other than their ``lower()`` ("ı" and
    "İ" to "i", "ſ" to "s", "K" to "k", Greek and Cyrillic variants): where one occurs, a
    lower-case test for a pattern's words could miss what the pattern finds."""
    chars = set("\u0130\u0131\u017f\u212a")
    try:
        from re import _casefix  # the table the re module itself folds by (CPython 3.11+)

        for code, others in _casefix._EXTRA_CASES.items():
            chars.update(map(chr, (code, *others)))
    except ImportError:  # pragma: no cover
        pass
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


ODD_FOLDS = _odd_folds()


def may_hold(text: str, words: tuple[str, ...], lower: str | None = None) -> bool:
    """False only when ``text`` holds none of ``words`` (lower case, none with a letter of
    ``ODD_FOLDS``) in any letter case: a case-insensitive pattern that needs one of them
    cannot match, and need not be run (running a big alternation at every position of a
    line is the slow part). ``lower``: ``text.lower()``, if the caller has it."""
    if not text.isascii() and ODD_FOLDS.search(text):
        return True
    if lower is None:
        lower = text.lower()
    # a loop, not any() over a generator (about half the cost): it runs for every line
    for word in words:  # noqa: SIM110
        if word in lower:
            return True
    return False


def clean_text(value: str) -> str:
    """One line: NFC, no control characters, single spaces, stripped."""
    printable = value.isprintable()
    if not printable:  # tabs, newlines, controls (printable text needs no regex)
        value = CONTROL.sub("", value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if printable and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value  # its only white space is single spaces between words: clean already
    return " ".join(value.split())


def normalise_arabic(value: str) -> str:
    """Fold alef and hamza forms, alef maqsura, ta marbuta; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", value).translate(_ARABIC_FOLD)


#: ASCII letters, digits and white space (as ``str.isalnum`` and ``str.isspace`` say).
_ASCII_WORD_OR_SPACE = bytes(c for c in range(128) if chr(c).isalnum() or chr(c).isspace())


def _comparable(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold().translate(_COMPARABLE)
    if _only_words(value):
        return " ".join(value.split())
    return " ".join(_NON_WORD.sub(" ", value).split())  # punctuation the table does not know


def _only_words(value: str) -> bool:
    """True when every character of ``value`` but white space is a letter or a digit (not
    "_"): the punctuation pass would change nothing. ASCII text is checked in one pass in
    bytes (``isalnum`` looks up each character's Unicode record: 10 us for 2 KB)."""
    if value.isascii():
        return not value.encode("ascii").translate(None, _ASCII_WORD_OR_SPACE)
    return "".join(value.split()).isalnum()


@lru_cache(maxsize=16_384)
def comparable(value: str) -> str:
    """Text reduced for comparison: case-folded, Arabic-folded, no punctuation."""
    return _comparable(value)


class RecentValues:
    """Values of the last few keys (insertion order, bounded): results a worker process
    computed, or the crawl process computed once, for the pipelines that follow."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        return self.values.get(key)

    def put(self, key: Any, value: Any) -> None:
        self.values[key] = value
        while len(self.values) > self.size:
            del self.values[next(iter(self.values))]


_RECENT = RecentValues(256)


def comparable_body(body: str) -> str:
    """``comparable`` of a story body, remembered for the last few bodies only: the
    duplicate, seen-store and cluster pipelines each need it for the same item, one after
    the other, and bodies kept in ``comparable``'s large cache would cost memory (about
    6 KB a story, for ever)."""
    form = _RECENT.get(body)
    if form is None:
        form = _comparable(body)
        _RECENT.put(body, form)
    return form


def remember_comparable_body(body: str, form: str) -> None:
    """Take ``form`` as ``comparable_body(body)`` (computed by an extraction worker, so the
    crawl process does not compute it again: 0.2 ms for a 3 KB story)."""
    _RECENT.put(body, form)


def fingerprint(body: str) -> str:
    """A content hash of a story body that survives spacing, punctuation and Arabic spelling."""
    return hashlib.sha1(comparable_body(body).encode("utf-8")).hexdigest()


_TRUNCATED = re.compile(r"(?:\(\.\.\.\)|\.\.\.|…|\[…\]|&hellip;)\s*$")


def is_truncated(text: str) -> bool:
    """True when ``text`` ends in an ellipsis: a teaser or a cut-off summary, not a body."""
    return bool(_TRUNCATED.search(text))
