"""Templates name date formats (the locale's, lms/formats/<lang>/formats.py) and never spell one out."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"
DATE_FILTER = re.compile(r"""\|\s*(?:date|time)\s*:\s*(["'])(.*?)\1""")
# An ISO date shown to people (2026-11-29); form fields (value, min, max) need it and may use it.
SHOWN_ISO_DATE = re.compile(r"""(?<!value="\{\{ )(?<!min="\{\{ )(?<!max="\{\{ )\b[\w.]+\.isoformat\b""")


def test_no_template_spells_out_a_date_format():
    literal = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for _quote, fmt in DATE_FILTER.findall(line):
                if not re.fullmatch(r"[A-Z_]+_FORMAT", fmt):
                    literal.append(f"{path.relative_to(TEMPLATES)}:{number}: {fmt}")
            literal += [f"{path.relative_to(TEMPLATES)}:{number}: {shown}" for shown in SHOWN_ISO_DATE.findall(line)]
    assert literal == []


def test_the_check_catches_a_literal_format():
    assert DATE_FILTER.findall('{{ day|date:"Y-m-d" }}') == [('"', "Y-m-d")]
    assert DATE_FILTER.findall("{{ day|date:'m/d' }}") == [("'", "m/d")]
    assert SHOWN_ISO_DATE.findall("<td>{{ row.issued_on.isoformat }}</td>") == ["row.issued_on.isoformat"]
    assert SHOWN_ISO_DATE.findall('<input type="date" value="{{ today.isoformat }}">') == []


def test_japanese_pages_read_japanese_dates_and_english_pages_english_ones():
    template = Template('{{ day|date:"DATE_FORMAT" }} / {{ day|date:"SHORT_DATE_FORMAT" }}')
    context = Context({"day": datetime.date(2027, 1, 28)})
    with translation.override("ja"):
        assert template.render(context) == "2027年1月28日（木） / 2027年1月28日"
    with translation.override("en"):
        assert template.render(context) == "Thu 28 Jan 2027 / 28 Jan 2027"
    with translation.override("ja"):  # 29 February in a leap year
        assert Template('{{ day|date:"DATE_FORMAT" }}').render(Context({"day": datetime.date(2028, 2, 29)})) == "2028年2月29日（火）"
