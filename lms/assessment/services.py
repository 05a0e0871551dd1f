"""Writes for course reports (submit, resubmit, accept, return: each step in the report's history, the
person it concerns emailed through the outbox) and for understanding tests (submit, mark)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import clock
from lms.audit import services as audit
from lms.formats import short_date
from lms.outbox import services as outbox
from lms.training.models import Enrolment, TrainingSession
from lms.uploads import removed_if_not_saved

from . import rules, selectors
from .models import EVALUATION_MINIMUM, EvaluationReceipt, EvaluationResponse, Report, ReportSubmission, TestAttempt
from .tasks import notify_report_event
from .workflow import ATTEMPT, REPORT

NO_REPORT_ASKED = _("This session asks for no report.")
NOT_OPEN_YET = _("The report can be submitted from the session's last day (%(date)s).")
NOT_YOURS = _("Only the participant submits their own report.")
EMPTY = _("Write the report or attach a file.")
WITHDRAWN = _("You were withdrawn from this session: what you submitted is kept and the lecturer still reads it, but nothing more can be sent.")
FEEDBACK_NEEDED = _("Say what to revise: the participant reads your comments.")


def _own_place(enrolment, by):
    """The participant's own place, locked: a double click makes one report, attempt or answer, not two."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied(NOT_YOURS)
    enrolment = Enrolment.objects.select_for_update().select_related("session").get(pk=enrolment.pk)
    if enrolment.is_withdrawn:
        raise ValidationError(WITHDRAWN)
    if enrolment.status not in Enrolment.FOR_COMPLETION:
        raise PermissionDenied(NOT_YOURS)
    return enrolment


def _submission(report, *, text, file, now):
    number = (report.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportSubmission.objects.create(report=report, number=number, text=text.strip(), file=file or "", submitted_at=now)


@removed_if_not_saved
def report_submit(*, enrolment, by, text="", file=None):
    """Submit a report, or resubmit a returned one; every submission is kept."""
    enrolment = _own_place(enrolment, by)
    session = enrolment.session
    rule = selectors.rule_for(session)
    if rule is None or not rule.report_required:
        raise ValidationError(NO_REPORT_ASKED)
    last_day = selectors.last_day_of(session)
    today, now = clock.today(), clock.now()
    if today < last_day:
        raise ValidationError(NOT_OPEN_YET % {"date": short_date(last_day)})
    if not text.strip() and not file:
        raise ValidationError(EMPTY)
    report = Report.objects.filter(enrolment=enrolment).first()
    if report is None:
        due_on = rules.report_due_on(rule, last_day)
        report = Report.objects.create(enrolment=enrolment, due_on=due_on, first_submitted_late=rules.is_late(due_on, today))
        _submission(report, text=text, file=file, now=now)
        entry = audit.record(report, Report.Status.SUBMITTED, by, to_status=report.status)
    else:
        report, entry = REPORT.perform(report, Report.Status.SUBMITTED, by, apply=lambda locked: _submission(locked, text=text, file=file, now=now))
    outbox.send(notify_report_event, event_id=entry.pk)
    return report


def _decide(report, outcome, by, feedback):
    feedback = feedback.strip()
    if outcome == Report.Status.RETURNED and not feedback:
        raise ValidationError({"feedback": FEEDBACK_NEEDED})

    def decide(locked):
        latest = locked.submissions.order_by("-number").first()
        latest.outcome, latest.feedback, latest.decided_by, latest.decided_at = outcome, feedback, by, clock.now()
        latest.save(update_fields=["outcome", "feedback", "decided_by", "decided_at"])

    with transaction.atomic():
        report, entry = REPORT.perform(report, outcome, by, note=feedback[:1000], apply=decide)
        outbox.send(notify_report_event, event_id=entry.pk)
    return report


def report_accept(*, report, by, feedback=""):
    return _decide(report, Report.Status.ACCEPTED, by, feedback)


def report_return(*, report, by, feedback):
    return _decide(report, Report.Status.RETURNED, by, feedback)


# --- Understanding tests ---

TEST_NOT_OF_SESSION = _("This test is not one of this session's.")
TEST_NOT_OPEN = _("This test opens on day %(day)s of the session (%(date)s).")
NO_ATTEMPTS_LEFT = _("No attempts are left at this test (%(allowed)s allowed).")
ALREADY_PASSED = _("You have already passed this test.")
STILL_MARKING = _("Your last attempt is still being marked.")
BAD_ANSWER = _("An answer does not match the question; reload the test and answer again.")
TEXT_TOO_LONG = _("Keep each written answer within %(limit)s characters.")
POINTS_OUT_OF_RANGE = _("Give each written answer between 0 and %(points)s points.")
TEXT_ANSWER_LIMIT = 2000
ALREADY_COMPLETED = _("You have completed this session; its tests are closed.")
TEST_CHANGED = _("The test was updated while you answered it; please answer the new version.")


def _clean_answers(questions, answers):
    """The answers reduced to what each question takes; refuse what no form of ours would send."""
    cleaned = {}
    for question in questions:
        given = answers.get(question.id)
        if question.kind == rules.SHORT_TEXT:
            text = (given or "").strip() if isinstance(given, str) else ""
            if len(text) > TEXT_ANSWER_LIMIT:
                raise ValidationError(TEXT_TOO_LONG % {"limit": TEXT_ANSWER_LIMIT})
            cleaned[question.id] = text
            continue
        try:
            chosen = sorted({int(index) for index in (given or [])})
        except (TypeError, ValueError):
            raise ValidationError(BAD_ANSWER) from None
        if any(not 0 <= index < len(question.choices) for index in chosen) or (question.kind == rules.SINGLE and len(chosen) > 1):
            raise ValidationError(BAD_ANSWER)
        cleaned[question.id] = chosen
    return cleaned


@transaction.atomic
def test_submit(*, enrolment, test, by, answers, taken_revision_id=None):
    """Submit a test's answers in one go: choices are marked at once, written answers wait for the
    lecturer. The answers are kept as submitted and never changed."""
    enrolment = _own_place(enrolment, by)
    session = enrolment.session
    tests = selectors.tests_for(session)
    if tests.get(test.day) is None or tests[test.day].pk != test.pk:
        raise ValidationError(TEST_NOT_OF_SESSION)
    opens_on = session.ordered_days[test.day - 1].date
    if clock.today() < opens_on:
        raise ValidationError(TEST_NOT_OPEN % {"day": test.day, "date": short_date(opens_on)})
    pass_mark, attempts_allowed = selectors.test_terms(selectors.rule_for(session))
    if enrolment.is_completed:
        raise ValidationError(ALREADY_COMPLETED)
    earlier = list(TestAttempt.objects.filter(enrolment=enrolment, test=test))
    if any(attempt.is_passed for attempt in earlier):
        raise ValidationError(ALREADY_PASSED)
    if any(attempt.status == TestAttempt.Status.AWAITING_MARKING for attempt in earlier):
        raise ValidationError(STILL_MARKING)
    if len(earlier) >= attempts_allowed:
        raise ValidationError(NO_ATTEMPTS_LEFT % {"allowed": attempts_allowed})
    revision = test.live_revision
    if taken_revision_id is not None and taken_revision_id != revision.pk:
        raise ValidationError(TEST_CHANGED)
    questions = selectors.questions_of(revision.as_object())
    cleaned = _clean_answers(questions, answers)
    points = rules.mark_choices(questions, cleaned)
    max_score = sum(question.points for question in questions)
    score, status = rules.test_result(points, max_score, pass_mark)
    return TestAttempt.objects.create(
        enrolment=enrolment, test=test, revision=revision, number=len(earlier) + 1, submitted_at=clock.now(), answers=cleaned,
        points=points, score=score, max_score=max_score, pass_mark=pass_mark, status=status,
    )


def attempt_mark(*, attempt, by, awarded):
    """The lecturer gives points to each written answer (`awarded`: question id → points); the
    attempt passes or not by its score, in the attempt's history."""
    def mark(attempt):
        points = dict(attempt.points)
        for question in selectors.questions_of(attempt.revision.as_object()):
            if question.kind != rules.SHORT_TEXT:
                continue
            given = awarded.get(question.id)
            if given is None or not 0 <= given <= question.points:
                raise ValidationError(POINTS_OUT_OF_RANGE % {"points": question.points})
            points[question.id] = given
        attempt.points = points
        attempt.score, attempt.status = rules.test_result(points, attempt.max_score, attempt.pass_mark)
        attempt.marked_by, attempt.marked_at = by, clock.now()

    attempt, _entry = ATTEMPT.perform(attempt, TestAttempt.AuditAction.MARKED, by, apply=mark, detail={"awarded": awarded})
    return attempt


# --- Course evaluations ---

ALREADY_EVALUATED = _("You have already answered this evaluation. Thank you.")


@transaction.atomic
def evaluation_submit(*, enrolment, by, ratings, comment="", own_answers=None):
    """Record an anonymous answer and, apart from it, that this participant has answered (once).
    `own_answers` ({question id: answer}) answers the subject's own questions as published now."""
    enrolment = _own_place(enrolment, by)
    TrainingSession.objects.select_for_update().filter(pk=enrolment.session_id).first()  # answers are released in turn
    today = clock.today()
    if refusal := selectors.evaluation_refusal(enrolment, today):
        raise ValidationError(refusal)
    if EvaluationReceipt.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(ALREADY_EVALUATED)
    response = EvaluationResponse(
        session=enrolment.session, answered_on=today, comment=comment.strip(),
        answers=kept_answers(selectors.evaluation_questions(enrolment.session.subject), own_answers or {}), **ratings,
    )
    response.full_clean()
    response.save()
    EvaluationReceipt.objects.create(enrolment=enrolment)
    release_in_groups(EvaluationResponse.objects.filter(session=enrolment.session))
    return response


def release_in_groups(answers):
    """Show a session's waiting answers once there are EVALUATION_MINIMUM of them, all together;
    fewer wait for the next. The caller holds the session's lock, so two answers at once never
    release two overlapping groups."""
    waiting = answers.filter(released=False)
    if waiting.count() >= EVALUATION_MINIMUM:
        waiting.update(released=True)


def kept_answers(questions, own_answers):
    """The answers to the course's own questions as stored, or a ValidationError saying which is missing."""
    try:
        return rules.evaluation_answers(questions, own_answers)
    except ValueError as error:
        raise ValidationError(error.args[0]) from None
