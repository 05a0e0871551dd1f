"""The one access rule every view uses.

A staff member sees their own records; a director or supervisor sees their centre's; the
institute sees everything; a lecturer sees only content.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from lms import clock

from .models import CENTRE_JOBS, CENTRE_MANAGER_JOBS, INSTITUTE_JOBS, Job, Membership, Organisation


@dataclass(frozen=True)
class Access:
    """What one signed-in person may see, worked out once per request."""

    user_id: int | None
    is_institute: bool = False
    is_editor: bool = False
    is_lecturer: bool = False
    jobs: frozenset = frozenset()
    centre_ids: frozenset = frozenset()
    managed_centre_ids: frozenset = frozenset()
    # Where the person is director: only there may they nominate staff and decide applications.
    # A director of centre A who is supervisor at centre B manages B but does not direct it.
    directed_centre_ids: frozenset = frozenset()
    coordinated_centre_ids: frozenset = frozenset()
    host_ids: frozenset = frozenset()

    @property
    def is_centre_staff(self):
        return bool(self.centre_ids)

    @property
    def is_manager(self):
        return bool(self.managed_centre_ids)

    @property
    def is_director(self):
        return bool(self.directed_centre_ids)

    def directs_any(self, centre_ids):
        """Whether the person is director of one of `centre_ids` (a person's current centres)."""
        return bool(self.directed_centre_ids & frozenset(centre_ids))

    @property
    def is_host(self):
        return bool(self.host_ids)

    @property
    def ojt_centre_ids(self):
        """Centres whose OJT programme the person runs: as coordinator, supervisor or director."""
        return self.coordinated_centre_ids | self.managed_centre_ids


ANONYMOUS = Access(user_id=None)


def access_for(user) -> Access:
    """Return (and cache on the user object) what `user` may see today."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_lms_access", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.current(clock.today())
        .filter(user=user)
        .values_list("job", "organisation_id", "organisation__kind")
    )
    jobs = frozenset(job for job, _, _ in memberships)
    centre = Organisation.Kind.CENTRE
    access = Access(
        user_id=user.pk,
        is_institute=user.is_superuser or bool(jobs & INSTITUTE_JOBS),
        is_editor=user.is_superuser or Job.INSTITUTE_EDITOR in jobs,
        is_lecturer=Job.LECTURER in jobs,
        jobs=jobs,
        centre_ids=frozenset(org for job, org, kind in memberships if kind == centre and job in CENTRE_JOBS),
        managed_centre_ids=frozenset(
            org for job, org, kind in memberships if kind == centre and job in CENTRE_MANAGER_JOBS
        ),
        directed_centre_ids=frozenset(
            org for job, org, kind in memberships if kind == centre and job == Job.DIRECTOR
        ),
        coordinated_centre_ids=frozenset(
            org for job, org, kind in memberships if kind == centre and job == Job.OJT_COORDINATOR
        ),
        host_ids=frozenset(org for job, org, _ in memberships if job == Job.HOST_SUPERVISOR),
    )
    user._lms_access = access
    return access


def staff_managed_by(viewer):
    """User ids of the current staff of the centres `viewer` directs or supervises (a subquery)."""
    centre_ids = access_for(viewer).managed_centre_ids
    return Membership.objects.current().filter(organisation_id__in=centre_ids, job__in=CENTRE_JOBS).values("user_id")


def people_visible_to(viewer):
    """The people whose training records `viewer` may read, as a queryset of users."""
    User = get_user_model()
    access = access_for(viewer)
    if access.is_institute:
        return User.objects.all()
    if not access.user_id:
        return User.objects.none()
    return User.objects.filter(Q(pk=viewer.pk) | Q(pk__in=staff_managed_by(viewer)))


def staff_directed_by(viewer):
    """User ids of the current staff of the centres `viewer` directs (a subquery)."""
    centre_ids = access_for(viewer).directed_centre_ids
    return Membership.objects.current().filter(organisation_id__in=centre_ids, job__in=CENTRE_JOBS).values("user_id")


def manages(viewer, person) -> bool:
    """Whether `person` works at a centre `viewer` directs or supervises (so may verify, sign off, cancel)."""
    centre_ids = access_for(viewer).managed_centre_ids
    staff = Membership.objects.current().filter(user=person, organisation_id__in=centre_ids, job__in=CENTRE_JOBS)
    return bool(centre_ids) and staff.exists()


def can_view_records_of(viewer, person) -> bool:
    """Whether `viewer` may read `person`'s training records (handbook, plans, hours)."""
    access = access_for(viewer)
    if not access.user_id:
        return False
    return access.user_id == person.pk or access.is_institute or manages(viewer, person)


def directed_centre_ids(user, on):
    """Centres where `user` is director on day `on` (for a day other than today's Access)."""
    return frozenset(
        Membership.objects.current(on).in_centres().filter(user=user, job=Job.DIRECTOR).values_list("organisation_id", flat=True)
    )


def require_records_access(viewer, person):
    if not can_view_records_of(viewer, person):
        raise PermissionDenied
    return person


def centre_of(person, on=None):
    """The centre a person currently works at (their earliest current centre job), or None."""
    membership = (
        Membership.objects.current(on or clock.today())
        .in_centres()
        .filter(user=person)
        .select_related("organisation")
        .order_by("started_on")
        .first()
    )
    return membership.organisation if membership else None
