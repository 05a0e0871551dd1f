"""Mail written in a request and sent by the worker, through the outbox.

Every email the site sends leaves this way. The site's EMAIL_BACKEND is OutboxBackend, so
whatever sends mail in a request (Django's send_mail, allauth's password reset, Wagtail's
moderation notices) only stores the rendered message; the worker delivers it through
EMAIL_DELIVERY_BACKEND (SMTP in production). An SMTP server that is down or slow never fails or
holds up the person's step, and the message is sent once the server is back.
"""

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from . import services

# The SMTP connection a chunk of messages shares (run_messages); None: one connection per mail.
_shared = ContextVar("outbox_mail_connection", default=None)


class OutboxBackend(BaseEmailBackend):
    """The site's EMAIL_BACKEND: each message goes into the outbox, to be delivered after the
    commit by the worker."""

    def send_messages(self, email_messages):
        for message in email_messages:
            send_email(message)
        return len(email_messages)


def delivery_connection():
    """A connection of the backend that really delivers (the chunk's shared one if open)."""
    return _shared.get() or get_connection(settings.EMAIL_DELIVERY_BACKEND)


@contextlib.contextmanager
def one_connection():
    """The mails sent inside go through one SMTP connection. It is opened here: a connection that a
    send opens itself is closed again after that send. A server that is down fails each mail in
    turn, which the outbox tries again later."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    _open_quietly(connection)
    token = _shared.set(connection)
    try:
        yield connection
    finally:
        _shared.reset(token)
        with contextlib.suppress(Exception):
            connection.close()


def reconnect():
    """After a failure the shared connection may be broken: open it afresh for the next mail."""
    connection = _shared.get()
    if connection is not None:
        with contextlib.suppress(Exception):
            connection.close()
        _open_quietly(connection)


def _open_quietly(connection):
    with contextlib.suppress(Exception):
        connection.open()


def send_mail(subject, body, recipients):
    """Send a plain mail from the site (a handler's, in the worker): through the chunk's shared
    connection when there is one. Returns the number sent, as Django's send_mail does."""
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(recipients), connection=delivery_connection()).send()


def send_email(message):
    """Queue an EmailMessage (or EmailMultiAlternatives) already rendered; it is sent after the
    current transaction commits."""
    return services.send(
        deliver_email,
        subject=str(message.subject),
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        alternatives=[[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    )


# Its arguments are wiped once sent: a password reset carries a link that signs the person in.
@services.handler("outbox.email", queue="mail", forget_arguments=True)
def deliver_email(subject, body, from_email, to, cc=(), bcc=(), reply_to=(), headers=None, alternatives=()):
    message = EmailMultiAlternatives(
        subject, body, from_email, list(to), bcc=list(bcc), cc=list(cc), reply_to=list(reply_to), headers=headers or {},
        connection=delivery_connection(),
    )
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message.send()
