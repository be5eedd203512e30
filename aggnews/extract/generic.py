"""Generic layer: rules that know no site, for pages that defeat the other layers."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from aggnews.extract.furniture import Furniture
from aggnews.extract.html import text_of

_SENTENCE_END = re.compile(r"[.!?؟…»”\"')]$")
#: A line this long is prose on its own; a shorter one only when it ends a sentence.
_PROSE = 70
_SHORT_PROSE = 25


def _is_prose(line: str) -> bool:
    return len(line) >= _PROSE or (len(line) >= _SHORT_PROSE and bool(_SENTENCE_END.search(line)))


def longest_run(lines: list[str], furniture: Furniture) -> list[str]:
    """The longest run (by characters) of prose lines; one short line may sit inside a run."""
    best: list[str] = []
    best_len = 0
    run: list[str] = []
    pending: list[str] = []
    for line in lines:
        if furniture.is_furniture(line) or line.endswith("(...)"):
            best, best_len = _best(run, best, best_len)
            run, pending = [], []
        elif _is_prose(line):
            run.extend(pending)
            run.append(line)
            pending = []
        elif run and not pending:
            pending = [line]
        else:
            best, best_len = _best(run, best, best_len)
            run, pending = [], []
    best, _ = _best(run, best, best_len)
    return best


def _best(run: list[str], best: list[str], best_len: int) -> tuple[list[str], int]:
    length = sum(map(len, run))
    return (list(run), length) if length > best_len else (best, best_len)


def page_titles(root: HtmlElement) -> list[str]:
    """Title candidates, best first: every ``<h1>``, then the ``<title>``."""
    candidates = [text_of(h1) for h1 in root.iter("h1")]
    title = root.find(".//title")
    if title is not None:
        candidates.append(text_of(title))
    return [c for c in candidates if c]
