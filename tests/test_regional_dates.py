"""Every month name, digit set and weekday of the region, read by every site's date reader.

The table is the whole region's calendar vocabulary: Egyptian and Gulf month names, the
Moroccan and the Tunisian/Algerian ones, the Levant's Syriac names, French with a weekday and
"à HH:MM", numeric forms; Western, Arabic-Indic and Persian digits; Arabic weekdays. An
outlet from any country can appear on any aggregator, so every site reads every form.
"""

from __future__ import annotations

import pytest

from aggnews.dates import DateReader
from aggnews.sites import load_profiles

PROFILES = load_profiles()

MONTHS = {
    "egypt-gulf": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "morocco": "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر",
    "tunisia-algeria": "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
    "levant": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول"
    " تشرين_الثاني كانون_الأول",
    "french": "janvier février mars avril mai juin juillet août septembre octobre novembre"
    " décembre",
}
WEEKDAYS_AR = "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت".split()
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def month_forms() -> list[tuple[str, str, str]]:
    """(region, shown text, expected ISO) for every month of every region, in every form."""
    cases = []
    for region, names in MONTHS.items():
        for number, name in enumerate(names.split(), 1):
            name = name.replace("_", " ")
            day = f"2024-{number:02d}-14"
            if region == "french":
                cases += [
                    (region, f"14 {name} 2024", day),
                    (region, f"mardi 14 {name} 2024 à 14:05", f"{day}T14:05:00"),
                    (region, f"Publié le 14 {name} 2024 à 09h30", f"{day}T09:30:00"),
                ]
                continue
            weekday = WEEKDAYS_AR[number % 7]
            cases += [
                (region, f"14 {name} 2024", day),
                (region, f"{weekday}، 14 {name} 2024 - 10:30", f"{day}T10:30:00"),
                (region, f"{weekday} 14 {name} 2024 10:30 م", f"{day}T22:30:00"),
                (region, f"14 {name} 2024".translate(ARABIC_INDIC), day),
                (region, f"14 {name} 2024".translate(PERSIAN), day),
                (region, f"نشر في {weekday} 14 {name} 2024 على الساعة 08:15", f"{day}T08:15:00"),
            ]
    return cases


NUMERIC = [
    ("14/12/2024", "2024-12-14"),
    ("14-12-2024 10:30", "2024-12-14T10:30:00"),
    ("14.12.2024", "2024-12-14"),
    ("٣/١٢/٢٠٢٤", "2024-12-03"),  # month first on a site whose profile says MDY
    ("2024/12/03", "2024-12-03"),
    ("2024-12-03T23:30:00Z", "2024-12-03T23:30:00+00:00"),
    ("1er décembre 2024 à 10h05", "2024-12-01T10:05:00"),
    ("1 كانون الأول/ديسمبر 2024", "2024-12-01"),
    ("الأحد 29 جمادى الأولى 1446 هـ الموافق 1 ديسمبر 2024", "2024-12-01"),
    ("Sun, 1 Dec 2024 10:30:00 +0200", "2024-12-01T10:30:00+02:00"),
    ("December 1, 2024 - 10:30 pm", "2024-12-01T22:30:00"),
]


@pytest.fixture(scope="module", params=sorted(PROFILES))
def reader(request: pytest.FixtureRequest) -> DateReader:
    profile = PROFILES[request.param]
    return DateReader(profile.languages, profile.date_locales, profile.date_order)


def test_every_month_form(reader: DateReader) -> None:
    wrong = []
    for region, text, iso in month_forms():
        parsed = reader.parse(text)
        if parsed is None or parsed.iso != iso:
            wrong.append((region, text, parsed and parsed.iso, iso))
    assert wrong == []


@pytest.mark.parametrize(("text", "iso"), NUMERIC)
def test_numeric_and_mixed_forms(reader: DateReader, text: str, iso: str) -> None:
    if reader.order == "MDY" and text.startswith("٣/"):
        iso = "2024-03-12"
    parsed = reader.parse(text)
    assert parsed is not None and parsed.iso == iso
