"""One rule a test: each page holds only the evidence that rule reads (synthetic pages)."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.extract.cues import parse_published_line
from aggnews.sites.albawaba import PROFILE as ALBAWABA
from aggnews.sites.masress import PROFILE as MASRESS

URL = "https://www.masress.com/ahram/172573"
BODY = (
    "<p>The cabinet approved on Sunday a draft law that regulates ride-hailing applications "
    "and sets new licensing fees for drivers across the country.</p>"
    "<p>The minister said the law would protect passengers and create thousands of jobs in "
    "the transport sector over the coming five years.</p>"
)


def extract(html: str, url: str = URL, profile=MASRESS):
    page = f"<html><head>{html.split('<body>')[0]}</head><body>{html.split('<body>')[-1]}"
    response = HtmlResponse(url=url, body=page.encode(), encoding="utf-8")
    return StoryExtractor(profile).extract(response)


@pytest.mark.parametrize(
    ("line", "source", "date"),
    [
        ("Published on 19 - 11 - 2017 in Ahram Online", "Ahram Online", "19 - 11 - 2017"),
        ("Published in: Ahram Online on 19 - 11 - 2017", "Ahram Online", "19 - 11 - 2017"),
        ("نشر يوم 19 - 11 - 2017 في الأهرام", "الأهرام", "19 - 11 - 2017"),
        ("نشر في : الأهرام يوم ١٩ - ١١ - ٢٠١٧", "الأهرام", "١٩ - ١١ - ٢٠١٧"),
        ("Publié le 3 mars 2024 dans Le Matin", "Le Matin", "3 mars 2024"),
        ("Publié dans : L'Opinion", "L'Opinion", ""),
    ],
)
def test_published_line_in_any_order(line: str, source: str, date: str) -> None:
    parsed = parse_published_line(line)
    assert parsed is not None
    assert (parsed.source, parsed.date) == (source, date)


def test_published_line_with_outlet_link_and_time_element() -> None:
    result = extract(
        "<body><h1>Cabinet approves ride-hailing law</h1>"
        '<div>Published on <time>19 - 11 - 2017</time> in <a href="/ahram">Ahram Online</a></div>'
        + BODY
    )
    assert result.item.source == "Ahram Online"
    assert result.item.date == "2017-11-19"
    assert "Published" not in result.item.body


@pytest.mark.parametrize("label", ["Source:", "Source :", "المصدر:", "مصدر الخبر :", "Par :"])
def test_source_label_line(label: str) -> None:
    result = extract(f"<body><h1>Cabinet approves ride-hailing law</h1>{BODY}<p>{label} MENA</p>")
    assert result.item.source == "MENA"
    assert result.layers["source"] == "cue"


def test_slug_links_name_the_outlet() -> None:
    result = extract(
        '<body><div class="crumbs"><a href="/">Home</a> <a href="/ahram">Al-Ahram</a></div>'
        f"<h1>Cabinet approves ride-hailing law</h1>{BODY}"
        '<div><a href="/ahram">Al-Ahram</a> <a href="/shorouk">El Shorouk</a></div>'
    )
    assert result.item.source == "Al-Ahram"
    assert result.layers["source"] == "slug"


def test_json_ld_author_organization_is_the_outlet_and_urls_are_not_names() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Cabinet approves ride-hailing law",
        "author": {"@type": "NewsMediaOrganization", "name": "Daily News Egypt"},
        "isBasedOn": "https://dailynewsegypt.com/2017/11/19/law",
        "publisher": {"@type": "Organization", "name": "Masress"},
    }
    result = extract(f'<script type="application/ld+json">{json.dumps(ld)}</script><body>{BODY}')
    assert result.item.source == "Daily News Egypt"


@pytest.mark.parametrize(
    "name", ["https://dailynewsegypt.com/", "dailynewsegypt.com", "Masress", "19 - 11 - 2017"]
)
def test_source_never_a_url_host_self_name_or_date(name: str) -> None:
    ld = {"@type": "NewsArticle", "headline": "Cabinet approves law", "isBasedOn": {"name": name}}
    result = extract(f'<script type="application/ld+json">{json.dumps(ld)}</script><body>{BODY}')
    assert result.item.source is None


def test_title_entities_decoded_once_or_twice_and_outlet_suffix_removed() -> None:
    result = extract(
        "<title>Egypt&amp;#39;s &amp;quot;new&amp;quot; law - Ahram Online | Masress</title>"
        f"<body>{BODY}<p>Source: Ahram Online</p>"
    )
    assert result.item.title == 'Egypt\'s "new" law'
    assert result.item.source == "Ahram Online"


def test_metadata_instant_is_shown_in_the_site_timezone() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Jordan reopens crossing",
        "datePublished": "2019-02-27T23:30:18+00:00",
    }
    result = extract(
        f'<script type="application/ld+json">{json.dumps(ld)}</script><body>{BODY}',
        url="https://www.albawaba.com/news/jordan-reopens-crossing-1520331",
        profile=ALBAWABA,
    )
    assert result.item.date == "2019-02-28T01:30:18+02:00"


@pytest.mark.parametrize(
    "furniture",
    [
        "Continue reading at Ahram Online",
        "Lire la suite sur Le Matin",
        "تابع القراءة على الأهرام",
        "اقرأ المزيد",
        "Read also: Egypt signs gas deal with Cyprus",
        "اقرأ أيضا الحكومة توقع اتفاقية غاز",
        "Photo: Reuters",
        "صورة أرشيفية",
        # an aggregator's disclaimer, whatever element holds it
        "مصرس محرك بحث إخباري: جميع المقالات المنشورة تعود ملكيتها لمصادرها، ولا يتحمل الموقع"
        " مسؤولية مضامينها.",
        "Masress est un moteur de recherche : les articles appartiennent à leurs sources.",
        "All stories belong to their respective owners; Masress is not responsible for content.",
        # a syndication disclaimer, a paywall's prompt and its buttons
        "Disclaimer: This article is syndicated from a third-party provider as received.",
        "إخلاء المسؤولية: هذا المحتوى منشور من مزود خارجي كما ورد دون تعديل.",
        "Avertissement : cet article est publié tel que reçu de son fournisseur.",
        "Subscribe to read the full story",
        "اشترك لقراءة الخبر كاملا",
        "Abonnez-vous pour lire la suite de cet article",
        "Subscribe now",
        "Already a subscriber? Sign in",
    ],
)
def test_body_lines_that_are_never_story(furniture: str) -> None:
    result = extract(
        f"<body><h1>Cabinet approves ride-hailing law</h1>{BODY}<p>{furniture}</p>"
        "<figure><img src=x.jpg><figcaption>The minister at the cabinet meeting</figcaption>"
        "</figure><p>Source: MENA</p>"
    )
    assert furniture not in result.item.body
    assert "minister at the cabinet meeting" not in result.item.body
    assert result.item.body.count("\n") == 1


GERMAN = (
    "<p>Die Aufregung nach dem Aufmarsch von Islamisten in Hamburg bleibt groß. Auch in "
    "Österreich stellt sich nun die Frage, wie die Antwort im Umgang mit Fanatikern aussieht.</p>"
)


@pytest.mark.parametrize(
    ("head", "body", "language"),
    [
        ("", GERMAN, "de"),
        ('<meta property="og:locale" content="x">', "<p>OK.</p>" * 3, None),
    ],
)
def test_generic_language_from_the_text_or_null(head: str, body: str, language) -> None:
    from aggnews.profile import generic_profile

    url = "https://www.example.org/story/1"
    result = extract(f"{head}<body><h1>Titel</h1>{body}", url=url, profile=generic_profile(url))
    assert result.item.language == language


def test_generic_language_from_the_page_declaration_for_any_language() -> None:
    from aggnews.profile import generic_profile

    url = "https://www.example.org/story/1"
    page = f"<html lang='tr'><body><h1>Başlık</h1>{BODY}</body></html>"
    response = HtmlResponse(url=url, body=page.encode(), encoding="utf-8")
    assert StoryExtractor(generic_profile(url)).extract(response).item.language == "tr"


def test_no_extracted_source_is_a_url_host_or_aggregator_name_on_any_fixture() -> None:
    from urllib.parse import urlsplit

    from aggnews.sites import load_profiles
    from tests.fixturesite import story_pages

    profiles = load_profiles()
    aggregators = {n.casefold() for p in profiles.values() for n in p.self_names}
    checked = 0
    for site, profile in profiles.items():
        extractor = StoryExtractor(profile)
        for page in story_pages(site):
            source = extractor.extract(page.response()).item.source
            if source is None:
                continue
            checked += 1
            assert source.casefold() not in aggregators, (page.name, source)
            assert "/" not in source and not urlsplit(source).scheme, (page.name, source)
            assert not any(d in source.casefold() for d in profile.domains), (page.name, source)
    assert checked >= 60


def test_cookie_notice_dropped_but_a_wrapper_naming_cookies_kept() -> None:
    result = extract(
        '<body><div class="page has-cookie-consent"><div id="cookie-bar">We use cookies to '
        f"improve your experience.</div><h1>Cabinet approves ride-hailing law</h1>{BODY}"
        "<p>Source: MENA</p></div>"
    )
    assert result.item.body.count("\n") == 1
    assert "cookies" not in result.item.body


@pytest.mark.parametrize(
    ("og_title", "h1", "title"),
    [
        # the SEO title adds a section, the site, a date: the part the <h1> shows is kept
        (
            "Nile dam talks resume | Politics | The Daily Post | 28.04.2023",
            "Nile dam talks resume",
            "Nile dam talks resume",
        ),
        # punctuation and quotes may differ from the heading; the metadata's form is kept
        (
            "Egypt's new law: what changes - Nile Times",
            "Egypt’s new law : what changes",
            "Egypt's new law: what changes",
        ),
        (
            "مجلس الوزراء يقر قانون النقل الذكي | أخبار مصر",
            "مجلس الوزراء يقر قانون النقل الذكي",
            "مجلس الوزراء يقر قانون النقل الذكي",
        ),
        ("Le Caire|Le Matin", "Le Caire", "Le Caire"),
        # no heading equals a part before a separator: the title stays whole
        (
            "Gaza - live updates on the truce",
            "Truce talks in Cairo",
            "Gaza - live updates on the truce",
        ),
        # a one-word heading (a logo, a section) never cuts a title
        ("Sport - Cairo derby ends level", "Sport", "Sport - Cairo derby ends level"),
    ],
)
def test_metadata_title_keeps_the_headline_the_page_shows(og_title, h1, title) -> None:
    from aggnews.profile import generic_profile

    url = "https://www.example.org/story/1"
    head = f'<meta property="og:title" content="{og_title}">'
    result = extract(f"{head}<body><h1>{h1}</h1>{BODY}", url=url, profile=generic_profile(url))
    assert result.item.title == title
    assert result.layers["title"] == "metadata"


@pytest.mark.parametrize("kind", ["LiveBlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle"])
def test_json_ld_of_every_story_type_gives_the_date(kind: str) -> None:
    """A live blog's meta tags carry its last update; its JSON-LD says when it began."""
    from aggnews.profile import generic_profile

    url = "https://www.example.org/story/1"
    ld = {"@type": kind, "headline": "Cairo protests live", "datePublished": "2024-08-04T13:23:00Z"}
    head = (
        '<meta property="article:published_time" content="2024-08-05T19:49:50Z">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    result = extract(f"{head}<body><h1>Cairo protests live</h1>{BODY}", url, generic_profile(url))
    assert result.item.date == "2024-08-04T13:23:00+00:00"
    assert result.layers["date"] == "metadata"


TWEET = (
    '<blockquote class="{cls}"><p>New scanning lanes at the crossing.</p>&mdash; Interior '
    'Ministry (@MoI) <a href="https://twitter.com/MoI/status/1100857331512573952">Feb 27</a>'
    "</blockquote>"
)
QUOTE = "<blockquote><p>We will protect passengers and drivers alike, the minister said.</p>"


@pytest.mark.parametrize("cls", ["twitter-tweet", "x9f3a2c", ""])
def test_embedded_post_dropped_on_an_aggregator_whatever_its_class(cls: str) -> None:
    result = extract(f"<body><h1>Cabinet approves law</h1>{BODY}{TWEET.format(cls=cls)}{QUOTE}")
    assert "scanning lanes" not in result.item.body
    assert "protect passengers and drivers" in result.item.body  # a plain quote is story


def test_embedded_post_kept_on_a_page_of_no_aggregator() -> None:
    from aggnews.profile import generic_profile

    url = "https://www.example.org/story/1"
    page = f"<body><h1>Cabinet approves law</h1>{BODY}{TWEET.format(cls='twitter-tweet')}"
    assert "scanning lanes" in extract(page, url, generic_profile(url)).item.body


STANDFIRST = "<p>Markets rallied.</p>"
WALL = (
    "<div><h3>Subscribe to read the full story</h3><p>PRO subscribers get unlimited access to "
    "markets news, analysis and company data across the region.</p></div>"
)


@pytest.mark.parametrize("wall", [WALL, ""])
def test_generic_body_starts_below_the_headline_without_a_paywall(wall: str) -> None:
    """No selector and no metadata: the kicker above the headline is not story, a short
    line below it is; a paywall's prompt and its pitch are not, and they mark the page."""
    from aggnews.profile import generic_profile

    url = "https://www.example.org/markets/saudi-stocks-rise"
    page = (
        "<body><div><a href='/markets/equities/'>Equities</a>"
        f"<h1>Saudi stocks rise on oil gains</h1>{STANDFIRST}{BODY}{wall}</div>"
    )
    result = extract(page, url, generic_profile(url))
    assert result.layers["body"] == "generic"
    assert result.item.body.split("\n")[0] == "Markets rallied."
    assert result.item.body.count("\n") == 2, result.item.body
    assert result.item.paywalled is bool(wall)


def test_an_aside_holding_the_story_is_not_a_sidebar() -> None:
    """Some layouts set the story's column in an ``<aside>``: the aside with most of the
    page's prose is kept, the sidebar beside it still goes."""
    from aggnews.profile import generic_profile

    url = "https://www.example.org/news/2023/apr/28/budget"
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story says what the lawmakers agreed on Friday, what it costs "
        "and who voted for it in both chambers of the state legislature.</p>"
        for n in range(1, 6)
    )
    sidebar = "<aside><h3>Opinion</h3><p>A columnist on the budget, every week.</p></aside>"
    page = f"<body><h1>Governor endorses revised budget</h1><aside>{paragraphs}</aside>{sidebar}"
    result = extract(page, url, generic_profile(url))
    lines = result.item.body.split("\n")
    assert [line[:11] for line in lines] == [f"Paragraph {n}" for n in range(1, 6)]
