"""Teaser and frame pages on any layout are completed from the outlet's page (synthetic)."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

from aggnews.extract.article import StoryExtractor
from aggnews.sites.akhbarak import PROFILE as AKHBARAK
from aggnews.sites.nabd import PROFILE as NABD
from aggnews.spiders.original import complete_from_original, needs_original

NABD_URL = "https://nabd.com/s/123456-abcdef/"
OUTLET = "https://www.youm7.com/story/2024/12/1/6789"
TEASER = "وزير التموين: الاحتياطي الاستراتيجي من القمح يكفي حتى منتصف مارس المقبل"
FULL = [
    "قال وزير التموين والتجارة الداخلية إن الاحتياطي الاستراتيجي من القمح يكفي الاستهلاك "
    "المحلي حتى منتصف شهر مارس المقبل، مؤكدا أن الوزارة تتابع الأسواق يوميا.",
    "وأضاف الوزير في تصريحات صحفية أن الوزارة تعاقدت على شحنات جديدة من القمح المستورد "
    "تصل تباعا خلال الأسابيع المقبلة إلى الموانئ المصرية.",
    "وأشار إلى أن الحكومة لن تسمح لأحد بالتلاعب بالأسعار أو احتكار السلع الأساسية.",
]


def extract(profile, url: str, body: str, title: str = TEASER):
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8")
    return StoryExtractor(profile).extract(response)


def outlet_page() -> HtmlResponse:
    paragraphs = "".join(f"<p>{p}</p>" for p in FULL)
    html = (
        f"<html><head><title>{TEASER}</title></head><body><header><a href='/'>اليوم السابع</a>"
        f"</header><article><h1>{TEASER}</h1>{paragraphs}</article></body></html>"
    )
    return HtmlResponse(url=OUTLET, body=html.encode(), encoding="utf-8", request=Request(OUTLET))


def test_short_text_beside_a_read_at_source_link_is_completed_from_the_outlet() -> None:
    result = extract(
        NABD,
        NABD_URL,
        f"<div><div><b>{TEASER}</b></div><div>{FULL[0][:150]}</div>"
        f'<div>المصدر: اليوم السابع</div><a href="{OUTLET}">لقراءة الخبر من مصدره</a></div>',
    )
    assert needs_original(NABD, result) == OUTLET
    done = complete_from_original(outlet_page(), result).item
    assert done.body == "\n".join(FULL)
    assert (done.source, done.url, done.source_url) == ("اليوم السابع", NABD_URL[:-1], OUTLET)


def test_a_frame_of_the_outlet_without_class_or_id_is_followed() -> None:
    url = "https://akhbarak.net/news/2024/12/01/1/articles/28905577/x"
    result = extract(
        AKHBARAK,
        url,
        f"<main><h2>{TEASER} | اليوم السابع</h2><span>12/01 10:30</span>"
        f'<iframe src="{OUTLET}" width="100%" height="900"></iframe>'
        '<iframe src="https://www.youtube.com/embed/x"></iframe></main>',
        title=f"{TEASER} | اليوم السابع",
    )
    assert needs_original(AKHBARAK, result) == OUTLET
    done = complete_from_original(outlet_page(), result).item
    assert done.body == "\n".join(FULL)
    assert (done.title, done.source, done.date) == (TEASER, "اليوم السابع", "2024-12-01")


def test_a_full_story_with_an_outlet_link_is_not_followed() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in FULL)
    result = extract(
        NABD, NABD_URL, f'<h1>{TEASER}</h1>{paragraphs}<a href="{OUTLET}">اقرأ المزيد</a>'
    )
    assert needs_original(NABD, result) is None


def test_video_and_small_frames_are_embeds_not_the_story() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in FULL)
    result = extract(
        NABD,
        NABD_URL,
        f"<h1>{TEASER}</h1>{paragraphs}"
        '<iframe src="https://www.youtube.com/embed/x" width="640" height="360"></iframe>'
        '<iframe src="https://widgets.example.com/w" width="250" height="250"></iframe>',
    )
    assert result.frames == [] and needs_original(NABD, result) is None
