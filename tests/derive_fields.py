"""Fill the fields derived from ``date`` (``date_utc``, ``published_day``) in every expected
item JSON of the fixtures and corpora, with the code the loader uses; run it after changing
an expected ``date`` or adding a story page::

    python tests/derive_fields.py            # rewrite what changed
    python tests/derive_fields.py --check    # exit 1 if a file is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

from aggnews.dates import as_date, utc_instant  # noqa: E402

#: The derived fields follow this one in each file.
AFTER = "date_raw"


def expected_files() -> list[Path]:
    """Every expected item: tests/fixtures/*/stories/*.json, tests/corpus/**/*.json."""
    files = sorted((ROOT / "tests" / "fixtures").glob("*/stories/*.json"))
    files += sorted((ROOT / "tests" / "corpus").glob("**/*.json"))
    return [f for f in files if f.name != "meta.json"]


def derived(item: dict) -> dict:
    """``item`` with ``date_utc`` and ``published_day`` recomputed, placed after date_raw."""
    day = as_date(item.get("date"))
    extra = {"date_utc": utc_instant(item.get("date")), "published_day": day and day.isoformat()}
    out: dict = {}
    for key, value in item.items():
        if key in extra:
            continue
        out[key] = value
        if key == AFTER:
            out.update(extra)
    if AFTER not in item:
        out.update(extra)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args()
    stale = []
    for path in expected_files():
        raw = path.read_text(encoding="utf-8")
        item = json.loads(raw)
        if not isinstance(item, dict) or "date" not in item:
            continue
        text = json.dumps(derived(item), ensure_ascii=False, indent=2) + "\n"
        if text != raw:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        sys.stdout.write(f"{'stale' if args.check else 'updated'}: {path.relative_to(ROOT)}\n")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
