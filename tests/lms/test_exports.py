"""What people type comes out of PDFs and CSVs as they typed it: never as markup, never as a formula."""

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.certificates import services as certificate_services
from lms.csv_export import neutralise
from lms.training.models import TrainingRecord
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">クリック</a>',
    '<img src="/media/evidence/someone-else.png" width="400" height="400"/>',
    "R&D <b>太字</b> & <font color=red>赤</font>",
]


def pdf_text(content, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text):
    return "".join(text.split())


def record(person, title, completed_on=datetime.date(2026, 9, 12), **extra):
    return factories.TrainingRecordFactory(
        person=person, title=title, provider=title, started_on=completed_on, completed_on=completed_on, hours=Decimal("3.0"), **extra,
    )


def test_handbook_pdf_prints_markup_literally_and_embeds_nothing(login, world, tmp_path):
    for title in HOSTILE_TITLES:
        record(world.supporter, title)
    response = login(world.supporter).get(reverse("handbook_pdf"))
    assert response.status_code == 200
    text = squeeze(pdf_text(response.content, tmp_path))
    for title in HOSTILE_TITLES:
        assert squeeze(title)[:20] in text
    assert b"/URI" not in response.content and b"/Subtype /Image" not in response.content


def test_proof_of_history_pdf_prints_markup_literally(login, world, tmp_path, settings):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    for title in HOSTILE_TITLES:
        record(world.supporter, title)
    response = login(world.institute_staff).post(f"/certificates/history/{world.supporter.pk}/")
    assert response.status_code == 200
    text = squeeze(pdf_text(response.content, tmp_path))
    assert squeeze(HOSTILE_TITLES[0]) in text and "R&D<b>太字</b>" in text
    assert b"/URI" not in response.content


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("+81-3-1234", "'+81-3-1234"),
    ("-2+3", "'-2+3"),
    ("\tcmd", "'\tcmd"),
    ("\r=1", "'\r=1"),
    ("家計改善 = 大切", "家計改善 = 大切"),
    ("", ""),
])
def test_cells_a_spreadsheet_would_evaluate_are_neutralised(value, shown):
    assert neutralise(value) == shown


def test_handbook_csv_neutralises_formulas(login, world):
    record(world.supporter, '=HYPERLINK("https://evil.example","詳細")')
    content = login(world.supporter).get(reverse("handbook_csv")).content.decode("utf-8-sig")
    [_header, row] = list(csv.reader(io.StringIO(content)))
    assert row[3] == '\'=HYPERLINK("https://evil.example","詳細")'
    assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_certificate_csv_neutralises_formulas(login, world, curriculum, tmp_path, settings):
    from curriculum.models import Subject

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    world.supporter.last_name = "@SUM(1+1)"
    world.supporter.save()
    completed = record(world.supporter, "生活困窮者支援論", subject=Subject.objects.get(code="poverty-support"))
    TrainingRecord.objects.filter(pk=completed.pk).update(kind=TrainingRecord.Kind.CENTRAL)
    completed.refresh_from_db()
    certificate_services.issue_certificate(record=completed, by=world.institute_staff)
    response = login(world.institute_staff).get("/certificates/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    # A line naming the list and its date, a blank line, the header, then the certificates.
    assert rows[1] == [] and rows[3][1].startswith("'@SUM(1+1)")


@pytest.mark.parametrize("name", ["handbook", "handbook_pdf", "handbook_csv"])
def test_records_are_never_stored_by_browsers_or_proxies(login, world, name):
    response = login(world.supporter).get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_pages_forbid_inline_script(client, login, world):
    for response in (client.get("/accounts/login/"), login(world.supporter).get("/")):
        policy = response["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert script.split() == ["script-src", "'self'"]
        assert "frame-ancestors 'none'" in policy
        assert "onchange=" not in response.content.decode() and "onclick=" not in response.content.decode()
