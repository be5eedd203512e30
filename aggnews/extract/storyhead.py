"""The lines a story page shows above its text: a date line, "OUTLET | DATE", a byline
beside the date, a "CITY -" dateline, a wire agency's dateline. The body layers leave
them out; the source and date layers read them (the date line nearest the headline, the
outlet named beside it or in the dateline)."""

from __future__ import annotations

import re

from aggnews.datetext import DAY_MARK, WEEKDAY_BEFORE, find_date_text, normalise_date_text
from aggnews.extract.cues import SOURCE_LABEL, SOURCE_LINE
from aggnews.text import comparable

#: A dateline standing alone: a place of one to three words, maybe a day and an agency in
#: brackets, then a dash or colon ("الخرطوم -", "CAIRO, Dec 1 (Reuters) -").
_DATELINE = re.compile(
    r"^[^\W\d_][\w.'’]*(?:\s[^\W\d_][\w.'’]*){0,2}(?:,\s?[\w .]{1,15}?)?"
    r"(?:\s?\((?:[^()]{1,25})\))?\s?[-–—:]?\s*"
)


def is_dateline(line: str) -> bool:
    """A short line that is mostly a date ("March 3, 2024", "19/11/2017 - 10:30")."""
    found = find_date_text(line) if len(line) <= 60 else None
    return bool(found) and len(found) >= 0.5 * len(line)


def strip_body_head(
    body: str | None, names: tuple[str | None, ...], shown: list[str] | None = None
) -> str | None:
    """``body`` without the lines a page repeats above the story, in any order: the
    headline and the outlet (``names``), a date line, a bare source label ("المصدر:"),
    "Source: OUTLET", a name or a byline beside a date (``outlet_beside_date``), a name the
    page shows (its lines, ``shown``) just above or below a date line, and a "CITY -" dateline
    standing alone (one that opens the first paragraph is part of it). The last line
    always stays."""
    if not body:
        return body
    lines = body.split("\n")
    known = {comparable(name) for name in names if name}
    place = True  # one "CITY -" line at most
    while len(lines) > 1:
        head = lines[0]
        if place and _DATELINE.fullmatch(head) and head[-1:] in "-–—:)":
            place = False
        elif not (
            is_dateline(head)
            or _is_head(head, known)
            or _is_head(_less_date(head), known)
            or _beside_date(head) is not None
            or (shown is not None and _next_to_date(head, shown))
        ):
            break
        lines.pop(0)
    return "\n".join(lines)


def _is_head(line: str, known: set[str]) -> bool:
    """The headline or the outlet, a bare source label, or "Source: OUTLET"."""
    if not line:
        return False
    source = SOURCE_LINE.match(line)
    return bool(
        comparable(line) in known
        or SOURCE_LABEL.match(line)
        or (source and comparable(source.group("source")) in known)
    )


#: What joins a date to an outlet on one line ("الأهرام • 19/11/2017", "Reuters | 3 Dec").
_JOINERS = " \t•|·-–—,،/"


def _less_date(line: str) -> str:
    """A short line less its date and the marks around it ("" when there is no date)."""
    found = find_date_text(line) if len(line) <= 120 else None
    if not found:
        return ""
    return normalise_date_text(line).replace(found, " ").strip(_JOINERS)


#: A wire story's dateline naming its agency: "KUWAIT, Dec 3 (KUNA) --", "CAIRO (Reuters) -",
#: "الرياض (واس) -", "القاهرة - (أ ش أ)" (the place in capitals or in one to three words).
_AGENCY_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{1,30}|[^\W\d_]+(?:\s[^\W\d_]+){0,2})"
    r"(?:,\s?[A-Za-z]{3,9}\.?\s\d{1,2})?\s*[-–—]?\s*\((?P<agency>[^()]{2,30})\)\s*(?:[-–—:]|--)"
)
#: Brackets after a place that are no agency: "(exclusive)", "(updated)", "(video)".
_NOT_AGENCY = re.compile(
    r"خاص|تحديث|محدث|فيديو|صور|مباشر|exclusive|updated?|video|photos?|live|\d", re.IGNORECASE
)


def dateline_agency(lines: list[str]) -> str | None:
    """The news agency a wire story's dateline names, in the first of ``lines`` that has
    one ("CAIRO, Dec 1 (Reuters) - ..." gives "Reuters")."""
    for line in lines:
        match = _AGENCY_DATELINE.match(line)
        if match is None:
            continue
        agency = match["agency"].strip()
        if len(agency.split()) <= 4 and not _NOT_AGENCY.search(agency):
            return agency
    return None


#: What opens a byline: the name beside the date is a writer's ("كتب محمد علي | DATE").
_BYLINE = re.compile(
    r"^(?:(?:written\s+|reported\s+)?by|par|por|von|door|reporting|text|words|بقلم|كتبت?|كتبه|"
    r"كتبها|إعداد|اعداد|تقرير|حوار|تحرير|ترجمة|متابعة|مراسل|مراسلة|محرر)(?:\s|:|$)",
    re.IGNORECASE,
)
#: Words of an organisation's name, not a person's: a byline crediting one names the outlet
#: ("By Reuters", "By Gulf News", "كتب: وكالة الأنباء", "Par l'Agence France-Presse").
_ORGANISATION = re.compile(
    r"(?<![^\W\d_])(?:news|agency|press|times|post|journal|gazette|herald|tribune|daily|media"
    r"|tv|radio|network|newswire|wire|reuters|afp|ap|bloomberg|xinhua|anadolu|wam|spa|kuna"
    r"|وكالة|جريدة|صحيفة|موقع|بوابة|قناة|شبكة|مجلة|الأنباء|رويترز|فرانس برس|أ ف ب|أ ش أ"
    r"|agence|presse|quotidien)(?![^\W\d_])",
    re.IGNORECASE,
)
#: A desk's word after the organisation ("By Gulf News Staff", "By Reuters Reporter").
_DESK = re.compile(r"\s+(?:staff|reporters?|correspondents?|desk|team|مراسل|محرر)$", re.I)
#: A label of the date itself, before it ("Published:", "آخر تحديث", "Mis à jour le").
_DATE_LABEL = re.compile(
    r"^(?:(?:first|last|originally)\s+)?(?:published|updated|posted|modified|date|dated|on|le"
    r"|publié(?:\s+le)?|mis\s+à\s+jour(?:\s+le)?|آخر\s+تحديث|تاريخ\s+النشر|تاريخ|تحديث|نشر"
    r"|نشر\s+(?:في|فى)|بتاريخ|يوم|في|فى)\s*[:：]?$",
    re.IGNORECASE,
)
#: A time of day left beside a date ("- 10:30", "10:30 م").
_TIME_ONLY = re.compile(rf"^[\W_]*\d{{1,2}}[:.h]\d{{2}}(?:\s*(?:{DAY_MARK}|gmt|utc))?[\W_]*$", re.I)
#: What a name is not: a digit, a sentence's or a label's marks, a relative date's word.
_NOT_A_NAME = re.compile(r"[\d٠-٩?!؟:;«»\"]|\.$|^(?:منذ|ago|il y a|hace)\b|\bago$", re.IGNORECASE)
#: Characters that join a date to a name on one line ("الأهرام • 19/11/2017").
_JOINER_MARKS = frozenset(_JOINERS) - set(" \t")


#: Section names a page prints beside the date ("اقتصاد | 12 نوفمبر 2025", "Markets • DATE"):
#: the story's kicker, not its outlet.
_SECTION_WORDS = (
    "أخبار اخبار الأخبار عاجل سياسة السياسة اقتصاد الاقتصاد رياضة الرياضة محليات دولي "
    "عربي عالمي العالم منوعات فن الفن ثقافة الثقافة صحة الصحة تكنولوجيا علوم حوادث "
    "مقالات رأي الرأي تقارير تحقيقات بورصة البورصة أسواق الأسواق سياحة تعليم مجتمع "
    "فيديو صور news latest world politics business economy markets finance sport "
    "sports opinion culture arts entertainment lifestyle health science technology tech "
    "travel energy banking property local regional video photos analysis features "
    "actualité actualités politique économie monde international national société santé"
)
_SECTION_PAIRS = ("عربي ودولي", "مال وأعمال", "مال واعمال", "breaking news", "middle east")
_SECTIONS = frozenset(comparable(n) for n in (*_SECTION_WORDS.split(), *_SECTION_PAIRS))


def outlet_beside_date(line: str) -> str | None:
    """The outlet a short line names beside its date, at either end ("الأهرام | 19/11/2017",
    "3 December 2025 - Reuters", "Source: APS • 12/11/2025", "By Reuters | DATE"); not a
    byline's writer, a section's name, a label of the date, or words of a sentence."""
    found = _beside_date(line)
    if not found or comparable(found) in _SECTIONS:
        return None
    byline = _BYLINE.match(found)
    if byline is not None:  # a writer, unless the byline credits an organisation
        credited = _DESK.sub("", found[byline.end() :].strip(" :"))
        return credited if _ORGANISATION.search(credited) else None
    source = SOURCE_LINE.match(found)
    return source.group("source").strip() if source else found


def _beside_date(line: str) -> str | None:
    """The words at one end of a short line whose other end is its date (a weekday, a time
    and the marks between them aside): one to five words, joined to the date by a mark, or
    one to three words with no mark."""
    found = find_date_text(line) if 8 <= len(line) <= 100 else None
    if not found:
        return None
    before, _, after = normalise_date_text(line).partition(found)
    before = WEEKDAY_BEFORE.sub("", before)
    sides = []
    for side in (before, after):
        words = side.strip(_JOINERS)
        if words and not _TIME_ONLY.match(words) and not _DATE_LABEL.match(words):
            sides.append((words, side))
    if len(sides) != 1:
        return None
    words, side = sides[0]
    joined = any(mark in _JOINER_MARKS for mark in side.replace(words, " "))
    count = len(words.split())
    if not 2 <= len(words) <= 40 or count > (5 if joined else 3):
        return None
    if _NOT_A_NAME.search(words) and not (SOURCE_LINE.match(words) or _BYLINE.match(words)):
        return None
    return words


def date_near_title(lines: list[str], title_index: int | None) -> str | None:
    """The first date in the six lines from the headline down, else in the kicker lines
    just above it."""
    near = date_line_near_title(lines, title_index)
    return near[1] if near else None


def date_line_near_title(lines: list[str], title_index: int | None) -> tuple[str, str] | None:
    """The line of ``date_near_title``'s date, and the date."""
    title = title_index if title_index is not None else 0
    below = lines[title : title + 6]
    above = lines[max(title - 2, 0) : title][::-1]
    for line in below + above:
        if len(line) < 400:  # a byline strip may hold the date, the author, a count
            found = find_date_text(line[:200])
            if found:
                return line, found
    return None


def named_beside_date(lines: list[str], title_index: int | None) -> list[str]:
    """The outlet named in plain text on the shown date's line ("عكاظ · منذ 3 ساعات"), unless
    it is the place a dateline under it opens with ("MUSCAT | DATE", then "MUSCAT - ...")."""
    near = date_line_near_title(lines, title_index)
    name = outlet_beside_date(near[0]) if near else None
    if not near or not name:
        return []
    index = lines.index(near[0])
    place = comparable(name)
    if any(comparable(line).startswith(place) for line in lines[index + 1 : index + 4]):
        return []
    return [name]


def _next_to_date(line: str, lines: list[str]) -> bool:
    """``line`` is a short name (one to four words, no figure or sentence mark) that the
    page shows just above or below a line of a date ("الشروق", then "12 نوفمبر 2025")."""
    if len(line) > 40 or len(line.split()) > 4 or _NOT_A_NAME.search(line):
        return False
    try:
        index = lines.index(line)
    except ValueError:
        return False
    near = lines[max(index - 1, 0) : index] + lines[index + 1 : index + 2]
    return any(is_dateline(other) or _beside_date(other) is not None for other in near)
