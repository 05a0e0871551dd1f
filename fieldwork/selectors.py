"""Reads for fieldwork, each in a fixed number of queries; other apps call the last section."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _

from lms.fiscal import fiscal_year as fiscal_year_of
from lms.organisations.access import directed_centre_ids, staff_of
from lms.organisations.models import CENTRE_JOBS, Membership, Organisation
from lms.organisations.rules import years_of_experience

from . import rules
from .models import Block, EligibilityPolicy, Offer, Placement


@dataclass
class NomineeFacts:
    jobs: frozenset = frozenset()
    organisation_ids: frozenset = frozenset()
    centre_ids: frozenset = frozenset()
    experience_years: float = 0.0


def nominee_facts(person_ids, today):
    """Current jobs, organisations and years in centres for each person, in one query."""
    memberships = defaultdict(list)
    for membership in Membership.objects.filter(user_id__in=list(person_ids)).select_related("organisation"):
        memberships[membership.user_id].append(membership)
    facts = {}
    for person_id in person_ids:
        own = memberships.get(person_id, [])
        current = [m for m in own if m.is_current(today)]
        facts[person_id] = NomineeFacts(
            jobs=frozenset(m.job for m in current),
            organisation_ids=frozenset(m.organisation_id for m in current),
            centre_ids=frozenset(
                m.organisation_id for m in current if m.organisation.kind == Organisation.Kind.CENTRE and m.job in CENTRE_JOBS
            ),
            experience_years=years_of_experience(own, today),
        )
    return facts


def other_blocks_of(placement):
    """(start, end, host) of the blocks of the person's other accepted or completed placements."""
    return [
        (block.starts_on, block.ends_on, str(block.placement.offer.host))
        for block in Block.objects.filter(placement__person_id=placement.person_id, placement__status__in=Placement.HOLDING_PLACE)
        .exclude(placement=placement).select_related("placement__offer__host")
    ]


def policy_on(day):
    return rules.policy_in_force(list(EligibilityPolicy.objects.all()), day)


def nomination_candidates(director, offer, today):
    """The director's staff with, for each, None or the reason they cannot be nominated (three queries)."""
    centre_ids = directed_centre_ids(director, today)
    if not centre_ids:
        return []
    ids = staff_of(centre_ids, today)
    people = list(get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name"))
    facts = nominee_facts([person.pk for person in people], today)
    active = set(Placement.objects.filter(offer=offer, status__in=Placement.ACTIVE).values_list("person_id", flat=True))
    policy = policy_on(today)
    return [
        (person, rules.nomination_refusal(
            offer=offer, jobs=facts[person.pk].jobs, experience_years=facts[person.pk].experience_years, policy=policy,
            today=today, own_organisation_ids=facts[person.pk].organisation_ids, already_active=person.pk in active,
        ))
        for person in people
    ]


# --- Lists, by who is looking ----------------------------------------------------------------------

def offers_visible_to(access):
    offers = Offer.objects.with_places_taken().select_related("host__prefecture", "supervisor").order_by("-available_from", "-pk")
    if access.is_institute:
        return offers
    if not rules.can_use_fieldwork(access):
        return offers.none()
    return offers.filter(Q(status__in=[Offer.Status.PUBLISHED, Offer.Status.CLOSED]) | Q(host_id__in=access.host_ids))


def placements_visible_to(access):
    """Placements (and nominations) the viewer may read: see rules.can_view_placement."""
    placements = Placement.objects.select_related("offer__host", "person", "centre", "nominated_by")
    if access.is_institute:
        return placements
    return placements.filter(
        Q(person_id=access.user_id) | Q(centre_id__in=access.managed_centre_ids) | Q(offer__host_id__in=access.host_ids)
    )


def placement_with_details(pk):
    return (
        Placement.objects.select_related("offer__host", "offer__supervisor", "person", "centre", "nominated_by", "decided_by", "completed_by")
        .prefetch_related(
            Prefetch("blocks", queryset=Block.objects.select_related("reviewed_by").prefetch_related("logs")),
        )
        .get(pk=pk)
    )


def waiting_for_host(access):
    """Nominations the viewer's host organisations have to decide on."""
    return placements_visible_to(access).filter(offer__host_id__in=access.host_ids, status=Placement.Status.NOMINATED)


def hosts():
    """Organisations hosting placements, with how many offers each has published."""
    from django.db.models import Count

    return (
        Organisation.objects.filter(is_fieldwork_host=True)
        .select_related("prefecture")
        .annotate(offer_count=Count("fieldwork_offers", filter=Q(fieldwork_offers__status__in=[Offer.Status.PUBLISHED, Offer.Status.CLOSED])))
        .order_by("prefecture_id", "name")
    )


def cost_totals(placements):
    """Travel, lodging, subsidy and what the centres bear, summed over the given placements (one query)."""
    # Cancelled placements count too: travel booked before a cancellation is still spent.
    totals = placements.exclude(status__in=[Placement.Status.NOMINATED, Placement.Status.DECLINED, Placement.Status.WITHDRAWN]).aggregate(
        travel=Sum("travel_cost"), lodging=Sum("lodging_cost"), subsidy=Sum("subsidy_amount"),
    )
    totals = {key: value or 0 for key, value in totals.items()}
    totals["borne"] = max(totals["travel"] + totals["lodging"] - totals["subsidy"], 0)
    return totals


# --- For other apps: the ledgers, the yearly plan, the handbook ------------------------------------

@dataclass(frozen=True)
class PlanItem:
    title: str
    url: str
    status: str


def placement_fiscal_year(placement):
    """Where the placement counts: the fiscal year its last block ends (as Off-JT counts where it ended)."""
    blocks = list(placement.blocks.all())
    if placement.fiscal_year:
        return placement.fiscal_year
    if blocks:
        return fiscal_year_of(max(block.ends_on for block in blocks))
    return fiscal_year_of(placement.offer.available_from)


def _fiscal_years_touched(placement, blocks):
    """Every fiscal year the placement's blocks (or, before scheduling, the offer's period) fall in."""
    spans = [(block.starts_on, block.ends_on) for block in blocks] or [(placement.offer.available_from, placement.offer.available_until)]
    return {year for start, end in spans for year in range(fiscal_year_of(start), fiscal_year_of(end) + 1)}


def placements_for_plan(person, fiscal_year):
    """The person's nominations and placements in the plan's year, for its fieldwork row (two queries).

    A placement whose blocks straddle 31 March appears in both years' plans.
    """
    placements = (
        Placement.objects.filter(person=person, status__in=Placement.ACTIVE)
        .select_related("offer__host").prefetch_related("blocks").order_by("nominated_at")
    )
    items = []
    for placement in placements:
        blocks = list(placement.blocks.all())
        if fiscal_year not in _fiscal_years_touched(placement, blocks):
            continue
        days = f" ({_('%(days)s days') % {'days': placement.days}})" if placement.days else ""
        items.append(PlanItem(
            title=f"{placement.offer.host} — {placement.offer.title}{days}", url=placement.get_absolute_url(),
            status=placement.get_status_display(),
        ))
    return items


def handbook_placements(person):
    """The person's accepted and completed placements with their blocks (two queries)."""
    return (
        Placement.objects.filter(person=person, status__in=Placement.HOLDING_PLACE)
        .select_related("offer__host").prefetch_related("blocks").order_by("nominated_at")
    )
