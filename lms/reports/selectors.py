"""Reads for the report pages: a fixed handful of queries per page, whatever the country's size.

Every table a page shows is a `Table`, so the page, its CSV, its Excel file and the PDF are
made from one object and cannot disagree.
"""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum.models import Subject
from lms.fiscal import fiscal_year_end, fiscal_year_start
from lms.organisations.models import Job, Prefecture
from lms.training.models import TrainingSession

from . import rules
from .figures import FIGURES, columns, label
from .models import AreaFigures, Refresh, StaffYear, Standing
from .tables import Cell, Table


def refresh_of(year):
    return Refresh.objects.filter(fiscal_year=year).first()


def path_for(name):
    """A function id → address for a URL name, reversed once (a page of 300 rows would otherwise
    reverse 1,000 times)."""
    sentinel = "987654321"
    template = reverse(name, args=[int(sentinel)])
    return lambda key: template.replace(sentinel, str(key))


def figures_url(name, args=(), **query):
    url = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def area_table(*, key, title, name_label, areas, name_of, url_of, people_url_of, final, year, include_region=False):
    """One row per area with each figure as a link to the people behind it.

    `people_url_of(area)` gives the area's people-list address once; the figure is appended to it
    (reversing a URL per cell would cost more than the rest of the page).
    """
    keys = columns(final)
    headers = [("name", name_label)]
    if include_region:
        headers.append(("region", _("Region")))
    headers += [(figure, label(figure, final)) for figure in keys] + [("on_track_share", _("On track (%)"))]
    rows = []
    for area in areas:
        figures = area.figures if area else {}
        row = [Cell(name_of(area), url_of(area))]
        if include_region:
            row.append(Cell(str(rules.region_of(area.prefecture_id)[1])))
        people = f"{people_url_of(area)}?year={year}&figure="
        for figure in keys:
            value = figures.get(figure, 0)
            row.append(Cell(value, people + figure if value else ""))
        row.append(Cell(figures.get("on_track_share")))
        rows.append(row)
    return Table(key=key, title=title, headers=headers, rows=rows)


def summary_table(area, *, people_url, final, title):
    """The level's own figures as a two-column table (figure, count), each count a link."""
    figures = area.figures if area else {}
    rows = [[Cell(label(key, final)), Cell(figures.get(key, 0), people_url(key) if figures.get(key) else "")] for key in columns(final)]
    rows.append([Cell(_("On track for both minimums (%)")), Cell(figures.get("on_track_share"))])
    rows.append([Cell(_("Average OJT hours")), Cell(figures.get("ojt_mean"))])
    rows.append([Cell(_("Average Off-JT hours")), Cell(figures.get("offjt_mean"))])
    return Table(key="summary", title=title, headers=[("figure", _("Figure")), ("value", _("People"))], rows=rows, sortable=False)


def compulsory_subjects():
    """Subjects some job must take (the fieldwork is recommended, not compulsory: it is left out)."""
    return (
        Subject.objects.exclude(domain__code="fieldwork").filter(Q(required_for_all=True) | Q(requirements__isnull=False))
        .distinct().order_by("tier__order", "order")
    )


def scheduled_places(year):
    """Places of the sessions starting in fiscal `year`, by subject id: {"full": n, "refresher": n}."""
    sessions = (
        TrainingSession.objects.exclude(status=TrainingSession.Status.CANCELLED)
        .annotate(first_day=Min("days__date"))
        .filter(first_day__gte=fiscal_year_start(year), first_day__lte=fiscal_year_end(year))
        .values_list("subject_id", "is_refresher", "capacity")
    )
    places = {}
    for subject_id, is_refresher, capacity in sessions:
        entry = places.setdefault(subject_id, {"full": 0, "refresher": 0})
        entry["refresher" if is_refresher else "full"] += capacity
    return places


def demand_tables(*, year, country, prefectures, subjects, places):
    """Next year's demand: per subject against the places scheduled, and per prefecture and region."""
    next_year = year + 1
    totals = country.figures.get("demand", {}) if country else {}
    rows = []
    for subject in subjects:
        need = totals.get(subject.code, {})
        scheduled = places.get(subject.pk, {"full": 0, "refresher": 0})
        rows.append([
            Cell(subject.name), Cell(need.get("new", 0)), Cell(need.get("renewal", 0)), Cell(need.get("lapsed", 0)),
            Cell(need.get("full", 0)), Cell(scheduled["full"]), Cell(scheduled["full"] - need.get("full", 0)),
            Cell(need.get("refresher", 0)), Cell(scheduled["refresher"]), Cell(scheduled["refresher"] - need.get("refresher", 0)),
        ])
    by_subject = Table(
        key="demand", title=_("Demand in FY%(year)s against the places scheduled") % {"year": next_year},
        headers=[
            ("subject", _("Subject")), ("new", _("Never completed")), ("renewal", _("Renewal falls due")), ("lapsed", _("Overdue or lapsed")),
            ("full", _("Need the full course")), ("full_places", _("Full-course places")), ("full_gap", _("Places left over (−: short)")),
            ("refresher", _("Need the refresher")), ("refresher_places", _("Refresher places")), ("refresher_gap", _("Places left over (−: short)")),
        ],
        rows=rows,
    )
    if prefectures is None:
        return [by_subject]
    region_totals = {key: [0] * len(subjects) for key, _label, _codes in rules.REGIONS}
    region_labels = {key: str(label) for key, label, _codes in rules.REGIONS}
    area_rows = []
    for area in prefectures:
        demand = area.figures.get("demand", {})
        counts = [sum(demand.get(subject.code, {}).get(need, 0) for need in (rules.Need.NEW, rules.Need.RENEWAL, rules.Need.LAPSED)) for subject in subjects]
        region_key, region_label = rules.region_of(area.prefecture_id)
        region_totals[region_key] = [a + b for a, b in zip(region_totals[region_key], counts)]
        area_rows.append([Cell(area.prefecture.name), Cell(str(region_label))] + [Cell(count) for count in counts])
    subject_headers = [(subject.code, subject.name) for subject in subjects]
    by_prefecture = Table(
        key="demand_prefectures", title=_("People who will need each compulsory subject in FY%(year)s, by prefecture") % {"year": next_year},
        headers=[("name", _("Prefecture")), ("region", _("Region"))] + subject_headers, rows=area_rows,
    )
    by_region = Table(
        key="demand_regions", title=_("The same by region"), headers=[("name", _("Region"))] + subject_headers,
        rows=[[Cell(region_labels[key])] + [Cell(count) for count in counts] for key, counts in region_totals.items()],
    )
    return [by_subject, by_prefecture, by_region]


def people_rows(*, year, figure, prefecture_code=None, centre_id=None):
    """The people behind a figure in an area, each person once (someone with two centres is listed
    under the first), filtered and paged in SQL."""
    rows = StaffYear.objects.filter(fiscal_year=year).filter(FIGURES[figure].q())
    if centre_id is not None:
        rows = rows.filter(centre_id=centre_id)
    elif prefecture_code is not None:
        rows = rows.filter(prefecture_id=prefecture_code, first_in_prefecture=True)
    else:
        rows = rows.filter(first_in_country=True)
    # Ordered on this table's own columns, so the database picks the page before joining names in.
    return rows.select_related("person", "centre", "prefecture").defer("monthly").order_by("prefecture_id", "centre_id", "sort_name", "pk")


STAFF_SORT_KEYS = {"name", "jobs", "joined", "ojt", "ojt_minimum", "ojt_standing", "offjt", "offjt_minimum", "offjt_standing",
                   "missing_common", "renewals", "plan", "fieldwork"}


# What a staff row shows, as StaffYear's columns: a page reads them from its rows, an export as plain values.
STAFF_COLUMNS = (
    "person__last_name", "person__first_name", "person__email", "jobs", "joined_on",
    "ojt_hours", "ojt_minimum", "ojt_standing", "offjt_hours", "offjt_minimum", "offjt_standing",
    "missing_common", "renewals_due", "renewals_overdue", "renewals_lapsed", "plan_status", "fieldwork_completed",
)
STAFF_HEADERS = (
    ("name", _("Full name")), ("jobs", _("Jobs")), ("joined", _("Joined on")),
    ("ojt", _("OJT hours")), ("ojt_minimum", _("OJT minimum")), ("ojt_standing", _("OJT")),
    ("offjt", _("Off-JT hours")), ("offjt_minimum", _("Off-JT minimum")), ("offjt_standing", _("Off-JT")),
    ("missing_common", _("Common-tier subjects never completed")), ("renewals", _("Renewals due, overdue or lapsed")),
    ("plan", _("Plan")), ("fieldwork", _("Fieldwork completed")),
)


def staff_table(rows, *, person_url, final):
    """A centre's staff, one row each, with the hours behind their standing."""
    cells_of = _staff_cells()
    body = [cells_of({column: _follow(row, column) for column in STAFF_COLUMNS}, person_url(row)) for row in rows]
    return Table(key="staff", title=_("Staff list"), rows=body, headers=list(STAFF_HEADERS))


def staff_export_rows(rows):
    """[centre name, *staff cells' values] for each row of a StaffYear queryset, read as plain values
    through one cursor: a country's export builds no model instances and pages with no OFFSET."""
    cells_of = _staff_cells()
    for values in rows.values("centre__name", *STAFF_COLUMNS).iterator(chunk_size=2000):
        yield [values["centre__name"]] + [cell.value for cell in cells_of(values, "")]


def _follow(row, path):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _staff_cells():
    """A function from a row's STAFF_COLUMNS values to its cells, with the labels translated once."""
    plan_labels = {"": str(_("No plan yet"))} | {key: str(label) for key, label in _plan_labels().items()}
    job_labels = {key: str(label) for key, label in Job.choices}
    standing_labels = {key: str(label) for key, label in Standing.choices}

    def cells(values, url):
        name = f"{values['person__last_name']} {values['person__first_name']}".strip() or values["person__email"]
        return [
            Cell(name, url),
            Cell("・".join(job_labels.get(job, job) for job in values["jobs"].split(",") if job)),
            Cell(values["joined_on"]),  # a date: the page shows it in the reader's format, the exports as ISO 8601
            Cell(float(values["ojt_hours"])), Cell(float(values["ojt_minimum"])), Cell(standing_labels[values["ojt_standing"]]),
            Cell(float(values["offjt_hours"])), Cell(float(values["offjt_minimum"])), Cell(standing_labels[values["offjt_standing"]]),
            Cell(values["missing_common"]), Cell(values["renewals_due"] + values["renewals_overdue"] + values["renewals_lapsed"]),
            Cell(plan_labels.get(values["plan_status"], values["plan_status"])), Cell(values["fieldwork_completed"]),
        ]

    return cells


def _plan_labels():
    from skillpath.models import TrainingPlan

    return dict(TrainingPlan.Status.choices)


def prefecture_areas(year):
    """Every prefecture's figures for the year (a prefecture without staff gets an empty row)."""
    stored = {area.prefecture_id: area for area in AreaFigures.objects.filter(fiscal_year=year, level="prefecture")}
    result = []
    for prefecture in Prefecture.objects.all():
        area = stored.get(prefecture.code) or AreaFigures(fiscal_year=year, level="prefecture", prefecture_id=prefecture.code, figures={})
        area.prefecture = prefecture
        result.append(area)
    return result


def centre_areas(year, prefecture_code):
    return list(
        AreaFigures.objects.filter(fiscal_year=year, level="centre", prefecture_id=prefecture_code).select_related("centre").order_by("centre__name")
    )


def area(year, key):
    return AreaFigures.objects.filter(fiscal_year=year, area=key).first()


RESEARCH_COUNTS = ["ojt_met", "ojt_on_pace", "ojt_behind", "offjt_met", "offjt_on_pace", "offjt_behind", "missing_common",
                   "renewals_due", "renewals_overdue", "renewals_lapsed", "supervisor_overdue", "plan_none", "plan_draft",
                   "plan_submitted", "plan_approved", "fieldwork_completed"]


def research_table(year):
    """Per centre: a pseudonymous number, where it is, counts and hours, no names.

    A centre's number is stable across years (so trends can be followed) but is not its database
    id. No published cell is a count of 1 to 4 people or gives one away (rules.research_suppressed);
    averages and medians only from five staff; a prefecture of fewer than five centres is given
    by its region only (rules.research_places).
    """
    areas = list(AreaFigures.objects.filter(fiscal_year=year, level="centre").select_related("prefecture"))
    headers = ([("centre", _("Centre (pseudonym)")), ("prefecture", _("Prefecture")), ("region", _("Region")), ("staff", _("Staff in post"))]
               + [(key, str(FIGURES[key].label)) for key in RESEARCH_COUNTS]
               + [("ojt_mean", _("Average OJT hours")), ("ojt_median", _("Median OJT hours")),
                  ("offjt_mean", _("Average Off-JT hours")), ("offjt_median", _("Median Off-JT hours"))])
    # Only centres whose rows publish figures count: three near-empty centres would otherwise let the
    # prefecture of two real ones be named.
    places = rules.research_places(Counter(area.prefecture_id for area in areas if area.staff >= rules.SMALLEST_PUBLISHED_GROUP))
    rows = []
    # In pseudonym order: the database's order would tell which centre is which.
    for area in sorted(areas, key=lambda area: (area.prefecture_id, rules.pseudonym(area.centre_id))):
        figures = area.figures
        counts = {key: figures.get(key, 0) for key in RESEARCH_COUNTS}
        withheld = rules.research_suppressed(area.staff, counts)
        averages_published = area.staff >= rules.SMALLEST_PUBLISHED_GROUP
        place = places.get(area.prefecture_id, "")
        rows.append(
            [Cell(rules.pseudonym(area.centre_id)), Cell(area.prefecture.name if place == "prefecture" else None),
             Cell(str(rules.region_of(area.prefecture_id)[1]) if place else None), Cell(None if "staff" in withheld else area.staff)]
            + [Cell(None if key in withheld else counts[key]) for key in RESEARCH_COUNTS]
            + [Cell(figures.get(key) if averages_published else None) for key in ("ojt_mean", "ojt_median", "offjt_mean", "offjt_median")]
        )
    return Table(key="research", title=_("Training by centre, anonymised"), headers=headers, rows=rows)

