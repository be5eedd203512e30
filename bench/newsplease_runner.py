"""Run news-please on pages given as JSON on stdin; print {key: body} (its own venv)."""

from __future__ import annotations

import json
import sys

from newsplease import NewsPlease


def main() -> None:
    pages = json.load(sys.stdin)
    bodies = {}
    for page in pages:
        try:
            article = NewsPlease.from_html(page["html"], url=page["url"], fetch_images=False)
            bodies[page["key"]] = article.maintext or ""
        except Exception:  # news-please raises assorted errors; count as empty
            bodies[page["key"]] = ""
    sys.stdout.write(json.dumps(bodies))


if __name__ == "__main__":
    main()
