"""Reads for training sessions."""


from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q

from curriculum.models import RenewalPolicy
from curriculum.rules import policy_in_force, renewal_terms
from lms.organisations.access import access_for, staff_directed_by
from lms.organisations.models import Membership
from lms.organisations.rules import years_of_experience

from . import completion, rules
from .models import Attendance, Enrolment, SessionDay, TrainingRecord, TrainingSession
from .workflow import ENROLMENT, SESSION


def sessions_for_listing(*, include_drafts=False):
    """Sessions with their subject, days and seat counts, in a fixed number of queries."""
    sessions = TrainingSession.objects.all() if include_drafts else TrainingSession.objects.published()
    return (
        sessions.select_related("subject__tier", "subject__domain", "organiser")
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date")))
        .annotate(
            confirmed_count=Count("enrolments", filter=Q(enrolments__status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED])),
            waitlist_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        )
        .order_by("applications_close_on", "pk")
    )


def sessions_with_days():
    return TrainingSession.objects.select_related("subject__tier", "subject__domain", "organiser").prefetch_related("days", "lecturers")


def session_page(session, user, today):
    """What the session page shows this person: their place, what they may do, and for the
    institute the roster with attendance, in a fixed number of queries."""
    access = access_for(user)
    my_enrolment = Enrolment.objects.filter(session=session, person=user).first()
    can_apply_again = my_enrolment is None or my_enrolment.status in (Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED)
    counts = session.enrolments.aggregate(
        taken=Count("pk", filter=Q(status__in=Enrolment.HOLDING_PLACE)),
        waiting=Count("pk", filter=Q(status=Enrolment.Status.WAITLISTED)),
    )
    context = {
        "session": session,
        "access": access,
        "actions": SESSION.available(session, user),
        "my_enrolment": my_enrolment,
        "my_actions": ENROLMENT.available(my_enrolment, user) if my_enrolment else set(),
        "my_position": waitlist_position(my_enrolment) if my_enrolment else None,
        "refusal": application_refusal(session, user, today) if can_apply_again else None,
        "can_apply_again": can_apply_again,
        "places_taken": counts["taken"],
        "waiting": counts["waiting"],
    }
    if access.is_institute:
        roster = list(session_roster(session))
        days = session.ordered_days
        for enrolment in roster:
            present = {a.day_id for a in enrolment.attendance.all() if a.present}
            enrolment.day_marks = [(day, day.pk in present) for day in days]
        last_day = days[-1].date if days else None
        unmet = completion.shortfalls(session, [enrolment for enrolment in roster if enrolment.is_for_completion]) if last_day else {}
        for enrolment in roster:
            enrolment.shortfalls = unmet.get(enrolment.pk, [])
            enrolment.may_withdraw = ENROLMENT.refusal(enrolment, Enrolment.Status.WITHDRAWN, user) is None
        context.update(
            roster=roster, days=days, last_day=last_day, today=today,
            # The institute's default choice: present every day and meeting the subject's rule.
            full_attendance=fully_attended_ids(session) - set(unmet),
            can_mark_attendance="attendance" in context["actions"] and bool(days) and days[0].date <= today,
            can_complete=TrainingSession.Status.COMPLETED in context["actions"] and last_day is not None and today >= last_day,
        )
    if access.is_director and session.status == TrainingSession.Status.PUBLISHED:
        context["nominees"] = centre_staff_for_nomination(user, session)
    if access.is_director:
        context["centre_enrolments"] = awaiting_approval_for(user).filter(session=session)
    return context


def centre_staff_for_nomination(director, session):
    """Staff of the director's centres who have no live application for the session."""
    taken = session.enrolments.exclude(status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED]).values("person_id")
    return list(get_user_model().objects.filter(pk__in=staff_directed_by(director)).exclude(pk__in=taken).order_by("last_name", "first_name"))


def my_enrolments_in(person, sessions):
    """The person's live enrolment in each of `sessions`, by session id (one query)."""
    enrolments = Enrolment.objects.filter(person=person, session__in=list(sessions)).exclude(status=Enrolment.Status.CANCELLED)
    return {enrolment.session_id: enrolment for enrolment in enrolments}


def session_roster(session):
    """Enrolments of a session with people and attendance, in order of the waiting list."""
    return (
        session.enrolments.select_related("person", "requested_by", "decided_by")
        .prefetch_related("attendance")
        .order_by("status", "queued_at", "requested_at", "pk")
    )


def waitlist_position(enrolment):
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = enrolment.session.enrolments.filter(status=Enrolment.Status.WAITLISTED).filter(
        Q(queued_at__lt=enrolment.queued_at) | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def awaiting_approval_for(director):
    """Applications from the director's centre staff waiting for their decision."""
    return (
        Enrolment.objects.filter(status=Enrolment.Status.AWAITING_APPROVAL, person_id__in=staff_directed_by(director))
        .exclude(person=director)
        .select_related("person", "session__subject")
        .order_by("requested_at")
    )


def latest_completions(person) -> dict[int, TrainingRecord]:
    """The most recent counted completion of each curriculum subject, by subject id."""
    latest = {}
    records = TrainingRecord.objects.counted().filter(person=person, subject__isnull=False).order_by("completed_on")
    for record in records:
        latest[record.subject_id] = record
    return latest


def latest_completion_dates(person_ids, subject_ids, on):
    """The latest counted completion date per (person, subject) on or before `on`, in one query."""
    rows = (
        TrainingRecord.objects.counted().filter(person_id__in=list(person_ids), subject_id__in=list(subject_ids), completed_on__lte=on)
        .values("person_id", "subject_id").annotate(latest=Max("completed_on")).order_by()
    )
    return {(row["person_id"], row["subject_id"]): row["latest"] for row in rows}


def person_facts(person, today):
    """A person's current jobs, current centres and years of experience on `today`."""
    memberships = list(Membership.objects.current(today).filter(user=person).select_related("organisation"))
    all_memberships = list(Membership.objects.filter(user=person))
    jobs = {m.job for m in memberships}
    centres = {m.organisation_id for m in memberships if m.organisation.kind == "centre"}
    return jobs, centres, years_of_experience(all_memberships, today)


def application_refusal(session, person, today):
    """Why `person` may not apply for `session` today, or None."""
    jobs, _centres, experience = person_facts(person, today)
    completion = latest_completions(person).get(session.subject_id)
    lapsed_on = None
    if completion is not None:
        # Whether a lapsed completion may still be renewed, or needs the course again, is the renewal policy's call.
        policy = policy_in_force(list(session.subject.renewal_policies.all()), completion.completed_on)
        terms = renewal_terms(policy, completion.completed_on) if policy else None
        if terms and terms.deadline < today and policy.after_lapse == RenewalPolicy.AfterLapse.FULL_COURSE:
            lapsed_on = terms.deadline
    return rules.enrolment_refusal(
        session=session, jobs=jobs, experience_years=experience, today=today,
        already_enrolled=Enrolment.objects.filter(session=session, person=person).exclude(
            status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED]
        ).exists(),
        completed_on=completion.completed_on if completion else None,
        lapsed_for_full_course_on=lapsed_on,
    )


def fully_attended_ids(session):
    """Enrolments present on every day: the institute's default choice for completion."""
    day_count = session.days.count()
    counts = {}
    for attendance in Attendance.objects.filter(day__session=session, present=True).values("enrolment_id"):
        counts[attendance["enrolment_id"]] = counts.get(attendance["enrolment_id"], 0) + 1
    return {enrolment_id for enrolment_id, count in counts.items() if count == day_count and day_count}
