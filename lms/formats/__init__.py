"""Date formats per language (settings.FORMAT_MODULE_PATH). Templates name a format
(`|date:"DATE_FORMAT"`), never spell one out, so Japanese pages read 2027年1月28日（木） and English
pages read Thu 28 Jan 2027; tests/lms/test_templates.py holds every template to that."""

from django.utils.formats import date_format


def short_date(day):
    """A date inside a sentence (messages, PDFs) in the reader's language: 2027年1月28日 or 28 Jan 2027."""
    return date_format(day, "SHORT_DATE_FORMAT")
