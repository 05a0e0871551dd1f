"""Report tables as CSV and Excel, and the year-end report as a PDF.

Each file says what it is inside it: the title, the fiscal year, the day the figures describe and
the day the file was made. Text a person typed (centre names) is neutralised for spreadsheets and
escaped for reportlab, whose Paragraph reads markup.
"""

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from lms.csv_export import csv_response, neutralise
from lms.formats import official_date
from lms.pdf import register_japanese_fonts, text

from .charts import STANDING_COLOURS, nice_ticks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Meta:
    title: str
    fiscal_year: int
    as_of: object
    made_on: object
    slug: str

    def preamble(self):
        return [
            [self.title],
            [_("Fiscal year"), _("FY%(year)s") % {"year": self.fiscal_year}],
            [_("Figures as of"), self.as_of.isoformat() if self.as_of else ""],
            [_("File made on"), self.made_on.isoformat()],
        ]

    def described(self):
        """The preamble as a document reads it: its dates in the Japanese era with the Western date."""
        return [
            [_("Fiscal year"), _("FY%(year)s") % {"year": self.fiscal_year}],
            [_("Figures as of"), official_date(self.as_of) if self.as_of else ""],
            [_("File made on"), official_date(self.made_on)],
        ]

    def filename(self, table_key, extension):
        return f"{self.slug}-{table_key}-FY{self.fiscal_year}-{self.made_on:%Y%m%d}.{extension}"


def csv_of(table, meta):
    return csv_response(
        meta.filename(table.key, "csv"), [label for _key, label in table.headers],
        ([cell.value for cell in row] for row in table.rows),
        preamble=meta.preamble() + [[table.title]],
    )


def xlsx_of(tables, meta, filename_key):
    """One sheet per table, each starting with the title, fiscal year and dates.

    Written row by row (openpyxl's write-only mode): a country's research table is tens of
    thousands of cells, which a normal workbook keeps as objects and styles one by one.
    """
    workbook = Workbook(write_only=True)
    title_font, bold = Font(bold=True, size=14), Font(bold=True)
    for number, table in enumerate(tables, start=1):
        # Sheet names: at most 31 characters, none of []:*?/\ (the table keys are safe).
        sheet = workbook.create_sheet(title=table.key[:31] or f"sheet{number}")
        for index, (_key, label) in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(label)) * 2))
        preamble = [[neutralise(str(value)) for value in line] for line in meta.preamble() + [[table.title], []]]
        sheet.freeze_panes = f"B{len(preamble) + 2}"  # below the header row, right of the names
        preamble[0][0] = _styled(sheet, preamble[0][0], title_font)
        for line in preamble:
            sheet.append(line)
        sheet.append([_styled(sheet, str(label), bold) for _key, label in table.headers])
        for row in table.rows:
            sheet.append([cell.value if cell.is_number else neutralise("" if cell.value is None else str(cell.value)) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{meta.filename(filename_key, "xlsx")}"'
    return response


def _styled(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def year_end_pdf(meta, *, summary, area_table, figures, bars_items):
    """The year-end report: key figures, the area table, bars per area and the monthly line."""
    gothic, _mincho = register_japanese_fonts()
    # CJK wrapping keeps a closing bracket with what it closes (「順調（%）」, never 「順調（%」 then 「）」).
    body = ParagraphStyle("body", fontName=gothic, fontSize=8, leading=10, wordWrap="CJK")
    heading = ParagraphStyle("heading", fontName=gothic, fontSize=15, leading=20, spaceAfter=6)
    subheading = ParagraphStyle("subheading", fontName=gothic, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=meta.title, author=_("National training institute"))
    story = [text(meta.title, heading)]
    for label, value in meta.described():
        story.append(text(f"{label}：{value}", body))
    story.append(text(summary.title, subheading))
    story.append(_table([[text(row[0].value, body), text(row[1].value if row[1].value is not None else "—", body)] for row in summary.rows],
                        [90 * mm, 30 * mm], gothic))
    story.append(text(_("Share of staff meeting or on pace for both minimums"), subheading))
    # Only areas with staff have a bar: a row of a name and nothing else would fill pages. A drawing
    # cannot break across pages, so a long list is drawn forty at a time.
    drawn = [(name, figures) for name, figures in bars_items if figures.get("staff")]
    for start in range(0, max(len(drawn), 1), 40):
        story.append(_bars(drawn[start:start + 40], gothic))
    if len(drawn) < len(bars_items):
        story.append(text(_("%(count)s areas without staff in post are not drawn.") % {"count": len(bars_items) - len(drawn)}, body))
    # A heading is never left at a page's foot without its chart.
    story.append(KeepTogether([text(_("Hours month by month (average per person) against the pace"), subheading),
                               _line(figures.get("monthly", {}), gothic)]))
    story.append(PageBreak())
    story.append(text(area_table.title, subheading))
    header = [text(label, body) for _key, label in area_table.headers]
    rows = [[text("" if cell.value is None else cell.value, body) for cell in row] for row in area_table.rows]
    usable = landscape(A4)[0] - 24 * mm
    first = 40 * mm
    rest = (usable - first) / max(len(header) - 1, 1)
    story.append(_table([header] + rows, [first] + [rest] * (len(header) - 1), gothic, repeat=1))
    story.append(Spacer(1, 4 * mm))
    document.build(story)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{meta.filename("year-end", "pdf")}"'
    return response


def _table(data, widths, font, repeat=0):
    table = Table(data, colWidths=widths, repeatRows=repeat)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b0bec5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ] + ([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1"))] if repeat else [])))
    return table


def _bars(items, font):
    row_h, left, width = 11, 110, 640
    drawing = Drawing(width, row_h * len(items) + 20)
    top = drawing.height - 14
    labels = {"met": _("Met"), "on_pace": _("On pace"), "behind": _("Behind")}
    for index, (key, colour) in enumerate(STANDING_COLOURS.items()):
        drawing.add(Rect(left + index * 90, top + 2, 8, 8, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(left + index * 90 + 11, top + 3, str(labels[key]), fontName=font, fontSize=8))
    plot_w = width - left - 10
    for row, (name, figures) in enumerate(items):
        y = top - (row + 1) * row_h
        # A long centre name would run off the page's left edge: cut it, the table below has it whole.
        short = name if len(name) <= 14 else name[:13] + "…"
        drawing.add(String(left - 4, y + 2, short, fontName=font, fontSize=7, textAnchor="end"))
        staff = figures.get("staff") or 0
        x = left
        met, on_track = figures.get("both_met", 0), figures.get("on_track", 0)
        for key, count in (("met", met), ("on_pace", on_track - met), ("behind", staff - on_track)):
            if staff and count:
                w = plot_w * count / staff
                drawing.add(Rect(x, y, w, row_h - 3, fillColor=colors.HexColor(STANDING_COLOURS[key]), strokeColor=None))
                x += w
    return drawing


def _line(monthly, font):
    width, height, left, bottom = 640, 170, 40, 20
    drawing = Drawing(width, height)
    plot_w, plot_h = width - left - 10, height - bottom - 24
    series = [("OJT", monthly.get("ojt", []), "#1d5c63", None), ("Off-JT", monthly.get("offjt", []), "#c76b29", None),
              (_("OJT pace"), monthly.get("ojt_pace", []), "#1d5c63", [3, 2]), (_("Off-JT pace"), monthly.get("offjt_pace", []), "#c76b29", [1, 2])]
    if monthly.get("ojt_pace") == monthly.get("offjt_pace"):
        # The same minimum for both: one pace line, named for both, rather than two drawn on each other.
        series = series[:2] + [(_("Pace (OJT and Off-JT)"), monthly.get("ojt_pace", []), "#555555", [3, 2])]
    values = [value for _l, values, _c, _d in series for value in values if value is not None]
    # Round gridlines, as on the web charts: 0/20/40/60 h, never 0/14/28/41/55 h.
    ticks = nice_ticks(max(values + [10.0]))
    top_value = float(ticks[-1])
    for tick in ticks:
        y = bottom + plot_h * float(tick) / top_value
        drawing.add(Line(left, y, width - 10, y, strokeColor=colors.HexColor("#e0e0e0")))
        drawing.add(String(left - 4, y - 3, f"{tick}h", fontName=font, fontSize=7, textAnchor="end"))
    for index, month in enumerate(["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]):
        drawing.add(String(left + index * plot_w / 11, 6, month, fontName=font, fontSize=7, textAnchor="middle"))
    for index, (label, values, colour, dash) in enumerate(series):
        points = []
        for i, value in enumerate(values):
            if value is not None:
                points += [left + i * plot_w / 11, bottom + plot_h * value / top_value]
        if len(points) >= 4:
            drawing.add(PolyLine(points, strokeColor=colors.HexColor(colour), strokeWidth=1.5, strokeDashArray=dash))
        drawing.add(Line(left + index * 130, height - 8, left + index * 130 + 16, height - 8, strokeColor=colors.HexColor(colour),
                         strokeWidth=1.5, strokeDashArray=dash))
        drawing.add(String(left + index * 130 + 20, height - 11, str(label), fontName=font, fontSize=8))
    return drawing
