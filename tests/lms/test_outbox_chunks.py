"""Many messages at once (an import's invitations) reach the broker in chunks over one connection
and the SMTP server over one connection per chunk, each mail once: a real Celery worker and a
real SMTP server."""

import datetime
import time

import pytest

from lms import clock
from lms.outbox import mail
from lms.outbox import services as outbox
from lms.outbox.models import Message

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.parts]


def test_250_mails_go_out_in_chunks_each_once(celery_worker, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.start()
    addresses = [f"person{n}@example.jp" for n in range(250)]
    arguments = [{"subject": "招待", "body": "本文", "from_email": "lms@example.jp", "to": [address]} for address in addresses]
    outbox.send_many(mail.deliver_email, arguments)  # committed at once (transactional test): published after it

    deadline = time.monotonic() + 60
    while len(smtp_server.received) < 250 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # a second sending of anything would arrive now
    delivered = sorted(recipient for envelope in smtp_server.received for recipient in envelope.rcpt_tos)
    assert delivered == sorted(addresses)  # every one, none twice
    assert len(smtp_server.connections) <= 3  # one SMTP connection per chunk of 100, not 250
    assert not Message.objects.filter(done_at__isnull=True).exists()
    assert not Message.objects.exclude(arguments={}).exists()  # the mails' contents are gone once sent


def test_a_chunk_goes_on_past_a_message_that_fails_over_one_connection_and_the_sweep_sends_it_later(smtp_server):
    smtp_server.start()
    messages = Message.objects.bulk_create([
        Message(handler="outbox.email", arguments={"subject": "s", "body": "b", "from_email": "lms@example.jp", "to": [address]})
        for address in ("a@example.jp", "broken\n@example.jp", "c@example.jp", "d@example.jp", "e@example.jp")
    ])
    assert outbox.run_messages([message.pk for message in messages]) == 1  # what a worker runs for one chunk
    assert sorted(r for e in smtp_server.received for r in e.rcpt_tos) == ["a@example.jp", "c@example.jp", "d@example.jp", "e@example.jp"]
    assert len(smtp_server.connections) <= 2  # one connection, opened again after the failure
    [failed] = Message.objects.filter(done_at__isnull=True)
    assert failed.attempts == 1 and "broken" not in failed.last_error.split(":")[0]
    assert outbox.republish_pending(now=clock.now() + datetime.timedelta(minutes=3)) == 1  # tried again, not lost
