"""The one access rule every view uses.

A staff member sees their own records; a director or supervisor sees their centre's; the
institute sees everything; a prefectural office reads its prefecture's centres and staff; a
lecturer sees only content.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q

from lms import clock

from .models import CENTRE_JOBS, CENTRE_MANAGER_JOBS, Job, Membership, Organisation


@dataclass(frozen=True)
class Access:
    """What one signed-in person may see, worked out once per request."""

    user_id: int | None
    # The institute's staff: every centre's records, sessions, certificates, the directory and policies.
    is_institute: bool = False
    # The textbook and programme committee: course content (in Wagtail) and course evaluations only.
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
    # Prefectures (JIS codes) whose office the person works in: they read its centres and staff.
    prefecture_codes: frozenset = frozenset()

    @property
    def works_at_institute(self):
        """Staff or editor: an institute account, which must pass TOTP in every session."""
        return self.is_institute or self.is_editor

    @property
    def is_prefecture(self):
        return bool(self.prefecture_codes)

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
        .values_list("job", "organisation_id", "organisation__kind", "organisation__prefecture_id")
    )
    memberships, prefectures = [row[:3] for row in memberships], [row[3] for row in memberships if row[2] == Organisation.Kind.PREFECTURE]
    jobs = frozenset(job for job, _, _ in memberships)
    centre = Organisation.Kind.CENTRE
    access = Access(
        user_id=user.pk,
        is_institute=is_site_administrator(user) or Job.INSTITUTE_STAFF in jobs,
        is_editor=is_site_administrator(user) or Job.INSTITUTE_EDITOR in jobs,
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
        prefecture_codes=frozenset(code for code in prefectures if code is not None),
    )
    user._lms_access = access
    return access


def is_site_administrator(user) -> bool:
    """An account made with createsuperuser: the institute's, with every power, and belonging to no centre."""
    return user.is_superuser


def may_enter_admin(user, path) -> bool:
    """Wagtail's admin for lecturers and editors (by their Wagtail permission); Django's for staff accounts."""
    if path.startswith("/django-admin/"):
        return user.is_staff or is_site_administrator(user)
    return is_site_administrator(user) or user.has_perm("wagtailadmin.access_admin")


def staff_of(centres, on=None):
    """User ids (a subquery) of the people working at one of `centres` (ids or a queryset) on `on`."""
    return Membership.objects.staff_posts(centres, on).values("user_id")


def staff_managed_by(viewer):
    """User ids of the current staff of the centres `viewer` directs or supervises (a subquery)."""
    return staff_of(access_for(viewer).managed_centre_ids)


def people_visible_to(viewer):
    """The people whose training records `viewer` may read, as a queryset of users."""
    User = get_user_model()
    ids = people_visible_ids(viewer)
    return User.objects.all() if ids is None else User.objects.filter(pk__in=ids)


def people_visible_ids(viewer):
    """Ids of the people whose training records `viewer` may read, or None for everyone (the institute).

    Read in one query into a list: a director's few dozen ids let the database look up a national
    table's rows by index, where "the viewer or a subquery" was tested on every row of it.
    """
    access = access_for(viewer)
    if access.is_institute:
        return None
    if not access.user_id:
        return []
    return [access.user_id, *staff_managed_by(viewer).exclude(user_id=access.user_id).order_by().values_list("user_id", flat=True).distinct()]


def staff_directed_by(viewer):
    """User ids of the current staff of the centres `viewer` directs (a subquery)."""
    return staff_of(access_for(viewer).directed_centre_ids)


def manages(viewer, person) -> bool:
    """Whether `person` works at a centre `viewer` directs or supervises (so may verify, sign off, cancel)."""
    centre_ids = access_for(viewer).managed_centre_ids
    return bool(centre_ids) and Membership.objects.staff_posts(centre_ids).filter(user=person).exists()


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


# The directory: who reads which organisations and staff lists, and who changes them.


def centres_readable_by(viewer):
    """Centres whose staff list `viewer` may read: all for the institute, a prefecture's for its
    office, and the centres a director or supervisor manages."""
    access = access_for(viewer)
    centres = Organisation.objects.centres()
    if access.is_institute:
        return centres
    return centres.filter(Q(pk__in=access.managed_centre_ids) | Q(prefecture_id__in=access.prefecture_codes))


def organisations_readable_by(viewer):
    """Organisations on the viewer's directory list: all for the institute; their prefecture's for a
    prefectural office; their own centres for a director or supervisor."""
    access = access_for(viewer)
    if access.is_institute:
        return Organisation.objects.all()
    return Organisation.objects.filter(Q(pk__in=centres_readable_by(viewer)) | Q(prefecture_id__in=access.prefecture_codes))


def centres_staffed_by(viewer):
    """Centres where `viewer` may add people, change jobs and record leavers: all open centres for
    the institute; the ones they direct for a director. A prefecture reads only."""
    access = access_for(viewer)
    centres = Organisation.objects.centres().open()
    return centres if access.is_institute else centres.filter(pk__in=access.directed_centre_ids)


def organisations_staffed_by(viewer):
    """Where `viewer` may give and end jobs: the centres above, and for the institute also every
    other open organisation (prefectural offices, hosts, the institute itself)."""
    if access_for(viewer).is_institute:
        return Organisation.objects.open()
    return centres_staffed_by(viewer)


def may_edit_organisations(viewer) -> bool:
    """Creating, editing and closing organisations is the institute's."""
    return access_for(viewer).is_institute


def may_read_directory(viewer) -> bool:
    access = access_for(viewer)
    return access.is_institute or access.is_prefecture or access.is_manager


def people_in_directory_of(viewer):
    """People `viewer` finds in the directory: everyone for the institute; otherwise whoever holds
    or held a centre job at a centre they read (former staff keep their name and dates there,
    not their training records: docs/decisions/0004)."""
    User = get_user_model()
    if access_for(viewer).is_institute:
        return User.objects.all()
    held = Membership.objects.filter(organisation__in=centres_readable_by(viewer), job__in=CENTRE_JOBS).values("user_id")
    return User.objects.filter(pk__in=held)


def may_read_person(viewer, person) -> bool:
    """The person's directory page (name, email, jobs, history): their own, or the directory above."""
    access = access_for(viewer)
    if not access.user_id:
        return False
    return access.user_id == person.pk or people_in_directory_of(viewer).filter(pk=person.pk).exists()


def may_manage_person(viewer, person) -> bool:
    """Whether `viewer` may change `person`'s details and account: the institute; or a director,
    for someone who works only at centres they direct, or whose last job was at one of them."""
    access = access_for(viewer)
    if access.is_institute:
        return True
    if not access.directed_centre_ids or is_site_administrator(person):
        return False
    jobs = Membership.objects.filter(user=person)
    # Jobs now and to come: a move recorded in advance makes the person the new centre's too.
    ongoing = jobs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=clock.today()))
    if ongoing.exists():
        return not ongoing.exclude(organisation_id__in=access.directed_centre_ids).exists()
    # Someone who has left: the centre they left last looks after their account, no other.
    last = jobs.order_by(F("ended_on").desc(nulls_first=True), "-started_on").first()
    return last is not None and last.organisation_id in access.directed_centre_ids


# Oversight reports (/reports/): the country is the institute's; a prefecture's figures are also its
# office's; a centre's are also its director's and supervisor's. Nobody else reads them.
def may_read_country_report(viewer) -> bool:
    return access_for(viewer).is_institute


def may_read_prefecture_report(viewer, prefecture_code) -> bool:
    access = access_for(viewer)
    return access.is_institute or prefecture_code in access.prefecture_codes


def may_read_centre_report(viewer, centre) -> bool:
    access = access_for(viewer)
    return (
        access.is_institute or centre.prefecture_id in access.prefecture_codes or centre.pk in access.managed_centre_ids
    )


def may_revoke_credentials(viewer) -> bool:
    """Certificates and proofs are issued and revoked by the institute."""
    return access_for(viewer).is_institute


def may_read_history(viewer) -> bool:
    """The history across every kind of record (/history/) is the institute staff's."""
    return access_for(viewer).is_institute


def may_read_research_export(viewer) -> bool:
    """The anonymised research data set is the institute's research department's (seed 004, part 3 §5)."""
    return access_for(viewer).is_institute


# --- The shared catalogue of outside courses (seed 004 part 3: centres share what they hear of) ---

def may_read_outside_courses(user) -> bool:
    access = access_for(user)
    return access.is_centre_staff or access.is_institute or access.is_prefecture


def may_add_outside_course(user) -> bool:
    access = access_for(user)
    return access.is_centre_staff or access.is_institute or access.is_prefecture


def may_recognise_outside_course(user) -> bool:
    return access_for(user).is_institute


# --- Course reports: the participant's own, and the marking of those who teach the session ---

def may_mark_session(viewer, session) -> bool:
    """The institute, a lecturer of the session, or a lecturer assigned to its subject's page."""
    access = access_for(viewer)
    if access.is_institute:
        return True
    if not access.is_lecturer:
        return False
    return session.lecturers.filter(pk=viewer.pk).exists() or viewer.subject_pages.filter(subject_id=session.subject_id).exists()


def participant_enrolment(viewer, session):
    """The viewer's place on the session if they took part (a place held, completed or not, or
    withdrawn after the first day: they still read what they submitted), else None."""
    if not access_for(viewer).user_id:
        return None
    enrolments = session.enrolments
    return enrolments.filter(person_id=viewer.pk, status__in=enrolments.model.TOOK_PART).first()


def may_read_subject_evaluations(viewer, subject) -> bool:
    """A subject's course evaluations across its sessions: the institute, the textbook committee
    (who revise the course from them) and the lecturers assigned to the subject."""
    access = access_for(viewer)
    if access.is_institute or access.is_editor:
        return True
    return access.is_lecturer and viewer.subject_pages.filter(subject_id=subject.pk).exists()


def may_read_session_evaluations(viewer, session) -> bool:
    """One session's evaluation summary: those who teach it and the institute, and the committee."""
    return access_for(viewer).is_editor or may_mark_session(viewer, session)


def may_read_lecturer_evaluations(viewer, lecturer) -> bool:
    """A lecturer's evaluations over the sessions they taught: their own, and the institute's staff."""
    access = access_for(viewer)
    return access.user_id is not None and (access.user_id == lecturer.pk or access.is_institute)


def may_read_ojt_evaluations(viewer, centre_id, facilitator_id=None) -> bool:
    """A centre's OJT session evaluations: those who run the centre's OJT, the session's facilitator
    (as a lecturer reads their session's), and the institute."""
    access = access_for(viewer)
    return access.is_institute or centre_id in access.ojt_centre_ids or (facilitator_id is not None and facilitator_id == viewer.pk)
