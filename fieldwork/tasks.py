from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from lms import clock
from lms.audit import selectors as history
from lms.organisations.models import CENTRE_MANAGER_JOBS, Job, Membership, Organisation
from lms.outbox import mail
from lms.outbox import services as outbox

from .models import HostInvitation, Offer, Placement


def _render(template, context):
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"fieldwork/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"fieldwork/email/{template}.txt", context)
    return subject, body


def _host_supervisor_emails(host_id):
    return set(
        Membership.objects.current().filter(organisation_id=host_id, job=Job.HOST_SUPERVISOR).values_list("user__email", flat=True)
    )


def _sending_centre_emails(centre_id):
    return set(
        Membership.objects.current().filter(organisation_id=centre_id, job__in=CENTRE_MANAGER_JOBS).values_list("user__email", flat=True)
    )


@outbox.handler("fieldwork.placement_event", queue="mail")
def notify_placement_event(event_id):
    """Email whoever acts next on a placement: the host for nominations and reviews, the centre and trainee otherwise."""
    event = history.entry_with_actor(event_id)
    placement = Placement.objects.select_related("offer__host", "person", "nominated_by").get(pk=event.object_id)
    action, Action = event.action, Placement.AuditAction
    to_host = {Action.NOMINATED, Action.SELF_REVIEWED, Action.REPORTED, Action.WITHDRAWN, Action.CANCELLED}
    to_centre = {Action.ACCEPTED, Action.DECLINED, Action.SCHEDULED, Action.COMPLETED, Action.CANCELLED}
    to_trainee = to_centre | {Action.REVIEW_CONFIRMED, Action.WITHDRAWN}
    recipients = set()
    if action in to_host:
        recipients |= _host_supervisor_emails(placement.offer.host_id)
    if action in to_centre:
        # The sending centre's director and supervisors now, not whoever nominated (they may have moved on).
        recipients |= _sending_centre_emails(placement.centre_id)
    if action in to_trainee:
        recipients.add(placement.person.email)
    if event.actor:  # nobody is told of their own step
        recipients.discard(event.actor.email)
    if not recipients:
        return 0
    subject, body = _render("placement_event", {"event": event, "placement": placement, "url": settings.SITE_URL + placement.get_absolute_url()})
    return mail.send_mail(subject, body, sorted(recipients))


@outbox.handler("fieldwork.host_invitation", queue="mail")
def send_host_invitation(invitation_id):
    invitation = HostInvitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    subject, body = _render("invitation", {"invitation": invitation, "url": settings.SITE_URL + invitation.get_absolute_url()})
    return mail.send_mail(subject, body, [invitation.email])


@outbox.handler("fieldwork.offer_announcement", queue="mail")
def announce_offer(offer_id):
    """Tell every centre director about a newly published offer, once, one message each (addresses
    stay private). The offer is marked announced in the transaction that queues one outbox mail
    per director: a second run queues nothing, and each mail is then sent once on its own, so a
    slow or failing SMTP server never holds this transaction open nor sends the others again."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update(of=("self",)).select_related("host").get(pk=offer_id)
        if offer.announced_at is not None or offer.status != Offer.Status.PUBLISHED:
            return 0
        directors = sorted(set(
            Membership.objects.current().filter(job=Job.DIRECTOR, organisation__kind=Organisation.Kind.CENTRE)
            .values_list("user__email", flat=True)
        ))
        subject, body = _render("offer_announcement", {"offer": offer, "url": settings.SITE_URL + offer.get_absolute_url()})
        outbox.send_many(mail.deliver_email, [
            {"subject": subject, "body": body, "from_email": settings.DEFAULT_FROM_EMAIL, "to": [email]} for email in directors
        ])
        offer.announced_at = clock.now()
        offer.save(update_fields=["announced_at"])
    return len(directors)
