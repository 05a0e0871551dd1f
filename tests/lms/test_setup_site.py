"""`manage.py setup_site` prepares an empty database for real use, without demo people."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Site, WorkflowPage

from curriculum.models import CurriculumIndexPage, Subject, SubjectPage
from curriculum.services import EDITORS_GROUP, LECTURERS_GROUP
from lms.organisations.models import Prefecture

pytestmark = pytest.mark.django_db


def counts():
    return (
        Prefecture.objects.count(), Subject.objects.count(), SubjectPage.objects.count(), CurriculumIndexPage.objects.count(),
        GroupPagePermission.objects.count(), WorkflowPage.objects.count(), Group.objects.count(),
    )


def test_setup_site_prepares_everything_but_people_and_can_run_again(settings):
    settings.SITE_URL = "https://lms.example.jp"
    call_command("setup_site")
    assert Prefecture.objects.count() == 47
    assert Subject.objects.exists() and SubjectPage.objects.count() == Subject.objects.count()
    assert set(Group.objects.values_list("name", flat=True)) >= {LECTURERS_GROUP, EDITORS_GROUP}
    index = CurriculumIndexPage.objects.get()
    assert WorkflowPage.objects.filter(page=index).exists()
    assert GroupPagePermission.objects.filter(group__name=EDITORS_GROUP, page=index, permission__codename="publish_page").exists()
    assert not GroupPagePermission.objects.filter(group__name=LECTURERS_GROUP, permission__codename="publish_page").exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.site_name, site.hostname, site.port) == (settings.WAGTAIL_SITE_NAME, "lms.example.jp", 443)
    assert not get_user_model().objects.exists()  # no demo people
    before = counts()
    call_command("setup_site")
    assert counts() == before
