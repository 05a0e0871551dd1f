"""Changing organisations, people and their jobs: every change checked against the access rules
and written to the object's history with who, when, and the values before and after."""

import datetime
import logging

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import services as audit
from lms.formats import short_date
from lms.organisations.access import (
    access_for,
    centres_staffed_by,
    may_edit_organisations,
    may_manage_person,
    organisations_staffed_by,
)
from lms.organisations.models import CENTRE_JOBS, Membership, Organisation
from lms.outbox import mail
from lms.outbox import services as outbox

from . import importing
from .models import StaffImport
from .workflow import IMPORT

User = get_user_model()
logger = logging.getLogger(__name__)
Action = User.AuditAction

NOT_INSTITUTE = _("Only the institute creates, edits and closes organisations.")
NOT_YOUR_CENTRE = _("You can add people and change jobs only at the centres you direct.")
NOT_YOUR_PERSON = _("This person also works somewhere you do not direct; ask the institute.")
ALREADY_CLOSED = _("This organisation is already closed.")
NOT_CLOSED = _("This organisation is open.")
JOBS_START_AFTER_CLOSING = _("%(count)s jobs here start on or after the closing date; end or move them first.")
ALREADY_IN_THIS_JOB = _("This person already holds this job here from that date.")
END_BEFORE_START = _("The end date is before the start date (%(date)s).")
TRANSFER_TOO_EARLY = _("The transfer date must be after the job started (%(date)s).")
NOT_YOURSELF = _("You cannot record yourself as having left.")
ALREADY_INACTIVE = _("This account is already deactivated.")
NOT_INACTIVE = _("This account is active.")
NOT_ALLOWED = _("You cannot change this person's account.")
KNOWN_ELSEWHERE = _("%(email)s already has an account with another organisation; only the institute can give them a job here.")
EXTEND_BY_INSTITUTE = _("This job ends on %(date)s; only the institute can extend it.")
JOB_OVER = _("This job ended on %(date)s; it stays as it was. Give a new job instead.")
TRANSFER_AFTER_END = _("This job ends on %(date)s; the first day at the new centre can be at the latest the day after.")
CENTRE_CLOSES = _("%(centre)s closes on %(date)s: a job there must end by the day before.")
INACTIVE_NOT_INVITED = _("This account is deactivated; reactivate it before sending an invitation.")
IMPORT_FAILED = _("The import stopped on an unexpected error and wrote nothing; the institute has been told. Please try again later.")

ORGANISATION_FIELDS = ["kind", "name", "prefecture", "is_fieldwork_host", "address", "email", "phone", "closed_on"]
PERSON_FIELDS = ["email", "last_name", "first_name", "family_name_kana", "given_name_kana", "is_active"]
# How many rows the import writes between progress reports.
IMPORT_CHUNK = 1000


def record_job_granted(membership, *, by):
    """The history entry of a job given outside the directory's own forms (a host's supervisor who
    accepts an invitation): every role a person is given is in their history."""
    return audit.record(membership.user, Action.JOB_STARTED, by, detail=_job_detail(membership))


def _job_detail(membership):
    return {
        "membership": membership.pk, "organisation": membership.organisation.name, "job": str(membership.get_job_display()),
        "started_on": membership.started_on.isoformat(), "ended_on": membership.ended_on.isoformat() if membership.ended_on else "",
    }


# --- Organisations (the institute) ---

@transaction.atomic
def organisation_save(*, form, by):
    """Create or edit an organisation from a valid form."""
    if not may_edit_organisations(by):
        raise PermissionDenied(NOT_INSTITUTE)
    is_new = form.instance.pk is None
    before = {} if is_new else audit.snapshot(Organisation.objects.get(pk=form.instance.pk), ORGANISATION_FIELDS)
    organisation = form.save()
    after = audit.snapshot(organisation, ORGANISATION_FIELDS)
    action = Organisation.AuditAction.CREATED if is_new else Organisation.AuditAction.EDITED
    if is_new or audit.changes(before, after):
        audit.record(organisation, action, by, detail={"changes": audit.changes(before, after)})
    return organisation


@transaction.atomic
def organisation_close(*, organisation, on, by):
    """Close an organisation from `on`: its current jobs end the day before; its history stays."""
    if not may_edit_organisations(by):
        raise PermissionDenied(NOT_INSTITUTE)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.closed_on is not None:
        raise ValidationError(ALREADY_CLOSED)
    open_jobs = Membership.objects.filter(organisation=organisation).exclude(ended_on__lt=on)
    if (late := open_jobs.filter(started_on__gte=on).count()):
        raise ValidationError(JOBS_START_AFTER_CLOSING % {"count": late})
    last_day = on - datetime.timedelta(days=1)
    for membership in open_jobs.select_related("user", "organisation"):
        _end_job(membership, last_day, by, note=str(_("The organisation closed.")))
    organisation.closed_on = on
    organisation.save(update_fields=["closed_on"])
    audit.record(organisation, Organisation.AuditAction.CLOSED, by, detail={"changes": {"closed_on": ["", on.isoformat()]}})
    return organisation


@transaction.atomic
def organisation_reopen(*, organisation, by):
    if not may_edit_organisations(by):
        raise PermissionDenied(NOT_INSTITUTE)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.closed_on is None:
        raise ValidationError(NOT_CLOSED)
    closed_on, organisation.closed_on = organisation.closed_on, None
    organisation.save(update_fields=["closed_on"])
    audit.record(organisation, Organisation.AuditAction.REOPENED, by, detail={"changes": {"closed_on": [closed_on.isoformat(), ""]}})
    return organisation


# --- People and jobs (the institute; a director for the centres they direct) ---

def require_staffing(by, organisation, job=None):
    """Only the institute gives jobs outside centres, or anything but a centre job."""
    if not organisations_staffed_by(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(NOT_YOUR_CENTRE)
    if job is not None and job not in CENTRE_JOBS and not access_for(by).is_institute:
        raise PermissionDenied(NOT_YOUR_CENTRE)


def require_person(by, person):
    if not may_manage_person(by, person):
        raise PermissionDenied(NOT_YOUR_PERSON if access_for(by).is_director else NOT_ALLOWED)


def _require_open_on(organisation, day, *, field):
    """A job at an organisation closing on a day must end by the day before."""
    if organisation.closed_on is not None and (day is None or day >= organisation.closed_on):
        raise ValidationError({field: CENTRE_CLOSES % {"centre": organisation.name, "date": short_date(organisation.closed_on)}})


@transaction.atomic
def person_add(*, by, email, last_name, first_name, centre, job, started_on, ended_on=None, family_name_kana="", given_name_kana=""):
    """Give `email` a job at `centre`: a new person gets an account and an invitation to set their
    password; someone already known (moving from another centre, or coming back) gets the job."""
    require_staffing(by, centre, job)
    email = importing.normalise_email(email)
    person = User.objects.select_for_update().filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(
            email=email, last_name=last_name, first_name=first_name,
            family_name_kana=family_name_kana, given_name_kana=given_name_kana,
        )
        audit.record(person, Action.CREATED, by, detail={"changes": audit.changes({}, audit.snapshot(person, PERSON_FIELDS))})
        invited = True
    else:
        # Someone already known: a director may give a job only to someone who is theirs (working
        # or last worked at a centre they direct); anyone else, such as a person moving from another
        # centre, is given the job by the institute, or the new centre would read their records.
        if not may_manage_person(by, person):
            raise ValidationError({"email": KNOWN_ELSEWHERE % {"email": email}})
        invited = False
    membership = job_start(by=by, person=person, centre=centre, job=job, started_on=started_on, ended_on=ended_on)
    if invited:
        invitation_send(person=person, by=by)
    return membership


@transaction.atomic
def person_edit(*, form, by):
    """Change a person's name, kana or email (a valid form on the person)."""
    require_person(by, form.instance)
    before = audit.snapshot(User.objects.get(pk=form.instance.pk), PERSON_FIELDS)
    person = form.save()
    if changed := audit.changes(before, audit.snapshot(person, PERSON_FIELDS)):
        audit.record(person, Action.EDITED, by, detail={"changes": changed})
    if "email" in changed:
        # The old address hears of it: whoever can change an address can send a password link to it.
        outbox.send(send_email_changed, user_id=person.pk, old_email=before["email"])
    return person


@transaction.atomic
def job_start(*, by, person, centre, job, started_on, ended_on=None):
    require_staffing(by, centre, job)
    _require_open_on(centre, started_on, field="started_on")
    if centre.closed_on is not None:
        _require_open_on(centre, ended_on, field="ended_on")
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": END_BEFORE_START % {"date": short_date(started_on)}})
    if Membership.objects.filter(user=person, organisation=centre, job=job, started_on=started_on).exists():
        raise ValidationError(ALREADY_IN_THIS_JOB)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=person, organisation=centre, job=job, started_on=started_on, ended_on=ended_on)
    except IntegrityError:  # the same job added by someone else at the same moment
        raise ValidationError(ALREADY_IN_THIS_JOB) from None
    audit.record(person, Action.JOB_STARTED, by, detail=_job_detail(membership))
    # A job now or to come brings back someone who had left (or was about to).
    if (not person.is_active or person.leaves_after is not None) and (ended_on is None or ended_on >= clock.today()):
        _reactivate(person, by)
    return membership


@transaction.atomic
def job_add(*, by, person, centre, job, started_on, ended_on=None):
    """Another job for someone already known: theirs to give only to whoever looks after them (the
    institute, or the director of the centre they belong to); for anyone else the new centre would
    read their records (docs/decisions/0004)."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if not may_manage_person(by, person):
        raise ValidationError(KNOWN_ELSEWHERE % {"email": person.email})
    return job_start(by=by, person=person, centre=centre, job=job, started_on=started_on, ended_on=ended_on)


def _end_job(membership, ended_on, by, note=""):
    """End a job on `ended_on`. A job that is over stays over: re-opening it would give its centre
    back the person's records after they moved on."""
    if membership.ended_on is not None and membership.ended_on < clock.today():
        raise ValidationError(JOB_OVER % {"date": short_date(membership.ended_on)})
    extending = membership.ended_on is not None and ended_on > membership.ended_on
    if extending and (by is None or not access_for(by).is_institute):
        # A later end could undo a move recorded in advance (two centres at once, for a year).
        raise ValidationError({"ended_on": EXTEND_BY_INSTITUTE % {"date": short_date(membership.ended_on)}})
    if ended_on < membership.started_on:
        raise ValidationError({"ended_on": END_BEFORE_START % {"date": short_date(membership.started_on)}})
    if membership.organisation.closed_on is not None:
        _require_open_on(membership.organisation, ended_on, field="ended_on")
    before = membership.ended_on
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    detail = _job_detail(membership) | {"changes": {"ended_on": [before.isoformat() if before else "", ended_on.isoformat()]}}
    audit.record(membership.user, Action.JOB_ENDED, by, note=note, detail=detail)


@transaction.atomic
def job_end(*, by, membership, ended_on):
    """End a job on `ended_on` (its last day). The person's records stay with them."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    require_staffing(by, membership.organisation, membership.job)
    _end_job(membership, ended_on, by)
    return membership


@transaction.atomic
def transfer(*, by, membership, centre, job, on):
    """Move a person: the job at one centre ends the day before `on`, the job at `centre` starts on
    `on`. Their records, handbook and certificates are theirs and go with them; the new centre
    sees them from `on` (docs/decisions/0004)."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    require_staffing(by, membership.organisation, membership.job)
    require_staffing(by, centre, job)
    if on <= membership.started_on:
        raise ValidationError({"on": TRANSFER_TOO_EARLY % {"date": short_date(membership.started_on)}})
    if membership.ended_on is not None and on > membership.ended_on + datetime.timedelta(days=1):
        raise ValidationError({"on": TRANSFER_AFTER_END % {"date": short_date(membership.ended_on)}})
    _end_job(membership, on - datetime.timedelta(days=1), by)
    new = job_start(by=by, person=membership.user, centre=centre, job=job, started_on=on)
    audit.record(membership.user, Action.TRANSFERRED, by, detail={
        "from": membership.organisation.name, "to": centre.name, "on": on.isoformat(),
    })
    return new


@transaction.atomic
def person_leaves(*, by, person, last_day):
    """A leaver: every job ends on `last_day`, and the account is deactivated the day after (now,
    when that day has come; otherwise by the nightly `deactivate_leavers`, and sign-in is refused
    from that day in any case). Nothing is deleted."""
    person = User.objects.select_for_update().get(pk=person.pk)
    require_person(by, person)
    if person.pk == by.pk:
        raise ValidationError(NOT_YOURSELF)
    if not person.is_active:
        raise ValidationError(ALREADY_INACTIVE)
    for membership in Membership.objects.filter(user=person).exclude(ended_on__lte=last_day).select_related("user", "organisation"):
        if membership.started_on > last_day:
            raise ValidationError({"last_day": END_BEFORE_START % {"date": short_date(membership.started_on)}})
        _end_job(membership, last_day, by)
    person.leaves_after = last_day
    if last_day < clock.today():
        person.is_active = False
    person.save(update_fields=["leaves_after", "is_active"])
    audit.record(person, Action.DEACTIVATED, by, detail={"last_day": last_day.isoformat()})
    return person


def deactivate_leavers(today=None):
    """Deactivate the accounts of people whose last day has passed and who hold no job now or to
    come (run hourly by beat; idempotent)."""
    today = today or clock.today()
    ongoing = Membership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today)).values("user_id")
    return User.objects.filter(is_active=True, leaves_after__lt=today).exclude(pk__in=ongoing).update(is_active=False)


def _reactivate(person, by):
    person.is_active = True
    person.leaves_after = None
    person.save(update_fields=["is_active", "leaves_after"])
    audit.record(person, Action.REACTIVATED, by)


@transaction.atomic
def person_reactivate(*, by, person):
    person = User.objects.select_for_update().get(pk=person.pk)
    require_person(by, person)
    if person.is_active and person.leaves_after is None:
        raise ValidationError(NOT_INACTIVE)
    _reactivate(person, by)
    return person


def invitation_send(*, person, by):
    """Email `person` a link to set their password (allauth's reset link, valid PASSWORD_RESET_TIMEOUT)."""
    if by is not None:
        require_person(by, person)
    if not person.is_active:
        raise ValidationError(INACTIVE_NOT_INVITED)
    audit.record(person, Action.INVITED, by)
    return outbox.send(send_invitation, user_id=person.pk)


def invitation_url(person):
    key = default_token_generator.make_token(person)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(person), "key": key})
    return settings.SITE_URL.rstrip("/") + path


@outbox.handler("directory.invitation", queue="mail")
def send_invitation(user_id):
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return 0
    jobs = Membership.objects.current().filter(user=person).select_related("organisation")
    with translation.override(settings.LANGUAGE_CODE):
        context = {"person": person, "url": invitation_url(person), "jobs": jobs, "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
        subject = render_to_string("directory/email/invitation_subject.txt", context).strip()
        body = render_to_string("directory/email/invitation.txt", context)
    return mail.send_mail(subject, body, [person.email])


@outbox.handler("directory.email_changed", queue="mail")
def send_email_changed(user_id, old_email):
    person = User.objects.get(pk=user_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"person": person, "old_email": old_email}
        subject = render_to_string("directory/email/email_changed_subject.txt", context).strip()
        body = render_to_string("directory/email/email_changed.txt", context)
    return mail.send_mail(subject, body, [old_email])


# --- Staff import ---

def import_check(*, by, filename, data):
    """Read and check an uploaded file. Returns (the saved import to confirm, None) or (None, errors)."""
    centres = centres_staffed_by(by)
    if not centres.exists():
        raise PermissionDenied(NOT_YOUR_CENTRE)
    try:
        rows, errors = importing.read_rows(data)
    except importing.UnreadableFile as error:
        return None, [importing.RowError(1, "", str(error))]
    if errors:
        return None, errors
    plan = importing.plan_import(rows, centres, institute=access_for(by).is_institute)
    if plan.errors:
        return None, plan.errors
    staff_import = StaffImport.objects.create(
        uploaded_by=by, filename=filename[:200], rows=rows, created=plan.created, updated=plan.updated, unchanged=plan.unchanged,
    )
    return staff_import, []


def import_confirm(*, staff_import, by):
    """The uploader confirms: the import is queued for the worker (through the outbox, after commit)."""
    def queue(staff_import):
        outbox.send(run_staff_import, import_id=staff_import.pk)

    staff_import, _entry = IMPORT.perform(staff_import, StaffImport.Status.QUEUED, by, apply=queue)
    return staff_import


def import_progress_key(import_id):
    return f"staff-import-progress:{import_id}"


# Imports take turns (a PostgreSQL advisory lock held until each commits): two imports of the same
# file at once would both plan to create the same people, and the second would fail on them. Taking
# turns, the second plans against what the first wrote and finds nothing left to do.
IMPORT_LOCK = 0x5354_4146  # "STAF"


def _one_import_at_a_time():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


@outbox.handler("directory.staff_import", queue="batches", atomic=False)
def run_staff_import(import_id):
    """Check the confirmed rows again (the database may have changed) and write them all, or none."""
    try:
        with transaction.atomic():
            staff_import = StaffImport.objects.select_for_update(of=("self",)).select_related("uploaded_by").get(pk=import_id)
            if staff_import.status != StaffImport.Status.QUEUED:
                return 0  # already run: a second delivery changes nothing
            _one_import_at_a_time()
            by = staff_import.uploaded_by
            plan = importing.plan_import(staff_import.rows, centres_staffed_by(by), institute=access_for(by).is_institute)
            if plan.errors:
                _finish(staff_import, StaffImport.Status.FAILED, errors=[str(error) for error in plan.errors])
                return 0
            apply_plan(plan, by=by, source=staff_import.filename, progress=lambda done: cache.set(import_progress_key(import_id), done, 3600))
            # The counts as written: what the check foresaw may have been done meanwhile by another import.
            _finish(staff_import, StaffImport.Status.DONE, created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
    except Exception:
        # Nothing was written (one transaction). Say so on the import's page rather than leave it
        # "queued" for ever, and let the error reach the logs.
        logger.exception("Staff import %s failed", import_id)
        with transaction.atomic():
            staff_import = StaffImport.objects.select_for_update().get(pk=import_id)
            if staff_import.status == StaffImport.Status.QUEUED:
                _finish(staff_import, StaffImport.Status.FAILED, errors=[str(IMPORT_FAILED)])
        return 0
    return len(plan.changes)


def _finish(staff_import, status, **fields):
    def record(staff_import):
        for name, value in fields.items():
            setattr(staff_import, name, value)
        staff_import.finished_at = clock.now()

    IMPORT.perform(staff_import, status, None, apply=record, detail={key: fields[key] for key in ("created", "updated", "unchanged") if key in fields})


def apply_plan(plan, *, by, source, progress=None):
    """Write a checked plan in bulk (a fixed number of queries per thousand rows); new people are invited.

    Bulk writes send no model signals: none is needed, as an import gives only centre jobs and the
    signal on Membership keeps the content groups of lecturers and editors."""
    now = clock.now()
    note = str(source)[:200]
    made = {}  # new people by email: a second row for one of them (another job) finds them here
    for start in range(0, len(plan.changes), IMPORT_CHUNK):
        chunk = plan.changes[start:start + IMPORT_CHUNK]
        new_people = []
        for change in chunk:
            if change.user is None and change.email not in made:
                made[change.email] = User(email=change.email, password=make_password(None), **change.names, date_joined=now)
                new_people.append(made[change.email])
        User.objects.bulk_create(new_people)
        renamed, ended, jobs, entries, reactivated = [], [], [], [], []
        for change in chunk:
            person = change.user or made[change.email]
            if change.user is None and person in new_people:
                added = {key: value for key, value in change.names.items() if value} | {"email": change.email}
                entries.append(audit.entry(person, Action.IMPORTED, by, note=note, detail={"changes": audit.changes({}, added)}))
            elif change.person_changes and person not in renamed:
                for key, (_, value) in change.person_changes.items():
                    setattr(person, key, value)
                renamed.append(person)
                entries.append(audit.entry(person, Action.IMPORTED, by, note=note, detail={"changes": {
                    key: [before, after] for key, (before, after) in change.person_changes.items()}}))
            comes_back = change.ended_on is None or change.ended_on >= clock.today()  # a job now or to come
            if change.user is not None and change.membership is None and comes_back and (not person.is_active or person.leaves_after):
                person.is_active, person.leaves_after = True, None  # a leaver given a new job comes back
                reactivated.append(person)
                entries.append(audit.entry(person, Action.REACTIVATED, by, note=note))
            if change.membership is None:
                jobs.append((person, Membership(
                    user=person, organisation=change.centre, job=change.job, started_on=change.started_on, ended_on=change.ended_on,
                )))
            elif change.job_changes:
                change.membership.ended_on = change.ended_on
                change.membership.organisation = change.centre
                ended.append((person, change.membership))
        User.objects.bulk_update(renamed, ["last_name", "first_name", "family_name_kana", "given_name_kana"])
        User.objects.bulk_update(reactivated, ["is_active", "leaves_after"])
        Membership.objects.bulk_update([membership for _, membership in ended], ["ended_on"])
        Membership.objects.bulk_create([membership for _, membership in jobs])
        for action, pairs in ((Action.JOB_STARTED, jobs), (Action.JOB_CHANGED, ended)):
            entries.extend(audit.entry(person, action, by, note=note, detail=_job_detail(membership)) for person, membership in pairs)
        audit.record_many(entries)
        outbox.send_many(send_invitation, [{"user_id": person.pk} for person in new_people])
        if progress:
            progress(start + len(chunk))


def import_rows_for_export(centres, on=None):
    """The current centre jobs at `centres` as import rows (the same columns), for the export."""
    memberships = (
        Membership.objects.staff_posts(centres, on)
        .select_related("user", "organisation").order_by("organisation__name", "user__last_name", "user__first_name", "pk")
    )
    for membership in memberships:
        person = membership.user
        yield [
            person.email, person.last_name, person.first_name, person.family_name_kana, person.given_name_kana,
            membership.organisation.name, str(membership.get_job_display()), membership.started_on.isoformat(),
            membership.ended_on.isoformat() if membership.ended_on else "",
        ]
