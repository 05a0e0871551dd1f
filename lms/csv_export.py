"""Every CSV the site offers goes through here: UTF-8 with a BOM for spreadsheet programs, and
cells a spreadsheet would run as a formula neutralised (OWASP's advice on CSV injection)."""

import csv

from django.http import HttpResponse

# A spreadsheet treats a cell starting with one of these as a formula (=HYPERLINK(…), @SUM(…)).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would evaluate gets a leading apostrophe, so it is shown as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    """An attachment named `filename` with the header row and `rows` (iterables of values)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the Japanese text as UTF-8
    writer = csv.writer(response)
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([neutralise(str(cell)) if not isinstance(cell, (int, float)) else cell for cell in row])
    return response
