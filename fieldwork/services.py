"""Writes for fieldwork: invitations, offers, nominations, the blocks and their reviews, completion, costs.

Every step goes through fieldwork.workflow.PLACEMENT: one transaction, who and when checked, one history entry.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import policies
from lms.audit.services import record
from lms.directory import services as directory
from lms.fiscal import fiscal_year
from lms.organisations.access import access_for, directed_centre_ids
from lms.organisations.models import Job, Membership, Organisation
from lms.outbox import services as outbox

from . import rules, selectors
from .models import Block, DailyLog, EligibilityPolicy, HostInvitation, Offer, Placement
from .policies import ELIGIBILITY
from .tasks import announce_offer, notify_placement_event, send_host_invitation
from .workflow import INVITATION, OFFER, PLACEMENT

Action = Placement.AuditAction

#: Steps worth an email; the others stay in the history only.
NOTIFIED_ACTIONS = frozenset({
    Action.NOMINATED, Action.ACCEPTED, Action.DECLINED, Action.WITHDRAWN, Action.SCHEDULED, Action.SELF_REVIEWED,
    Action.REVIEW_CONFIRMED, Action.REPORTED, Action.COMPLETED, Action.CANCELLED,
})


def _notify(entry):
    if entry is not None and entry.action in NOTIFIED_ACTIONS:
        outbox.send(notify_placement_event, event_id=entry.pk)
    return entry


def _step(placement, action, by, *, note="", block=None, apply=None):
    """Take one step of the placement (lms.audit: lock, check who and when, change, one history entry)."""
    placement, entry = PLACEMENT.perform(
        placement, action, by, note=note, detail={"block": block.number} if block else None, apply=apply,
    )
    _notify(entry)
    return placement




def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _require_institute(by):
    _require(access_for(by).is_institute, rules.REFUSED_NOT_INSTITUTE)


def _require_host(by, host_id):
    _require(host_id in access_for(by).host_ids, rules.REFUSED_NOT_HOST)


# Locks are taken in one order, offer → placement → block, and only on the row named (`of=("self",)`):
# with select_related, a plain FOR UPDATE would also lock the joined rows and could deadlock.

def _lock_placement(placement):
    return Placement.objects.select_for_update(of=("self",)).select_related("offer").get(pk=placement.pk)


# --- Hosts ---------------------------------------------------------------------------------------

CREATED_FOR_INVITATION = _("Added for an invitation to host fieldwork placements.")
YES = _("yes")


@transaction.atomic
def invitation_send(*, by, contact_name, email, organisation=None, new_organisation_name="", prefecture=None, message=""):
    """The institute asks an organisation (an existing one, or a new related body) to host placements.

    The contact gets an email with a link to accept, creating their account if they have none.
    """
    _require_institute(by)
    if organisation is None:
        organisation = Organisation(kind=Organisation.Kind.RELATED_BODY, name=new_organisation_name.strip(), prefecture=prefecture)
        organisation.full_clean()
        organisation.save()
        record(organisation, Organisation.AuditAction.CREATED, by, note=str(CREATED_FOR_INVITATION))
    invitation = HostInvitation(
        organisation=organisation, contact_name=contact_name, email=email.lower(), message=message, invited_by=by,
    )
    invitation.full_clean()
    invitation.save()
    record(invitation, HostInvitation.AuditAction.SENT, by, to_status=invitation.status)
    outbox.send(send_host_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, by, today=None):
    """The contact accepts: their organisation becomes a host and they its supervisor."""
    invitation = HostInvitation.objects.select_for_update().get(pk=invitation.pk)
    if refusal := rules.invitation_refusal(invitation, today or clock.today(), email=by.email):
        raise ValidationError(refusal)
    def accept(invitation):
        organisation = invitation.organisation
        if not organisation.is_fieldwork_host:
            organisation.is_fieldwork_host = True
            organisation.save(update_fields=["is_fieldwork_host"])
            record(organisation, Organisation.AuditAction.EDITED, by, detail={"changes": {"is_fieldwork_host": ["", str(YES)]}})
        holds = Membership.objects.current().filter(user=by, organisation=organisation, job=Job.HOST_SUPERVISOR).exists()
        if not holds:
            granted = Membership.objects.create(user=by, organisation=organisation, job=Job.HOST_SUPERVISOR, started_on=clock.today())
            directory.record_job_granted(granted, by=by)
        invitation.answered_by, invitation.answered_at = by, clock.now()

    invitation, _entry = INVITATION.perform(invitation, HostInvitation.Status.ACCEPTED, by, apply=accept)
    by.__dict__.pop("_lms_access", None)
    return invitation


@transaction.atomic
def invitation_decline(*, invitation, by=None, today=None):
    """Declining needs no account: the link itself is the proof."""
    invitation = HostInvitation.objects.select_for_update().get(pk=invitation.pk)
    email = by.email if by is not None and by.is_authenticated else None
    if refusal := rules.invitation_refusal(invitation, today or clock.today(), email=email):
        raise ValidationError(refusal)
    answered_by = by if email else None

    def decline(invitation):
        invitation.answered_by, invitation.answered_at = answered_by, clock.now()

    invitation, _entry = INVITATION.perform(invitation, HostInvitation.Status.DECLINED, answered_by, apply=decline)
    return invitation


@transaction.atomic
def host_account_create(*, invitation, last_name, first_name, password, today=None):
    """A contact without an account creates one from the invitation, then accepts it."""
    if refusal := rules.invitation_refusal(invitation, today or clock.today()):
        raise ValidationError(refusal)
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(rules.REFUSED_INVITATION_OTHER_EMAIL % {"email": invitation.email})
    user = User(email=invitation.email, last_name=last_name, first_name=first_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    invitation_accept(invitation=invitation, by=user, today=today)
    return user


# --- Offers --------------------------------------------------------------------------------------

OFFER_FIELDS = (
    "title", "themes", "description", "supervision", "supervisor", "places", "available_from", "available_until",
    "applications_close_on", "location", "lodging",
)


def _check_offer(offer):
    if refusal := rules.offer_period_refusal(
        available_from=offer.available_from, available_until=offer.available_until, applications_close_on=offer.applications_close_on,
    ):
        raise ValidationError({"available_until": refusal})
    _check_supervisor(offer)


def _check_supervisor(offer):
    host_staff = Membership.objects.current().filter(organisation_id=offer.host_id, job=Job.HOST_SUPERVISOR)
    if not host_staff.filter(user_id=offer.supervisor_id).exists():
        raise ValidationError({"supervisor": rules.REFUSED_NOT_HOST_SUPERVISOR})


@transaction.atomic
def offer_create(*, host, by, **fields):
    _require_host(by, host.pk)
    offer = Offer(host=host, created_by=by, **{name: fields[name] for name in OFFER_FIELDS if name in fields})
    offer.full_clean()
    _check_offer(offer)
    offer.save()
    record(offer, Offer.AuditAction.CREATED, by, to_status=offer.status)
    return offer


def offer_update(*, offer, by, **fields):
    """The host edits a draft; once sent, the institute returns it for changes."""
    def update(offer):
        for name in OFFER_FIELDS:
            if name in fields:
                setattr(offer, name, fields[name])
        offer.full_clean()
        _check_offer(offer)

    offer, _entry = OFFER.perform(offer, Offer.AuditAction.EDITED, by, apply=update)
    return offer


def _open(offer):
    if refusal := rules.offer_open_refusal(offer, clock.today()):
        raise ValidationError(refusal)


def offer_propose(*, offer, by):
    offer, _entry = OFFER.perform(offer, Offer.Status.PROPOSED, by, apply=_open)
    return offer


def offer_return(*, offer, by, comment):
    def give_back(offer):
        if not comment.strip():
            raise ValidationError(rules.REFUSED_REASON_REQUIRED)
        offer.institute_comment = comment.strip()

    offer, _entry = OFFER.perform(offer, Offer.AuditAction.RETURNED, by, note=comment.strip(), apply=give_back)
    return offer


@transaction.atomic
def offer_publish(*, offer, by):
    """The institute publishes the offer to every centre and announces it to their directors."""
    def publish(offer):
        _open(offer)
        offer.published_by, offer.published_at = by, clock.now()

    offer, _entry = OFFER.perform(offer, Offer.Status.PUBLISHED, by, apply=publish)
    outbox.send(announce_offer, offer_id=offer.pk)
    return offer


def offer_close(*, offer, by):
    """No more nominations; those already made still wait for the host's decision."""
    offer, _entry = OFFER.perform(offer, Offer.Status.CLOSED, by)
    return offer


# --- Nominations ---------------------------------------------------------------------------------

def nomination_refusal_for(offer, person, today):
    """Why `person` may not be nominated for `offer` today (None when they may), from the database."""
    facts = selectors.nominee_facts([person.pk], today)[person.pk]
    return rules.nomination_refusal(
        offer=offer, jobs=facts.jobs, experience_years=facts.experience_years, policy=selectors.policy_on(today),
        today=today, own_organisation_ids=facts.organisation_ids,
        already_active=Placement.objects.filter(offer=offer, person=person, status__in=Placement.ACTIVE).exists(),
    )


@transaction.atomic
def nominate(*, offer, person, by, reason, preferred_period="", today=None):
    """A centre director nominates one of their staff, saying why; the host then decides."""
    today = today or clock.today()
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    OFFER.require(offer, "nominate", by)
    centre_ids = selectors.nominee_facts([person.pk], today)[person.pk].centre_ids & directed_centre_ids(by, today)
    _require(centre_ids, rules.REFUSED_NOT_DIRECTOR)
    if refusal := nomination_refusal_for(offer, person, today):
        raise ValidationError(refusal)
    placement = Placement(
        offer=offer, person=person, centre_id=min(centre_ids), nominated_by=by,
        nomination_reason=reason.strip(), preferred_period=preferred_period.strip(),
    )
    placement.full_clean()
    placement.save()
    _notify(record(placement, Action.NOMINATED, by, to_status=placement.status, note=placement.nomination_reason))
    return placement


def nomination_withdraw(*, placement, by):
    return _step(placement, Action.WITHDRAWN, by)


@transaction.atomic
def nomination_accept(*, placement, by):
    """The host takes the person, if a place is left (the offer row is locked, so two hosts cannot both take the last one)."""
    offer = Offer.objects.select_for_update().get(pk=placement.offer_id)

    def accept(placement):
        if refusal := rules.acceptance_refusal(offer=offer, places_taken=offer.placements.holding_place().count()):
            raise ValidationError(refusal)
        placement.decided_by, placement.decided_at, placement.decision_reason = by, clock.now(), ""

    return _step(placement, Action.ACCEPTED, by, apply=accept)


def nomination_decline(*, placement, by, reason):
    def decline(placement):
        if not reason.strip():
            raise ValidationError(rules.REFUSED_REASON_REQUIRED)
        placement.decided_by, placement.decided_at, placement.decision_reason = by, clock.now(), reason.strip()

    return _step(placement, Action.DECLINED, by, note=reason.strip(), apply=decline)


# --- The three blocks ----------------------------------------------------------------------------

def blocks_schedule(*, placement, by, dates, today=None):
    """The host sets (or moves) the three blocks' dates; a block that has started keeps its dates."""
    today = today or clock.today()

    def schedule(placement):
        offer = placement.offer
        errors = rules.schedule_errors(dates, available_from=offer.available_from, available_until=offer.available_until)
        existing = {block.number: block for block in placement.blocks.all()}
        logged = set(DailyLog.objects.filter(block__placement=placement).values_list("block__number", flat=True))
        for new in dates:
            old = existing.get(new.number)
            if old is not None and (old.starts_on, old.ends_on) == (new.starts_on, new.ends_on):
                continue
            if old is not None and rules.has_started(old, today, has_logs=old.number in logged):
                errors.append(rules.REFUSED_BLOCK_STARTED % {"number": old.number})
            elif refusal := rules.start_refusal(new, today):
                errors.append(refusal)
        errors += rules.clash_errors(dates, selectors.other_blocks_of(placement))
        if errors:
            raise ValidationError(errors)
        for new in dates:
            Block.objects.update_or_create(
                placement=placement, number=new.number, defaults={"starts_on": new.starts_on, "ends_on": new.ends_on},
            )

    note = " / ".join(f"{d.number}: {d.starts_on:%Y-%m-%d}–{d.ends_on:%Y-%m-%d}" for d in sorted(dates, key=lambda d: d.number))
    return _step(placement, Action.SCHEDULED, by, note=note, apply=schedule)


def _block_step(block, action, by, change, *, note=""):
    """A step taken on one block: the placement row is locked first, then the block (the one lock order)."""
    changed = []

    def apply(placement):
        locked = Block.objects.select_for_update(of=("self",)).get(pk=block.pk)
        locked.placement = placement
        change(locked)
        changed.append(locked)

    placement = Placement(pk=block.placement_id)
    placement, entry = PLACEMENT.perform(placement, action, by, note=note, detail={"block": block.number}, apply=apply)
    _notify(entry)
    return changed[0]


def _lock_block(block):
    placement = _lock_placement(Placement(pk=block.placement_id))
    block = Block.objects.select_for_update(of=("self",)).get(pk=block.pk)
    block.placement = placement
    return block


def block_set_goal(*, block, by, goal, today=None):
    """The trainee sets the block's goal, before it starts."""
    def set_goal(block):
        if refusal := rules.goal_refusal(block, today or clock.today()):
            raise ValidationError(refusal)
        if not goal.strip():
            raise ValidationError(rules.REFUSED_GOAL_EMPTY)
        block.goal, block.goal_set_at = goal.strip(), clock.now()
        block.save(update_fields=["goal", "goal_set_at"])

    return _block_step(block, Action.GOAL_SET, by, set_goal)


@transaction.atomic
def log_write(*, block, by, date, activities, learning="", today=None):
    """Write (or rewrite) the log of one day of a block (the log is its own record: no history entry)."""
    block = _lock_block(block)
    PLACEMENT.require(block.placement, Action.LOGGED, by)
    if refusal := rules.log_refusal(block, date, today or clock.today()):
        raise ValidationError(refusal)
    log, _created = DailyLog.objects.update_or_create(
        block=block, date=date, defaults={"activities": activities.strip(), "learning": learning.strip()},
    )
    return log


def block_self_review(*, block, by, attainment, review, today=None):
    """The trainee's side of the block review: how far the goal was reached, and what they take from it."""
    def self_review(block):
        if refusal := rules.self_review_refusal(block, today or clock.today()):
            raise ValidationError(refusal)
        block.attainment, block.self_review = attainment, review.strip()
        block.full_clean(exclude=["placement"])
        block.save(update_fields=["attainment", "self_review"])

    return _block_step(block, Action.SELF_REVIEWED, by, self_review)


def block_confirm_review(*, block, by, comment):
    """The host's supervisor confirms the review they held with the trainee, with their comment."""
    def confirm(block):
        if refusal := rules.review_confirm_refusal(block):
            raise ValidationError(refusal)
        block.supervisor_comment = comment.strip()
        block.reviewed_by, block.reviewed_at = by, clock.now()
        block.save(update_fields=["supervisor_comment", "reviewed_by", "reviewed_at"])

    return _block_step(block, Action.REVIEW_CONFIRMED, by, confirm, note=comment.strip())


def report_submit(*, placement, by, report):
    def submit(placement):
        if refusal := rules.report_refusal(list(placement.blocks.all())):
            raise ValidationError(refusal)
        if not report.strip():
            raise ValidationError({"report": rules.REFUSED_REPORT_EMPTY})
        placement.report, placement.report_submitted_at = report.strip(), clock.now()

    return _step(placement, Action.REPORTED, by, apply=submit)


def placement_complete(*, placement, by):
    """The host confirms completion: the working days of the blocks count in the fiscal year the placement ended."""
    def complete(placement):
        blocks = list(placement.blocks.all())
        if refusal := rules.report_refusal(blocks):
            raise ValidationError(refusal)
        if not placement.report:
            raise ValidationError(rules.REFUSED_COMPLETE_NO_REPORT)
        placement.completed_on = max(block.ends_on for block in blocks)
        placement.fiscal_year = fiscal_year(placement.completed_on)
        placement.days = sum(rules.working_days(block.starts_on, block.ends_on) for block in blocks)
        placement.completed_by = by

    return _step(placement, Action.COMPLETED, by, apply=complete)


def placement_cancel(*, placement, by, reason):
    """The sending centre or the host calls off an accepted placement; its place is free again."""
    def cancel(placement):
        if not reason.strip():
            raise ValidationError(rules.REFUSED_REASON_REQUIRED)
        placement.decision_reason = reason.strip()

    return _step(placement, Action.CANCELLED, by, note=reason.strip(), apply=cancel)


def costs_record(*, placement, by, travel_cost, lodging_cost, subsidy_applies, subsidy_amount, costs_note=""):
    """Travel and lodging are borne by the sending centre; a subsidy, where one applies, is taken off."""
    def record_costs(placement):
        refusal = rules.costs_refusal(
            travel_cost=travel_cost, lodging_cost=lodging_cost, subsidy_applies=subsidy_applies, subsidy_amount=subsidy_amount,
        )
        if refusal:
            raise ValidationError(refusal)
        placement.travel_cost, placement.lodging_cost = travel_cost, lodging_cost
        placement.subsidy_applies, placement.subsidy_amount = subsidy_applies, subsidy_amount if subsidy_applies else None
        placement.costs_note = costs_note.strip()
        placement.full_clean()

    return _step(placement, Action.COSTS, by, apply=record_costs)


# --- Eligibility ---------------------------------------------------------------------------------

@transaction.atomic
def policy_add(*, by, effective_from, open_to, min_experience_years, note=""):
    """The institute widens (or narrows) who may be nominated, from a date on."""
    policy = EligibilityPolicy(effective_from=effective_from, open_to=open_to, min_experience_years=min_experience_years, note=note)
    return policies.save_version(kind=ELIGIBILITY, policy=policy, by=by)
