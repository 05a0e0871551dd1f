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


def test_password_reset_sends_an_email(client, world, mailoutbox):
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
