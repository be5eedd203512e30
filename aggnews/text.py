"""Text normalisation shared by extraction and deduplication."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)
_NON_WORD = re.compile(r"[^\w\s]+")
#: Code points that never belong in text: C0/C1 controls (but tab and newline), lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """One line: NFC, no control characters, single spaces, stripped."""
    if not value.isprintable():  # tabs, newlines, controls (printable text needs no regex)
        value = CONTROL.sub("", value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def normalise_arabic(value: str) -> str:
    """Fold alef and hamza forms, alef maqsura, ta marbuta; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", value).translate(_ARABIC_FOLD)


@lru_cache(maxsize=65_536)
def comparable(value: str) -> str:
    """Text reduced for comparison: case-folded, Arabic-folded, no punctuation."""
    value = normalise_arabic(unicodedata.normalize("NFKC", value).casefold())
    return _SPACES.sub(" ", _NON_WORD.sub(" ", value)).strip()


def fingerprint(body: str) -> str:
    """A content hash of a story body that survives spacing, punctuation and Arabic spelling."""
    return hashlib.sha1(comparable(body).encode("utf-8")).hexdigest()


_TRUNCATED = re.compile(r"(?:\(\.\.\.\)|\.\.\.|…|\[…\]|&hellip;)\s*$")


def is_truncated(text: str) -> bool:
    """True when ``text`` ends in an ellipsis: a teaser or a cut-off summary, not a body."""
    return bool(_TRUNCATED.search(text))
