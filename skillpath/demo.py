"""Demo plans across two fiscal years, ratings, and completions that make refreshers due."""

import datetime
from decimal import Decimal

from curriculum.models import Ability, Domain, Subject
from lms import clock
from lms.audit.services import record
from lms.fiscal import fiscal_year
from lms.training.models import TrainingRecord

from .models import AbilityRating, PlanRow, TrainingPlan


def _completion(person, subject, completed_on, admin):
    completion, created = TrainingRecord.objects.get_or_create(
        person=person, subject=subject, completed_on=completed_on,
        defaults={
            "title": subject.name, "kind": TrainingRecord.Kind.CENTRAL, "provider": "伴走型支援人材育成研修機構",
            "started_on": completed_on - datetime.timedelta(days=2), "hours": subject.standard_hours,
            "status": TrainingRecord.Status.VERIFIED, "verified_by": admin, "verified_at": clock.now(),
        },
    )
    if created:
        record(completion, TrainingRecord.AuditAction.COMPLETED, admin, to_status=completion.status)


def _plan(person, year, centre, status, approver=None, **texts):
    plan, created = TrainingPlan.objects.get_or_create(
        person=person, fiscal_year=year, defaults={"centre": centre, "status": status, **texts},
    )
    if not created:
        return plan, False
    record(plan, TrainingPlan.AuditAction.CREATED, person, to_status=TrainingPlan.Status.DRAFT)
    if status != TrainingPlan.Status.DRAFT:
        record(plan, TrainingPlan.Status.SUBMITTED, person, from_status="draft", to_status="submitted")
    if approver and status in (TrainingPlan.Status.APPROVED, TrainingPlan.Status.IN_PROGRESS, TrainingPlan.Status.CLOSED):
        plan.approved_by, plan.approved_at = approver, clock.now()
        plan.save(update_fields=["approved_by", "approved_at"])
        record(plan, TrainingPlan.Status.APPROVED, approver, from_status="submitted", to_status="approved", note="よく考えられた計画です。")
    # The rest of the way to the status the demo gives the plan, so its history reads true.
    later = [(TrainingPlan.Status.IN_PROGRESS, person), (TrainingPlan.Status.SELF_EVALUATED, person), (TrainingPlan.Status.CLOSED, approver)]
    steps = {TrainingPlan.Status.IN_PROGRESS: 1, TrainingPlan.Status.SELF_EVALUATED: 2, TrainingPlan.Status.CLOSED: 3}.get(status, 0)
    previous = TrainingPlan.Status.APPROVED
    for step, actor in later[:steps]:
        record(plan, step, actor or person, from_status=previous, to_status=step)
        previous = step
    return plan, True


def _rate(plan, rater_user, rater, moment, levels):
    for ability, level in zip(Ability.objects.all(), levels):
        AbilityRating.objects.get_or_create(
            plan=plan, ability=ability, rater=rater, moment=moment, defaults={"level": level, "rated_by": rater_user},
        )


def seed(context):
    today, people, centres = context["today"], context["people"], context["centres"]
    year = fiscal_year(today)
    admin, supervisor = people["admin"], people["kita.supervisor"]
    core = Subject.objects.get(code="poverty-support")

    # Refreshers: a completion four and a half years old, and one whose deadline falls this year.
    _completion(people["kita.supporter4"], core, datetime.date(today.year - 5, today.month, 1) + datetime.timedelta(days=180), admin)
    _completion(people["fuku.supporter5"], core, datetime.date(year - 5, 10, 15), admin)

    _offjt_this_year(people, today, admin)

    supporter = people["kita.supporter1"]
    last, created = _plan(
        supporter, year - 1, centres["kita"], TrainingPlan.Status.CLOSED, approver=supervisor,
        self_image="相談者の思いを丁寧に聴き取り、地域の資源とつなげられる相談支援員",
        strengths="初回面談で相手の話を急がずに聴けること",
        training_issues="家計と就労の見立てに自信がない",
        goals="生活困窮者支援論を修了し、ケース会議で見立てを説明できるようになる",
        self_evaluation="中央研修で学んだ見立ての枠組みを面談記録に生かせた。一方で社会資源の開拓は手つかず。",
        next_year_focus="地域の社会資源を知り、つなぎ先を増やす",
    )
    if created:
        _rate(last, supporter, "self", "start", [2, 2, 2, 2, 1, 2, 1, 1, 1, 1])
        _rate(last, supporter, "self", "end", [2, 3, 2, 3, 2, 2, 2, 1, 1, 2])
        _rate(last, supervisor, "supervisor", "end", [2, 3, 3, 3, 2, 2, 2, 1, 1, 2])
    this, created = _plan(
        supporter, year, centres["kita"], TrainingPlan.Status.IN_PROGRESS, approver=supervisor,
        self_image=last.self_image, strengths="見立てを言葉にして共有できること",
        training_issues=last.next_year_focus, goals="地域生活支援論を修了し、つなぎ先を三つ増やす",
    )
    if created:
        # 図表 2-2: a domain's lines take several entries (OJT and Off-JT in the life-related domain).
        life = Domain.objects.get(code="life")
        PlanRow.objects.create(
            plan=this, domain=life, line=PlanRow.Line.OFF_JT, knowledge="地域生活を支える資源の知識", goal="つなぎ先を三つ開拓する",
            method="講義・演習", subject=Subject.objects.get(code="community-life-support"), period="10月", organiser="研修機関",
        )
        PlanRow.objects.create(
            plan=this, domain=life, line=PlanRow.Line.OFF_JT, knowledge="生活保護と関連制度", goal="制度の要件を自分で確かめられる",
            method="講義", course_text="社会福祉行政職員研修", period="11月", organiser="福岡県",
        )
        PlanRow.objects.create(
            plan=this, domain=life, line=PlanRow.Line.OJT, knowledge="地域の社会資源の把握", goal="社会資源マップを更新する",
            method="職場内研修", period="通年", organiser="センター",
        )
        _rate(this, supporter, "self", "start", [3, 3, 2, 3, 2, 2, 2, 1, 2, 2])
        _rate(this, supervisor, "supervisor", "start", [3, 3, 3, 3, 2, 2, 2, 2, 1, 2])

    # The director's plan puts fieldwork in its fieldwork row; the placement itself is fieldwork's demo.
    director_plan, created = _plan(
        people["kita.director"], year, centres["kita"], TrainingPlan.Status.IN_PROGRESS, approver=supervisor,
        self_image="職員が学び合い、地域と協働できるセンターをつくるセンター長",
        goals="他機関での体験・交流型研修で家計改善支援との連携を学び、センターの支援の仕組みに生かす",
    )
    if created:
        PlanRow.objects.create(
            plan=director_plan, domain=Domain.objects.get(code="fieldwork"), line=PlanRow.Line.OFF_JT,
            knowledge="家計改善支援の実際と他機関連携", goal="連携の手順をセンターの業務手順に取り入れる", method="体験・交流型研修",
            course_text="体験・交流型研修（10日間×3回）", organiser="家計改善支援ネットワーク福岡",
        )

    _plan(people["kita.supporter2"], year, centres["kita"], TrainingPlan.Status.SUBMITTED,
          self_image="若者の就労を支える相談支援員", goals="SSTを学び、面談で使えるようにする")
    returned, created = _plan(people["kita.supporter3"], year, centres["kita"], TrainingPlan.Status.RETURNED,
                              goals="いろいろな研修に出る")
    if created:
        record(returned, TrainingPlan.Status.RETURNED, supervisor, from_status="submitted", to_status="returned",
               note="目標をもう少し具体的に。必修の地域福祉援助論を入れてください。")


def _offjt_this_year(people, today, admin):
    """Some Off-JT already done this fiscal year, so the ledgers show a realistic spread."""
    year = fiscal_year(today)
    done = [("kita.supporter1", "福岡県 社会福祉行政職員研修", "12.0", 6), ("kita.supporter2", "福岡県 社会福祉行政職員研修", "12.0", 6),
            ("kita.director", "地域共生社会セミナー（関連団体）", "6.0", 7), ("kita.coordinator", "福岡県 社会福祉行政職員研修", "12.0", 6),
            ("kita.supporter4", "家計改善支援 基礎講座（関連団体）", "18.0", 9), ("fuku.supporter1", "福岡県 社会福祉行政職員研修", "12.0", 6)]
    for key, title, hours, month in done:
        completed = datetime.date(year, month, 20)
        if completed > today:
            continue
        external, created = TrainingRecord.objects.get_or_create(
            person=people[key], title=title, completed_on=completed,
            defaults={
                "kind": TrainingRecord.Kind.PREFECTURAL if "県" in title else TrainingRecord.Kind.RELATED_BODY,
                "provider": "福岡県" if "県" in title else "家計改善支援ネットワーク福岡", "started_on": completed,
                "hours": Decimal(hours), "status": TrainingRecord.Status.VERIFIED, "verified_by": admin, "verified_at": clock.now(),
            },
        )
        if created:
            record(external, TrainingRecord.AuditAction.SUBMITTED, people[key], to_status=TrainingRecord.Status.PENDING)
            record(external, TrainingRecord.Status.VERIFIED, admin, from_status=TrainingRecord.Status.PENDING, to_status=external.status)
