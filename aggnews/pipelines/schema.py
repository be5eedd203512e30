"""JSON Schema validation of every item (spidermon's pipeline), with a compiled check first.

spidermon validates each item with jsonschema, building a validator per item: a large part
of a crawl's per-story cost. Here the schema is also compiled once with fastjsonschema; an
item that passes the compiled check (nearly every item) is valid, and one that fails it goes
through spidermon's jsonschema validator, so its errors, stats and messages are spidermon's.
The compiled check is used only for schemas made of keywords both libraries read alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import fastjsonschema
from itemadapter import ItemAdapter
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator

logger = logging.getLogger(__name__)

#: Keywords with the same meaning in jsonschema (drafts 7 to 2020-12) and fastjsonschema,
#: and without format checks (spidermon adds its own format checker).
_SAFE_KEYWORDS = frozenset(
    "$schema $id title description type additionalProperties required properties pattern "
    "minLength maxLength enum const items minItems maxItems minimum maximum".split()
)


def _is_safe(schema: Any) -> bool:
    if isinstance(schema, list):
        return all(_is_safe(s) for s in schema)
    if not isinstance(schema, dict):
        return True
    if not set(schema) <= _SAFE_KEYWORDS:
        return False
    nested = [schema.get("items")]
    nested += list((schema.get("properties") or {}).values())
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        nested.append(extra)
    return all(_is_safe(s) for s in nested if s is not None)


class CompiledJSONSchemaValidator(JSONSchemaValidator):
    """spidermon's validator; an item the compiled schema accepts skips jsonschema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        self._check: Callable[[Any], Any] | None = None
        if _is_safe(schema):
            draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
            self._check = fastjsonschema.compile(draft7, use_default=False)
        else:
            logger.debug("item schema uses keywords outside the compiled check: jsonschema only")

    def validate(self, data: Any, strict: bool = False) -> tuple[bool, dict[str, list[str]]]:
        if self._check is not None:
            try:
                self._check(data)
            except fastjsonschema.JsonSchemaException:
                pass  # spidermon's jsonschema run below gives the errors
            else:
                self._reset()
                return True, {}
        return super().validate(data, strict=strict)


class SchemaValidationPipeline(ItemValidationPipeline):
    """spidermon's ItemValidationPipeline (same settings, stats and monitors) with the
    compiled validator, and a flat item read as a plain dict (``ItemAdapter.asdict`` walks
    every value for nested items: a tenth of the pipeline's cost)."""

    @classmethod
    def _load_jsonschema_validator(cls, schema: Any) -> JSONSchemaValidator:
        validator = super()._load_jsonschema_validator(schema)
        return CompiledJSONSchemaValidator(validator._schema)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        validators = self.find_validators(item)
        if not validators:
            return item
        adapter = ItemAdapter(item)
        item_dict = dict(adapter.items())
        if not all(isinstance(v, _FLAT) for v in item_dict.values()):
            item_dict = adapter.asdict()
        self.stats.add_item()
        self.stats.add_fields(len(item_dict))
        for validator in validators:
            ok, errors = validator.validate(item_dict)
            if not ok:
                self._add_error_stats(errors)
                if self.add_errors_to_items:
                    self._add_errors_to_item(adapter, errors)
                if self.drop_items_with_errors:
                    self._drop_item(item, errors)
        return item


#: Values ``asdict`` leaves as they are.
_FLAT = (str, int, float, bool, type(None))
