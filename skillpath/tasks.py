from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from lms.audit import selectors as history
from lms.organisations.models import CENTRE_MANAGER_JOBS, Membership
from lms.outbox import mail
from lms.outbox import services as outbox

from .models import TrainingPlan


@outbox.handler("skillpath.plan_event", queue="mail")
def notify_plan_event(event_id):
    """Email the person and the approvers about a step of the plan."""
    event = history.entry_with_actor(event_id)
    plan = TrainingPlan.objects.select_related("person").get(pk=event.object_id)
    managers = list(
        Membership.objects.current().filter(organisation_id=plan.centre_id, job__in=CENTRE_MANAGER_JOBS)
        .exclude(user_id=plan.person_id).select_related("user")
    )
    if event.to_status == TrainingPlan.Status.SUBMITTED or event.to_status == TrainingPlan.Status.SELF_EVALUATED:
        recipients = {m.user.email for m in managers}
    else:
        recipients = {plan.person.email}
    if event.actor:  # nobody is told of their own step
        recipients.discard(event.actor.email)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"event": event, "plan": plan, "url": settings.SITE_URL + plan.get_absolute_url()}
        subject = render_to_string("skillpath/email/plan_event_subject.txt", context).strip()
        body = render_to_string("skillpath/email/plan_event.txt", context)
    return mail.send_mail(subject, body, sorted(recipients))
