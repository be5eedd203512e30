"""Page furniture: what is dropped from a story page before and during extraction."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.html import HtmlElement

from aggnews.extract.cues import (
    PUBLISHED_DATE_FIRST,
    PUBLISHED_LINE,
    PUBLISHED_SOURCE_ONLY,
    SOURCE_LINE,
    says_read_at_source,
)
from aggnews.extract.html import PageSource, drop, select
from aggnews.extract.ticker import TickerReport, remove_link_blocks
from aggnews.text import comparable

#: Elements that are furniture on every site, by HTML semantics.
_ALWAYS = (
    "script, style, noscript, template, nav, footer, iframe, svg, button, figcaption, "
    "[role=banner] a[href^='#'], .skip-link, "
    # related-story lists, by the names CMS plugins give them
    "[class*='relatedposts'], [id*='relatedposts'], [class*='related-posts'], "
    "[class*='related-articles'], [class*='yarpp'], .crp_related"
)
#: A post of a social network, as embed codes cite or link it.
_SOCIAL_POST = re.compile(
    r"^(?:https?:)?//(?:www\.|mobile\.|m\.)?(?:(?:twitter|x)\.com/\w+/status(?:es)?/\d"
    r"|instagram\.com/(?:p|reel|tv)/|tiktok\.com/@[^/]+/video/|facebook\.com/.+/(?:posts|videos)/"
    r"|t\.me/\w+/\d)",
    re.IGNORECASE,
)
#: Cookie notices, by name; only short ones (a page wrapper may mention cookies in a class).
_COOKIE = '[class*="cookie" i], [id*="cookie" i]'
_COOKIE_MAX = 600
#: Breadcrumb trails, by the names every CMS gives them (``outlets`` reads them first).
BREADCRUMBS = (
    '[class*="breadcrumb" i], [id*="breadcrumb" i], [aria-label*="breadcrumb" i],'
    ' [itemtype*="BreadcrumbList"], [class*="crumbs"]'
)
#: A paywall's or a login wall's prompt for the story itself ("Subscribe to read the full
#: story", "Register to unlock this article"), not a promotion ("to read the latest news").
_PAYWALL_PROMPT = (
    r"(?:subscribe|sign up|sign in|log ?in|register)(?: now| today| for free)? (?:to|and)"
    r" (?:(?:read|unlock|access) (?:the|this) (?:full |whole |entire |rest of the )?"
    r"(?:story|article)|continue reading|keep reading|read on|read more).{0,100}"
    r"|(?:اشترك|سجل الدخول|سجل دخولك)(?: الآن)? (?:ل|من أجل )?(?:قراءة (?:الخبر|المقال|القصة)"
    r"|متابعة القراءة|مواصلة القراءة).{0,80}"
    r"|(?:abonnez-vous|connectez-vous|inscrivez-vous) pour (?:lire (?:la suite|cet article"
    r"|l'article)|continuer (?:à lire|la lecture)|accéder à (?:cet article|l'article|la suite))"
    r".{0,100}"
)
PAYWALL_PROMPT = re.compile(_PAYWALL_PROMPT, re.IGNORECASE)
#: A social network's name in a share row, with what separates the buttons.
_NETWORK = (
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|messenger|e-?mail"
    r"|فيسبوك|فيس بوك|تويتر|إكس|واتساب|واتس اب|تلغرام|تيليجرام|لينكد إن|البريد الإلكتروني"
    r"|البريد)[\s,،|/•-]*"
)
#: The words of a "read also" line, before the linked headline (an alternation).
READ_ALSO_WORDS = (
    r"also read|read also|see also|read more|(?:ا|إ)قرأ (?:أيضا|أيضاً|ايضا|المزيد)"
    r"|شاهد (?:أيضا|أيضاً)|تابع (?:أيضا|أيضاً)|(?:à )?lire aussi|voir aussi"
)
#: Lines that are furniture on every site: image-report popups, share prompts, ads.
GENERIC_BOILERPLATE = (
    # follow-us lines
    r"(?:تابعونا|تابعوا|follow us|suivez-nous)\s+(?:على|عبر|on|sur)\s+.{1,40}",
    r"thank you for reporting!?",
    r"this image will be automatically disabled.*",
    # the same image-report popup in Arabic and French, in the wordings pages use
    r"سيتم (?:تعطيل|حجب|إخفاء) هذه الصورة تلقائيا.*",
    r"cette image sera (?:automatiquement )?(?:désactivée|masquée|bloquée).*",
    r"شكرا (?:لك )?على الإبلاغ!?",
    r"merci (?:pour votre|de votre) signalement.*",
    r"(?:advertisement|إعلان|publicité)",
    # a share prompt, alone or naming the networks ("شارك: فيسبوك تويتر", "Share: Facebook
    # X"), and a row of share buttons, two networks' names or more
    r"(?:share|شارك|partager)(?: this| on| via| sur| عبر)?\s*:?\s*(?:" + _NETWORK + r")*",
    r"(?:" + _NETWORK + r"){2,}",
    r"(?:(?:share|شارك|partager)\s+(?:on|by|via|sur|par|عبر|على)\s+\S+\s*){2,}",
    r"(?:" + READ_ALSO_WORDS + r")\s*[:：\-–]?.{0,200}",
    # the same, in words that are prose without their colon ("للمزيد من التفاصيل ...")
    r"(?:للمزيد|المزيد|ذات صلة|مقالات ذات صلة|أخبار ذات صلة|related|more|à voir|à découvrir)"
    r"\s*[:：].{0,200}",
    # "Continue reading at the outlet" lines, in any of our languages.
    r"(?:continue reading|read (?:the )?(?:full|rest of the) (?:story|article)|keep reading"
    r"|lire la suite|poursuivre la lecture|(?:ل)?(?:تابع|متابعة|أكمل|اكمل) (?:القراءة|قراءة)"
    r"|لقراءة (?:المزيد|الخبر كاملا|الخبر كاملاً|التفاصيل)|اقرأ الخبر كاملا)\b.{0,120}",
    r"(?:photo|image|crédit photo|photo credit|credit|صورة|الصورة)\s*[:：].{0,80}"
    r"|(?:صورة أرشيفية|أرشيفية|file photo|archive photo|photo d'archives)\.?",
    r"(?:skip to (?:main )?content|aller au contenu(?: principal)?|تخطى إلى المحتوى"
    r"|انتقل إلى المحتوى)",
    # the story's tags or keywords under it
    r"(?:tags|tagged|topics|keywords|الوسوم|وسوم|الكلمات (?:المفتاحية|الدالة)"
    r"|كلمات (?:مفتاحية|دالة)|mots[- ]clés|étiquettes|sujets)\s*[:：].{0,300}",
    # a syndication or liability disclaimer under the story
    r"(?:disclaimer|إخلاء (?:ال)?مسؤولية|avertissement|clause de non-responsabilité)"
    r"\s*[:：].{0,600}",
    _PAYWALL_PROMPT,
    # a newsletter prompt, a "via SyndiGate.info" credit standing alone
    r"(?:subscribe|sign up|register|abonnez-vous|inscrivez-vous|اشترك|سجل)\s+(?:to|for|à|في)\s+"
    r"(?:our |the |notre |la |النشرة )?(?:newsletter|البريدية|الإخبارية).{0,80}",
    r"via\s+\S+(?:\s+\S+){0,3}",
    r"(?:subscribe|abonnez-vous|اشترك)(?: now| today| maintenant| الآن)?"
    r"|(?:already (?:a subscriber|have an account)|déjà abonné|مشترك بالفعل)\s*[?؟]?.{0,40}",
)
#: Lines that are furniture when they hold a phrase somewhere in their first characters:
#: (characters before, the phrase, characters after, words every match of the phrase holds,
#: in lower case and separated by "|"). The pattern runs only on a line holding one of them.
GENERIC_FLOATING = (
    # a story's meta strip: its date with a view count or a reading time
    (
        60,
        r"\d[\d,.\s]*(?:مشاهدة|مشاهدات|قراءة|views?|vues?|lectures?)"
        r"|(?:دقيقة|دقيقتان|دقيقتين|دقائق|\d+\s*min(?:ute)?s?)\s*"
        r"(?:للقراءة|قراءة|read|de lecture)",
        60,
        "مشاهد|قراءة|view|vue|lecture|read",
    ),
    (
        120,
        r"we use cookies|uses cookies|utilise des cookies|ملفات تعريف الارتباط"
        r"|accept (?:all )?cookies",
        200,
        "cookie|ملفات تعريف الارتباط",
    ),
    (
        200,
        r"©|\(c\) \d{4}|copyright|all rights reserved|جميع الحقوق محفوظة|حقوق النشر"
        r"|tous droits réservés",
        200,
        "©|(c) |copyright|all rights reserved|حقوق|droits",
    ),
    # a paywall's pitch: what its subscribers get
    (
        20,
        r"(?:subscri\w*|abonn\w*|مشترك\w*)\b.{0,40}?"
        r"(?:unlimited (?:digital )?access|accès illimité|وصول غير محدود)",
        160,
        "unlimited|illimité|غير محدود",
    ),
    # an aggregator's disclaimer: the stories belong to their sources, it answers for none
    (
        200,
        r"تعود ملكيتها (?:ل|إلى )(?:مصادرها|أصحابها)|لا يتحمل الموقع(?: أي)? مسؤولية"
        r"|belong to their (?:respective )?(?:sources|owners|authors)"
        r"|(?:is|are) not responsible for (?:the |their |its )?content"
        r"|appartiennent à leurs (?:sources|auteurs|propriétaires)"
        r"|n'est pas responsable (?:du|de leur|de son) contenu",
        200,
        "ملكيت|مسؤولية|belong|responsible|appartiennent|responsable",
    ),
)


_FLOATING_WORDS = tuple(word for *_, words in GENERIC_FLOATING for word in words.split("|"))
#: Any of ``_FLOATING_WORDS`` (one search in C rather than a ``in`` test a word).
_FLOATING_WORD = re.compile("|".join(re.escape(word) for word in _FLOATING_WORDS))


#: The heading of a related-stories list: the story ended above it, on any site.
RELATED_HEADING = re.compile(
    r"^(?:مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة|اقرأ أيضا"
    r"|related (?:posts|articles|news|stories)|you may also like|articles similaires"
    r"|à lire aussi|sur le même sujet)\s*:?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=64)
def _line_pattern(boilerplate: tuple[str, ...]) -> re.Pattern[str]:
    return _alternation(GENERIC_BOILERPLATE + boilerplate)


@lru_cache(maxsize=1)
def _floating_pattern() -> re.Pattern[str]:
    return _alternation(
        tuple(
            f".{{0,{before}}}(?:{phrase}).{{0,{after}}}"
            for before, phrase, after, _ in GENERIC_FLOATING
        )
    )


@dataclass
class Furniture:
    """Decides, line by line, whether text is furniture rather than story."""

    boilerplate: tuple[str, ...] = ()
    #: Ticker headlines (in ``comparable`` form) of this page and of pages seen before.
    headlines: set[str] = field(default_factory=set)
    #: Short lines (``comparable`` form) -> how many earlier pages showed them.
    seen_lines: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._line = _line_pattern(tuple(self.boilerplate))
        self._floating = _floating_pattern()
        #: Lines already judged (a page's lines are asked about by several layers).
        self._judged: dict[str, bool] = {}

    def _is_line(self, line: str) -> bool:
        if self._line.fullmatch(line):
            return True
        return bool(_FLOATING_WORD.search(line.lower()) and self._floating.fullmatch(line))

    def is_boilerplate(self, line: str) -> bool:
        """True for a boilerplate line or a cue line ("Published in", "read at source")."""
        judged = self._judged.get(line)
        if judged is None:
            judged = self._judged[line] = self._is_boilerplate(line)
        return judged

    def _is_boilerplate(self, line: str) -> bool:
        stripped = line.strip(" .")
        if self._is_line(stripped) or (stripped != line and self._is_line(line)):
            return True
        if len(line) >= 300:
            return False
        return bool(
            PUBLISHED_LINE.match(line)
            or PUBLISHED_DATE_FIRST.match(line)
            or PUBLISHED_SOURCE_ONLY.match(line)
            or says_read_at_source(line)
            or SOURCE_LINE.match(line)
        )

    def is_furniture(self, line: str) -> bool:
        """Boilerplate, a ticker headline, or a short line that many other pages show.

        Not for titles: a ticker's headlines are the titles of the site's own stories.
        """
        if self.is_boilerplate(line):
            return True
        key = comparable(line)
        if key in self.headlines:
            return True
        return is_repeatable(line) and self.seen_lines[key] >= REPEATED_ON_PAGES


#: A short line shown on this many other story pages is site furniture, not story.
REPEATED_ON_PAGES = 4


def is_repeatable(line: str) -> bool:
    """Lines short enough to be furniture when they repeat across pages."""
    return 15 <= len(line) <= 160


def _is_notice(el: HtmlElement) -> bool:
    """A short element with no headline and at most one paragraph: a notice, not a wrapper."""
    return len(el.text_content()) < _COOKIE_MAX and not el.xpath(".//h1 | .//h2 | .//p[2]")


def strip_page(
    root: HtmlElement,
    profile_furniture: tuple[str, ...],
    source: PageSource | None = None,
    embedded_posts: bool = False,
) -> TickerReport:
    """Remove profile furniture, furniture by semantics (with ``embedded_posts``, quotes of
    social posts too) and link blocks from ``root`` (``source``: the page's HTML in lower
    case, see ``html.select``)."""
    if profile_furniture:
        drop(select(root, ", ".join(profile_furniture), source))
    drop(select(root, _ALWAYS, source))
    # a sidebar, unless the page sets its story's column in an <aside>
    drop(el for el in list(root.iter("aside")) if not _is_story_column(el, root))
    drop(el for el in select(root, _COOKIE, source) if _is_notice(el))
    # A breadcrumb trail is short; a wrapper whose class merely mentions breadcrumbs is not one.
    drop(el for el in select(root, BREADCRUMBS, source) if len(el.text_content()) < 200)
    # a page's banner, not a story's own header (inside <article> or <main>: headline, byline)
    drop(
        el
        for el in root.iter("header")
        if not el.xpath(".//h1") and not el.xpath("ancestor::article or ancestor::main")
    )
    if embedded_posts:
        drop(quote for quote in root.iter("blockquote") if _is_embedded_post(quote))
    body = root.find("body")
    return remove_link_blocks(body if body is not None else root)


#: A paragraph this long is prose, not a teaser or a label.
_PROSE_MIN = 100


def _prose(el: HtmlElement) -> int:
    """Characters of the prose paragraphs (``<p>`` of ``_PROSE_MIN`` or more) under ``el``."""
    lengths = (len(p.text_content().strip()) for p in el.iter("p"))
    return sum(n for n in lengths if n >= _PROSE_MIN)


def _is_story_column(aside: HtmlElement, root: HtmlElement) -> bool:
    """An ``<aside>`` holding most of the page's prose is the story, not a sidebar (the
    page's prose is read only for an aside with enough of its own)."""
    prose = _prose(aside)
    return prose >= 5 * _PROSE_MIN and prose > 0.5 * _prose(root)


def _is_embedded_post(quote: HtmlElement) -> bool:
    """A blockquote an embed code made of a social post: it cites or links the post."""
    links = [quote.get("cite") or "", *(a.get("href") or "" for a in quote.iter("a"))]
    return any(_SOCIAL_POST.search(link.strip()) for link in links)
