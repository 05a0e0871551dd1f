"""Server-rendered SVG charts for the skill path (no JavaScript, no external services).

A chart is a `Figure`: the SVG draws the data, while its title, legend and the same numbers
as a table are HTML (templates/skillpath/_figure.html). HTML text wraps and keeps its size
on a phone, where text inside a scaled-down SVG shrinks with the drawing and long titles
are cut off; the table gives screen readers and people who cannot tell the lines apart the
exact values.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1d5c63", "#c76b29", "#6b5ca5", "#2f7d32"]
REFERENCE_COLOUR = "#b3261e"
# Stroke patterns and marker shapes per series, so two lines stay apart without colour.
DASHES = ["", "6 4", "2 3", ""]
MARKERS = ["circle", "square", "diamond", "circle"]


@dataclass
class Series:
    label: str
    values: list  # one value (or None) per category
    color: str = ""
    dash: str = ""
    marker: str = ""
    kind: str = "bar"  # or "line": how the legend's swatch is drawn

    @property
    def swatch(self):
        """The legend's small picture of this series, drawn the way the chart draws it."""
        if self.kind == "line":
            dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
            inner = f'<line x1="0" x2="28" y1="7" y2="7" stroke="{self.color}" stroke-width="2"{dash}/>' + _marker(self.marker, 14, 7, self.color, "")
        else:
            inner = f'<rect x="4" y="1" width="20" height="12" fill="{self.color}"/>'
        return mark_safe(f'<svg class="swatch" aria-hidden="true" width="28" height="14" viewBox="0 0 28 14">{inner}</svg>')


@dataclass
class Reference:
    """A horizontal line across a bar chart, such as a yearly minimum."""

    value: Decimal
    description: str  # the legend's sentence
    color: str = REFERENCE_COLOUR

    @property
    def swatch(self):
        return mark_safe(f'<svg class="swatch" aria-hidden="true" width="28" height="14" viewBox="0 0 28 14">'
                         f'<line x1="0" x2="28" y1="7" y2="7" stroke="{self.color}" stroke-width="2" stroke-dasharray="5 3"/></svg>')


@dataclass
class Figure:
    title: str
    svg: str
    series: list
    categories: list
    unit: str = ""
    references: list = field(default_factory=list)
    note: str = ""  # one line under the legend, e.g. that the current year is still running
    current: int | None = None  # the category still in progress
    progress_label: str = ""

    @property
    def rows(self):
        """The data as table rows: (category, [value per series]); the running year says so."""
        return [
            (f"{category}{self.progress_label}" if index == self.current else category, [item.values[index] for item in self.series])
            for index, category in enumerate(self.categories)
        ]


def nice_ticks(highest, count=4):
    """Round gridline values from 0 covering `highest`: 0/20/40/60, never 0/16/31/47/62."""
    highest = max(float(highest), 1.0)
    rough = highest / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    top = math.ceil(highest / step) * step
    ticks, value = [], 0.0
    while value <= top + step / 1000:
        ticks.append(int(value) if float(value).is_integer() else round(value, 2))
        value += step
    return ticks


def _styled(series, kind):
    """Each series with its colour, dash and marker filled in from its position."""
    for index, item in enumerate(series):
        item.kind = kind
        item.color = item.color or PALETTE[index % len(PALETTE)]
        item.dash = item.dash or DASHES[index % len(DASHES)]
        item.marker = item.marker or MARKERS[index % len(MARKERS)]
    return series


def _text_width(text, size):
    """Roughly how wide `text` is drawn: a Japanese character is a square, a digit about half one."""
    return sum(size if ord(char) > 0x2000 else size * 0.6 for char in text)


def _labelled(count, room):
    """Which of `count` categories get an axis label when `room` fit: every k-th, counted back from
    the last (the current year), so ten years of labels never run into each other."""
    every = max(1, math.ceil(count / room))
    return {index for index in range(count) if (count - 1 - index) % every == 0}


def _category_label(x, y, category, in_progress, progress_label, size, width):
    """An axis label, kept inside the drawing; the year still running gets a second line saying so."""
    lines = [(category, size, y, "")] + ([(progress_label, size - 1, y + size + 2, ' fill="#555"')] if in_progress else [])
    parts = []
    for text, text_size, text_y, colour in lines:
        half = _text_width(text, text_size) / 2
        centre = min(max(x, half + 1), width - half - 1)
        parts.append(f'<text x="{centre:.1f}" y="{text_y}" font-size="{text_size}" text-anchor="middle"{colour}>{escape(text)}</text>')
    return "".join(parts)


def bar_chart(*, title, categories, series, unit, references=(), current=None, progress_label="", note=""):
    """Grouped bars per category (fiscal years) with reference lines (the minimums).

    `current` is the index of the category still in progress: its axis label says so. The
    reference lines are explained in the legend, not labelled on the drawing, where a label would
    sit on some year's bars.
    """
    # A narrow drawing with large text: scaled to a phone's width, the text stays legible.
    width, height = 360, 226
    left, right, top, bottom = 38, 8, 30, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    series = _styled(series, "bar")
    values = [float(v) for s in series for v in s.values if v is not None] + [float(r.value) for r in references]
    ticks = nice_ticks(max(values + [10.0]))  # an empty chart still reads 0/5/10, not 0/0.25/0.5
    y_max = float(ticks[-1])
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(30, group_w * 0.8 / max(len(series), 1))
    labelled = _labelled(len(categories), 4)

    def y_of(value):
        return top + plot_h - plot_h * float(value) / y_max

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text x="{left - 6}" y="{top - 14}" font-size="13" text-anchor="end">{escape(unit)}</text>']
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e9ee"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="13" text-anchor="end">{tick}</text>')
    for c_index, category in enumerate(categories):
        group_x = left + c_index * group_w + (group_w - bar_w * len(series)) / 2
        for s_index, item in enumerate(series):
            value = item.values[c_index]
            if value is None:
                continue
            bar_h = plot_h * float(value) / y_max
            x = group_x + s_index * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" fill="{item.color}">'
                         f"<title>{escape(item.label)} {escape(category)}: {value}{escape(unit)}</title></rect>")
        if c_index in labelled:
            parts.append(_category_label(left + c_index * group_w + group_w / 2, height - bottom + 16, category, c_index == current, progress_label, 13, width))
    for reference in references:
        y = y_of(reference.value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{reference.color}" stroke-width="1.5" stroke-dasharray="5 3">'
                     f"<title>{escape(reference.description)}</title></line>")
    parts.append("</svg>")
    return Figure(title=title, svg=mark_safe("".join(parts)), series=series, categories=categories, unit=unit,
                  references=list(references), note=note, current=current, progress_label=progress_label)


def _marker(shape, x, y, color, tooltip):
    title = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#fff" stroke="{color}" stroke-width="2">{title}</rect>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}L{x - 4.5:.1f} {y:.1f}Z" fill="{color}">{title}</path>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">{title}</circle>'


def level_chart(*, title, categories, series, levels=4, current=None, progress_label=""):
    """A small line chart of levels 1..N across categories (one ability over the years).

    Each series has its own dash and marker; where the raters give the same level, their points
    sit a few pixels above and below it so both lines stay visible side by side.
    """
    width, height = 260, 132
    # Room either side for the first and last year's labels, which are centred on their point.
    left, right, top, bottom = 40, 34, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(categories) - 1, 1)
    series = _styled(series, "line")
    spread = 5.0

    def x_of(index):
        return left + (index * step if len(categories) > 1 else plot_w / 2)

    def y_of(value, index, s_index):
        shared = sum(other.values[index] == value for other in series) > 1
        offset = spread * (s_index - (len(series) - 1) / 2) if shared else 0
        return top + plot_h - plot_h * (value - 1) / (levels - 1) + offset

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for level in range(1, levels + 1):
        y = top + plot_h - plot_h * (level - 1) / (levels - 1)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e9ee"/>'
                     f'<text x="{left - 10}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{level}</text>')
    labelled = _labelled(len(categories), 3)
    for index, category in enumerate(categories):
        if index in labelled:
            parts.append(_category_label(x_of(index), height - bottom + 16, category, index == current, progress_label, 11, width))
    for s_index, item in enumerate(series):
        points = []
        for index, value in enumerate(item.values):
            if value is None:
                continue
            points.append((x_of(index), y_of(value, index, s_index), value))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{item.color}" stroke-width="2"{dash}/>')
        for x, y, value in points:
            parts.append(_marker(item.marker, x, y, item.color, f"{item.label}: {value}"))
    parts.append("</svg>")
    return Figure(title=title, svg=mark_safe("".join(parts)), series=series, categories=categories, current=current, progress_label=progress_label)


__all__ = ["Figure", "Reference", "Series", "bar_chart", "level_chart", "nice_ticks"]
