"""Course documents (slides, PDFs) are served only to those who may see a page that uses them: a
staff-only material's document is not one sequential address away from an anonymous visitor."""

import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from curriculum.models import MaterialPage, SubjectPage

from .test_pages import pages  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def document(title, uploaded_by=None):
    made = get_document_model()(title=title, uploaded_by_user=uploaded_by)
    made.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    return made


def material_using(doc, subject_code, audience, *, live=True, slug=None):
    parent = SubjectPage.objects.get(subject__code=subject_code)
    page = MaterialPage(title=f"{doc.title}の教材", slug=slug or f"m-{doc.pk}", edition="2026年度版", audience=audience, live=live,
                        body=json.dumps([{"type": "document", "value": doc.pk}]))
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_a_staff_only_materials_slides_need_a_sign_in(client, login, world, pages):  # noqa: F811
    slides = document("職員向けスライド")
    material_using(slides, "poverty-support", MaterialPage.Audience.STAFF)
    url = slides.url
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login(world.supporter).get(url).status_code == 200


def test_a_public_materials_document_is_public(client, pages):  # noqa: F811
    leaflet = document("公開資料")
    material_using(leaflet, "poverty-support", MaterialPage.Audience.PUBLIC)
    response = client.get(leaflet.url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_of_a_draft_is_for_its_subjects_writers_only(client, login, world, pages):  # noqa: F811
    from lms.organisations.models import Job
    from tests import factories

    draft_slides = document("下書きのスライド", uploaded_by=world.lecturer)
    material_using(draft_slides, "poverty-support", MaterialPage.Audience.STAFF, live=False)
    SubjectPage.objects.get(subject__code="poverty-support").lecturers.add(world.lecturer)
    co_lecturer = factories.person(world.institute, Job.LECTURER)
    SubjectPage.objects.get(subject__code="poverty-support").lecturers.add(co_lecturer)
    other_lecturer = factories.person(world.institute, Job.LECTURER)
    SubjectPage.objects.get(subject__code="supervision").lecturers.add(other_lecturer)
    url = draft_slides.url
    assert client.get(url).status_code == 302
    assert login(world.supporter).get(url).status_code == 403
    assert login(other_lecturer).get(url).status_code == 403  # a lecturer of another subject
    assert login(co_lecturer).get(url).status_code == 200  # who may write the page that uses it
    assert login(world.editor).get(url).status_code == 200


def test_an_unused_upload_is_its_uploaders_and_the_editors_and_nobody_elses(client, login, world, pages):  # noqa: F811
    upload = document("未使用", uploaded_by=world.lecturer)
    assert login(world.lecturer).get(upload.url).status_code == 200
    assert login(world.editor).get(upload.url).status_code == 200
    assert login(world.institute_staff).get(upload.url).status_code == 403
    assert Client().get(upload.url).status_code == 302


def test_the_media_folder_is_not_served_but_for_images(client, settings, pages):  # noqa: F811
    slides = document("直リンク")
    material_using(slides, "poverty-support", MaterialPage.Audience.STAFF)
    assert client.get(f"{settings.MEDIA_URL}{slides.file.name}").status_code == 404
