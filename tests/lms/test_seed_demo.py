import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lms.organisations.models import Job, Membership, Organisation

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": get_user_model().objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_seed_demo_is_idempotent_and_covers_every_role():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert Organisation.objects.filter(kind=Organisation.Kind.CENTRE).count() == 3
    assert Organisation.objects.filter(kind=Organisation.Kind.CENTRE).values("prefecture").distinct().count() == 2
    assert 28 <= Membership.objects.in_centres().values("user").distinct().count() <= 35
    held = set(Membership.objects.values_list("job", flat=True))
    assert {job.value for job in Job} - {Job.LIAISON} <= held
    assert Membership.objects.filter(job=Job.LECTURER).values("user").distinct().count() >= 2


def test_demo_login_works(client):
    call_command("seed_demo", verbosity=0)
    response = client.post("/accounts/login/", {"login": "kita.supporter1@example.jp", "password": "demo-pass-2026"})
    assert response.status_code == 302


def test_every_demo_page_opens_in_the_editor(client, settings, tmp_path):
    """An editor can open every page the demo builds (a fixture's stray <br> once made one answer 500)."""
    from wagtail.models import Page

    from tests.conftest import passed_totp

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    call_command("seed_demo", verbosity=0)
    editor = get_user_model().objects.filter(memberships__job=Job.INSTITUTE_EDITOR).first()
    client.force_login(editor)
    passed_totp(client, editor)  # the demo gives institute accounts their TOTP device
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() > 10
    answers = {page.url_path: client.get(f"/admin/pages/{page.pk}/edit/").status_code for page in pages}
    assert set(answers.values()) == {200}, answers
