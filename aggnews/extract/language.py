"""A story's language when neither its URL nor its page says it: py3langid on the body."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

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
