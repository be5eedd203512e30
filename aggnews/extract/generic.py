"""Generic layer: rules that know no site, for pages that defeat the other layers."""

from __future__ import annotations

import re

from aggnews.extract.boilerplate import READ_ALSO_WORDS, RELATED_HEADING
from aggnews.extract.furniture import Furniture
from aggnews.extract.storyhead import is_dateline
from aggnews.text import clean_text

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
        if furniture.is_boilerplate(line) and run:
            continue  # an ad or a "read also" line inside the story does not end it
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


#: At most this many short lines above a headline are a kicker, a section, a breadcrumb.
_KICKER_LINES = 3
_KICKER_MAX = 60


def within_story(lines: list[str], page_lines: list[str], title_index: int | None) -> list[str]:
    """``lines`` less the short lines they open with that the page shows only above its
    headline (``page_lines[title_index]``): a kicker, a section link, a breadcrumb; and
    less every line from the first one the page shows only below a related-stories heading
    under the story (the fallback drops such a heading, and keeps the teasers under it)."""
    lines = _above_related(lines, page_lines, title_index)
    if title_index is None:
        return lines
    above = set(page_lines[:title_index])
    start = 0
    while (
        start < min(len(lines) - 1, _KICKER_LINES)
        and len(lines[start]) <= _KICKER_MAX
        and lines[start] in above
    ):
        start += 1
    return lines[start:]


def continued(lines: list[str], page_lines: list[str], furniture: Furniture) -> list[str]:
    """``lines`` and the prose lines the page shows right after the last of them, when the
    fallback stopped at a "read also" line inside the story ("اقرأ أيضا: <a>headline</a>"):
    past it, the run of prose (a long line at least) goes on until a line that is
    not prose."""
    if not lines or lines[-1] not in page_lines:
        return lines
    index = len(page_lines) - 1 - page_lines[::-1].index(lines[-1])
    if index + 1 >= len(page_lines) or not _READ_ALSO.match(page_lines[index + 1]):
        return lines
    seen = set(lines)
    more: list[str] = []
    for line in page_lines[index + 2 :]:
        if line in seen or not _is_prose(line) or furniture.is_furniture(line):
            break
        if RELATED_HEADING.match(line):
            break
        more.append(line)
    return lines + more if sum(map(len, more)) >= _PROSE else lines


#: A "read also" line inside a story: the label, then the linked headline.
_READ_ALSO = re.compile(r"^(?:" + READ_ALSO_WORDS + r")\s*[:：\-–]\s*\S", re.IGNORECASE)


def _above_related(lines: list[str], page_lines: list[str], title_index: int | None) -> list[str]:
    first = (title_index or 0) + 1
    end = next(
        (i for i in range(first, len(page_lines)) if RELATED_HEADING.match(page_lines[i])), None
    )
    if end is None:
        return lines
    before = set(page_lines[:end])
    after = set(page_lines[end + 1 :]) - before
    for index, line in enumerate(lines):
        if index and line in after:
            return lines[:index]
    return lines


def fallback_body(
    lines: list[str], furniture: Furniture, titles: set[str], shown: list[str] | None = None
) -> list[str]:
    """The fallback extractor's lines less the title, date lines, furniture and separators
    (one or two marks: "|", "-"; AP's "___" rules stay, as stories show them). The fallback
    splits a line at its links, so a part of a line the page shows (``shown``) is furniture
    when every shown line holding it is."""
    cleaned = (clean_text(line) for line in lines)
    kept = [
        line
        for line in cleaned
        if line
        and line not in titles
        and not furniture.is_furniture(line)
        and not is_dateline(line)
        and not (line.startswith(("- ", "• ")) and len(line) < 40)
        and (len(line) > 2 or any(c.isalnum() for c in line))
    ]
    if not shown:
        return kept
    whole = set(shown)
    return [line for line in kept if line in whole or not _in_furniture(line, shown, furniture)]


def _in_furniture(part: str, shown: list[str], furniture: Furniture) -> bool:
    holders = [line for line in shown if part in line]
    return bool(holders) and all(furniture.is_furniture(line) for line in holders)
