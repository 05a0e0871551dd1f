"""Demo completion rule and reports: 生活困窮者支援論 asks for a report this year (seed 004, 図表 2-4),
and a session held a fortnight ago has reports waiting for the lecturer, returned and accepted."""

import datetime

from curriculum.models import Subject
from lms import clock
from lms.audit import services as audit
from lms.fiscal import fiscal_year, fiscal_year_start
from lms.training.demo import _enrol, _session
from lms.training.models import Attendance, Enrolment, TrainingSession

from . import rules
from .models import CompletionRule, Report, ReportSubmission

QUESTION = "３日目の研修で学んだ方法・技術を、あなたは明日からの実践に具体的にどのように活かしていきたいですか。自分自身の役割に則して論じなさい。"
ANSWER = "相談者の話を遮らずに聴き、本人が望む暮らしを一緒に言葉にすることから始めたい。"


def seed(context):
    today, people, institute = context["today"], context["people"], context["institute"]
    admin, lecturer = people["admin"], people["lecturer1"]
    first_day = today - datetime.timedelta(days=14)
    year = fiscal_year(first_day)
    subject = Subject.objects.get(code="poverty-support")
    rule, _created = CompletionRule.objects.get_or_create(
        subject=subject, effective_from=fiscal_year_start(year),
        defaults={"report_required": True, "report_question": QUESTION, "report_length": 2000, "report_due_days": 30,
                  "note": "図表 2-4：３日目を含む研修の習得度テスト、後日レポート提出"},
    )
    held, created = _session(
        "poverty-support", f"{year}年度 第1回（北九州会場）", institute,
        [first_day + datetime.timedelta(days=n) for n in range(3)], 80, first_day - datetime.timedelta(days=60),
        first_day - datetime.timedelta(days=20), TrainingSession.Status.PUBLISHED, venue="北九州市立生涯学習総合センター", by=admin,
    )
    if not created:
        return
    held.lecturers.add(lecturer)
    last_day = first_day + datetime.timedelta(days=2)
    due_on = rules.report_due_on(rule, last_day)
    days = list(held.days.all())
    outcomes = {
        "fuku.supporter4": [Report.Status.SUBMITTED],
        "fuku.supporter5": [Report.Status.RETURNED],
        "fuku.supporter6": [Report.Status.RETURNED, Report.Status.ACCEPTED],
        "nerima.supporter4": [],
    }
    for key, steps in outcomes.items():
        person = people[key]
        enrolment = _enrol(held, person, people[key.split(".")[0] + ".director"], Enrolment.Status.CONFIRMED)
        for day in days:
            Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=admin)
        if not steps:
            continue  # not submitted yet
        report = Report.objects.create(enrolment=enrolment, due_on=due_on, status=Report.Status.SUBMITTED)
        audit.record(report, Report.Status.SUBMITTED, person, to_status=Report.Status.SUBMITTED)
        for number, outcome in enumerate(steps, start=1):
            submission = ReportSubmission.objects.create(
                report=report, number=number, text=ANSWER * (20 + number * 10), submitted_at=clock.now() - datetime.timedelta(days=8 - number),
            )
            if outcome == Report.Status.SUBMITTED:
                continue
            feedback = "具体的な場面を一つ挙げて書き直してください。" if outcome == Report.Status.RETURNED else "役割に即して具体的に論じられています。"
            submission.outcome, submission.feedback, submission.decided_by, submission.decided_at = outcome, feedback, lecturer, clock.now()
            submission.save()
            report.status = outcome
            audit.record(report, outcome, lecturer, from_status=Report.Status.SUBMITTED, to_status=outcome, note=feedback)
            if outcome == Report.Status.RETURNED and number < len(steps):
                audit.record(report, Report.Status.SUBMITTED, person, from_status=outcome, to_status=Report.Status.SUBMITTED)
        report.save(update_fields=["status"])
