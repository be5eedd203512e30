"""Pages whose declared charset lies: valid UTF-8 sent as windows-1256, and the reverse."""

from __future__ import annotations

from charset_normalizer import from_bytes
from scrapy.http import TextResponse

#: Share of undecodable characters (U+FFFD) above which the declared charset is wrong.
_BROKEN_SHARE = 0.01
_ARABIC_FALLBACKS = ("cp1256", "iso8859_6")


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _broken(text: str) -> bool:
    return text.count("\ufffd") > _BROKEN_SHARE * max(len(text), 1)


def fix_encoding(response: TextResponse) -> tuple[TextResponse, str | None]:
    """The response re-decoded when its declared charset is wrong; and the charset chosen.

    Valid multi-byte UTF-8 is kept as UTF-8 whatever the page declares (no other charset
    produces it by accident); a page that does not decode as declared is tried as
    windows-1256 and ISO-8859-6, then as charset-normalizer guesses.
    """
    body = response.body
    declared = (response.encoding or "").lower().replace("-", "").replace("_", "")
    if body[:200_000].isascii():
        return response, None
    if declared not in ("utf8", "utf8sig") and _utf8(body):
        return response.replace(encoding="utf-8"), "utf-8"
    if not _broken(response.text):
        return response, None
    for candidate in _ARABIC_FALLBACKS:
        try:
            text = body.decode(candidate)
        except UnicodeDecodeError:
            continue
        if not _broken(text) and any("\u0600" <= c <= "\u06ff" for c in text[:20_000]):
            return response.replace(encoding=candidate), candidate
    guess = from_bytes(body[:200_000]).best()
    if guess is not None and guess.encoding:
        return response.replace(encoding=guess.encoding), guess.encoding
    return response, None
