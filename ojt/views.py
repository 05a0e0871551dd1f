"""OJT pages: my ledger, session logs, individual OJT, the centre's programme and table."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import clock
from lms.actions import refusal_text, run_form
from lms.assessment.forms import EvaluationForm
from lms.assessment.rules import evaluation_closes_on, evaluation_refusal
from lms.fiscal import fiscal_year
from lms.http import fiscal_year_param
from lms.organisations.access import access_for, can_view_records_of, may_read_ojt_evaluations, staff_managed_by
from lms.organisations.models import Organisation

from . import rules, selectors, services
from .forms import OJT_COMMENT_HELP, IndividualForm, ProgrammeItemForm, SessionForm
from .models import IndividualOjt, OjtEvaluation, OjtEvaluationReceipt, OjtProgramme, OjtSession
from .workflow import OJT_SESSION

MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


@login_required
def ledger(request):
    access = access_for(request.user)
    if not access.is_centre_staff:
        if access.is_institute or access.is_prefecture:
            # They keep no ledger of their own: the hours of the staff they oversee are in the reports.
            year = request.GET.get("year", "")
            return redirect(f"{reverse('report_country')}?year={year}" if year.isascii() and year.isdigit() else reverse("report_country"))
        raise PermissionDenied
    today = clock.today()
    year = fiscal_year_param(request, default=fiscal_year(today))
    [my_ledger] = selectors.ledgers_for([request.user], year, today)
    pending_sign_off = (
        IndividualOjt.objects.filter(status=IndividualOjt.Status.PENDING, person_id__in=staff_managed_by(request.user))
        .exclude(person=request.user).select_related("person")
    )
    return render(request, "ojt/ledger.html", {
        "ledger": my_ledger, "year": year, "prorating_rule": rules.PRORATING_RULE,
        "sessions": _marked_offjt(OjtSession.objects.filter(attendees=request.user, fiscal_year=year).select_related("facilitator"), my_ledger),
        "to_evaluate": selectors.sessions_to_evaluate(request.user, today),
        "individual": IndividualOjt.objects.filter(person=request.user, fiscal_year=year),
        "to_confirm": OjtSession.objects.filter(status=OjtSession.Status.LOGGED)
        .filter(Q(facilitator=request.user) | Q(centre_id__in=access.managed_centre_ids))
        .exclude(attendees=request.user),
        "pending_sign_off": pending_sign_off,
        "cascade_owed": selectors.cascade_owed_for(request.user),
        "centres": Organisation.objects.filter(pk__in=access.ojt_centre_ids),
    })


def _marked_offjt(sessions, ledger):
    """The sessions, each marked when the year's policy counts it as Off-JT (an outside lecturer's)."""
    sessions = list(sessions)
    for session in sessions:
        session.counts_as_offjt = ledger.policy.counts_as_offjt(session.kind)
    return sessions


def _centre_for(request, centre_id, *, to_write):
    """The centre, if the user coordinates it (or, only to read, if they are institute staff)."""
    centre = get_object_or_404(Organisation, pk=centre_id, kind=Organisation.Kind.CENTRE)
    can_write = services.can_coordinate(request.user, centre.pk)
    if not (can_write or (not to_write and access_for(request.user).is_institute)):
        raise PermissionDenied
    return centre, can_write


@login_required
def programme(request, centre_id, year):
    centre, can_write = _centre_for(request, centre_id, to_write=request.method == "POST")
    form = ProgrammeItemForm(request.POST or None) if can_write else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.programme_add_item(centre=centre, fiscal_year=year, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Added to the programme."))
            return redirect("ojt_programme", centre.pk, year)
    programme_obj = OjtProgramme.objects.filter(centre=centre, fiscal_year=year).first()
    planned = defaultdict(list)
    if programme_obj:
        for item in programme_obj.items.all():
            planned[item.month].append(item)
    held = defaultdict(list)
    for session in OjtSession.objects.filter(centre=centre, fiscal_year=year).prefetch_related("attendees").order_by("date"):
        held[session.date.month].append(session)
    months = [(month, planned[month], held[month], sum((s.hours for s in held[month]), Decimal("0"))) for month in MONTHS]
    return render(request, "ojt/programme.html", {
        "centre": centre, "year": year, "months": months, "form": form, "may_read_evaluations": may_read_ojt_evaluations(request.user, centre.pk),
    })


@login_required
def centre_table(request, centre_id, year):
    centre = get_object_or_404(Organisation, pk=centre_id, kind=Organisation.Kind.CENTRE)
    access = access_for(request.user)
    if not (access.is_institute or centre.pk in access.ojt_centre_ids):
        raise PermissionDenied
    today = clock.today()
    ledgers = selectors.ledgers_for(selectors.centre_staff(centre.pk, today), year, today)
    return render(request, "ojt/centre_table.html", {
        "centre": centre, "year": year, "ledgers": ledgers, "today": today, "prorating_rule": rules.PRORATING_RULE,
    })


@login_required
def session_new(request, centre_id):
    centre, _can_write = _centre_for(request, centre_id, to_write=True)
    staff = list(selectors.centre_staff(centre.pk, clock.today()))
    form = SessionForm(request.POST or None, staff=staff)
    logged = lambda data: services.session_log(centre=centre, by=request.user, **data)  # noqa: E731
    if done := run_form(request, form, logged, success=_("Session logged. Hours count once attendance is confirmed.")):
        return done
    return render(request, "ojt/session_form.html", {"centre": centre, "form": form})


@login_required
def session_detail(request, pk):
    session = get_object_or_404(OjtSession.objects.select_related("centre", "facilitator", "confirmed_by"), pk=pk)
    access = access_for(request.user)
    attendees = list(session.attendees.all())
    allowed = (
        access.is_institute or services.can_coordinate(request.user, session.centre_id)
        or session.facilitator_id == request.user.pk or request.user in attendees
    )
    if not allowed:
        raise PermissionDenied
    return render(request, "ojt/session_detail.html", {
        "session": session, "attendees": attendees, "actions": OJT_SESSION.available(session, request.user),
        "may_evaluate": request.user in attendees and session.facilitator_id != request.user.pk
        and evaluation_refusal(session.date, clock.today()) is None
        and not OjtEvaluationReceipt.objects.filter(session=session, person=request.user).exists(),
        "may_read_evaluations": may_read_ojt_evaluations(request.user, session.centre_id, session.facilitator_id),
    })


@login_required
def session_evaluation(request, pk):
    """/ojt/sessions/<id>/evaluation/: an attendee's anonymous evaluation of the session, once."""
    session = get_object_or_404(OjtSession.objects.select_related("centre"), pk=pk)
    if not session.attendees.filter(pk=request.user.pk).exists() or session.facilitator_id == request.user.pk:
        raise PermissionDenied  # the facilitator is the one being rated
    answered = OjtEvaluationReceipt.objects.filter(session=session, person=request.user).exists()
    form = EvaluationForm(request.POST or None, model=OjtEvaluation, comment_help=OJT_COMMENT_HELP)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.session_evaluate(session=session, by=request.user, ratings=form.ratings(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("Thank you. Your answers are kept without your name."))
            return redirect(session)
    return render(request, "ojt/evaluation_form.html", {
        "session": session, "form": form, "answered": answered, "refusal": evaluation_refusal(session.date, clock.today()),
        "closes_on": evaluation_closes_on(session.date),
    })


@login_required
def session_evaluation_summary(request, pk):
    session = get_object_or_404(OjtSession.objects.select_related("centre"), pk=pk)
    if not may_read_ojt_evaluations(request.user, session.centre_id, session.facilitator_id):
        raise PermissionDenied
    return render(request, "ojt/evaluation_summary.html", {
        "session": session, "summary": selectors.session_evaluation_summary(session, request.user),
        "may_read_centre": may_read_ojt_evaluations(request.user, session.centre_id),
    })


@login_required
def centre_evaluations(request, centre_id, year):
    """A centre's OJT evaluations over a fiscal year, for its own PDCA."""
    centre = get_object_or_404(Organisation, pk=centre_id)
    if not may_read_ojt_evaluations(request.user, centre.pk):
        raise PermissionDenied
    return render(request, "ojt/centre_evaluations.html", {"centre": centre, "year": year, **selectors.centre_evaluations(centre.pk, year, request.user)})


@login_required
@require_POST
def session_confirm(request, pk):
    session = get_object_or_404(OjtSession, pk=pk)
    try:
        services.session_confirm(session=session, by=request.user)
    except PermissionDenied as error:
        messages.error(request, refusal_text(error))
        raise
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(session)
    messages.success(request, _("Attendance confirmed: the hours now count for each attendee."))
    return redirect(session)


@login_required
def individual_new(request):
    if not access_for(request.user).is_centre_staff:
        raise PermissionDenied
    form = IndividualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.individual_log(person=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("Logged. It counts once your supervisor signs it off."))
            return redirect("ojt_ledger")
    return render(request, "ojt/individual_form.html", {"form": form})


@login_required
@require_POST
def individual_decide(request, pk):
    entry = get_object_or_404(IndividualOjt, pk=pk)
    if not can_view_records_of(request.user, entry.person):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose whether to sign it off or not."))
        return redirect("ojt_ledger")
    approve = decision == "approve"
    try:
        services.individual_sign_off(entry=entry, by=request.user, approve=approve, reason=request.POST.get("reason", ""))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Signed off.") if approve else _("Marked as not signed off."))
    return redirect("ojt_ledger")
