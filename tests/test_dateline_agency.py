"""A wire story's dateline names its agency: the last-resort source when nothing else does."""

from __future__ import annotations

import pytest

from aggnews.extract.storyhead import dateline_agency


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("KUWAIT, Dec 3 (KUNA) -- Kuwait's annual inflation rate eased", "KUNA"),
        ("CAIRO (Reuters) - Egypt's central bank held rates", "Reuters"),
        ("WASHINGTON (AP) — New uncertainty hangs over the primary", "AP"),
        ("الرياض (واس) - أعلنت وزارة الطاقة", "واس"),
        ("القاهرة - (أ ش أ) - قال وزير المالية", "أ ش أ"),
        ("Abu Dhabi (WAM): The UAE announced", "WAM"),
    ],
)
def test_the_agency_in_a_dateline(line: str, agency: str) -> None:
    assert dateline_agency(["Economy", line]) == agency


@pytest.mark.parametrize(
    "line",
    [
        "دبي (خاص) - قال مسؤول",  # "exclusive": no agency
        "LONDON, Dec 1 (Updated) - prices fell",
        "The minister (right) said - that the plan works",  # brackets in a sentence
        "Oman Investment Authority said on Wednesday its portfolio returned 9.4% (a record)",
    ],
)
def test_brackets_that_name_no_agency(line: str) -> None:
    assert dateline_agency([line]) is None
