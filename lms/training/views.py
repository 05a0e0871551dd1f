"""Training session pages: list, detail with the actions each role may take, and the iCalendar feed."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import clock
from lms.http import id_param, redirect_to_next
from lms.organisations.access import access_for, staff_directed_by

from . import selectors, services
from .forms import DeclineForm, SessionDayFormSet, SessionForm
from .models import Enrolment, TrainingSession


def _error_text(error):
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


@login_required
def session_list(request):
    access = access_for(request.user)
    sessions = list(selectors.sessions_for_listing(include_drafts=access.is_institute))
    mine = {
        e.session_id: e for e in Enrolment.objects.filter(person=request.user).exclude(status=Enrolment.Status.CANCELLED)
    }
    for session in sessions:
        session.my_enrolment = mine.get(session.pk)
    return render(request, "training/session_list.html", {
        "sessions": sessions,
        "access": access,
        "approvals": selectors.awaiting_approval_for(request.user)[:50],
    })


def _centre_staff_for_nomination(director, session):
    ids = staff_directed_by(director)
    taken = set(session.enrolments.exclude(status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED]).values_list("person_id", flat=True))
    return [person for person in get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name") if person.pk not in taken]


@login_required
def session_detail(request, pk):
    access = access_for(request.user)
    sessions = TrainingSession.objects.select_related("subject__tier", "organiser").prefetch_related("days", "lecturers")
    session = get_object_or_404(sessions, pk=pk)
    if session.status == TrainingSession.Status.DRAFT and not access.is_institute:
        raise PermissionDenied
    my_enrolment = Enrolment.objects.filter(session=session, person=request.user).first()
    context = {
        "session": session,
        "access": access,
        "my_enrolment": my_enrolment,
        "my_position": selectors.waitlist_position(my_enrolment) if my_enrolment else None,
        "refusal": services._refusal_for(session, request.user, clock.today()) if not my_enrolment or my_enrolment.status in (Enrolment.Status.CANCELLED, Enrolment.Status.DECLINED) else None,
        "places_taken": session.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED]).count(),
        "waiting": session.enrolments.filter(status=Enrolment.Status.WAITLISTED).count(),
    }
    if access.is_institute:
        roster = list(selectors.session_roster(session))
        days = session.ordered_days
        for enrolment in roster:
            present = {a.day_id for a in enrolment.attendance.all() if a.present}
            enrolment.day_marks = [(day, day.pk in present) for day in days]
        last_day = days[-1].date if days else None
        context.update(
            roster=roster, days=days, full_attendance=services.fully_attended_ids(session), last_day=last_day, today=clock.today(),
            can_complete=last_day is not None and clock.today() >= last_day and session.status in (TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED),
        )
    if access.is_director:
        context["nominees"] = _centre_staff_for_nomination(request.user, session)
        context["centre_enrolments"] = selectors.awaiting_approval_for(request.user).filter(session=session)
    return render(request, "training/session_detail.html", context)


def _session_form_view(request, session=None):
    if not access_for(request.user).is_institute:
        raise PermissionDenied
    if session is not None and session.status in (TrainingSession.Status.COMPLETED, TrainingSession.Status.CANCELLED):
        messages.error(request, services.NOT_EDITABLE % {"status": session.get_status_display()})
        return redirect(session)
    form = SessionForm(request.POST or None, instance=session)
    formset = SessionDayFormSet(request.POST or None, instance=session or TrainingSession())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            session = services.session_save(form=form, days_formset=formset, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect(session)
    return render(request, "training/session_form.html", {"form": form, "formset": formset, "session": session})


@login_required
def session_create(request):
    return _session_form_view(request)


@login_required
def session_edit(request, pk):
    return _session_form_view(request, get_object_or_404(TrainingSession, pk=pk))


def _act(request, action, success):
    try:
        result = action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error) or _("You cannot do this."))
        return None
    messages.success(request, success)
    return result or True


@login_required
@require_POST
def session_publish(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    _act(request, lambda: services.session_publish(session=session, by=request.user), _("Session published."))
    return redirect(session)


@login_required
@require_POST
def enrolment_apply(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    enrolment = _act(request, lambda: services.enrolment_apply(session=session, person=request.user), _("Application sent."))
    if enrolment and enrolment is not True and enrolment.status == Enrolment.Status.WAITLISTED:
        messages.warning(request, _("The session is full: you are on the waiting list and will move up automatically."))
    return redirect(session)


@login_required
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    _act(request, lambda: services.enrolment_cancel(enrolment=enrolment, by=request.user), _("Cancelled."))
    return redirect(enrolment.session)


@login_required
@require_POST
def enrolment_approve(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    _act(request, lambda: services.enrolment_approve(enrolment=enrolment, by=request.user), _("Approved."))
    return redirect_to_next(request, enrolment.session.get_absolute_url())


@login_required
@require_POST
def enrolment_decline(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    else:
        _act(request, lambda: services.enrolment_decline(enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"]), _("Declined."))
    return redirect_to_next(request, enrolment.session.get_absolute_url())


@login_required
@require_POST
def enrolment_nominate(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    ids = [id_param(value) for value in request.POST.getlist("person") if id_param(value) is not None]
    if not ids:
        messages.error(request, _("Choose at least one person to nominate."))
        return redirect(session)
    people = list(get_user_model().objects.filter(pk__in=ids))
    try:
        outcomes = services.enrolment_nominate(session=session, people=people, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect(session)
    for outcome in outcomes:
        if outcome.refusal:
            messages.error(request, f"{outcome.person}: {outcome.refusal}")
        else:
            messages.success(request, f"{outcome.person}: {outcome.enrolment.get_status_display()}")
    return redirect(session)


@login_required
@require_POST
def attendance_mark(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    present = {}
    for value in request.POST.getlist("present"):
        enrolment_id, _sep, day_id = value.partition(":")
        if id_param(enrolment_id) is not None and id_param(day_id) is not None:
            present.setdefault(id_param(enrolment_id), set()).add(id_param(day_id))
    _act(request, lambda: services.attendance_mark(session=session, present=present, by=request.user), _("Attendance saved."))
    return redirect(session)


@login_required
@require_POST
def session_complete(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    ids = {id_param(value) for value in request.POST.getlist("complete") if id_param(value) is not None}
    try:
        completed = services.session_complete(session=session, enrolment_ids=ids, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error) or _("You cannot do this."))
    else:
        if completed:
            messages.success(request, _("Completion recorded; training records were added to each person's handbook."))
        else:
            messages.info(request, _("Nobody new was marked as completed."))
    return redirect(session)


def session_feed(request):
    """Published sessions as an iCalendar feed, one event per session day."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//companion-lms//sessions//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Training sessions"))
    tz = timezone.get_current_timezone()
    for session in selectors.sessions_for_listing():
        for day in session.days.all():
            event = Event()
            event.add("uid", f"session-{session.pk}-{day.date:%Y%m%d}@companion-lms")
            event.add("summary", f"{session.subject.name} {session.title}")
            event.add("dtstart", timezone.datetime.combine(day.date, day.starts_at, tzinfo=tz))
            event.add("dtend", timezone.datetime.combine(day.date, day.ends_at, tzinfo=tz))
            event.add("location", _("Online") if session.is_online else session.venue)
            event.add("url", request.build_absolute_uri(session.get_absolute_url()))
            calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
