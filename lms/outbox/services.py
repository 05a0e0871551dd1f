"""The one way work leaves a request for the worker.

`send(handler, **arguments)` writes a Message in the caller's transaction and, once it commits,
hands it to Celery. When the broker is down the message waits in the database and the sweep
(`republish_pending`, run by beat every minute and by `manage.py outbox_flush`) sends it when the
broker is back. A handler runs at least once, so each one is written to be safe to run twice.
"""

import contextvars
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from kombu.exceptions import OperationalError as BrokerUnreachable

from lms import clock

from .models import Message

logger = logging.getLogger(__name__)

# A message that failed this many times is left for a person to look at (its last_error says why).
MAX_ATTEMPTS = 20
# Left alone this long after creation, so the sweep does not race the first publication.
GRACE = datetime.timedelta(seconds=60)


# What publishing raises when the broker cannot be reached (kombu wraps most; sockets may not).
BROKER_ERRORS = (BrokerUnreachable, ConnectionError, TimeoutError)

# Messages of the current request that the broker could not take (see OutboxMiddleware).
_waiting = contextvars.ContextVar("outbox_waiting", default=None)


def start_request():
    _waiting.set([])


def waiting_in_this_request():
    return list(_waiting.get() or [])


class Busy(Exception):
    """Raised by a handler whose work another worker is doing now: the message stays pending, and
    is tried again at `until` (when that worker's lease on the work runs out) if it is given."""

    def __init__(self, until=None):
        super().__init__(until)
        self.until = until


@dataclass(frozen=True)
class Handler:
    function: Callable
    # Whether the handler runs inside the transaction that holds the message's row: right for
    # short work such as an email (two workers never both send it), wrong for long work whose
    # progress others must see (a batch commits as it goes and makes itself safe to repeat).
    atomic: bool = True
    # Whether the message's arguments are wiped once it is done: a mail that carries a sign-in
    # link (a password reset) must not stay readable in the database after it has gone.
    forget_arguments: bool = False
    # The broker queue its messages wait in (settings.CELERY_TASK_QUEUES): workers can be given
    # queues of their own, so 10,000 invitations never hold up an issuance batch or a recount.
    queue: str = "default"


_handlers = {}
_names = {}


def handler(name, *, queue="default", atomic=True, forget_arguments=False):
    """Register the decorated function as the handler called `name` (stored in each message)."""
    def register(function):
        _handlers[name] = Handler(function, atomic, forget_arguments, queue)
        _names[function] = name
        return function
    return register


def send(function, **arguments):
    """Promise that the handler `function` will run with `arguments` (JSON values) after the
    current transaction commits."""
    message = Message.objects.create(handler=_names[function], arguments=arguments)
    transaction.on_commit(lambda: publish_many([(message.pk, message.handler)]))
    return message


def send_many(function, arguments_list):
    """`send` for many messages at once (one insert), e.g. the invitations of an import; they are
    published in chunks (see publish_many)."""
    messages = Message.objects.bulk_create([Message(handler=_names[function], arguments=arguments) for arguments in arguments_list])
    if messages:
        transaction.on_commit(lambda: publish_many([(message.pk, message.handler) for message in messages]))
    return messages


def queue_of(handler_name):
    entry = _handlers.get(handler_name)
    return entry.queue if entry else "default"


#: Messages per broker message when many are published at once: one round trip to the broker for
#: each chunk, and one SMTP connection for each chunk's mails (run_messages).
CHUNK = 100


def publish_many(messages):
    """Hand messages, (id, handler name) pairs, to the broker in chunks of one queue each, over one
    connection; returns how many it took. What the broker cannot take stays pending for the sweep.

    Without a broker (development, tests) the messages run here and now; if a handler fails the
    step that promised it stays saved, the message stays pending and the error goes to the logs.
    """
    ids = [message_id for message_id, _ in messages]
    Message.objects.filter(pk__in=ids).update(published_at=clock.now())
    if run_message.app.conf.task_always_eager:
        for message_id in ids:
            try:
                run(message_id)
            except Exception:
                logger.exception("Outbox message %s failed; it will be tried again", message_id)
        return len(ids)
    by_queue = {}
    for message_id, handler_name in messages:
        by_queue.setdefault(queue_of(handler_name), []).append(message_id)
    chunks = [(queue, chunk[i:i + CHUNK]) for queue, chunk in by_queue.items() for i in range(0, len(chunk), CHUNK)]
    taken = 0
    try:
        with run_messages.app.producer_or_acquire() as producer:
            for queue, chunk in chunks:
                if len(chunk) == 1:
                    run_message.apply_async((chunk[0],), queue=queue, producer=producer, retry=False)
                else:
                    run_messages.apply_async((chunk,), queue=queue, producer=producer, retry=False)
                taken += len(chunk)
    except BROKER_ERRORS as error:
        left = [message_id for _, chunk in chunks for message_id in chunk][taken:]
        logger.warning("%s outbox messages wait for the broker: %s", len(left), error)
        Message.objects.filter(pk__in=left, done_at__isnull=True).update(published_at=None, last_error=str(error)[:500])
        if (waiting := _waiting.get()) is not None:
            waiting.extend(left)
    return taken


# Acknowledged only once run, and put back when the worker dies mid-way: the message is run again.
@shared_task(name="lms.outbox.run_message", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_message(message_id):
    return run(message_id)


@shared_task(name="lms.outbox.run_messages", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_messages(message_ids):
    """A chunk of messages: each is run as run_message runs it (and may fail alone), their mails
    through one SMTP connection. Taking the chunk renews their lease (published_at), so the sweep
    leaves them alone while this worker goes through them."""
    from . import mail

    Message.objects.filter(pk__in=message_ids, done_at__isnull=True).update(published_at=clock.now())
    failed = 0
    with mail.one_connection():
        for message_id in message_ids:
            try:
                run(message_id)
            except Exception:
                failed += 1
                logger.exception("Outbox message %s failed; it will be tried again", message_id)
                mail.reconnect()
    return failed


def _try_again_at(message_id, moment):
    """Publish the message again for `moment`: the work is taken over as soon as the lease of the
    worker that had it runs out, rather than at the sweep's next pass. (A broker that is down
    leaves it to the sweep, as ever.)"""
    if moment is None or run_message.app.conf.task_always_eager:
        return
    delay = max((moment - clock.now()).total_seconds(), 0) + 1
    handler_name = Message.objects.filter(pk=message_id).values_list("handler", flat=True).first()
    try:
        run_message.apply_async((message_id,), countdown=delay, queue=queue_of(handler_name), retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Outbox message %s waits for the broker: %s", message_id, error)
        return
    Message.objects.filter(pk=message_id, done_at__isnull=True).update(published_at=moment)


def run(message_id):
    """Run one message's handler unless it has been done (the worker's side of `publish`).

    A failure is counted and kept on the message (outside the handler's transaction, which it
    rolls back) and raised again; the sweep tries again later, up to MAX_ATTEMPTS times.
    """
    message = Message.objects.filter(pk=message_id, done_at__isnull=True).first()
    if message is None:
        return "done before"
    entry = _handlers[message.handler]
    try:
        if not entry.atomic:
            try:
                result = entry.function(**message.arguments)
            except Busy as busy:
                _try_again_at(message_id, busy.until)
                return "busy"
            done = {"arguments": {}} if entry.forget_arguments else {}
            Message.objects.filter(pk=message.pk).update(done_at=clock.now(), attempts=F("attempts") + 1, **done)
            return result
        with transaction.atomic():
            message = Message.objects.select_for_update(skip_locked=True).filter(pk=message_id, done_at__isnull=True).first()
            if message is None:
                return "taken"
            result = entry.function(**message.arguments)
            message.done_at = clock.now()
            message.attempts += 1
            if entry.forget_arguments:
                message.arguments = {}
            message.save(update_fields=["done_at", "attempts", "arguments"])
        return result
    except Exception as error:
        Message.objects.filter(pk=message_id).update(attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:500])
        raise


def pending():
    return Message.objects.filter(done_at__isnull=True)


@shared_task(name="lms.outbox.republish_pending", ignore_result=True)
def republish_task():
    return republish_pending()


def republish_pending(now=None):
    """Publish again what the broker never took and what a dead worker left; returns how many."""
    now = now or clock.now()
    # A message published but not done after OUTBOX_STALE_SECONDS is published again: its worker
    # may have died (a live one that is merely slow makes the second run a harmless no-op).
    stale_after = datetime.timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    due = pending().filter(created_at__lte=now - GRACE, attempts__lt=MAX_ATTEMPTS).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now - stale_after)
    )
    return publish_many(list(due.values_list("pk", "handler")[:1000]))
