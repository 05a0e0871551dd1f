"""Training session pages: list, detail with the actions each role may take, and the iCalendar feed."""

import datetime

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
from lms.actions import confirm_then_run, refusal_text, run_action, run_form, step_refused
from lms.http import id_param, redirect_to_next
from lms.organisations.access import access_for
from lms.pagination import page_of

from . import selectors, services, session_panels
from .filters import SessionFilter
from .forms import DeclineForm, SessionDayFormSet, SessionForm, WithdrawForm
from .models import Enrolment, TrainingSession
from .workflow import ENROLMENT, SESSION


@login_required
def session_list(request):
    access = access_for(request.user)
    filters = SessionFilter(request.GET, queryset=selectors.sessions_for_listing(include_drafts=access.is_institute))
    page = page_of(request, filters.qs)
    mine = selectors.my_enrolments_in(request.user, page.object_list)
    for session in page.object_list:
        session.my_enrolment = mine.get(session.pk)
    return render(request, "training/session_list.html", {
        "sessions": page,
        "filters": filters,
        "access": access,
        "approvals": selectors.awaiting_approval_for(request.user)[:50],
    })


@login_required
def session_detail(request, pk):
    session = get_object_or_404(selectors.sessions_with_days(), pk=pk)
    if session.status == TrainingSession.Status.DRAFT and not access_for(request.user).is_institute:
        raise PermissionDenied
    context = selectors.session_page(session, request.user, clock.today())
    context["session_panels"] = session_panels.panels_for(request, session)
    return render(request, "training/session_detail.html", context)


def _session_form_view(request, session=None):
    if not access_for(request.user).is_institute:
        raise PermissionDenied
    if session is not None and (refused := step_refused(request, SESSION, session, TrainingSession.AuditAction.EDITED)):
        return refused
    form = SessionForm(request.POST or None, instance=session)
    formset = SessionDayFormSet(request.POST or None, instance=session or TrainingSession())
    saved = lambda data: services.session_save(form=form, days_formset=formset, by=request.user)  # noqa: E731
    days_valid = not formset.is_bound or formset.is_valid()
    if days_valid and (done := run_form(request, form, saved, success=_("Session saved."))):
        return done
    return render(request, "training/session_form.html", {"form": form, "formset": formset, "session": session})


@login_required
def session_create(request):
    return _session_form_view(request)


@login_required
def session_edit(request, pk):
    return _session_form_view(request, get_object_or_404(TrainingSession, pk=pk))


@login_required
@require_POST
def session_publish(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    return run_action(request, lambda: services.session_publish(session=session, by=request.user), success=_("Session published."), then=session)


@login_required
@require_POST
def enrolment_apply(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    def sent(enrolment):
        if enrolment.is_waitlisted:
            return _("The session is full: you are on the waiting list and will move up automatically.")
        return _("Application sent.")

    return run_action(request, lambda: services.enrolment_apply(session=session, person=request.user), success=sent, then=session)


def _enrolment(pk):
    return get_object_or_404(Enrolment.objects.select_related("person", "session__subject").prefetch_related("session__days"), pk=pk)


@login_required
def enrolment_cancel(request, pk):
    enrolment = _enrolment(pk)
    if refused := step_refused(request, ENROLMENT, enrolment, Enrolment.Status.CANCELLED, back=enrolment.session):
        return refused
    own = enrolment.person_id == request.user.pk
    consequences = [
        _("The place or the place on the waiting list is given up; the first person waiting moves up at once.")
        if enrolment.holds_place else _("The application is withdrawn before anyone decides on it or before a place comes free."),
        _("You can apply again while applications are open, but a place given up may have gone by then."),
    ]
    if not own:
        consequences.append(_("%(person)s can read this step in the history of their application.") % {"person": enrolment.person})
    return confirm_then_run(
        request, perform=lambda _data: services.enrolment_cancel(enrolment=enrolment, by=request.user), success=_("Cancelled."), then=enrolment.session,
        question=_("Cancel this application?") if own else _("Cancel %(person)s's application?") % {"person": enrolment.person},
        subject=enrolment.session, consequences=consequences, button=_("Cancel the application"), back=enrolment.session,
    )


@login_required
def enrolment_withdraw(request, pk):
    """/sessions/enrolments/<id>/withdraw/: after the first day, the institute records that a participant stopped."""
    enrolment = _enrolment(pk)
    if refused := step_refused(request, ENROLMENT, enrolment, Enrolment.Status.WITHDRAWN, back=enrolment.session):
        return refused
    return confirm_then_run(
        request, form=WithdrawForm(request.POST or None), success=_("Withdrawal recorded."), then=enrolment.session,
        perform=lambda data: services.enrolment_withdraw(enrolment=enrolment, by=request.user, reason=data["reason"]),
        question=_("Record %(person)s's withdrawal?") % {"person": enrolment.person}, subject=enrolment.session,
        consequences=[
            _("Their place ends: they are left out of attendance and completion from now on, and nobody moves up from the waiting list."),
            _("The days they attended, their test answers and their report stay: the lecturer still reads and marks them."),
            _("They cannot apply to this session again; the reason is kept in the history of their application."),
        ],
        button=_("Record the withdrawal"), back=enrolment.session,
    )


@login_required
@require_POST
def enrolment_approve(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    back = redirect_to_next(request, enrolment.session.get_absolute_url())
    return run_action(request, lambda: services.enrolment_approve(enrolment=enrolment, by=request.user), success=_("Approved."), then=back)


@login_required
@require_POST
def enrolment_decline(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    form = DeclineForm(request.POST)
    back = redirect_to_next(request, enrolment.session.get_absolute_url())
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return back
    decline = lambda: services.enrolment_decline(enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"])  # noqa: E731
    return run_action(request, decline, success=_("Declined."), then=back)


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
        messages.error(request, refusal_text(error))
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
    return run_action(request, lambda: services.attendance_mark(session=session, present=present, by=request.user), success=_("Attendance saved."), then=session)


@login_required
@require_POST
def session_complete(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    ids = {id_param(value) for value in request.POST.getlist("complete") if id_param(value) is not None}
    def recorded(completed):
        if completed:
            return _("Completion recorded; training records were added to each person's handbook.")
        return _("Nobody new was marked as completed.")

    return run_action(request, lambda: services.session_complete(session=session, enrolment_ids=ids, by=request.user), success=recorded, then=session)


def session_feed(request):
    """Published sessions as an iCalendar feed, one event per session day."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//companion-lms//sessions//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Training sessions"))
    tz = timezone.get_current_timezone()
    # RFC 5545 §3.6.1: every event carries DTSTAMP; in a published feed (no METHOD) it is when
    # the feed was made, in UTC.
    made_at = clock.now().astimezone(datetime.UTC)
    for session in selectors.sessions_for_listing():
        for day in session.days.all():
            event = Event()
            event.add("uid", f"session-{session.pk}-{day.date:%Y%m%d}@companion-lms")
            event.add("dtstamp", made_at)
            event.add("summary", f"{session.subject.name} {session.title}")
            event.add("dtstart", timezone.datetime.combine(day.date, day.starts_at, tzinfo=tz))
            event.add("dtend", timezone.datetime.combine(day.date, day.ends_at, tzinfo=tz))
            event.add("location", _("Online") if session.is_online else session.venue)
            event.add("url", request.build_absolute_uri(session.get_absolute_url()))
            calendar.add_component(event)
    # A VTIMEZONE for Asia/Tokyo, which DTSTART and DTEND name through TZID.
    calendar.add_missing_timezones()
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
