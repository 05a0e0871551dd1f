"""A report table: what the page shows, what the CSV and Excel files hold, and its HTML.

The HTML is written here rather than in a template loop: a country table is a thousand cells, and
Django's template engine takes about 0.1 ms a cell, which alone would make the page many times
slower than a bare view. Every value but a number goes through
`html.escape` (centre names are typed by people); Django's lazy-aware escape is slower per call.
"""

import datetime
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from lms.formats import short_date


@dataclass
class Cell:
    value: object
    url: str = ""

    @property
    def is_number(self):
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@dataclass
class Table:
    key: str
    title: str
    headers: list  # (column key, label)
    rows: list  # lists of Cell
    sortable: bool = False
    sort: str = ""
    empty: str = "—"
    query: str = ""  # kept in the sort links, e.g. "year=2026"

    def as_values(self):
        """The table as plain values, to keep in a cache: unpickling a thousand rows of cells took
        a hundred times as long as their values."""
        return {"key": self.key, "title": str(self.title), "headers": [(key, str(label)) for key, label in self.headers],
                "rows": [[(cell.value, cell.url) for cell in row] for row in self.rows], "empty": self.empty}

    @classmethod
    def from_values(cls, values):
        rows = [[Cell(value, url) for value, url in row] for row in values["rows"]]
        return cls(key=values["key"], title=values["title"], headers=values["headers"], rows=rows, empty=values["empty"])

    @property
    def html(self):
        return to_html(self, self.query)

    def sorted_by(self, sort):
        """Rows ordered by ?sort=<column> or ?sort=-<column> (descending); unknown keys keep the order.

        Only a table sorted this way offers sort links: its page reads ?sort= for it.
        """
        self.sortable = True
        keys = [key for key, _label in self.headers]
        name = sort.lstrip("-")
        if name not in keys:
            return self
        index = keys.index(name)
        self.rows.sort(key=lambda row: _sort_value(row[index].value), reverse=sort.startswith("-"))
        self.sort = sort
        return self

    def header_links(self):
        """(label, sort parameter for the next click, current direction) per column."""
        links = []
        for key, label in self.headers:
            current = "asc" if self.sort == key else "desc" if self.sort == f"-{key}" else ""
            links.append((label, f"-{key}" if current == "asc" else key, current))
        return links


def _sort_value(value):
    if value is None or value == "":
        return (1, 0)
    return (0, value if isinstance(value, (int, float)) else str(value))




def to_html(table, query=""):
    """The table as HTML; `query` (e.g. "year=2026") is kept in the sort links."""
    prefix = f"?{query}&amp;" if query else "?"
    head = []
    if table.sortable:
        for label, param, current in table.header_links():
            arrow = " ▲" if current == "asc" else " ▼" if current == "desc" else ""
            sort = f' aria-sort="{"ascending" if current == "asc" else "descending"}"' if current else ""
            head.append(f'<th scope="col"{sort}><a href="{prefix}sort={escape(param)}#table-{escape(table.key)}">{escape(label)}{arrow}</a></th>')
    else:
        head = [f'<th scope="col">{escape(label)}</th>' for _key, label in table.headers]
    body = []
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            value = cell.value
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if number:
                text = str(value)
            elif isinstance(value, datetime.date):
                text = f'<span class="date">{escape(short_date(value))}</span>'
            elif value is None or (value == "" and index):
                text = table.empty
            else:
                text = escape(str(value))
            if cell.url:
                text = f'<a href="{escape(cell.url)}">{text}</a>'
            if index == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f'<td class="num">{text}</td>' if number else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(table.headers)}">{escape(table.empty)}</td></tr>')
    return mark_safe(
        f'<table class="report-table"><thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
