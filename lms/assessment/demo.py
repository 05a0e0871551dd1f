"""Demo completion rule, test and reports: 生活困窮者支援論 asks for the day-3 understanding test and a
report this year (seed 004, 図表 2-4); a session held a fortnight ago has a written answer to mark
and reports waiting for the lecturer, returned and accepted."""

import datetime

from curriculum.models import Subject, SubjectPage
from lms import clock
from lms.audit import services as audit
from lms.fiscal import fiscal_year, fiscal_year_start
from lms.training.demo import demo_enrolment, demo_session
from lms.training.models import Attendance, Enrolment, TrainingSession

from . import rules, selectors
from .models import CompletionRule, EvaluationReceipt, EvaluationResponse, Report, ReportSubmission, TestAttempt

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
        defaults={"tests_required": True, "report_required": True, "report_question": QUESTION, "report_length": 2000, "report_due_days": 30,
                  "note": "図表 2-4：３日目を含む研修の習得度テスト、後日レポート提出"},
    )
    held, created = demo_session(
        "poverty-support", f"{year}年度 第1回（北九州会場）", institute,
        [first_day + datetime.timedelta(days=n) for n in range(3)], 80, first_day - datetime.timedelta(days=60),
        first_day - datetime.timedelta(days=20), TrainingSession.Status.PUBLISHED, venue="北九州市立生涯学習総合センター", by=admin,
    )
    if not created:
        return
    _evaluations_of_last_year(subject)
    test = _day_three_test(subject, lecturer)
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
        enrolment = demo_enrolment(held, person, people[key.split(".")[0] + ".director"], Enrolment.Status.CONFIRMED)
        for day in days:
            Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=admin)
        if key != "nerima.supporter4":
            _sit(test, enrolment, written=key == "fuku.supporter4")
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


QUESTIONS = [
    {"type": "single_choice", "id": "demo-q1", "value": {
        "prompt": "伴走型支援で、支援者が最初に大切にすることはどれですか。", "points": 1,
        "explanation": "本人との関係づくりが、つながり続ける支援の土台になります。",
        "choices": [{"text": "本人との関係づくり", "correct": True}, {"text": "制度の要件確認", "correct": False}, {"text": "家族への連絡", "correct": False}],
    }},
    {"type": "multiple_choice", "id": "demo-q2", "value": {
        "prompt": "「人と人をつなぐ方法」として講義で扱ったものをすべて選んでください。", "points": 2, "explanation": "",
        "choices": [{"text": "地域の居場所の紹介", "correct": True}, {"text": "当事者同士の出会いの場", "correct": True}, {"text": "一律の書類審査", "correct": False}],
    }},
    {"type": "short_text", "id": "demo-q3", "value": {
        "prompt": "セルフケアのために、あなたが明日から一つ実行することを書いてください。", "points": 2,
        "model_answer": "具体的な行動（休息の確保、同僚への相談など）が一つ書かれていれば満点。",
    }},
]


def _day_three_test(subject, lecturer):
    """The day-3 test of 図表 2-4 (３日目を含む研修の習得度テスト), published."""
    import json

    from curriculum.models import SubjectPage, UnderstandingTestPage

    existing = UnderstandingTestPage.objects.filter(day=3, title="3日目 習得度テスト").first()
    if existing:
        return existing
    page = SubjectPage.objects.get(subject=subject).add_child(instance=UnderstandingTestPage(
        title="3日目 習得度テスト", day=3, edition="2026年度版", minutes=20, owner=lecturer,
        instructions="1〜3日目の内容から出題します。選択問題はすぐに採点され、記述問題は講師が採点します。", questions=json.dumps(QUESTIONS),
    ))
    page.save_revision(user=lecturer).publish()
    # Written and published before the demo's sessions were held: a session's tests are those published by its last day.
    published = clock.now() - datetime.timedelta(days=60)
    UnderstandingTestPage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
    page.refresh_from_db()
    return page


def _sit(test, enrolment, *, written):
    """An attempt with every choice right: the written answer marked, or still waiting for the lecturer."""
    test.refresh_from_db()
    answers = {"demo-q1": [0], "demo-q2": [0, 1], "demo-q3": "週に一度、同僚と振り返りの時間をとる。"}
    TestAttempt.objects.create(
        enrolment=enrolment, test=test, revision=test.live_revision, number=1, submitted_at=clock.now() - datetime.timedelta(days=12),
        answers=answers, points={"demo-q1": 1, "demo-q2": 2, "demo-q3": None if written else 2}, score=None if written else 5,
        max_score=5, pass_mark=60, status=TestAttempt.Status.AWAITING_MARKING if written else TestAttempt.Status.PASSED,
    )


COMMENTS = ["事例検討の時間がもっと欲しい。", "セルフケアの講義が印象に残った。", "", "明日からの面談で試したい技法が多かった。", "", "資料を事前に読めるとよい。"]


WISHES = ["家計改善支援との連携", "", "居住支援の実際"]


def _own_questions(subject):
    """The subject's own questions, as its editors would publish them on the subject page."""
    page = SubjectPage.objects.get(subject=subject)
    if not page.evaluation_questions:
        page.evaluation_questions = [
            {"type": "rating", "id": "role-play", "value": {"question": "ロールプレイ・演習の時間は十分でしたか"}},
            {"type": "text", "id": "next-theme", "value": {"question": "今後取り上げてほしいテーマ"}},
        ]
        page.save_revision().publish()
    return selectors.evaluation_questions(subject)


def _evaluations_of_last_year(subject):
    """Last year's completed session, evaluated by its six participants: enough for the summary to show."""
    past = TrainingSession.objects.filter(subject=subject, status=TrainingSession.Status.COMPLETED).order_by("pk").first()
    if past is None or past.evaluations.exists():
        return
    last_day = max(day.date for day in past.days.all())
    questions = _own_questions(subject)
    for index, enrolment in enumerate(past.enrolments.filter(status=Enrolment.Status.COMPLETED).order_by("pk")):
        ratings = {"content": 5 - index % 2, "method": 4 - index % 3, "lecturer": 5, "usefulness": 4 + index % 2}
        own = rules.evaluation_answers(questions, {"role-play": 3 + index % 3, "next-theme": WISHES[index % len(WISHES)]})
        EvaluationResponse.objects.create(
            session=past, answered_on=last_day, comment=COMMENTS[index % len(COMMENTS)], answers=own, released=True, **ratings,
        )
        EvaluationReceipt.objects.create(enrolment=enrolment)
