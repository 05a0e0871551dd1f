"""The training handbook as a PDF: the same entries as the page, grouped by fiscal year."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from lms import clock
from lms.fields import plain_number
from lms.fiscal import fiscal_year_label
from lms.pdf import cell_text, register_japanese_fonts, text


def prorating_reason(summary):
    """Why a year's minimum is less than the policy's: the months worked, from the first centre job."""
    return _("Joined on %(date)s: %(months)s of 12 months in this fiscal year, so %(minimum)s h of the %(policy)s h minimum.") % {
        "date": date_format(summary["joined_on"], "SHORT_DATE_FORMAT"), "months": summary["months"],
        "minimum": plain_number(summary["minimum"]), "policy": plain_number(summary["policy_minimum"]),
    }


def offjt_breakdown(summary):
    """The sources of a year's Off-JT hours, as the handbook page lists them."""
    parts = [_("Off-JT courses %(hours)s h") % {"hours": plain_number(summary["courses"])}]
    if summary["fieldwork_days"]:
        parts.append(_("fieldwork %(fieldwork)s h (%(days)s days)") % {"fieldwork": plain_number(summary["fieldwork"]), "days": summary["fieldwork_days"]})
    if summary["centre_lectures"]:
        parts.append(_("centre sessions with outside lecturers %(lectures)s h") % {"lectures": plain_number(summary["centre_lectures"])})
    return _(", ").join(parts)


def render_handbook_pdf(*, person, years, summaries):
    gothic, _mincho = register_japanese_fonts()
    title_style = ParagraphStyle("title", fontName=gothic, fontSize=16, leading=22)
    heading = ParagraphStyle("heading", fontName=gothic, fontSize=12, leading=18, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=gothic, fontSize=8.5, leading=11)
    body = ParagraphStyle("body", fontName=gothic, fontSize=9.5, leading=14)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=_("Training handbook"), author=_("Companion-support training LMS"),
    )
    story = [
        text(_("Training handbook") + f" — {person.get_full_name()}", title_style),
        text(_("Printed on %(date)s") % {"date": date_format(clock.today(), "SHORT_DATE_FORMAT")}, body),
        Spacer(1, 4 * mm),
    ]
    for year, entries in years:
        summary = summaries.get(year)
        story.append(text(fiscal_year_label(year), heading))
        if summary:
            story.append(text(
                _("Off-JT: %(hours)s h of the %(minimum)s h minimum") % {"hours": summary["hours"], "minimum": summary["minimum"]},
                body,
            ))
            story.append(text(offjt_breakdown(summary), body))
            story.append(text(summary["credit_rule"], body))
            if summary["prorated"]:
                story.append(text(prorating_reason(summary), body))
        rows = [[_("Kind"), _("Date"), _("Training"), _("Details"), _("Hours"), _("Status")]]
        # The date at its longest (2026年12月31日) and a status (出席確認済み) each fit one line.
        kind_width, _date_width, title_width, detail_width, _hours_width, status_width = widths = [
            17 * mm, 27 * mm, 46 * mm, 50 * mm, 14 * mm, 26 * mm]
        for entry in entries:
            rows.append([
                cell_text(entry.section_label, cell, kind_width),
                date_format(entry.date, "SHORT_DATE_FORMAT") if entry.date else "",
                cell_text(entry.title, cell, title_width),
                cell_text(entry.detail, cell, detail_width),
                f"{entry.hours}" if entry.hours is not None else (_("%(days)s days") % {"days": entry.days} if entry.days else ""),
                cell_text(entry.status, cell, status_width),
            ])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), gothic, 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c0ca")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (4, 1), (4, -1), "RIGHT"),
        ]))
        story += [table, Spacer(1, 3 * mm)]
    if not years:
        story.append(text(_("No training recorded yet."), body))
    document.build(story)
    return buffer.getvalue()
