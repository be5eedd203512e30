"""A story's language: its edition's, else the page's declaration, else py3langid on the
body (profiles that detect languages) or the share of Arabic letters."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aggnews.profile import SiteProfile

_CODE = re.compile(r"^[a-z]{2}$")

#: Below this normalised probability the guess is not trusted and the language is null.
MIN_CONFIDENCE = 0.9
#: Shorter texts are not guessed at.
MIN_LETTERS = 40


@cache
def _identifier() -> Any:
    """py3langid's model, loaded once per process on first use (half a second); it is
    read-only data, like a compiled pattern."""
    from py3langid import langid

    model = Path(langid.MODEL_DIR) / langid.MODEL_FILE
    return langid.LanguageIdentifier.from_modelpath(model, norm_probs=True)


class LanguageGuesser:
    """Guesses a text's language with py3langid; unsure means None, never a wrong guess."""

    def identify(self, text: str) -> str | None:
        """ISO 639-1 code of ``text``, or None when it is too short or the model unsure."""
        sample = text[:3000]
        if sum(c.isalpha() for c in sample) < MIN_LETTERS:
            return None
        language, probability = _identifier().classify(sample)
        return language if probability >= MIN_CONFIDENCE and len(language) == 2 else None

    def story_language(
        self, profile: SiteProfile, url: str, declared: str | None, body: str
    ) -> str | None:
        """The language of the story at ``url`` (``declared``: the page's own declaration)."""
        path = urlsplit(url).path
        if not profile.detect_language and (
            len(profile.editions) == 1 or profile.is_story_path(path)
        ):
            return profile.edition_for_path(path).language
        lang = (declared or "").split("-")[0].split("_")[0].lower()
        if profile.detect_language and _CODE.match(lang):
            return lang
        if lang in profile.languages:
            return lang
        if profile.detect_language:
            return self.identify(body)
        letters = [c for c in body[:2000] if c.isalpha()]
        arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
        if letters and arabic / len(letters) > 0.5:
            return "ar"
        return "en" if "en" in profile.languages else profile.languages[0]
