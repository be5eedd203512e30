"""The characters a case-insensitive pattern's match can open with: a test a line fails
before the pattern runs (a line that opens with none of them cannot match).

Read from the pattern's parse (``re._parser``, the module ``re`` compiles by): literals,
classes of literals, alternatives, groups, and optional or repeated parts before them.
A pattern whose match may open with anything else (``.``, ``\\s``, a range, a lookaround)
has no openings (None), and every line may match it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from aggnews.text import ODD_FOLDS

try:  # CPython 3.11+: the parser ``re`` compiles by
    from re import _parser
except ImportError:  # pragma: no cover - another Python: no openings, every line runs
    _parser = None

#: Opcodes of a repeated part: (min, max, items).
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


@lru_cache(maxsize=64)
def pattern_openings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The first characters, in ``lower()`` form, a match of ``pattern`` can open with;
    None when its parse does not say (any line may match)."""
    if _parser is None:  # pragma: no cover
        return None
    try:
        items = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError):  # pragma: no cover - it compiled, so it parses
        return None
    starts, _ = _starts(items)
    return frozenset(starts) if starts is not None else None


def may_open(line: str, openings: frozenset[str] | None) -> bool:
    """False only when ``line`` cannot open a match (``openings`` as ``pattern_openings``
    gives them). A letter that ``re.IGNORECASE`` folds unlike ``lower()`` ("ſ", "İ", Greek
    variants: ``ODD_FOLDS``) may open any match."""
    if openings is None or not line:
        return True
    first = line[0]
    return first.lower() in openings or ODD_FOLDS.match(first) is not None


def _starts(items: Any) -> tuple[set[str] | None, bool]:
    """(Openings of the sequence ``items``, or None for any; whether it can match empty)."""
    found: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "AT":  # ^, \b: zero width, they only narrow what follows
            continue
        if name == "LITERAL":
            found.add(chr(arg).lower()[:1])  # "İ".lower() is two characters: "i" opens it
            return found, False
        if name == "IN":
            chars = _class(arg)
            if chars is None:
                return None, False
            return found | chars, False
        if name == "BRANCH":
            empty = False
            for branch in arg[1]:
                starts, can_be_empty = _starts(branch)
                if starts is None:
                    return None, False
                found |= starts
                empty = empty or can_be_empty
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):  # (group, flags, flags, items); items
            starts, empty = _starts(arg[3] if name == "SUBPATTERN" else arg)
            if starts is None:
                return None, False
            found |= starts
        elif name in _REPEATS:
            low, _, repeated = arg
            starts, empty = _starts(repeated)
            if starts is None:
                return None, False
            found |= starts
            empty = empty or low == 0
        else:  # ANY, CATEGORY, NOT_LITERAL, ASSERT, GROUPREF, ...
            return None, False
        if not empty:
            return found, False
    return found, True


def _class(members: Any) -> set[str] | None:
    """Openings of a character class of literals; None for any other class."""
    chars = set()
    for op, arg in members:
        if str(op) != "LITERAL":  # NEGATE, RANGE, CATEGORY: left to the pattern
            return None
        chars.add(chr(arg).lower()[:1])
    return chars
