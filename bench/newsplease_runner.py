"""Run news-please on pages given as JSON on stdin; print {key: fields} (its own venv)."""

from __future__ import annotations

import json
import sys
import time

from newsplease import NewsPlease


def main() -> None:
    pages = json.load(sys.stdin)
    out: dict[str, dict] = {}
    start = time.perf_counter()
    for page in pages:
        try:
            article = NewsPlease.from_html(page["html"], url=page["url"], fetch_images=False)
            date = article.date_publish.isoformat() if article.date_publish else None
            out[page["key"]] = {
                "title": article.title,
                "body": article.maintext or "",
                "date": date,
                "source": None,
            }
        except Exception:  # news-please raises assorted errors; count as empty
            out[page["key"]] = {"title": None, "body": "", "date": None, "source": None}
    out["_seconds"] = time.perf_counter() - start
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()
