"""Files live in S3-compatible object storage when several web machines share them: a real S3
server (SeaweedFS) here. The objects are private, each is streamed after the site's access check,
and a store that is down refuses uploads with a message (nothing half-saved) and answers
downloads with the styled 503, while every other page keeps working."""

import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lms import clock
from lms.training.models import TrainingRecord
from tests.servers.s3 import BUCKET

# The real clock, never a moved one: the store checks each request's signature against its own time.
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% attendance sheet of 2026-11-10\n"


def submit_outside_training(client, title="県の研修"):
    return client.post("/training/external/new/", {
        "title": title, "kind": "prefectural", "provider": "福岡県", "started_on": clock.today(), "completed_on": clock.today(),
        "hours": "6", "days": "1", "evidence": SimpleUploadedFile("attendance.pdf", PDF),
    })


def test_evidence_is_kept_in_the_object_store_privately_and_streamed_only_to_its_readers(world, login, s3_media):
    assert submit_outside_training(login(world.supporter)).status_code == 302
    record = TrainingRecord.objects.get(person=world.supporter)

    stored = s3_media.client().get_object(Bucket=BUCKET, Key=record.evidence.name)
    assert stored["Body"].read() == PDF
    # Nobody reaches the object without the store's keys: it is not public.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_media.endpoint_url}/{BUCKET}/{record.evidence.name}", timeout=5)
    assert refused.value.code == 403

    download = login(world.supporter).get(f"/training/{record.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert s3_media.endpoint_url not in download.get("Location", "")  # streamed, no address handed out
    assert login(world.other_supporter).get(f"/training/{record.pk}/evidence/").status_code in (403, 404)


def test_with_the_object_store_down_an_upload_is_refused_with_the_form_kept_and_the_site_works(world, login, s3_media):
    client = login(world.supporter)
    assert submit_outside_training(client, "先月の研修").status_code == 302
    earlier = TrainingRecord.objects.get(person=world.supporter)
    s3_media.stop()

    response = submit_outside_training(client, "県の研修（停止中）")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ファイルを保存できませんでした" in page and "県の研修（停止中）" in page  # why, and the input kept
    assert TrainingRecord.objects.filter(person=world.supporter).count() == 1  # nothing half-saved

    assert client.get("/").status_code == 200  # the other pages work
    assert Client().get("/accounts/login/").status_code == 200
    unavailable = Client(raise_request_exception=False)
    unavailable.force_login(world.supporter)
    download = unavailable.get(f"/training/{earlier.pk}/evidence/")
    assert download.status_code == 503 and "ファイルの保管場所が応答していません" in download.content.decode()

    s3_media.start()
    download = client.get(f"/training/{earlier.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_with_the_object_store_down_a_course_document_answers_the_503_not_a_500(world, login, s3_media):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title="資料", file=ContentFile(PDF, name="slides.pdf"), uploaded_by_user=world.editor)
    s3_media.stop()
    client = login(world.editor)  # who uploaded it may read it
    client.raise_request_exception = False
    response = client.get(f"/documents/{document.pk}/slides.pdf")
    assert response.status_code == 503 and "ファイルの保管場所が応答していません" in response.content.decode()


def test_a_course_image_in_the_object_store_is_shown_through_the_site(s3_media):
    import io

    from PIL import Image as Picture
    from wagtail.images.models import Image

    png = io.BytesIO()
    Picture.new("RGB", (40, 20), "navy").save(png, "PNG")
    image = Image.objects.create(title="図表 2-14", file=SimpleUploadedFile("figure.png", png.getvalue()))
    rendition = image.get_rendition("width-20")
    assert rendition.url.startswith("/media/images/")  # the site's address, never the store's
    response = Client().get(rendition.url)
    assert response.status_code == 200
    assert Picture.open(io.BytesIO(b"".join(response.streaming_content))).size == (20, 10)
    assert Client().get("/media/images/../original_images/figure.png").status_code == 404
