"""URL converters shared by the apps' address lists."""

from django.urls import register_converter

from lms.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR


class FiscalYearConverter:
    """A fiscal year in an address: four digits within the years the site knows, else 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
            raise ValueError(value)
        return year

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(FiscalYearConverter, "fiscal_year")
