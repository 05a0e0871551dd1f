"""Course report and understanding test pages: a participant's own, and for those who teach the
session the list of all, their decisions and marking."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from curriculum.models import Subject, SubjectPage
from curriculum.services import can_write_under
from lms import clock, uploads
from lms.actions import refusal_messages, refusal_text, run_action
from lms.fiscal import fiscal_year
from lms.http import fiscal_year_param, id_param
from lms.organisations.access import (
    may_read_lecturer_evaluations,
    may_read_session_evaluations,
    may_read_subject_evaluations,
    participant_enrolment,
    require_records_access,
)
from lms.pagination import page_of
from lms.training.models import TrainingSession

from . import rules, selectors, services
from .forms import DecisionForm, EvaluationForm, ReportForm
from .models import EvaluationReceipt, EvaluationResponse, Report, ReportSubmission, TestAttempt
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
    last = context["last_submission"]
    # A returned report is revised, not written again: the box starts with the last text.
    initial = {"text": last.text} if last is not None and context["report"].is_returned else None
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
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
    return uploads.download(submission.file)


# --- Understanding tests ---

@login_required
def session_tests(request, pk):
    """/sessions/<id>/tests/: the participant's tests, or for those who teach the session everyone's results."""
    session = _session(pk)
    role, enrolment = selectors.role_on(session, request.user)
    if role == "marker":
        enrolments = page_of(request, selectors.marking_list(session))
        context = selectors.marking_tests_page(session, enrolments.object_list)
        return render(request, "assessment/test_results.html", {**context, "session": session, "page": enrolments})
    if role is None:
        raise PermissionDenied
    return render(request, "assessment/test_list.html", selectors.participant_tests_page(session, enrolment, clock.today()))


def _whole_number(value):
    """The number typed, full-width digits included; -1 (refused as out of range) for anything else."""
    try:
        return int(value.strip())
    except ValueError:
        return -1


def _answers_from(post, questions):
    answers = {}
    for question in questions:
        name = f"q-{question.id}"
        answers[question.id] = post.get(name, "") if question.kind == "short_text" else post.getlist(name)
    return answers


@login_required
def test_take(request, pk, test_pk):
    session = _session(pk)
    role, enrolment = selectors.role_on(session, request.user)
    if role != "participant":
        raise PermissionDenied
    test = next((test for test in selectors.tests_for(session).values() if test.pk == test_pk), None)
    if test is None:
        raise Http404
    row = next(row for row in selectors.participant_tests_page(session, enrolment, clock.today())["rows"] if row["test"].pk == test.pk)
    if not row["may_take"]:
        # Not open yet, passed, marking pending or no attempts left: the questions stay unseen.
        messages.error(request, _("This test cannot be taken now; see its state below."))
        return redirect("session_tests", pk=session.pk)
    questions = selectors.questions_of(test)
    answers = {}
    if request.method == "POST":
        answers = _answers_from(request.POST, questions)
        try:
            attempt = services.test_submit(
                enrolment=enrolment, test=test, by=request.user, answers=answers, taken_revision_id=id_param(request.POST.get("revision", "")),
            )
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Answers submitted."))
            return redirect(attempt)
    return render(request, "assessment/test_take.html", {
        "session": session, "test": test, "questions": questions, "answers": answers, "revision_id": test.live_revision_id,
    })


@login_required
def test_attempt(request, pk, attempt_pk):
    """One attempt: its writer sees the result; those who teach the session see the answers and mark them."""
    attempt = get_object_or_404(
        TestAttempt.objects.select_related("enrolment__person", "enrolment__session", "test", "revision", "marked_by"),
        pk=attempt_pk, enrolment__session_id=pk,
    )
    session = attempt.enrolment.session
    is_marker = request.user.pk != attempt.enrolment.person_id and selectors.role_on(session, request.user)[0] == "marker"
    if not is_marker:
        # The person, and whoever reads their handbook, which lists the attempt (as with a report).
        require_records_access(request.user, attempt.enrolment.person)
    if request.method == "POST" and not is_marker:
        raise PermissionDenied
    if request.method == "POST":
        awarded = {}
        for key, value in request.POST.items():
            if key.startswith("points-"):
                awarded[key.removeprefix("points-")] = _whole_number(value)
        return run_action(request, lambda: services.attempt_mark(attempt=attempt, by=request.user, awarded=awarded),
                          success=_("Marks saved."), then=reverse("test_attempt", args=[pk, attempt_pk]))
    questions = selectors.questions_of(attempt.revision.as_object())
    rows = [(question, attempt.answers.get(question.id), attempt.points.get(question.id)) for question in questions]
    return render(request, "assessment/test_attempt.html", {
        "session": session, "attempt": attempt, "rows": rows, "is_marker": is_marker,
        "may_mark": is_marker and attempt.status == TestAttempt.Status.AWAITING_MARKING,
    })


# --- Course evaluations ---

@login_required
def session_evaluation(request, pk):
    """/sessions/<id>/evaluation/: the participant's anonymous course evaluation, once."""
    session = _session(pk)
    enrolment = participant_enrolment(request.user, session)
    if enrolment is None:
        raise PermissionDenied
    answered = EvaluationReceipt.objects.filter(enrolment=enrolment).exists()
    last_day = selectors.last_day_of(session)
    form = EvaluationForm(request.POST or None, questions=selectors.evaluation_questions(session.subject))
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.evaluation_submit(
                enrolment=enrolment, by=request.user, ratings=form.ratings(), comment=form.cleaned_data["comment"], own_answers=form.own_answers(),
            )
        except ValidationError as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("Thank you. Your answers are kept without your name."))
            return redirect(session)
    return render(request, "assessment/evaluation_form.html", {
        "session": session, "form": form, "answered": answered, "refusal": selectors.evaluation_refusal(enrolment, clock.today()),
        "closes_on": rules.evaluation_closes_on(last_day) if last_day else None,
    })


@login_required
def evaluation_summary(request, pk):
    session = _session(pk)
    if not may_read_session_evaluations(request.user, session):
        raise PermissionDenied
    summary = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=session), selectors.evaluation_questions(session.subject))
    return render(request, "assessment/evaluation_summary.html", {
        "session": session, "summary": summary, "may_read_subject": may_read_subject_evaluations(request.user, session.subject),
    })


@login_required
def subject_evaluation_summary(request, code):
    """A subject's evaluations by fiscal year, with every comment: for the textbook committee's revisions."""
    subject = get_object_or_404(Subject, code=code)
    if not may_read_subject_evaluations(request.user, subject):
        raise PermissionDenied
    year = fiscal_year_param(request, fiscal_year(clock.today()))
    context = selectors.subject_evaluations(subject, year)
    page = SubjectPage.objects.filter(subject=subject).first()
    return render(request, "assessment/subject_evaluations.html", {
        **context, "subject": subject, "year": year,
        # Where the subject's own questions are written: its page in the admin, for those who may edit it.
        "questions_edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if page and can_write_under(request.user, page) else None,
    })


@login_required
def lecturer_evaluation_summary(request, pk):
    """A lecturer's evaluations over the sessions they taught in a fiscal year: theirs, and the institute's to read."""
    lecturer = get_object_or_404(get_user_model(), pk=pk)
    if not may_read_lecturer_evaluations(request.user, lecturer):
        raise PermissionDenied
    year = fiscal_year_param(request, fiscal_year(clock.today()))
    context = selectors.lecturer_evaluations(lecturer, year)
    return render(request, "assessment/lecturer_evaluations.html", {**context, "lecturer": lecturer, "year": year})
