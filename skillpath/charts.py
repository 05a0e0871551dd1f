"""Server-rendered SVG charts for the skill path (no JavaScript, no external services)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1d5c63", "#c76b29", "#6b5ca5", "#2f7d32"]


@dataclass
class Series:
    label: str
    values: list  # one value (or None) per category
    color: str = ""


def _legend(series, x, y):
    parts = []
    for index, item in enumerate(series):
        color = item.color or PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x + index * 130}" y="{y - 9}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + index * 130 + 14}" y="{y}" font-size="11">{escape(item.label)}</text>'
        )
    return "".join(parts)


def bar_chart(*, title, categories, series, reference=None, reference_label="", width=560, height=220, unit="h"):
    """Grouped bars per category (e.g. fiscal years), with an optional reference line (a minimum)."""
    left, right, top, bottom = 44, 10, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values if v is not None]
    y_max = max(values + [float(reference or 0), 1.0]) * 1.15
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(28, group_w * 0.8 / max(len(series), 1))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in range(0, 5):
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e9ee"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{value:.0f}</text>')
    for c_index, category in enumerate(categories):
        group_x = left + c_index * group_w + (group_w - bar_w * len(series)) / 2
        for s_index, item in enumerate(series):
            value = item.values[c_index]
            if value is None:
                continue
            bar_h = plot_h * float(value) / y_max
            x = group_x + s_index * bar_w
            color = item.color or PALETTE[s_index % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" fill="{color}">'
                         f"<title>{escape(item.label)} {escape(category)}: {value}{unit}</title></rect>")
        parts.append(f'<text x="{left + c_index * group_w + group_w / 2:.1f}" y="{height - bottom + 14}" font-size="11" text-anchor="middle">{escape(category)}</text>')
    if reference:
        y = top + plot_h - plot_h * float(reference) / y_max
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b3261e" stroke-dasharray="4 3"/>'
                     f'<text x="{width - right}" y="{y - 4:.1f}" font-size="10" text-anchor="end" fill="#b3261e">{escape(reference_label)}</text>')
    parts.append(_legend(series, left, 14))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def level_chart(*, title, categories, series, levels=4, width=260, height=120):
    """A small line chart of levels 1..N across categories (e.g. one ability over the years)."""
    left, right, top, bottom = 22, 24, 20, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(categories) - 1, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title><text x="0" y="12" font-size="11" font-weight="bold">{escape(title)}</text>']
    for level in range(1, levels + 1):
        y = top + plot_h - plot_h * (level - 1) / (levels - 1)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef1f4"/>'
                     f'<text x="{left - 5}" y="{y + 3:.1f}" font-size="9" text-anchor="end">{level}</text>')
    for index, category in enumerate(categories):
        x = left + (index * step if len(categories) > 1 else plot_w / 2)
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="9" text-anchor="middle">{escape(category)}</text>')
    for s_index, item in enumerate(series):
        color = item.color or PALETTE[s_index % len(PALETTE)]
        points = []
        for index, value in enumerate(item.values):
            if value is None:
                continue
            x = left + (index * step if len(categories) > 1 else plot_w / 2)
            y = top + plot_h - plot_h * (value - 1) / (levels - 1)
            points.append((x, y, value))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, y, value in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"><title>{escape(item.label)}: {value}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


__all__ = ["Series", "bar_chart", "level_chart"]
