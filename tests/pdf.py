"""Reading PDFs back as a reader sees them: the text, and the words whose boxes overlap (text run into
a neighbouring column or drawn over other text), from pdfplumber's word boxes."""

import io
import subprocess
import tempfile

import pdfplumber

TOLERANCE = 0.5  # points: glyphs touching at an edge are not overlapping


def text_of(pdf_bytes, *, layout=False):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf_bytes)
        file.flush()
        arguments = ["pdftotext", *(["-layout"] if layout else []), file.name, "-"]
        return subprocess.run(arguments, capture_output=True, text=True, check=True).stdout


def overlapping_characters(pdf_bytes, tolerance=1.0):
    """Characters drawn over other characters on the same page, as (page, "AB") pairs: text run out of
    its table column into the next one, or a label drawn over a line of text. Japanese has no spaces
    between words, so this looks at characters, not words (pdfplumber's words would run together)."""
    clashes = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["x0"])
            for index, char in enumerate(chars):
                for other in chars[index + 1:]:
                    if other["x0"] >= char["x1"] - tolerance:
                        break  # sorted by x0: nothing further right can overlap this one
                    if char["top"] < other["bottom"] - tolerance and other["top"] < char["bottom"] - tolerance:
                        clashes.append((number, char["text"] + other["text"]))
    return clashes
