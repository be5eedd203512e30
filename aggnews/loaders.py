"""Item loaders: every value passes through here on its way into a NewsArticle."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from itemadapter import ItemAdapter
from itemloaders.common import wrap_loader_context
from itemloaders.processors import Compose, Join, MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter
from scrapy.loader import ItemLoader

from aggnews.dates import as_date, utc_instant
from aggnews.extract.boilerplate import RELATED_HEADING
from aggnews.items import NewsArticle
from aggnews.text import clean_text


def story_text(value: str, loader_context: dict[str, Any]) -> str | None:
    """Keep ``value`` unless it is page furniture (returning None drops it)."""
    furniture = loader_context.get("furniture")
    if not value or (furniture is not None and furniture.is_furniture(value)):
        return None
    return value


def not_boilerplate(value: str, loader_context: dict[str, Any]) -> str | None:
    """Keep ``value`` unless it is a boilerplate or cue line (ticker headlines may be titles)."""
    furniture = loader_context.get("furniture")
    if not value or (furniture is not None and furniture.is_boilerplate(value)):
        return None
    return value


def not_self_name(value: str, loader_context: dict[str, Any]) -> str | None:
    """Drop a source name that is the aggregator's own name."""
    own = {name.casefold() for name in loader_context.get("self_names", ())}
    return None if not value or value.casefold() in own else value


#: The longest outlet name we accept ("Al-Masry Al-Youm English Edition" fits easily).
_MAX_SOURCE = 60
_URL_SHAPED = re.compile(r"^(?:https?:)?//|^www\.|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.I)
_DATE_SHAPED = re.compile(r"^[\d٠-٩\s/.:\-–,،]+$|\d{4}-\d{2}-\d{2}")


def outlet_name(value: str, loader_context: dict[str, Any]) -> str | None:
    """Drop a source candidate that cannot be an outlet's name: a URL or host name, a date,
    the aggregator's own name, a text longer than a name."""
    if not value or len(value) > _MAX_SOURCE or _URL_SHAPED.search(value):
        return None
    if _DATE_SHAPED.search(value) or not any(c.isalpha() for c in value):
        return None
    return not_self_name(value, loader_context)


def decoded(value: str) -> str:
    """HTML entities decoded, also when the page encoded them twice (``&amp;quot;``)."""
    for _ in range(2):
        if "&" not in value:
            break
        value = html.unescape(value)
    return value


_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>")


def no_markup(value: str) -> str | None:
    """Drop markup shown as text (an escaped ``<script>`` injected into a headline)."""
    return clean_text(_TAG.sub(" ", _SCRIPT.sub(" ", value))) or None


def short_line(value: str) -> str | None:
    """Drop values too long to be a name or a headline."""
    return value if value and len(value) <= 300 else None


def until_story_end(values: list[str], loader_context: dict[str, Any]) -> list[str]:
    """The body lines before the first line that ends the story (``body_end`` patterns, a
    related-stories heading)."""
    end = loader_context.get("body_end")
    for index, value in enumerate(values):
        if (end and end.match(value)) or (index and RELATED_HEADING.match(value)):
            return values[:index]
    return values


class ArticleLoader(ItemLoader):
    """Loads a NewsArticle; site quirks go in a subclass named by the site profile."""

    default_item_class = NewsArticle
    default_input_processor = MapCompose(str.strip)
    default_output_processor = TakeFirst()

    # A loader is made per page; its processors depend only on its class and the item's
    # class, so they are looked up once (itemloaders reads dataclass metadata every time).
    def get_input_processor(self, field_name: str) -> Any:
        return _processor(type(self), type(self.item), "input", field_name)

    def get_output_processor(self, field_name: str) -> Any:
        return _processor(type(self), type(self.item), "output", field_name)

    title_in = MapCompose(
        decoded, clean_text, no_markup, short_line, not_self_name, not_boilerplate
    )
    source_in = MapCompose(decoded, clean_text, outlet_name)
    body_in = MapCompose(decoded, clean_text, story_text)
    body_out = Compose(until_story_end, Join("\n"))

    def candidates(self, field_name: str, values: list[str]) -> list[Any]:
        """``values`` as the field's input processor leaves them, nothing collected: a
        layer's offer, weighed before it is kept (``keep``). A MapCompose without default
        context runs here, its functions bound once (itemloaders binds them per call)."""
        chain = _chain(type(self), type(self.item), field_name)
        if chain is None:
            processor = wrap_loader_context(self.get_input_processor(field_name), self.context)
            return list(arg_to_iter(processor(arg_to_iter(values))))
        context = self.context
        values = arg_to_iter(values)
        for function, takes_context in chain:
            out: list[Any] = []
            for value in values:
                if takes_context:
                    result = function(value, loader_context=context)
                else:
                    result = function(value)
                if result is not None:
                    out += arg_to_iter(result)
            values = out
        return values

    def keep(self, field_name: str, values: list[Any]) -> None:
        """Make ``values`` (from ``candidates``) the field's collected values."""
        self._values.pop(field_name, None)
        if values:
            self._values[field_name] = list(values)

    def load_item(self) -> Any:
        """The item, with the fields derived from ``date`` (``date_utc``, ``published_day``)
        filled here, the one place every story passes."""
        item = super().load_item()
        adapter = ItemAdapter(item)
        day = as_date(adapter.get("date"))
        adapter["date_utc"] = utc_instant(adapter.get("date"))
        adapter["published_day"] = day.isoformat() if day else None
        return item


@lru_cache(maxsize=256)
def _processor(loader: type[ArticleLoader], item: type, kind: str, field_name: str) -> Any:
    probe = loader(item=item())
    if kind == "input":
        return ItemLoader.get_input_processor(probe, field_name)
    return ItemLoader.get_output_processor(probe, field_name)


@lru_cache(maxsize=256)
def _chain(
    loader: type[ArticleLoader], item: type, field_name: str
) -> tuple[tuple[Any, bool], ...] | None:
    """The field's input MapCompose as (function, takes loader_context) pairs, or None when
    the processor is something else (a site loader's own)."""
    processor = _processor(loader, item, "input", field_name)
    if type(processor) is not MapCompose or processor.default_loader_context:
        return None
    return tuple((f, _takes_context(f)) for f in processor.functions)


def _takes_context(function: Any) -> bool:
    return wrap_loader_context(function, {}) is not function
