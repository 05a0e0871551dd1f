"""Demo training sessions: one completed last year, open ones this year, a full one with a waiting list."""

import datetime
from decimal import Decimal

from curriculum.models import Subject
from lms.audit import services as audit
from lms.fiscal import fiscal_year
from lms.training.services import record_session_completion

from .models import Attendance, Enrolment, SessionDay, TrainingSession


def demo_session(subject_code, title, organiser, days, capacity, opens, closes, status, *, by, **extra):
    session, created = TrainingSession.objects.get_or_create(
        subject=Subject.objects.get(code=subject_code), title=title,
        defaults={
            "organiser": organiser, "capacity": capacity, "applications_open_on": opens,
            "applications_close_on": closes, "status": status, **extra,
        },
    )
    if created:
        for date in days:
            SessionDay.objects.create(
                session=session, date=date, starts_at=datetime.time(9, 30), ends_at=datetime.time(16, 30), hours=Decimal("6.0"),
            )
        # The history the institute would have left making it (the demo writes rows directly).
        audit.record(session, TrainingSession.AuditAction.CREATED, by, to_status=TrainingSession.Status.DRAFT)
        if status != TrainingSession.Status.DRAFT:
            audit.record(session, TrainingSession.Status.PUBLISHED, by, from_status="draft", to_status=TrainingSession.Status.PUBLISHED)
    return session, created


def demo_enrolment(session, person, by, status):
    enrolment, created = Enrolment.objects.get_or_create(
        session=session, person=person, defaults={"requested_by": by, "decided_by": by, "status": status},
    )
    if created:
        action = Enrolment.AuditAction.APPLIED if by == person else Enrolment.AuditAction.NOMINATED
        audit.record(enrolment, action, by, to_status=status)
    return enrolment


def seed(context):
    today, people, institute = context["today"], context["people"], context["institute"]
    admin, lecturer = people["admin"], people["lecturer1"]
    year = fiscal_year(today)

    # Last fiscal year: the common core subject, completed by most of Kitakyushu's staff.
    past_start = datetime.date(year - 1, 6, 10)
    past, created = demo_session(
        "poverty-support", f"{year - 1}年度 第1回（福岡会場）", institute,
        [past_start + datetime.timedelta(days=n) for n in range(3)], 100,
        datetime.date(year - 1, 4, 1), datetime.date(year - 1, 5, 20), TrainingSession.Status.PUBLISHED,
        venue="福岡県中小企業振興センター", by=admin,
    )
    if created:
        past.lecturers.add(lecturer)
        attendees = [people[f"kita.{key}"] for key in ("supporter1", "supporter2", "supporter3", "supporter5", "coordinator", "clerk")]
        days = list(past.days.all())
        for person in attendees:
            enrolment = demo_enrolment(past, person, people["kita.director"], Enrolment.Status.COMPLETED)
            for day in days:
                Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=admin)
            record_session_completion(enrolment=enrolment, hours=past.total_hours, by=admin)
            audit.record(enrolment, Enrolment.Status.COMPLETED, admin, from_status=Enrolment.Status.CONFIRMED, to_status=enrolment.status)
        past.status = TrainingSession.Status.COMPLETED
        past.save(update_fields=["status"])
        audit.record(past, TrainingSession.Status.COMPLETED, admin, from_status="published", to_status=past.status)

    # This year: open for applications now, held in the winter.
    opens, closes = today - datetime.timedelta(days=20), today + datetime.timedelta(days=40)
    upcoming_start = today + datetime.timedelta(days=60)
    upcoming, created = demo_session(
        "poverty-support", f"{year}年度 第2回（東京会場）", institute,
        [upcoming_start + datetime.timedelta(days=n) for n in range(3)], 100, opens, closes,
        TrainingSession.Status.PUBLISHED, venue="TKP東京駅カンファレンスセンター", by=admin,
    )
    if created:
        upcoming.lecturers.add(lecturer, people["lecturer2"])
        demo_enrolment(upcoming, people["fuku.supporter2"], people["fuku.director"], Enrolment.Status.CONFIRMED)
        demo_enrolment(upcoming, people["kita.supporter6"], people["kita.supporter6"], Enrolment.Status.AWAITING_APPROVAL)

    # A small online session that is already full, with one person waiting.
    online, created = demo_session(
        "community-life-support", f"{year}年度 第3回（オンライン・少人数）", institute,
        [upcoming_start + datetime.timedelta(days=14 + n) for n in range(3)], 4, opens, closes,
        TrainingSession.Status.PUBLISHED, is_online=True, by=admin,
    )
    if created:
        for key in ("fuku.supporter1", "fuku.supporter3", "nerima.supporter1", "nerima.supporter2"):
            demo_enrolment(online, people[key], people[key.split(".")[0] + ".director"], Enrolment.Status.CONFIRMED)
        waiting = demo_enrolment(online, people["nerima.supporter3"], people["nerima.director"], Enrolment.Status.WAITLISTED)
        waiting.queued_at = waiting.requested_at
        waiting.save(update_fields=["queued_at"])

    # The refresher course (更新講座) and a draft only the institute sees.
    demo_session(
        "poverty-support", f"{year}年度 更新講座", institute,
        [upcoming_start + datetime.timedelta(days=30)], 80, opens, closes, TrainingSession.Status.PUBLISHED,
        is_refresher=True, venue="大阪会場", by=admin,
    )
    demo_session(
        "staff-development", f"{year + 1}年度 第1回（準備中）", institute,
        [datetime.date(year + 1, 7, 1) + datetime.timedelta(days=n) for n in range(3)], 50,
        datetime.date(year + 1, 4, 1), datetime.date(year + 1, 5, 31), TrainingSession.Status.DRAFT, by=admin,
    )
