"""Course report pages: a participant's own report, the lecturer's list of all and their decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import clock
from lms.actions import refusal_messages, refusal_text, run_action
from lms.organisations.access import require_records_access
from lms.pagination import page_of
from lms.training.models import TrainingSession

from . import selectors, services
from .forms import DecisionForm, ReportForm
from .models import Report, ReportSubmission
from .workflow import REPORT


def _session(pk):
    return get_object_or_404(TrainingSession.objects.select_related("subject").prefetch_related("days"), pk=pk, status__in=[
        TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED,
    ])


@login_required
def session_report(request, pk):
    """/sessions/<id>/report/: the participant's report, or for those who teach the session the list of all."""
    session = _session(pk)
    role, enrolment = selectors.role_on(session, request.user)
    if role == "marker":
        status = request.GET.get("status", "")
        counts = selectors.marking_counts(session)
        return render(request, "assessment/marking_list.html", {
            "session": session, "rule": selectors.rule_for(session), "status": status,
            "enrolments": page_of(request, selectors.marking_list(session, status)),
            "filters": [(name, label, counts.get(name)) for name, label in _report_filters()],
        })
    if role is None:
        raise PermissionDenied
    context = selectors.participant_report_page(session, enrolment, request.user, clock.today())
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(enrolment=enrolment, by=request.user, text=form.cleaned_data["text"], file=form.cleaned_data["file"])
        except ValidationError as error:
            if not (context["is_open"] and context["may_submit"]):
                # The form is not drawn at this step (not open yet, or the report waits): say why at the top.
                messages.error(request, refusal_text(error))
                return redirect("session_report", pk=session.pk)
            for message in refusal_messages(error):
                form.add_error(None, message)  # beside the form, which keeps the text
        else:
            messages.success(request, _("Report submitted. The lecturer will read it; you will be emailed when they accept or return it."))
            return redirect("session_report", pk=session.pk)
    return render(request, "assessment/report_form.html", {**context, "form": form})


def _report_filters():
    return [("", _("All")), ("waiting", _("Awaiting you")), ("returned", _("Returned")), ("accepted", _("Accepted")), ("missing", _("Not submitted"))]


def _report(pk, report_pk, user):
    report = get_object_or_404(Report.objects.select_related("enrolment__person", "enrolment__session__subject"), pk=report_pk, enrolment__session_id=pk)
    # The writer, those who mark the session, and whoever reads the writer's handbook (which lists the report).
    if user.pk != report.enrolment.person_id and selectors.role_on(report.enrolment.session, user)[0] != "marker":
        require_records_access(user, report.enrolment.person)
    return report


@login_required
def report_detail(request, pk, report_pk):
    report = _report(pk, report_pk, request.user)
    return render(request, "assessment/report_detail.html", {**selectors.report_page(report, request.user), "form": DecisionForm()})


@login_required
@require_POST
def report_decide(request, pk, report_pk):
    report = _report(pk, report_pk, request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to return the report."))
        return redirect(report)
    feedback = form.cleaned_data["feedback"]
    if form.cleaned_data["decision"] == "accept":
        return run_action(request, lambda: services.report_accept(report=report, by=request.user, feedback=feedback),
                          success=_("Report accepted."), then=reverse("session_report", args=[pk]))
    if Report.Status.RETURNED not in REPORT.available(report, request.user):
        return run_action(request, lambda: services.report_return(report=report, by=request.user, feedback=feedback), success=None, then=report)
    try:
        services.report_return(report=report, by=request.user, feedback=feedback)
    except (PermissionDenied, ValidationError) as error:
        # The comments stay on the page, so a refused return loses nothing the lecturer wrote.
        context = selectors.report_page(report, request.user)
        form.add_error(None, " ".join(refusal_messages(error)))
        return render(request, "assessment/report_detail.html", {**context, "form": form}, status=200)
    messages.success(request, _("Report returned; the participant has been emailed your comments."))
    return redirect("session_report", pk=pk)


@login_required
def report_file(request, pk, report_pk, number):
    report = _report(pk, report_pk, request.user)
    submission = get_object_or_404(ReportSubmission, report=report, number=number)
    if not submission.file:
        raise Http404
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.file.name.rsplit("/", 1)[-1])
