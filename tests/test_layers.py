"""Each extraction layer on its own, and ticker removal by structure."""

from __future__ import annotations

import lxml.html
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.extract.furniture import Furniture
from aggnews.extract.generic import longest_run
from aggnews.extract.ticker import remove_link_blocks, spaced_headlines
from aggnews.sites import load_profiles

MASRESS = load_profiles()["masress"]
URL = "https://www.masress.com/en/ahramonline/281012"
HEADLINES = [f"Ticker headline number {i} about the economy" for i in range(20)]
PARAS = [
    "Egypt's central bank kept its key interest rates unchanged on Thursday, citing easing "
    "inflation and a stable pound in the second half of the year.",
    "The monetary policy committee said it would continue to watch price pressures closely, "
    "adding that annual urban inflation slowed for a third consecutive month.",
    "Analysts polled before the meeting had expected no change, although two said a cut of "
    "100 basis points was possible before the end of the year.",
]


def ticker_html(cls: str = "zz-strip") -> str:
    links = "".join(f'<li><a href="/en/x/{i}">{h}</a></li>' for i, h in enumerate(HEADLINES))
    return f'<div class="{cls}"><ul>{links}</ul></div>'


def extract(body: str, head: str = "") -> tuple:
    html = f"<html><head>{head}</head><body>{ticker_html()}{body}</body></html>"
    result = StoryExtractor(MASRESS).extract(HtmlResponse(url=URL, body=html.encode()))
    return result.item, result.layers


def test_selector_layer() -> None:
    body = (
        '<span class="articletitle">Central bank holds rates</span>'
        '<span class="articlenewspaper">Published in Ahram Online on 19 - 11 - 2017</span>'
        f'<span class="articlecontent">{"<br>".join(PARAS)}</span>'
    )
    item, layers = extract(body)
    assert (item.title, item.source, item.date) == (
        "Central bank holds rates",
        "Ahram Online",
        "2017-11-19",
    )
    assert item.body == "\n".join(PARAS)
    assert layers == {
        "title": "selector",
        "source": "selector",
        "body": "selector",
        "date": "selector",
    }


def test_metadata_layer() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type":'
        ' "NewsArticle", "headline": "Central bank holds rates", "datePublished": '
        '"2017-11-08T00:40:00+02:00", "articleBody": "' + "\\n".join(PARAS) + '", '
        '"publisher": {"@type": "Organization", "name": "Masress"}, '
        '"sourceOrganization": {"@type": "Organization", "name": "Daily News Egypt"}}]}</script>'
    )
    item, layers = extract("<div><p>Nothing but a widget.</p></div>", head=ld)
    assert item.title == "Central bank holds rates"
    assert item.date == "2017-11-08T00:40:00+02:00"
    assert item.date_raw == "2017-11-08T00:40:00+02:00"
    assert item.source == "Daily News Egypt"
    assert item.body == "\n".join(PARAS)
    assert set(layers.values()) == {"metadata"}


def test_og_and_time_tags() -> None:
    head = '<meta property="og:title" content="Central bank holds rates | Masress">'
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    body = f'<time datetime="2017-11-19">19 Nov</time><div>{paras}</div>'
    item, layers = extract(body, head=head)
    assert item.title == "Central bank holds rates"
    assert item.date == "2017-11-19"
    assert layers["title"] == layers["date"] == "metadata"


def test_text_cue_layer_in_three_languages() -> None:
    for line, source in [
        ("Published in Ahram Online on 19 - 11 - 2017", "Ahram Online"),
        ("نشر في الأهرام يوم ١٩ - ١١ - ٢٠١٧", "الأهرام"),
        ("Publié dans El Watan le 19 novembre 2017", "El Watan"),
    ]:
        body = (
            "<div class='q1'><b>Central bank holds rates</b></div>"
            f"<div class='q2'>{line}</div><div class='q3'>"
            + "".join(f"<div>{p}</div>" for p in PARAS)
            + "<a href='https://ahram.org.eg/n/1'>Click here to read the story from its source.</a>"
            "</div>"
        )
        item, layers = extract(body)
        assert item.title == "Central bank holds rates"
        assert item.source == source
        assert item.date == "2017-11-19"
        assert item.source_url == "https://ahram.org.eg/n/1"
        assert item.body == "\n".join(PARAS)
        assert layers == {
            "title": "cue",
            "source": "cue",
            "source_url": "cue",
            "body": "cue",
            "date": "cue",
        }


def test_generic_layer() -> None:
    body = (
        "<div class='wrap'><h1>Central bank holds rates</h1><div class='d'>19/11/2017</div>"
        f"<div class='c'>{''.join(f'<p>{p}</p>' for p in PARAS)}</div></div>"
    )
    item, layers = extract(body)
    assert item.title == "Central bank holds rates"
    assert item.date == "2017-11-19"
    assert item.body == "\n".join(PARAS)
    assert item.source is None
    assert layers == {"title": "generic", "body": "generic", "date": "generic"}


def test_ticker_never_leaks_whatever_its_class() -> None:
    for cls in ("breaking", "a1", "col-md-12"):
        root = lxml.html.fromstring(
            f"<html><body>{ticker_html(cls)}<p>{PARAS[0]}</p></body></html>"
        )
        report = remove_link_blocks(root)
        text = root.text_content()
        assert report.blocks == 1 and set(HEADLINES) <= report.headlines
        assert not any(h in text for h in HEADLINES) and PARAS[0] in text


def test_link_block_with_a_sentence_is_kept() -> None:
    """A paragraph with many links is prose, not a ticker."""
    links = " ".join(f'<a href="/x/{i}">word{i}</a>' for i in range(8))
    html = f"<html><body><div><p>{PARAS[0]} {links}</p></div></body></html>"
    root = lxml.html.fromstring(html)
    assert remove_link_blocks(root).blocks == 0


def test_plain_text_ticker_line() -> None:
    line = "    ".join(HEADLINES[:8])
    assert spaced_headlines(line) == HEADLINES[:8]
    assert spaced_headlines(PARAS[0]) is None
    item, _ = extract(
        f"<div>{line}</div><h1>Central bank holds rates</h1>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div>"
    )
    assert not any(h in item.body or h in item.title for h in HEADLINES)


def test_headline_seen_on_earlier_page_is_dropped_from_body() -> None:
    extractor = StoryExtractor(MASRESS)
    first = f"<html><body>{ticker_html()}<h1>T</h1><p>{PARAS[0]}</p></body></html>"
    extractor.extract(HtmlResponse(url=URL, body=first.encode()))
    # The second page's ticker is not a link block; its lines are known headlines.
    lines = "".join(f"<p>{h}</p>" for h in HEADLINES[:3])
    second = f"<html><body><h1>T2</h1>{lines}{''.join(f'<p>{p}</p>' for p in PARAS)}</body></html>"
    item = extractor.extract(HtmlResponse(url=URL, body=second.encode())).item
    assert item.body == "\n".join(PARAS)


def test_furniture_lines() -> None:
    furniture = Furniture(MASRESS.boilerplate)
    for line in [
        "Thank you for reporting!",
        "This image will be automatically disabled when it gets reported by several people.",
        "Clic here to read the story from its source.",
        "انقر هنا لقراءة الخبر من مصدره.",
        "Published in Ahram Online on 19 - 11 - 2017",
        "نشر في الأهرام يوم 19 - 11 - 2017",
    ]:
        assert furniture.is_furniture(line), line
    assert not furniture.is_furniture(PARAS[0])


def test_longest_run_skips_teasers_and_menus() -> None:
    lines = [
        "Home",
        "Sport",
        "A teaser of another story that ends like this (...)",
        *PARAS,
        "Contact",
    ]
    assert longest_run(lines, Furniture()) == PARAS


def test_a_story_listed_in_earlier_tickers_keeps_its_title() -> None:
    """Ticker headlines are the site's own story titles: they must not be filtered as titles."""
    extractor = StoryExtractor(MASRESS)
    title = "Central bank holds rates"
    links = "".join(
        f'<li><a href="/en/x/{i}">{h}</a></li>' for i, h in enumerate([*HEADLINES, title])
    )
    first = f"<html><body><ul>{links}</ul><h1>Other</h1><p>{PARAS[0]}</p></body></html>"
    extractor.extract(HtmlResponse(url=URL, body=first.encode()))
    second = (
        f"<html><body><ul>{links}</ul><div><b>{title}</b></div>"
        f"<div>Published in Ahram Online on 19 - 11 - 2017</div>"
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div></body></html>"
    )
    item = extractor.extract(HtmlResponse(url=URL, body=second.encode())).item
    assert item.title == title
    assert item.body == "\n".join(PARAS)


def test_short_line_repeated_on_many_pages_leaves_the_body() -> None:
    extractor = StoryExtractor(MASRESS)
    promo = "Follow Masress on all social networks for more news."
    for n in range(4):
        page = f"<html><body><h1>T{n}</h1><p>{PARAS[n % 3]}</p><p>{promo}</p></body></html>"
        extractor.extract(HtmlResponse(url=f"{URL}{n}", body=page.encode()))
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    last = f"<html><body><h1>T</h1>{paras}<p>{promo}</p></body></html>"
    assert extractor.extract(HtmlResponse(url=URL, body=last.encode())).item.body == "\n".join(
        PARAS
    )


def test_source_element_without_the_published_wording() -> None:
    body = (
        '<span class="articletitle">Central bank holds rates</span>'
        '<span class="articlenewspaper">Ahram Online - 19 - 11 - 2017</span>'
        f'<span class="articlecontent">{"<br>".join(PARAS)}</span>'
    )
    item, _ = extract(body)
    assert (item.source, item.date) == ("Ahram Online", "2017-11-19")


def test_too_short_selector_body_falls_through_to_the_next_layer() -> None:
    body = (
        '<span class="articletitle">Central bank holds rates</span>'
        '<span class="articlenewspaper">Published in Ahram Online on 19 - 11 - 2017</span>'
        '<span class="articlecontent">Photo: Reuters</span>'
        f"<div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div>"
    )
    item, layers = extract(body)
    assert item.body == "\n".join(PARAS)
    assert layers["body"] == "cue"


def test_cue_title_prefers_the_heading_over_a_caption() -> None:
    body = (
        "<div class='a'><h2>Central bank holds rates</h2><div class='cap'>Photo: the bank's "
        "headquarters in Cairo</div><div>Published in Ahram Online on 19 - 11 - 2017</div>"
        f"{''.join(f'<p>{p}</p>' for p in PARAS)}</div>"
    )
    item, layers = extract(body)
    assert item.title == "Central bank holds rates"
    assert layers["title"] == "cue"


def test_published_line_without_its_date() -> None:
    body = (
        "<div class='a'><h1>Central bank holds rates</h1><div>Published in Ahram Online</div>"
        f"<div>19/11/2017</div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div>"
    )
    item, layers = extract(body)
    assert (item.title, item.source, item.date) == (
        "Central bank holds rates",
        "Ahram Online",
        "2017-11-19",
    )
    assert item.body == "\n".join(PARAS)
    assert layers["source"] == "cue"
