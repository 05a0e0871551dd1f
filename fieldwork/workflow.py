"""The steps of a fieldwork placement: who takes each, and from which state."""

from lms.audit.services import Transition, Workflow
from lms.organisations.access import access_for

from . import rules
from .models import HostInvitation, Offer, Placement

Status = Placement.Status
Action = Placement.AuditAction
NOMINATED = frozenset({Status.NOMINATED})
ACCEPTED = frozenset({Status.ACCEPTED})


def _host(user, placement):
    return None if placement.offer.host_id in access_for(user).host_ids else rules.REFUSED_NOT_HOST


def _trainee(user, placement):
    return None if placement.person_id == user.pk else rules.REFUSED_NOT_TRAINEE


def _sending_centre(user, placement):
    return None if placement.centre_id in access_for(user).managed_centre_ids else rules.REFUSED_NOT_SENDING_CENTRE


def _sending_centre_or_host(user, placement):
    access = access_for(user)
    if placement.centre_id in access.managed_centre_ids or placement.offer.host_id in access.host_ids:
        return None
    return rules.REFUSED_NOT_SENDING_CENTRE


PLACEMENT = Workflow(Placement, [
    Transition(Action.ACCEPTED, NOMINATED, Status.ACCEPTED, _host),
    Transition(Action.DECLINED, NOMINATED, Status.DECLINED, _host),
    Transition(Action.WITHDRAWN, NOMINATED, Status.WITHDRAWN, _sending_centre),
    Transition(Action.SCHEDULED, ACCEPTED, None, _host),
    Transition(Action.GOAL_SET, ACCEPTED, None, _trainee),
    Transition(Action.LOGGED, ACCEPTED, None, _trainee),
    Transition(Action.SELF_REVIEWED, ACCEPTED, None, _trainee),
    Transition(Action.REVIEW_CONFIRMED, ACCEPTED, None, _host),
    Transition(Action.REPORTED, ACCEPTED, None, _trainee),
    Transition(Action.COMPLETED, ACCEPTED, Status.COMPLETED, _host),
    Transition(Action.CANCELLED, ACCEPTED, Status.CANCELLED, _sending_centre_or_host),
    # A cancelled placement may already have cost travel; the centre still records it.
    Transition(Action.COSTS, frozenset({Status.ACCEPTED, Status.COMPLETED, Status.CANCELLED}), None, _sending_centre),
], wrong_step=rules.REFUSED_WRONG_STEP)


def _offer_host(user, offer):
    return None if offer.host_id in access_for(user).host_ids else rules.REFUSED_NOT_HOST


def _institute(user, offer):
    return None if access_for(user).is_institute else rules.REFUSED_NOT_INSTITUTE


def _offer_host_or_institute(user, offer):
    access = access_for(user)
    return None if access.is_institute or offer.host_id in access.host_ids else rules.REFUSED_NOT_HOST


def _centre_director(user, offer):
    return None if access_for(user).is_director else rules.REFUSED_NOT_DIRECTOR


OfferStatus = Offer.Status
DRAFT = frozenset({OfferStatus.DRAFT})
PROPOSED = frozenset({OfferStatus.PROPOSED})

OFFER = Workflow(Offer, [
    Transition(Offer.AuditAction.EDITED, DRAFT, None, _offer_host),
    Transition(OfferStatus.PROPOSED, DRAFT, OfferStatus.PROPOSED, _offer_host),
    Transition(Offer.AuditAction.RETURNED, PROPOSED, OfferStatus.DRAFT, _institute),
    Transition(OfferStatus.PUBLISHED, PROPOSED, OfferStatus.PUBLISHED, _institute),
    Transition(OfferStatus.CLOSED, frozenset({OfferStatus.PUBLISHED}), OfferStatus.CLOSED, _offer_host_or_institute),
    Transition("nominate", frozenset({OfferStatus.PUBLISHED}), None, _centre_director),
], wrong_step=rules.REFUSED_OFFER_STEP)


def _link_holder(user, invitation):
    """The invitation's link is the credential (the view found it by its token); who may answer,
    and until when, is the invitation rule's to say (rules.invitation_refusal)."""
    return None


SENT = frozenset({HostInvitation.Status.SENT})

INVITATION = Workflow(HostInvitation, [
    Transition(HostInvitation.Status.ACCEPTED, SENT, HostInvitation.Status.ACCEPTED, _link_holder),
    Transition(HostInvitation.Status.DECLINED, SENT, HostInvitation.Status.DECLINED, _link_holder),
])
