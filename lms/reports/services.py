"""Computing the oversight figures: one refresh per fiscal year, safe to run twice or at once.

`refresh(year)` reads every centre's staff in post on the report's day, works out each person's
ledger with the same code as their own OJT page (ojt.selectors.ledgers_for), and replaces the
year's StaffYear and AreaFigures rows in one transaction. Readers keep seeing the previous
figures until it commits; a second refresh of the same year waits for the first.
"""

import contextlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from fieldwork.models import Placement
from lms import clock
from lms.certificates import rules as certificate_rules
from lms.certificates.selectors import supervisors_overdue
from lms.fiscal import fiscal_year
from lms.organisations.models import Membership, Organisation
from lms.outbox import services as outbox
from lms.training.selectors import latest_completion_dates
from ojt import rules as ojt_rules
from ojt.selectors import hours_by_month, ledgers_for
from skillpath.models import TrainingPlan

from . import rules
from .figures import FIGURES
from .models import AreaFigures, Refresh, StaffYear
from .selectors import compulsory_subjects

CHUNK = 1000


@dataclass
class PersonFacts:
    """What the report needs of one person, whichever centre's row it is read from."""

    person_id: int
    jobs: set
    centres: dict = field(default_factory=dict)  # centre id → prefecture id
    jobs_at: dict = field(default_factory=dict)  # centre id → set of jobs there
    row: StaffYear | None = None
    needs: list = field(default_factory=list)  # (subject code, need, course)


def staff_in_post(day):
    """{person id: PersonFacts} of everyone holding a centre job on `day`, with their centres."""
    people = {}
    posts = (
        Membership.objects.staff_posts(on=day).filter(organisation__kind=Organisation.Kind.CENTRE)
        .values_list("user_id", "organisation_id", "organisation__prefecture_id", "job")
    )
    for user_id, centre_id, prefecture_id, job in posts:
        facts = people.setdefault(user_id, PersonFacts(person_id=user_id, jobs=set()))
        facts.jobs.add(job)
        facts.centres[centre_id] = prefecture_id
        facts.jobs_at.setdefault(centre_id, set()).add(job)
    return people, list(posts)


def compute(year, today):
    """Every StaffYear row and the people's facts for fiscal `year`, as on its report day."""
    day = rules.report_day(year, today)
    people, posts = staff_in_post(day)
    subjects = list(compulsory_subjects().select_related("tier").prefetch_related("requirements", "renewal_policies"))
    # Per centre: a supervisor past five years is that centre's concern, not every centre the person works at.
    overdue_supervisors = {(appointment.user_id, appointment.organisation_id) for appointment, _missing in supervisors_overdue(today=day)}
    User = get_user_model()
    ids = sorted(people)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _fill_chunk(chunk, people, year, day, subjects, User)
    rows = []
    seen = set()
    for user_id, centre_id, prefecture_id, _job in posts:
        if (user_id, centre_id) in seen:
            continue
        seen.add((user_id, centre_id))
        facts = people[user_id]
        rows.append(StaffYear(
            **{name: getattr(facts.row, name) for name in _ROW_FIELDS}, centre_id=centre_id, prefecture_id=prefecture_id,
            jobs=",".join(sorted(facts.jobs_at[centre_id])), supervisor_overdue=(user_id, centre_id) in overdue_supervisors,
        ))
    _mark_first_rows(rows)
    return day, people, rows


def _mark_first_rows(rows):
    """Pick the one row per person that the country's and each prefecture's figures and lists use.

    Everything a person's rows share (hours, standings, plan) is the same on each; what differs is
    the centre's own: a row that flags an overdue supervisor goes first, so the person is counted
    wherever they are one. Otherwise the lowest centre id, so the choice is stable.
    """
    def rank(row):
        return (not row.supervisor_overdue, row.centre_id)

    first_anywhere, first_in = {}, {}
    for row in rows:
        if row.person_id not in first_anywhere or rank(row) < rank(first_anywhere[row.person_id]):
            first_anywhere[row.person_id] = row
        key = (row.person_id, row.prefecture_id)
        if key not in first_in or rank(row) < rank(first_in[key]):
            first_in[key] = row
    for row in rows:
        row.first_in_country = first_anywhere[row.person_id] is row
        row.first_in_prefecture = first_in[(row.person_id, row.prefecture_id)] is row


_ROW_FIELDS = (
    "fiscal_year", "person_id", "joined_on", "sort_name", "ojt_hours", "ojt_minimum", "ojt_standing", "offjt_hours", "offjt_minimum",
    "offjt_standing", "missing_common", "renewals_due", "renewals_overdue", "renewals_lapsed",
    "plan_status", "fieldwork_completed", "monthly",
)


def _fill_chunk(chunk, people, year, day, subjects, User):
    users = list(User.objects.filter(pk__in=chunk).only("pk", "last_name", "first_name", "email"))
    names = {user.pk: f"{user.last_name} {user.first_name}".strip() or user.email for user in users}
    ledgers = {ledger.person.pk: ledger for ledger in ledgers_for(users, year, day)}
    months = hours_by_month(chunk, year)
    completed = latest_completion_dates(chunk, [subject.pk for subject in subjects], day)
    plans = dict(TrainingPlan.objects.filter(fiscal_year=year, person_id__in=chunk).values_list("person_id", "status"))
    fieldwork = dict(
        Placement.objects.filter(status=Placement.Status.COMPLETED, fiscal_year=year, person_id__in=chunk)
        .values("person_id").annotate(n=Count("pk")).order_by().values_list("person_id", "n")
    )
    for person_id in chunk:
        facts = people[person_id]
        ledger = ledgers[person_id]
        counts = Counter()
        for subject in subjects:
            if not subject.is_required_for(facts.jobs):
                continue
            completed_on = completed.get((person_id, subject.pk))
            if completed_on is None:
                terms = "never"
                if subject.tier.code == "common":
                    counts["missing_common"] += 1
            else:
                terms = certificate_rules.terms_for(subject_policies=list(subject.renewal_policies.all()), completed_on=completed_on)
                counts[rules.renewal_state(terms, year, day)] += 1
            need = rules.need_next_year(terms, year)
            if need:
                facts.needs.append((subject.code, *need))
        joined_on = ledger.joined_on
        facts.row = StaffYear(
            fiscal_year=year, person_id=person_id, joined_on=joined_on, sort_name=names[person_id],
            ojt_hours=ledger.ojt_hours, ojt_minimum=ledger.ojt_minimum,
            ojt_standing=rules.standing(ledger.ojt_hours, ledger.ojt_minimum, ledger.ojt_expected),
            offjt_hours=ledger.offjt_hours, offjt_minimum=ledger.offjt_minimum,
            offjt_standing=rules.standing(ledger.offjt_hours, ledger.offjt_minimum, ledger.offjt_expected),
            missing_common=counts["missing_common"], renewals_due=counts[rules.Renewal.DUE],
            renewals_overdue=counts[rules.Renewal.OVERDUE], renewals_lapsed=counts[rules.Renewal.LAPSED],
            plan_status=plans.get(person_id, ""),
            fieldwork_completed=fieldwork.get(person_id, 0),
            monthly={
                "ojt": [float(hours) for hours in months[person_id][0]],
                "offjt": [float(hours) for hours in months[person_id][1]],
                "ojt_pace": rules.pace_series(ledger.ojt_minimum, year, joined_on, ojt_rules.expected_by),
                "offjt_pace": rules.pace_series(ledger.offjt_minimum, year, joined_on, ojt_rules.expected_by),
            },
        )


def summarise(rows, needs, year, day):
    """The figures of one area from its rows (one per person: the people lists show the same rows)."""
    figures = {"staff": len(rows)}
    for key, figure in FIGURES.items():
        if key != "staff":
            figures[key] = sum(1 for row in rows if figure.holds(row))
    figures["on_track"] = sum(1 for row in rows if row.ojt_standing != "behind" and row.offjt_standing != "behind")
    figures["both_met"] = sum(1 for row in rows if row.ojt_standing == "met" and row.offjt_standing == "met")
    figures["on_track_share"] = rules.share(figures["on_track"], len(rows))
    for kind in ("ojt", "offjt"):
        hours = [float(getattr(row, f"{kind}_hours")) for row in rows]
        figures[f"{kind}_mean"] = round(statistics.fmean(hours), 1) if hours else None
        figures[f"{kind}_median"] = round(statistics.median(hours), 1) if hours else None
    figures["monthly"] = _monthly(rows, year, day)
    demand = defaultdict(Counter)
    for row in rows:
        for code, need, course in needs.get(row.person_id, ()):
            demand[code][need] += 1
            demand[code][course] += 1
    figures["demand"] = {code: dict(counter) for code, counter in demand.items()}
    return figures


def _monthly(rows, year, day):
    """Average cumulative hours per person, month by month, with the average pace (None after `day`)."""
    staff = len(rows) or 1
    last = rules.month_index(day, year)
    series = {}
    for key in ("ojt", "offjt", "ojt_pace", "offjt_pace"):
        totals = [0.0] * 12
        for row in rows:
            for index, value in enumerate(row.monthly.get(key, [])):
                totals[index] += value
        if key.endswith("_pace"):
            series[key] = [round(value / staff, 1) for value in totals]
        else:
            running, cumulative = 0.0, []
            for index, value in enumerate(totals):
                running += value
                cumulative.append(round(running / staff, 1) if index <= last else None)
            series[key] = cumulative
    return series


def areas(people, rows, year, day):
    """AreaFigures for the country, each prefecture with staff, and each centre with staff."""
    groups = defaultdict(list)
    for row in rows:
        if row.first_in_country:
            groups[("country", None)].append(row)
        if row.first_in_prefecture:
            groups[("prefecture", row.prefecture_id)].append(row)
        groups[("centre", row.centre_id)].append(row)
    groups.setdefault(("country", None), [])
    needs = {person_id: facts.needs for person_id, facts in people.items()}
    prefecture_of = {row.centre_id: row.prefecture_id for row in rows}
    result = []
    for (level, key), members in groups.items():
        figures = summarise(members, needs, year, day)
        result.append(AreaFigures(
            fiscal_year=year, level=level, area=area_key(level, key), staff=figures["staff"], figures=figures,
            prefecture_id=key if level == "prefecture" else prefecture_of.get(key) if level == "centre" else None,
            centre_id=key if level == "centre" else None,
        ))
    return result


def area_key(level, key):
    return {"country": "country", "prefecture": f"P{key}", "centre": f"C{key}"}[level]


def refresh(year, today=None):
    """Recompute fiscal `year`'s figures as on its report day; returns the Refresh row."""
    today = today or clock.today()
    with contextlib.suppress(IntegrityError):  # another refresh created it a moment ago
        Refresh.objects.get_or_create(fiscal_year=year)
    with transaction.atomic():
        run = Refresh.objects.select_for_update().get(fiscal_year=year)
        day, people, rows = compute(year, today)
        StaffYear.objects.filter(fiscal_year=year).delete()
        StaffYear.objects.bulk_create(rows, batch_size=2000)
        AreaFigures.objects.filter(fiscal_year=year).delete()
        AreaFigures.objects.bulk_create(areas(people, rows, year, day), batch_size=500)
        run.as_of = day
        run.finished_at = timezone.now()
        run.generation += 1
        run.save()
    if connection.vendor == "postgresql":
        # The year's rows were just replaced wholesale: without fresh statistics the planner takes
        # the table for empty and joins all 13,000 rows before picking a page of 50.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {StaffYear._meta.db_table}, {AreaFigures._meta.db_table}")
    return run


@outbox.handler("reports.refresh", queue="reports", atomic=False)
def refresh_from_outbox(year):
    refresh(year)


def request_refresh(year):
    """Ask the worker to recompute `year` (once: a request already waiting is not repeated)."""
    Refresh.objects.get_or_create(fiscal_year=year)
    with transaction.atomic():
        # A recount holds its row for the whole run (a minute at national size): a request that
        # finds it held knows the figures are being recomputed, rather than waiting on the lock.
        run = Refresh.objects.select_for_update(skip_locked=True).filter(fiscal_year=year).first()
        if run is None or rules.refresh_waiting(run.requested_at, run.finished_at, timezone.now()):
            return False
        run.requested_at = timezone.now()
        run.save(update_fields=["requested_at"])
        outbox.send(refresh_from_outbox, year=year)
    return True


def refresh_recent(today=None):
    """The scheduled recount: the current fiscal year, and the last one while late records still arrive (to June)."""
    today = today or clock.today()
    current = fiscal_year(today)
    years = [current, current - 1] if today.month in (4, 5, 6) else [current]
    for year in years:
        refresh(year, today)
    return years



