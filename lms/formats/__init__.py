"""Date formats per language (settings.FORMAT_MODULE_PATH). Templates name a format
(`|date:"DATE_FORMAT"`), never spell one out, so Japanese pages read 2027年1月28日（木） and English
pages read Thu 28 Jan 2027; tests/lms/test_templates.py holds every template to that."""

import datetime

from django.utils.formats import date_format


def short_date(day):
    """A date inside a sentence (messages, PDFs) in the reader's language: 2027年1月28日 or 28 Jan 2027."""
    return date_format(day, "SHORT_DATE_FORMAT")


# Official documents (certificates, proofs, the year-end report) date things the Japanese way.
ERAS = [(datetime.date(2019, 5, 1), "令和"), (datetime.date(1989, 1, 8), "平成"), (datetime.date(1926, 12, 25), "昭和")]


def japanese_era_date(day):
    """e.g. 2026-11-23 → 令和8年11月23日; the first year of an era is 元年."""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return western_date(day)


def western_date(day):
    """e.g. 2026-06-12 → 2026年6月12日 (no leading zeros, as Japanese documents write it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def official_date(day):
    """How certificates date things: the era first, the Western year beside it (令和8年6月12日（2026年6月12日）)."""
    return f"{japanese_era_date(day)}（{western_date(day)}）"
