"""Reads for completion rules and course reports, each in a fixed number of queries."""

import datetime
import random

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.models import SubjectPage, UnderstandingTestPage
from curriculum.rules import policy_in_force
from lms.fiscal import fiscal_year_end, fiscal_year_start
from lms.organisations.access import may_mark_session, participant_enrolment
from lms.training.models import Attendance, Enrolment, TrainingSession

from . import rules
from .models import EVALUATION_MINIMUM, CompletionRule, EvaluationResponse, Report, ReportSubmission, TestAttempt
from .workflow import REPORT


def last_day_of(session):
    return max((day.date for day in session.days.all()), default=None)


def rule_for(session):
    """The completion rule in force on the session's last day, or None (attendance only)."""
    last_day = last_day_of(session)
    if last_day is None:
        return None
    return policy_in_force(list(CompletionRule.objects.filter(subject_id=session.subject_id)), last_day)


def standings(session, enrolments):
    """Why each of `enrolments` has not met the session's rule yet: {enrolment id: [reason, …]}.
    A fixed number of queries, whatever the number of people."""
    rule = rule_for(session)
    if rule is None or not enrolments:
        return {}
    days = list(session.days.all())
    last_day = max(day.date for day in days)
    ids = [enrolment.pk for enrolment in enrolments]
    attended = dict(
        Attendance.objects.filter(enrolment_id__in=ids, present=True).values("enrolment_id").annotate(count=Count("pk")).values_list("enrolment_id", "count")
    )
    reports = {report.enrolment_id: report for report in Report.objects.filter(enrolment_id__in=ids)}
    tests = tests_for(session) if rule.tests_required else {}
    best = best_results(ids, tests) if tests else {}
    found = {}
    for enrolment_id in ids:
        report = reports.get(enrolment_id)
        found[enrolment_id] = rules.shortfalls(
            rule, days_total=len(days), days_attended=attended.get(enrolment_id, 0), last_day=last_day,
            report_status=report.status if report else None, report_late=report.first_submitted_late if report else False,
            tests_by_day=tests, best_test_by_day={day: attempt.status for day, attempt in best.get(enrolment_id, {}).items()},
        )
    return found


def report_due_on(session, rule=None):
    rule = rule or rule_for(session)
    last_day = last_day_of(session)
    return rules.report_due_on(rule, last_day) if rule and rule.report_required and last_day else None


def report_of(enrolment):
    return Report.objects.filter(enrolment=enrolment).prefetch_related("submissions__decided_by").first()


def participant_report_page(session, enrolment, user, today):
    """A participant's own report: the question, the deadline, every submission and what they may do."""
    rule = rule_for(session)
    report = report_of(enrolment)
    last_day = last_day_of(session)
    return {
        "session": session,
        "enrolment": enrolment,
        "rule": rule,
        "report": report,
        "submissions": (submissions := list(report.submissions.all()) if report else []),
        "last_submission": max(submissions, key=lambda submission: submission.number, default=None),
        "due_on": report_due_on(session, rule),
        "opens_on": last_day,
        "is_open": last_day is not None and today >= last_day,
        "may_submit": not enrolment.is_withdrawn and (report is None or Report.Status.SUBMITTED in REPORT.available(report, user)),
    }


REPORT_FILTERS = {
    "waiting": Q(report__status=Report.Status.SUBMITTED),
    "returned": Q(report__status=Report.Status.RETURNED),
    "accepted": Q(report__status=Report.Status.ACCEPTED),
    "missing": Q(report__isnull=True),
}


def marking_list(session, status=""):
    """The session's participants with their report, for the lecturer: filtered and ordered in SQL."""
    enrolments = (
        Enrolment.objects.filter(session=session, status__in=Enrolment.TOOK_PART)
        .select_related("person", "report")
        .annotate(submission_count=Count("report__submissions"))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if status in REPORT_FILTERS:
        enrolments = enrolments.filter(REPORT_FILTERS[status])
    return enrolments


def marking_counts(session):
    """How many reports wait, were returned, accepted, or are missing (one query)."""
    return Enrolment.objects.filter(session=session, status__in=Enrolment.TOOK_PART).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in REPORT_FILTERS.items()}
    )


def report_page(report, user):
    """One report with its submissions, and the decisions `user` may take on it."""
    return {
        "report": report,
        "session": report.enrolment.session,
        "submissions": list(ReportSubmission.objects.filter(report=report).select_related("decided_by").order_by("number")),
        "actions": REPORT.available(report, user),
        "rule": rule_for(report.enrolment.session),
        "is_marker": may_mark_session(user, report.enrolment.session) and user.pk != report.enrolment.person_id,
    }


def role_on(session, user):
    """("marker", None), ("participant", enrolment) or (None, None): what the report pages show `user`."""
    if may_mark_session(user, session):
        return "marker", None
    enrolment = participant_enrolment(user, session)
    return ("participant", enrolment) if enrolment else (None, None)


def sessions_with_reports_due(today, within_days):
    """(session, due date) for held sessions whose report is due between today and `within_days` on
    (two queries: the sessions with their last day, and the rules of their subjects)."""
    earliest = today - datetime.timedelta(days=180)  # the longest a rule gives
    sessions = list(
        TrainingSession.objects.filter(status__in=[TrainingSession.Status.PUBLISHED, TrainingSession.Status.COMPLETED])
        .annotate(last_day=Max("days__date")).filter(last_day__gte=earliest, last_day__lte=today).select_related("subject")
    )
    rules_by_subject = {}
    for rule in CompletionRule.objects.filter(subject_id__in={session.subject_id for session in sessions}):
        rules_by_subject.setdefault(rule.subject_id, []).append(rule)
    due = []
    for session in sessions:
        rule = policy_in_force(rules_by_subject.get(session.subject_id, []), session.last_day)
        if rule is None or not rule.report_required:
            continue
        due_on = rules.report_due_on(rule, session.last_day)
        if 0 <= (due_on - today).days <= within_days:
            due.append((session, due_on))
    return due


def waiting_for_report(session):
    """Participants who still owe a report: none submitted, or theirs was returned."""
    return (
        Enrolment.objects.filter(session=session, status__in=[Enrolment.Status.CONFIRMED, Enrolment.Status.NOT_COMPLETED])
        .filter(Q(report__isnull=True) | Q(report__status=Report.Status.RETURNED))
    )


# --- Understanding tests ---

STATUS_RANK = {TestAttempt.Status.PASSED: 3, TestAttempt.Status.AWAITING_MARKING: 2, TestAttempt.Status.FAILED: 1}


def tests_for(session):
    """{day number: the published test of that day} for the session's days (three queries): the
    latest edition first published by the end of the session's last day, so an edition published
    later serves later sessions and never changes what a held session asked."""
    days = [day.date for day in session.days.all()]
    subject_page = SubjectPage.objects.filter(subject_id=session.subject_id).first()
    if subject_page is None or not days:
        return {}
    day_after = datetime.datetime.combine(max(days) + datetime.timedelta(days=1), datetime.time(), tzinfo=timezone.get_current_timezone())
    tests = {}
    candidates = UnderstandingTestPage.objects.live().descendant_of(subject_page).filter(day__lte=len(days), first_published_at__lt=day_after)
    for test in candidates.order_by("day", "first_published_at", "pk"):
        tests[test.day] = test
    return tests


def questions_of(page):
    """The page's questions as plain rules.Question values, in order."""
    questions = []
    for block in page.questions:
        value = block.value
        choices = tuple((choice["text"], bool(choice["correct"])) for choice in value.get("choices", []))
        questions.append(rules.Question(
            id=block.id, kind=block.block_type, prompt=value["prompt"], points=value["points"], choices=choices,
            explanation=value.get("explanation", "") or "", model_answer=value.get("model_answer", "") or "",
        ))
    return questions


def best_results(enrolment_ids, tests):
    """{enrolment id: {day: best attempt}} for the tests given (one query)."""
    day_of = {test.pk: day for day, test in tests.items()}
    best = {}
    attempts = TestAttempt.objects.filter(enrolment_id__in=list(enrolment_ids), test_id__in=list(day_of))
    for attempt in attempts.only("pk", "enrolment_id", "test_id", "status", "score", "max_score", "number"):
        mine = best.setdefault(attempt.enrolment_id, {})
        day = day_of[attempt.test_id]
        current = mine.get(day)
        if current is None or (STATUS_RANK[attempt.status], attempt.score or 0) > (STATUS_RANK[current.status], current.score or 0):
            mine[day] = attempt
    return best


def test_terms(rule):
    """(pass mark, attempts allowed): the rule's, or 60% and two attempts where no rule says."""
    return (rule.pass_mark, rule.attempts_allowed) if rule else (60, 2)


def participant_tests_page(session, enrolment, today):
    """The participant's tests: each day's test, when it opens, their attempts and what they may do."""
    rule = rule_for(session)
    pass_mark, attempts_allowed = test_terms(rule)
    days = session.ordered_days
    tests = tests_for(session)
    attempts = {}
    for attempt in TestAttempt.objects.filter(enrolment=enrolment, test_id__in=[test.pk for test in tests.values()]).order_by("number"):
        attempts.setdefault(attempt.test_id, []).append(attempt)
    rows = []
    for day, test in sorted(tests.items()):
        mine = attempts.get(test.pk, [])
        opens_on = days[day - 1].date
        passed = any(attempt.is_passed for attempt in mine)
        rows.append({
            "day": day, "test": test, "opens_on": opens_on, "attempts": mine, "passed": passed,
            "may_take": today >= opens_on and not passed and len(mine) < attempts_allowed and not enrolment.is_completed
            and not enrolment.is_withdrawn
            and not any(attempt.status == TestAttempt.Status.AWAITING_MARKING for attempt in mine),
        })
    return {"session": session, "enrolment": enrolment, "rule": rule, "rows": rows, "pass_mark": pass_mark, "attempts_allowed": attempts_allowed}


def marking_tests_page(session, enrolments):
    """For those who teach: each participant's best result per day, and the attempts to mark."""
    tests = tests_for(session)
    enrolments = list(enrolments)
    best = best_results([enrolment.pk for enrolment in enrolments], tests)
    for enrolment in enrolments:
        enrolment.results = [(day, best.get(enrolment.pk, {}).get(day)) for day in sorted(tests)]
    waiting = TestAttempt.objects.filter(enrolment__session=session, status=TestAttempt.Status.AWAITING_MARKING)
    to_mark = list(waiting.select_related("enrolment__person", "test").order_by("submitted_at")[:TO_MARK_SHOWN])
    to_mark_total = waiting.count() if len(to_mark) == TO_MARK_SHOWN else len(to_mark)
    return {"tests": sorted(tests.items()), "enrolments": enrolments, "to_mark": to_mark, "to_mark_total": to_mark_total}


TO_MARK_SHOWN = 100  # the oldest first; the next ones appear as these are marked


# --- Course evaluations ---

def evaluation_questions(subject) -> list[rules.EvaluationQuestion]:
    """The subject's own questions as last published (none if its page was never published or has
    been unpublished): Wagtail writes an unpublished page's drafts to the page row itself, so the
    row cannot be trusted to hold what the review workflow approved."""
    page = SubjectPage.objects.filter(subject=subject).select_related("live_revision").first()
    if page is None or not page.live or page.live_revision is None:
        return []
    published = page.live_revision.as_object()
    return [rules.EvaluationQuestion(id=block.id, kind=block.block_type, question=block.value["question"]) for block in published.evaluation_questions]


NOT_ATTENDED = _("Only those who attended the session answer its evaluation.")
WITHDRAWN = _("You were withdrawn from this session, so its evaluation is not asked of you.")


def evaluation_refusal(enrolment, today):
    """Why this participant cannot answer the session's evaluation today, or None."""
    if enrolment.is_withdrawn:
        return WITHDRAWN
    if refusal := rules.evaluation_refusal(last_day_of(enrolment.session), today):
        return refusal
    if not enrolment.attendance.filter(present=True).exists():
        return NOT_ATTENDED
    return None


def evaluation_summary(responses, questions=(), minimum=EVALUATION_MINIMUM):
    """Averages and the spread of each rating, the answers to the course's own `questions` and the
    comments, of `responses` (a queryset of an EvaluationAnswers model): only those released (in
    groups of at least five), and only the number when fewer than `minimum` are, so nobody can be
    told apart. `waiting` is how many wait for the next group."""
    model = responses.model
    waiting = responses.filter(released=False).count()
    responses = responses.filter(released=True)
    aggregates = {f"{name}_{rating}": Count("pk", filter=Q(**{name: rating})) for name in model.RATINGS for rating in range(1, 6)}
    aggregates.update({f"{name}_avg": Avg(name) for name in model.RATINGS})
    totals = responses.aggregate(count=Count("pk"), **aggregates)
    count = totals["count"]
    if count < minimum:
        return {"count": count, "shown": False, "minimum": minimum, "waiting": waiting}
    items = [{
        "name": name, "label": model._meta.get_field(name).verbose_name, "average": totals[f"{name}_avg"], "answers": count,
        "spread": [(rating, totals[f"{name}_{rating}"], round(100 * totals[f"{name}_{rating}"] / count)) for rating in range(5, 0, -1)],
    } for name in model.RATINGS]
    own_ratings, own_texts = rules.summarise_answers(
        list(questions), responses.order_by("answered_on").values_list("session_id", "answers"), EVALUATION_MINIMUM,
    )
    for own in own_texts:
        random.shuffle(own["texts"])  # never in the order they were written in
    # The comments in a random order, never the order they were written in.
    comments = list(responses.exclude(comment="").order_by("?").values_list("comment", flat=True)[:500])
    return {
        "count": count, "shown": True, "items": items + own_ratings, "texts": own_texts, "comments": comments,
        "minimum": minimum, "waiting": waiting,
    }


def subject_evaluations(subject, year):
    """A subject's evaluations over the sessions that ended in a fiscal year, and per session
    (textbook committee). Each session is filed whole under the year of its last day, as on the
    lecturer's page: split by the dates of the answers, the answers given after 1 April would
    follow by subtracting one year's page from the session's."""
    sessions = list(
        TrainingSession.objects.filter(subject=subject).annotate(last_day=Max("days__date"))
        .filter(last_day__range=(fiscal_year_start(year), fiscal_year_end(year)))
        .annotate(answers=Count("evaluations", filter=Q(evaluations__released=True), distinct=True)).filter(answers__gt=0).order_by("last_day", "pk")
    )
    responses = _shown_sessions_only(EvaluationResponse.objects.all(), sessions)
    return {"summary": evaluation_summary(responses, evaluation_questions(subject)), "sessions": sessions}


def _shown_sessions_only(responses, sessions):
    """The responses of sessions with enough answers to be shown: a total over a session below the
    minimum would give its few answers away by subtracting the sessions that are shown."""
    return responses.filter(session__in=[session.pk for session in sessions if session.answers >= EVALUATION_MINIMUM])


def lecturer_evaluations(lecturer, year):
    """The evaluations of the sessions `lecturer` taught that ended in a fiscal year, together and per session."""
    sessions = TrainingSession.objects.filter(lecturers=lecturer).annotate(last_day=Max("days__date")).filter(
        last_day__range=(fiscal_year_start(year), fiscal_year_end(year)),
    )
    listed = list(
        sessions.select_related("subject").annotate(answers=Count("evaluations", filter=Q(evaluations__released=True), distinct=True))
        .order_by("last_day", "pk")
    )
    responses = _shown_sessions_only(EvaluationResponse.objects.all(), listed)
    return {"summary": evaluation_summary(responses), "sessions": listed}
