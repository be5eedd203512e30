"""ArticleLoader.candidates: a layer's offer through the field's input processor, weighed
before it is collected, the same values add_value would collect."""

from __future__ import annotations

import pytest
from itemloaders.processors import Compose

from aggnews.extract.furniture import Furniture
from aggnews.loaders import ArticleLoader

OFFERS = [
    "  Al-Ahram &amp;amp; Co  ",
    "Masress",
    "",
    "Read more at the source",
    "https://www.ahram.org.eg/News/1.aspx",
    "نشر في الأهرام يوم 19 - 11 - 2017",
    "&lt;script&gt;alert(1)&lt;/script&gt; Headline",
    "A headline of a story\u200f with\tcontrols",
    "x" * 400,
]


def _loader(cls: type[ArticleLoader] = ArticleLoader) -> ArticleLoader:
    return cls(furniture=Furniture(), self_names=("Masress", "مصرس"), body_end=None)


@pytest.mark.parametrize("field", ["title", "source", "body", "source_url"])
def test_candidates_are_what_add_value_collects(field: str) -> None:
    collected = _loader().add_value(field, OFFERS).get_collected_values(field)
    loader = _loader()
    assert loader.candidates(field, OFFERS) == collected
    assert loader.get_collected_values(field) == []  # weighed, not kept
    loader.keep(field, collected)
    assert loader.get_output_value(field) == _loader().add_value(field, OFFERS).get_output_value(
        field
    )


def test_a_site_loader_processor_that_is_not_mapcompose_is_run_as_itemloaders_would() -> None:
    class Shouting(ArticleLoader):
        title_in = Compose(lambda values: [v.upper() for v in values if v])

    assert _loader(Shouting).candidates("title", ["a story", ""]) == ["A STORY"]


def test_keep_of_nothing_leaves_the_field_empty() -> None:
    loader = _loader()
    loader.keep("title", ["First"])
    loader.keep("title", [])
    assert loader.load_item().title is None
