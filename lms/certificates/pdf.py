"""The certificate as a PDF: Japanese text with embedded IPAex fonts and a QR code to verify it."""

import datetime
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from lms.pdf import draw_qr_code, qr_code, register_japanese_fonts, text

from .rules import japanese_era_date, official_date, western_date


def render_certificate_pdf(certificate, issuer_name):
    gothic, mincho = register_japanese_fonts()
    record = certificate.record
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"修了証 {certificate.serial}")
    width, height = A4
    pdf.setLineWidth(2)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(mincho, 36)
    pdf.drawCentredString(width / 2, height - 60 * mm, "修 了 証")
    pdf.setFont(gothic, 10)
    pdf.drawRightString(width - 25 * mm, height - 30 * mm, f"No. {certificate.serial}")
    _draw_name(pdf, f"{certificate.holder.get_full_name()} 殿", mincho, centre=width / 2, top=height - 95 * mm, room=width - 50 * mm)
    pdf.setFont(mincho, 13)
    lines = [
        "あなたは下記の研修を修了したことを証します。",
        "",
        f"科目　{certificate.subject.name}",
        f"期間　{japanese_era_date(record.started_on)} 〜 {japanese_era_date(record.completed_on)}",
        f"　　　（{western_date(record.started_on)} 〜 {western_date(record.completed_on)}）",
        f"時間　{record.hours} 時間",
    ]
    y = height - 125 * mm
    for line in lines:
        pdf.drawString(35 * mm, y, line)
        y -= 10 * mm
    pdf.drawString(35 * mm, 85 * mm, official_date(certificate.issued_on))
    pdf.setFont(mincho, 16)
    pdf.drawString(35 * mm, 70 * mm, issuer_name)
    size = 38 * mm
    draw_qr_code(pdf, certificate.verification_url(), width - 30 * mm - size, 25 * mm, size)
    pdf.setFont(gothic, 7)
    pdf.drawRightString(width - 30 * mm, 22 * mm, certificate.verification_url())
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_name(pdf, name, font, *, centre, top, room, largest=22, smallest=12):
    """The holder's name centred on the certificate, within `room` points: smaller for a long name,
    and over several lines (at most three) for one too long even then, never past the border."""
    size = largest
    while size > smallest and stringWidth(name, font, size) > room:
        size -= 1
    lines, line = [], ""
    for character in name:
        if stringWidth(line + character, font, size) > room:
            lines.append(line)
            line = ""
        line += character
    lines.append(line)
    if len(lines) > 3:
        lines = lines[:2] + [lines[2][:-1] + "…"]
    pdf.setFont(font, size)
    for number, line in enumerate(lines):
        pdf.drawCentredString(centre, top - number * size * 1.3, line)


def _two_calendars(day, style):
    """A date in the Japanese era with the Western date below it, as official documents give it."""
    return text(f"{japanese_era_date(day)}\n（{western_date(day)}）", style)


def render_history_pdf(proof, issuer_name):
    """The proof of training history: every completion it certified, with a QR code to verify it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    gothic, mincho = register_japanese_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                                 title="研修修了の証明書")
    title = ParagraphStyle("t", fontName=mincho, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("b", fontName=mincho, fontSize=11, leading=17)
    small = ParagraphStyle("s", fontName=mincho, fontSize=8.5, leading=11)
    rows = [["修了日", "研修", "主催", "時間"]] + [
        [_two_calendars(datetime.date.fromisoformat(entry["completed_on"]), small), text(entry["title"], body), text(entry["provider"], body), entry["hours"]]
        for entry in proof.entries
    ]
    table = Table(rows, colWidths=[34 * mm, 66 * mm, 50 * mm, 18 * mm], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), gothic, 9), ("GRID", (0, 0), (-1, -1), 0.4, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    qr = qr_code(proof.verification_url(), 30 * mm)
    story = [
        text("研修修了の証明書", title), Spacer(1, 6 * mm),
        text(f"{proof.name} 殿", body),
        text("あなたが下記の研修を修了したことを証明します。", body), Spacer(1, 4 * mm), table, Spacer(1, 6 * mm),
        text(f"{official_date(proof.issued_on)}　{issuer_name}", body), Spacer(1, 4 * mm),
        qr, text(proof.verification_url(), ParagraphStyle("u", fontName=gothic, fontSize=7)),
    ]
    document.build(story)
    return buffer.getvalue()


def render_experience_pdf(proof, issuer_name):
    """The proof of practical experience (実務経験証明書): each period in a counted job, the total
    as counted, how it was counted, and a QR code to verify it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from .experience import DAYS_PER_MONTH, Period, months_and_days

    gothic, mincho = register_japanese_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                                 title="実務経験証明書")
    title = ParagraphStyle("t", fontName=mincho, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("b", fontName=mincho, fontSize=11, leading=17)
    small = ParagraphStyle("s", fontName=mincho, fontSize=9, leading=13)
    rows = [["職種", "勤務先", "期間", "月数"]]
    for period in proof.periods:
        started, ended = datetime.date.fromisoformat(period["from"]), datetime.date.fromisoformat(period["to"])
        months, days = months_and_days(Period(started, ended))
        until = f"{japanese_era_date(ended)}{'（現在）' if period['current'] else ''}"
        rows.append([period["job_name"], text(period["centre"], small),
                     text(f"{japanese_era_date(started)}〜{until}\n（{western_date(started)}〜{western_date(ended)}）", small), f"{months}か月{days}日"])
    table = Table(rows, colWidths=[38 * mm, 55 * mm, 55 * mm, 22 * mm], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), gothic, 9), ("GRID", (0, 0), (-1, -1), 0.4, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    years, months = proof.years_and_months
    leftover = f"（1か月に満たない {proof.days} 日は算入していません）" if proof.days else ""
    story = [
        text("実務経験証明書", title), Spacer(1, 6 * mm),
        text(f"氏名　{proof.name}", body), Spacer(1, 2 * mm),
        text("上記の者は、総合相談支援センターにおいて、下記のとおり主任相談支援員または相談支援員として業務に従事したことを証明します。", body),
        Spacer(1, 4 * mm), table, Spacer(1, 4 * mm),
        text(f"通算の実務経験　{years}年{months}か月{leftover}", body), Spacer(1, 2 * mm),
        text(
            "期間の数え方：同時に就いていた職や、間を置かずに続いた職は重ねて数えず、一続きの期間とします。"
            f"月数は民法第143条の例により暦に従って数え、各期間の1か月に満たない日数は合算して{DAYS_PER_MONTH}日をもって1か月とします。"
            "センター長・事務職員としての期間は含みません。",
            small,
        ),
        Spacer(1, 6 * mm),
        text(f"{official_date(proof.issued_on)}　{issuer_name}", body), Spacer(1, 4 * mm),
        qr_code(proof.verification_url(), 30 * mm), text(proof.verification_url(), ParagraphStyle("u", fontName=gothic, fontSize=7)),
    ]
    document.build(story)
    return buffer.getvalue()
