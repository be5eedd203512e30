"""Near-duplicates across aggregators, end to end: crawl two fixture sites into one store."""

from __future__ import annotations

import pytest

from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES, by_original_url, load_meta

PAIRS = [
    site
    for site in ("akhbarak", "albawaba")
    if (FIXTURES / site / "meta.json").exists() and load_meta(site).get("near_duplicates")
]


@pytest.mark.parametrize("site", PAIRS)
def test_same_story_on_two_aggregators_shares_a_cluster(site: str, tmp_path) -> None:
    state = tmp_path / "state"
    items = {}
    for name in ("masress", site):
        with minisite(name) as origin:
            run = crawl(
                name, tmp_path / f"{name}.jsonl", f"base_url={origin}", state=state, proxy=origin
            )
        assert run.returncode == 0, run.log[-2000:]
        items.update(by_original_url(name, run.items))
    entries = load_meta(site)["near_duplicates"]
    assert any("same_as" in e for e in entries) and len(entries) >= 1
    for entry in entries:
        item = items[entry["url"]]
        if "same_as" in entry:
            original = items[entry["same_as"]]
            assert item["cluster_id"] == original["cluster_id"] == original["id"]
            assert item["id"] != original["id"], "near-duplicates are kept, not dropped"
        else:
            assert item["cluster_id"] != items[entry["different_from"]]["cluster_id"]
    # Every other story is alone in its cluster.
    grouped = {e["url"] for e in entries if "same_as" in e} | {
        e["same_as"] for e in entries if "same_as" in e
    }
    for url, item in items.items():
        if url not in grouped:
            assert item["cluster_id"] == item["id"], url


def test_cluster_test_has_material() -> None:
    """The cross-aggregator test must not pass by having nothing to check."""
    assert PAIRS, "no fixture site declares near_duplicates"
