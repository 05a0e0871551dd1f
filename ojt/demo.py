"""A year of the standard OJT pattern at the Kitakyushu centre (workplace 2.5 h + supervision 2 h a month)."""

import datetime
from decimal import Decimal

from lms import clock
from lms.audit.services import record
from lms.fiscal import fiscal_year, fiscal_year_start

from .models import Kind, OjtEvaluation, OjtEvaluationReceipt, OjtProgramme, OjtSession, ProgrammeItem, Theme

MONTHLY = [
    (Kind.WORKPLACE, Theme.SUPPORT, "ケース検討（事例の見立てと支援方針）", Decimal("2.5"), 10),
    (Kind.SUPERVISION_GROUP, Theme.EXPERTISE, "グループ・スーパービジョン", Decimal("2.0"), 20),
]
PROGRAMME = [
    (4, Kind.BASIC, Theme.MANAGEMENT, "センター業務の基礎研修", Decimal("3.0")),
    (5, Kind.PLANNING, Theme.MANAGEMENT, "伝達研修・相互研修の年間計画づくり", Decimal("1.5")),
    (7, Kind.CASCADE, Theme.EXPERTISE, "生活困窮者支援論の伝達研修", Decimal("2.0")),
    (9, Kind.EXTERNAL_LECTURER, Theme.SUPPORT, "外部講師：家計改善支援の実際", Decimal("2.0")),
    (10, Kind.MUTUAL_SUPPORTED, Theme.SUPPORT, "当事者が講師の相互研修", Decimal("1.5")),
    (1, Kind.EXTERNAL_LECTURER, Theme.TEAM, "外部講師：チームで支える面談", Decimal("2.0")),
    (2, Kind.PLANNING, Theme.MANAGEMENT, "一年の評価と次年度計画", Decimal("1.5")),
    (3, Kind.REVIEW, Theme.TEAM, "振り返り研修", Decimal("2.0")),
]


def _month_date(year, month, day):
    return datetime.date(year if month >= 4 else year + 1, month, day)


def seed(context):
    today, people, centre = context["today"], context["people"], context["centres"]["kita"]
    coordinator, supervisor = people["kita.coordinator"], people["kita.supervisor"]
    staff = [person for key, person in people.items() if key.startswith("kita.")]
    behind = people["kita.supporter5"]
    current = fiscal_year(today)
    if OjtSession.objects.filter(centre=centre).exists():
        return
    for year in (current - 1, current):
        programme, _ = OjtProgramme.objects.get_or_create(centre=centre, fiscal_year=year)
        for month, kind, theme, title, hours in PROGRAMME:
            ProgrammeItem.objects.create(programme=programme, month=month, kind=kind, theme=theme, title=title, planned_hours=hours)
        for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3):
            for kind, theme, title, hours, day in MONTHLY:
                date = _month_date(year, month, day)
                if date > today or date < fiscal_year_start(year):
                    continue
                session = OjtSession.objects.create(
                    centre=centre, date=date, hours=hours, kind=kind, theme=theme, title=title,
                    facilitator=supervisor, logged_by=coordinator, status=OjtSession.Status.CONFIRMED,
                    confirmed_by=supervisor, confirmed_at=clock.now(),
                    reflection="見立ての根拠を言葉にする練習ができた。", evaluation="次回は社会資源の視点を加える。",
                )
                attendees = [person for person in staff if person != behind or month in (4, 5)]
                session.attendees.set(attendees)
                record(session, OjtSession.AuditAction.LOGGED, coordinator, to_status=OjtSession.Status.LOGGED)
                record(session, OjtSession.Status.CONFIRMED, supervisor, from_status=OjtSession.Status.LOGGED, to_status=session.status)
                if kind == Kind.WORKPLACE and (today - date).days <= 365:  # the past year's, whatever day the demo is built
                    _evaluated_by(session, attendees)


OJT_COMMENTS = ["事例の見立てを言葉にできた。", "", "時間がもう少し欲しい。", "他の人の支援方針が参考になった。", "", "記録の書き方も扱ってほしい。"]


def _evaluated_by(session, attendees):
    """The past year's case reviews, evaluated by every attendee but the facilitator: enough for the centre's summary to show."""
    answering = [person for person in attendees if person.pk != session.facilitator_id]
    for index, person in enumerate(answering):
        OjtEvaluation.objects.create(
            session=session, answered_on=session.date, content=4 + index % 2, method=3 + index % 3, lecturer=5, usefulness=4 + index % 2,
            comment=OJT_COMMENTS[index % len(OJT_COMMENTS)], released=len(answering) >= 5,
        )
        OjtEvaluationReceipt.objects.create(session=session, person=person)
