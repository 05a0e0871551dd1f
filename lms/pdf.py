"""Shared reportlab set-up: Japanese fonts embedded from Debian's IPAex packages."""

import html
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"
_FONT_FILES = {
    GOTHIC: Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    MINCHO: Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"),
}


def register_japanese_fonts():
    """Register the IPAex fonts once; they are embedded (subset) in every PDF that uses them."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, path in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return GOTHIC, MINCHO


def text(value, style):
    """A reportlab Paragraph showing `value` literally.

    A Paragraph parses its text as markup (<img>, <a href>, <font>…): every value a person
    typed goes through here, so a title like "<img src=…>" prints as those characters and
    cannot embed a file, make a link or break the document. Line breaks are kept.
    """
    from reportlab.platypus import Paragraph

    escaped = html.escape(str(value if value is not None else ""), quote=False)
    return Paragraph(escaped.replace("\n", "<br/>"), style)


# reportlab's default left and right padding of a table cell, together.
CELL_PADDING = 12


def cell_text(value, style, column_width):
    """`value` for a table cell of `column_width` points: the plain string when it fits one line in
    `style`'s font, else a Paragraph that wraps it (through `text`).

    A plain string costs one width measurement; a Paragraph is parsed and wrapped, which on a
    long handbook's thousands of cells was most of the PDF's time. A table draws a plain string as
    characters, never as markup, so either is safe for what a person typed.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    value = "" if value is None else str(value)
    if "\n" not in value and stringWidth(value, style.fontName, style.fontSize) <= column_width - CELL_PADDING:
        return value
    return text(value, style)


def qr_code(value, size):
    """A flowable QR code of `value`, `size` points square (for documents built with platypus)."""
    from reportlab.platypus import Flowable

    class QrCode(Flowable):
        def wrap(self, available_width, available_height):
            return size, size

        def draw(self):
            draw_qr_code(self.canv, value, 0, 0, size)

    return QrCode()


def draw_qr_code(canvas, value, x, y, size, border=4):
    """Draw a QR code of `value` with its lower left corner at (x, y), `size` points square.

    The modules are computed once and each row's dark runs filled as rectangles. reportlab's
    QrCodeWidget encodes twice (for its bounds, then to draw) and builds a checked shape per run,
    which was most of a certificate's rendering time.
    """
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)  # the widget's defaults
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    box = size / (count + 2 * border)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row_number, row in enumerate(code.modules):
        top = y + size - (border + row_number + 1) * box
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                canvas.rect(x + (border + start) * box, top, (column - start) * box, box, stroke=0, fill=1)
            else:
                column += 1
    canvas.restoreState()
