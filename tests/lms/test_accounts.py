import pytest
from django.urls import reverse

from tests.conftest import give_totp
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_japanese_by_default(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="ja"' in response.content.decode()
    assert "ログイン" in response.content.decode()


def test_english_through_the_language_switcher(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("account_login"))
    assert 'lang="en"' in response.content.decode()
    assert "Sign In" in response.content.decode()


def test_sign_in_by_email_lands_on_the_role_home(client, world):
    response = client.post(reverse("account_login"), {"login": "supporter@example.jp", "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user == world.supporter
    assert response.request["PATH_INFO"] == "/"
    assert world.centre.name in response.content.decode()


def test_wrong_password_redisplays_with_the_email(client, world):
    response = client.post(reverse("account_login"), {"login": "supporter@example.jp", "password": "nope"})
    assert response.status_code == 200
    assert "supporter@example.jp" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_self_signup_is_closed(client):
    response = client.post(reverse("account_signup"), {"email": "new@example.jp", "password1": "x-Long-pass-1", "password2": "x-Long-pass-1"})
    assert "account/signup_closed.html" in [template.name for template in response.templates]
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="new@example.jp").exists()


def test_password_reset_sends_an_email(client, world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # through the outbox, after the commit
        client.post(reverse("account_reset_password"), {"email": "supporter@example.jp"})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["supporter@example.jp"]


def test_institute_staff_without_totp_must_set_it_up(client, world):
    client.force_login(world.institute_staff)
    response = client.get("/")
    assert response.status_code == 302 and reverse("mfa_activate_totp") in response["Location"]


def test_institute_staff_sign_in_asks_for_the_totp_code(client, world):
    code = give_totp(world.institute_staff)
    response = client.post(reverse("account_login"), {"login": "institute@example.jp", "password": PASSWORD})
    assert response.status_code == 302 and "2fa" in response["Location"]
    assert not client.get("/").wsgi_request.user.is_authenticated
    response = client.post(response["Location"], {"code": code()}, follow=True)
    assert response.wsgi_request.user == world.institute_staff
    assert response.request["PATH_INFO"] == "/"


def test_staff_without_totp_are_not_forced(client, world):
    client.force_login(world.supporter)
    assert client.get("/").status_code == 200


# --- One sign-in path: TOTP is checked per session, not per account ---------------------------

INSTITUTE_PAGES = ["/admin/", "/django-admin/", "/certificates/", "/sessions/new/"]


@pytest.mark.parametrize("login_path", ["/admin/login/", "/django-admin/login/"])
def test_a_password_alone_at_an_admin_login_never_reaches_an_institute_page(client, world, login_path):
    world.institute_staff.is_staff = True
    world.institute_staff.save()
    give_totp(world.institute_staff)
    response = client.post(login_path, {"username": "institute@example.jp", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for page in INSTITUTE_PAGES:
        response = client.get(page, follow=True)
        assert response.request["PATH_INFO"] == reverse("account_login"), page
        assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("login_path", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_forms_send_people_to_the_sign_in_page_keeping_a_safe_next(client, login_path):
    response = client.get(login_path + "?next=/admin/pages/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"
    response = client.get(login_path + "?next=https://evil.example/")
    assert response["Location"] == reverse("account_login")


def test_a_session_that_skipped_the_code_is_signed_out(client, world):
    give_totp(world.institute_staff)
    client.force_login(world.institute_staff)  # a password-only session, however it was made
    response = client.get("/certificates/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fcertificates%2F"
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_sign_in_with_the_code_reaches_institute_pages(client, world):
    code = give_totp(world.institute_staff)
    response = client.post(reverse("account_login"), {"login": "institute@example.jp", "password": PASSWORD})
    client.post(response["Location"], {"code": code()})
    assert client.get("/certificates/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth announces the new device on commit, as in production
def test_setting_up_totp_counts_as_passing_it_for_that_session(client, world):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    client.post(reverse("account_login"), {"login": "institute@example.jp", "password": PASSWORD})
    assert client.get("/certificates/")["Location"].startswith(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks before adding a device
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get("/certificates/").status_code == 200


def test_without_totp_only_the_set_up_pages_open(client, world):
    client.force_login(world.institute_staff)
    for path in ["/accounts/email/", "/accounts/password/change/", "/certificates/", "/handbook/"]:
        assert client.get(path)["Location"].startswith(reverse("mfa_activate_totp")), path


def test_wagtails_page_login_and_password_reset_are_not_other_ways_in(client, world):
    response = client.post("/_util/login/", {"username": "supporter@example.jp", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert client.post("/admin/password_reset/", {"email": "supporter@example.jp"}).status_code in (302, 404)
    from django.core import mail

    assert mail.outbox == []


def test_a_lecturer_passes_totp_before_entering_the_wagtail_admin(client, world):
    from curriculum import setup
    from curriculum.services import sync_content_groups
    from curriculum.setup import ensure_curriculum_pages

    setup.content_groups(ensure_curriculum_pages())
    sync_content_groups(world.lecturer)
    client.force_login(world.lecturer)  # password only
    assert client.get("/sessions/").status_code == 200  # the rest of the site needs no code
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))
    code = give_totp(world.lecturer)
    assert client.get("/admin/pages/")["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fpages%2F"
    client.post(reverse("mfa_reauthenticate"), {"code": code()})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/", "/django-admin/login/"])
def test_signed_in_people_without_admin_access_get_403_not_a_redirect_loop(login, world, path):
    for person in (world.director, world.supporter):
        assert login(person).get(path).status_code == 403


def test_a_lecturer_enters_wagtails_admin_but_not_djangos(login, world):
    from curriculum import setup
    from curriculum.services import sync_content_groups
    from curriculum.setup import ensure_curriculum_pages

    setup.content_groups(ensure_curriculum_pages())
    sync_content_groups(world.lecturer)
    client = login(world.lecturer)
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 403
