"""Every mail leaves through the outbox, allauth's too, and an SMTP server that is down loses
none of them: a real SMTP server (aiosmtpd) is down, then up; each mail arrives once."""

import datetime
import re

import pytest
from django.test import Client

from lms import clock
from lms.outbox import services as outbox
from lms.outbox.models import Message

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.parts]  # real commits: the outbox publishes after them


def reset_link(envelope):
    text = envelope.content.decode("utf-8", "replace")
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+", text.replace("=\r\n", "").replace("=3D", "=")).group(0)


def test_a_password_reset_asked_while_smtp_is_down_shows_the_usual_page_and_arrives_once_when_it_is_back(world, smtp_server):
    person = world.supporter
    response = Client().post("/accounts/password/reset/", {"email": person.email}, follow=True)

    # The person sees allauth's usual page, not an error, and the mail waits in the outbox.
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    [message] = Message.objects.filter(handler="outbox.email")
    assert message.done_at is None and "Connection refused" in message.last_error
    assert message.arguments["to"] == [person.email]

    # The server is back: the sweep (beat, every minute) sends it, and only once.
    smtp_server.start()
    assert outbox.republish_pending(now=clock.now() + datetime.timedelta(minutes=3)) == 1
    assert outbox.republish_pending(now=clock.now() + datetime.timedelta(minutes=10)) == 0
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == [person.email]

    # What was sent is gone from the database (the link signs the person in), and the link works.
    message.refresh_from_db()
    assert message.done_at is not None and message.arguments == {}
    path = reset_link(envelope).split("://", 1)[1].split("/", 1)[1]
    page = Client().get("/" + path, follow=True)
    assert 'name="password1"' in page.content.decode()


def test_a_password_reset_while_smtp_is_up_is_sent_at_once_through_the_outbox(world, smtp_server):
    smtp_server.start()
    Client().post("/accounts/password/reset/", {"email": world.supporter.email})
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == [world.supporter.email]
    assert Message.objects.get(handler="outbox.email").done_at is not None


def test_mail_sent_any_other_way_goes_through_the_outbox_too(world, smtp_server):
    """Django's send_mail, as Wagtail's moderation notices and allauth use it: queued, not sent in
    the request; delivered by the worker once the SMTP server answers."""
    from django.core.mail import send_mail

    assert send_mail("審査のお願い", "本文", None, ["editor@example.jp"]) == 1  # the server is down: nothing fails
    [message] = Message.objects.filter(handler="outbox.email", arguments__to=["editor@example.jp"])
    assert message.done_at is None
    smtp_server.start()
    assert outbox.republish_pending(now=clock.now() + datetime.timedelta(minutes=3)) == 1
    assert [envelope.rcpt_tos for envelope in smtp_server.received] == [["editor@example.jp"]]
