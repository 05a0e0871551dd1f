"""Every CSV the site offers goes through here: UTF-8 with a BOM for spreadsheet programs, and
cells a spreadsheet would run as a formula neutralised (OWASP's advice on CSV injection)."""

import csv

from django.http import HttpResponse, StreamingHttpResponse

# A spreadsheet treats a cell starting with one of these as a formula (=HYPERLINK(…), @SUM(…)).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would evaluate gets a leading apostrophe, so it is shown as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cells(row):
    """One row as a spreadsheet should read it: numbers as numbers, text neutralised."""
    return [cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else neutralise("" if cell is None else str(cell)) for cell in row]


def csv_response(filename, header, rows, preamble=()):
    """An attachment named `filename` with the header row and `rows` (iterables of values).

    `preamble` rows (a title, the fiscal year, the date) come first, then a blank line.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the Japanese text as UTF-8
    writer = csv.writer(response)
    for line in _lines(header, rows, preamble):
        writer.writerow(line)
    return response


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to feed a stream."""

    def write(self, value):
        return value


def streaming_csv_response(filename, header, rows, preamble=()):
    """Like csv_response, but sent as it is produced: a national list never sits in memory.

    Pass `rows` as a generator over `queryset.iterator()` so the database is read in chunks too.
    """
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        for line in _lines(header, rows, preamble):
            yield writer.writerow(line)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _lines(header, rows, preamble):
    for line in preamble:
        yield cells(line)
    if preamble:
        yield []
    yield cells(header)
    for row in rows:
        yield cells(row)
