"""The item JSON Schema, readable from a checkout and from a deployed egg alike."""

from __future__ import annotations

import json
import pkgutil

#: ``newsarticle.schema.json`` as a dict (spidermon takes it by object path).
NEWSARTICLE: dict = json.loads(pkgutil.get_data(__name__, "newsarticle.schema.json") or b"{}")
