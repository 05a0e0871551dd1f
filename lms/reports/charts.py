"""Server-rendered SVG for the reports: the prefecture tile grid, stacked bars and the monthly line.

No JavaScript. Every chart has a <title> and an aria-label, and the page shows the same numbers
as a table beside it (the text alternative).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from skillpath.charts import nice_ticks

from . import rules

# Share on track, from low to high; dark text stays readable (AA) on each.
SHARE_COLOURS = [(0, "#f4c7c3"), (20, "#f9dcb3"), (40, "#fff1b8"), (60, "#cfe8c9"), (80, "#8fcf94")]
NO_DATA = "#eceff1"
STANDING_COLOURS = {"met": "#2f7d32", "on_pace": "#5b8fc7", "behind": "#c0504d"}


def share_colour(share):
    if share is None:
        return NO_DATA
    colour = SHARE_COLOURS[0][1]
    for threshold, candidate in SHARE_COLOURS:
        if share >= threshold:
            colour = candidate
    return colour


def tile_grid(tiles, *, title):
    """47 tiles, one row per region; `tiles` are (code, name, share or None, url)."""
    by_code = {code: (name, share, url) for code, name, share, url in tiles}
    size, gap, left, top = 62, 4, 96, 8
    width = left + 9 * (size + gap)
    height = top + len(rules.REGIONS) * (size + gap) + 40
    # A group, not an image: its tiles are links, which an image's children cannot be.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="group" viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for row, (_key, region, codes) in enumerate(rules.REGIONS):
        y = top + row * (size + gap)
        parts.append(f'<text x="{left - 8}" y="{y + size / 2 + 4:.0f}" font-size="12" text-anchor="end">{escape(str(region))}</text>')
        for column, code in enumerate(codes):
            name, share, url = by_code.get(code, ("", None, ""))
            x = left + column * (size + gap)
            label = f"{share}%" if share is not None else "—"
            tile = (f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{share_colour(share)}" stroke="#90a4ae"/>'
                    f'<text x="{x + size / 2}" y="{y + 25}" font-size="12" text-anchor="middle">{escape(name)}</text>'
                    f'<text x="{x + size / 2}" y="{y + 45}" font-size="13" font-weight="bold" text-anchor="middle">{label}</text>'
                    f"<title>{escape(name)}: {label}</title>")
            parts.append(f'<a href="{escape(url)}" aria-label="{escape(name)}: {label}">{tile}</a>' if url else tile)
    legend_y = height - 26
    for index, (threshold, colour) in enumerate(SHARE_COLOURS):
        x = left + index * 96
        upper = SHARE_COLOURS[index + 1][0] if index + 1 < len(SHARE_COLOURS) else 100
        parts.append(f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{colour}" stroke="#90a4ae"/>'
                     f'<text x="{x + 18}" y="{legend_y + 12}" font-size="12">{threshold}–{upper}%</text>')
    no_staff = _("No staff")  # outside the f-string, where makemessages finds it
    parts.append(f'<rect x="{left + 5 * 96}" y="{legend_y}" width="14" height="14" fill="{NO_DATA}" stroke="#90a4ae"/>'
                 f'<text x="{left + 5 * 96 + 18}" y="{legend_y + 12}" font-size="12">{escape(no_staff)}</text></svg>')
    return mark_safe("".join(parts))


def standing_bars(items, *, title):
    """One horizontal bar per area split into met / on pace / behind; `items` are (name, figures)."""
    row_h, left, right, top = 22, 150, 16, 30
    width = 640
    plot_w = width - left - right
    height = top + row_h * len(items) + 10
    labels = {"met": _("Met"), "on_pace": _("On pace"), "behind": _("Behind")}
    no_staff = _("No staff")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for index, (key, colour) in enumerate(STANDING_COLOURS.items()):
        parts.append(f'<rect x="{left + index * 110}" y="6" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{left + index * 110 + 16}" y="16" font-size="11">{escape(labels[key])}</text>')
    for row, (name, figures) in enumerate(items):
        y = top + row * row_h
        staff = figures.get("staff") or 0
        parts.append(f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(name)}</text>')
        x = left
        for key, colour in STANDING_COLOURS.items():
            # A person counts as met only when both minimums are met, behind when either is behind.
            count = _both(figures, key)
            if not staff or not count:
                continue
            w = plot_w * count / staff
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                         f"<title>{escape(name)} {escape(labels[key])}: {count}/{staff}</title></rect>")
            x += w
        if not staff:
            parts.append(f'<text x="{left + 4}" y="{y + 14}" font-size="11" fill="#555">{escape(no_staff)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _both(figures, key):
    staff = figures.get("staff") or 0
    met = figures.get("both_met", 0)
    on_track = figures.get("on_track", 0)
    return {"met": met, "on_pace": on_track - met, "behind": staff - on_track}[key]


def monthly_line(monthly, *, title):
    """Average cumulative OJT and Off-JT hours per person by month, against the average pace. The
    legend is a list above the drawing (four long labels do not fit inside it on any screen), and
    OJT's points are circles, Off-JT's squares, so two lines running together stay told apart."""
    months = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]
    width, height, left, right, top, bottom = 640, 240, 52, 20, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [
        (_("OJT (average per person)"), monthly.get("ojt", []), "#1d5c63", "", "circle"),
        (_("Off-JT (average per person)"), monthly.get("offjt", []), "#c76b29", "", "square"),
        (_("OJT pace"), monthly.get("ojt_pace", []), "#1d5c63", "5 4", ""),
        (_("Off-JT pace"), monthly.get("offjt_pace", []), "#c76b29", "2 3", ""),
    ]
    values = [value for _label, values, _c, _d, _m in series for value in values if value is not None]
    ticks = nice_ticks(max(values + [10.0]))
    top_value = float(ticks[-1])
    step = plot_w / 11
    hours = _("h")
    legend = ['<ul class="chart-legend">']
    for label, _values, colour, dash, marker in series:
        legend.append(f'<li><svg class="swatch" aria-hidden="true" width="28" height="14" viewBox="0 0 28 14">'
                      f'<line x1="2" x2="26" y1="7" y2="7" stroke="{colour}" stroke-width="2"{_dashes(dash)}/>{_marker(marker, 14, 7, colour)}</svg> '
                      f'{escape(label)}</li>')
    legend.append("</ul>")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for value in ticks:
        y = top + plot_h - plot_h * float(value) / top_value
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e9ee"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{value}{escape(hours)}</text>')
    for index, month in enumerate(months):
        parts.append(f'<text x="{left + index * step:.1f}" y="{height - 10}" font-size="11" text-anchor="middle">{month}</text>')
    for label, values, colour, dash, marker in series:
        points = [(left + i * step, top + plot_h - plot_h * value / top_value, value) for i, value in enumerate(values) if value is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{_dashes(dash)}/>')
        for x, y, value in points if marker else ():
            parts.append(_marker(marker, x, y, colour, f"{label}: {value}"))
    parts.append("</svg>")
    return mark_safe("".join(legend) + "".join(parts))


def _marker(shape, x, y, colour, title=""):
    tip = f"<title>{escape(title)}</title>" if title else ""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">{tip}</circle>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}">{tip}</rect>'
    return ""


def _dashes(pattern):
    return f' stroke-dasharray="{pattern}"' if pattern else ""
