import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from lms import clock
from lms.organisations.models import Job, Membership
from lms.outbox import mail

from .models import Certificate, ReminderSent
from .rules import western_date
from .selectors import with_status

REMINDER_DAYS = (180, 90, 30)


@shared_task
def send_renewal_reminders(today=None):
    """Remind holders and their directors 180, 90 and 30 days before a renewal deadline (idempotent)."""
    today = datetime.date.fromisoformat(today) if today else clock.today()
    certificates = (
        Certificate.objects.filter(revoked_on__isnull=True, superseded_by__isnull=True)
        .select_related("holder", "subject", "record").prefetch_related("subject__renewal_policies")
    )
    sent = 0
    for certificate in with_status(certificates, today):
        if certificate.terms is None:
            continue
        days_left = (certificate.terms.deadline - today).days
        due = [days for days in REMINDER_DAYS if days_left <= days and days_left >= 0]
        if not due:
            continue
        days_before = min(due)
        if ReminderSent.objects.filter(certificate=certificate, days_before=days_before).exists():
            continue
        centres = Membership.objects.current(today).filter(user=certificate.holder).values("organisation_id")
        directors = Membership.objects.current(today).filter(organisation_id__in=centres, job=Job.DIRECTOR).select_related("user")
        recipients = {certificate.holder.email} | {m.user.email for m in directors}
        reminder = EmailMessage(
            f"[修了証] {certificate.subject.name} の更新期限が近づいています（{western_date(certificate.terms.deadline)}）",
            f"{certificate.holder.get_full_name()} さんの修了証 {certificate.serial}（{certificate.subject.name}）は "
            f"{western_date(certificate.terms.deadline)} までに更新講座の修了が必要です。\n\n{certificate.terms.explanation()}\n\n"
            f"{certificate.verification_url()}",
            settings.DEFAULT_FROM_EMAIL, sorted(recipients),
        )
        # The reminder is marked sent and its mail queued in one transaction: the outbox sends it
        # (again later if the SMTP server is down), and the next day's run never sends it twice.
        try:
            with transaction.atomic():
                ReminderSent.objects.create(certificate=certificate, days_before=days_before)
                mail.send_email(reminder)
        except IntegrityError:
            continue
        sent += 1
    return sent
