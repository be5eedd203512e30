"""Title, date and body rules, one test a rule, each on a page holding only that evidence."""

from __future__ import annotations

import json

from tests.test_evidence import BODY, extract

HEADLINE = "Cabinet approves ride-hailing law"


def test_story_headline_not_the_logo_h1() -> None:
    result = extract(
        '<body><div><h1><a href="/">Masress</a></h1><h1><a href="/"><img alt="logo"></a></h1>'
        f"</div><main><h2>{HEADLINE}</h2>{BODY}</main>"
    )
    assert result.item.title == HEADLINE


def test_story_headline_not_a_section_heading_between_it_and_the_body() -> None:
    result = extract(f"<body><div><h1>{HEADLINE}</h1><h3>Politics</h3>{BODY}</div>")
    assert result.item.title == HEADLINE


def test_headline_styled_by_class_not_tag() -> None:
    result = extract(
        f'<body><div class="x"><div class="story-headline">{HEADLINE}</div>{BODY}</div>'
    )
    assert result.item.title == HEADLINE


def test_repeated_headline_date_line_and_lone_dateline_leave_the_body() -> None:
    result = extract(
        f"<body><h1>{HEADLINE}</h1><article><p>{HEADLINE}</p><p>Sunday 19 November 2017</p>"
        f"<p>CAIRO (MENA) -</p>{BODY}</article>"
    )
    assert result.item.body.split("\n")[0].startswith("The cabinet approved on Sunday")
    assert len(result.item.body.split("\n")) == 2


def test_dateline_opening_a_paragraph_stays_in_it() -> None:
    result = extract(
        f"<body><h1>{HEADLINE}</h1><article><p>CAIRO (MENA) - The cabinet approved on Sunday a"
        " draft law that regulates ride-hailing applications.</p></article>"
    )
    assert result.item.body.startswith("CAIRO (MENA) - The cabinet")


def test_br_separated_body_reads_like_paragraphs() -> None:
    paragraphs = [
        "The cabinet approved on Sunday a draft law that regulates ride-hailing applications "
        "and sets new licensing fees.",
        "The minister said the law would protect passengers and create thousands of jobs in "
        "the transport sector.",
        "Parliament is expected to vote on the draft before the end of the current session.",
    ]
    result = extract(f"<body><h1>{HEADLINE}</h1><div>{'<br><br>'.join(paragraphs)}</div></body>")
    assert result.item.body == "\n".join(paragraphs)


def test_published_line_day_beats_metadata_that_contradicts_it() -> None:
    ld = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": "2017-11-21T10:00:00Z"}
    result = extract(
        f'<script type="application/ld+json">{json.dumps(ld)}</script><body><h1>{HEADLINE}</h1>'
        f"<div>Published in Ahram Online on 19 - 11 - 2017</div>{BODY}"
    )
    assert (result.item.date, result.layers["date"], result.overruled) == (
        "2017-11-19",
        "cue",
        True,
    )


def test_metadata_kept_when_the_published_line_agrees_on_the_day() -> None:
    ld = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": "2017-11-19T10:00:00Z"}
    result = extract(
        f'<script type="application/ld+json">{json.dumps(ld)}</script><body><h1>{HEADLINE}</h1>'
        f"<div>Published in Ahram Online on 19 - 11 - 2017</div>{BODY}"
    )
    assert (result.item.date, result.overruled) == ("2017-11-19T12:00:00+02:00", False)
