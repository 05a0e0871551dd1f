"""URL converters shared by the apps' address lists."""

from django.urls import register_converter

from lms.fiscal import is_known_fiscal_year


class FiscalYearConverter:
    """A fiscal year in an address: four digits within the years the site knows, else 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not is_known_fiscal_year(year):
            raise ValueError(value)
        return year

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(FiscalYearConverter, "fiscal_year")
