"""Oversight reports: the country, a prefecture, a centre, the people behind a number, research data.

Each page is a table of stored figures (services.refresh) in a few queries. `?format=csv` or
`?format=xlsx` with `&table=<key>` downloads a table; `?format=pdf` the year-end report.
"""

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import clock
from lms.audit.report import HistoryFilter
from lms.csv_export import streaming_csv_response
from lms.fiscal import FIRST_FISCAL_YEAR, fiscal_year, fiscal_year_label
from lms.http import id_param
from lms.organisations import access as rules_of_access
from lms.organisations.models import Organisation, Prefecture
from lms.pagination import page_of

from . import charts, exports, rules, selectors, services
from .figures import FIGURES, TABLE_COLUMNS, label


def _year(raw):
    """The fiscal year asked for, the current one by default; a future year or junk is 404."""
    today = clock.today()
    if not raw:
        return fiscal_year(today)
    # The ten years the menu offers: an address cannot make the worker count the whole century.
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in rules.reportable_years(today, _first_year(today)):
        raise Http404(_("There are no figures for that fiscal year."))
    return int(raw)


def _first_year(today):
    return max(FIRST_FISCAL_YEAR, fiscal_year(today) - 9)


def _context(request, year, *, level_title, up=None):
    today = clock.today()
    run = selectors.refresh_of(year)
    if run is None or run.finished_at is None:
        # The first visit asks for the figures; the page says they are on their way.
        services.request_refresh(year)
        run = selectors.refresh_of(year)
    final = rules.is_final(year, today)
    return {
        "year": year, "year_label": fiscal_year_label(year), "run": run, "final": final, "today": today,
        "years": rules.reportable_years(today, _first_year(today)),
        "level_title": level_title, "up": up, "may_refresh": rules_of_access.may_read_country_report(request.user),
    }


@dataclass
class Built:
    """A report page's tables (for the page and its downloads), its PDF and the rest of its body."""

    tables: list
    context: object  # a function giving the body's template context
    pdf: object = None


# The rendered body of a report page is kept until the figures are recomputed (the refresh's time is
# in the key): the figures cannot change in between, and a country page is a few thousand cells.
BODY_CACHE_SECONDS = 6 * 60 * 60
AREA_SORT_KEYS = {"name", "region", "on_track_share", *TABLE_COLUMNS}


def _page(request, context, build, *, body, slug, key, sort_keys):
    if request.GET.get("format"):
        built = build()
        return _export(request, context, built.tables, slug, pdf=built.pdf)
    run = context["run"]
    cache_key = None
    html = None
    if run is not None and run.finished_at is not None:
        # Only a sort the table knows goes into the key: junk must not fill the cache.
        sort = request.GET.get("sort", "")
        sort = sort if sort.lstrip("-") in sort_keys else ""
        # Whether the year is over changes the columns; it turns on 1 April without a recount.
        parts = (*key, context["year"], context["final"], run.generation, sort, get_language())
        cache_key = "reports:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        html = cache.get(cache_key)
    if html is None:
        built = build()
        _keep_year_in_links(built.tables, context["year"])
        html = render_to_string(body, context | built.context(), request=request)
        if cache_key:
            cache.set(cache_key, html, BODY_CACHE_SECONDS)
    # Safe: the body was rendered (and escaped) by our own template above.
    return render(request, "reports/page.html", context | {"body": mark_safe(html)})


def _until_recount(run, key, build, load):
    """`load(build())`, with what `build` returns (plain values) kept until the figures are
    recounted: the research table is worked out from every centre's row (pseudonyms, withheld
    cells), which took a country's page 0.2 s a view."""
    if run is None or run.finished_at is None:
        return load(build())
    cache_key = "reports:" + hashlib.sha256(repr((*key, run.generation, get_language())).encode()).hexdigest()
    built = cache.get(cache_key)
    if built is None:
        built = build()
        cache.set(cache_key, built, BODY_CACHE_SECONDS)
    return load(built)


def _keep_year_in_links(tables, year):
    for table in tables:
        table.query = f"year={year}"


def _digest(places):
    """The scheduled places in a cache key: a new session shows at once, not at the next recount."""
    return hashlib.sha256(repr(sorted(places.items())).encode()).hexdigest()[:16]


def _export(request, context, tables, slug, pdf=None):
    """The table (or every table) as CSV or Excel, or the year-end PDF; None for the page itself."""
    _keep_year_in_links(tables, context["year"])
    fmt = request.GET.get("format", "")
    if not fmt:
        return None
    run = context["run"]
    meta = exports.Meta(title=context["level_title"], fiscal_year=context["year"], as_of=run.as_of if run else None,
                        made_on=context["today"], slug=slug)
    by_key = {table.key: table for table in tables}
    if fmt == "pdf":
        if pdf is None:
            raise Http404(_("This page has no PDF: the year-end report is for the country and each prefecture. Ask for format=csv or xlsx."))
        return pdf(meta)
    if fmt in ("csv", "xlsx"):
        wanted = request.GET.get("table", "")
        if fmt == "xlsx" and not wanted:
            return exports.xlsx_of(tables, meta, "all")
        if wanted not in by_key:
            raise Http404(_("Name the table to download with table=, one of: %(tables)s.") % {"tables": ", ".join(by_key)})
        return exports.csv_of(by_key[wanted], meta) if fmt == "csv" else exports.xlsx_of([by_key[wanted]], meta, wanted)
    raise Http404(_("Ask for format=csv, xlsx or pdf."))


@login_required
def country(request):
    if not rules_of_access.may_read_country_report(request.user):
        # The "Reports" menu entry leads a prefecture's office and a centre's managers to their own level.
        access = rules_of_access.access_for(request.user)
        year = request.GET.get("year", "")
        query = {"year": year} if year.isascii() and year.isdigit() else {}
        if access.prefecture_codes:
            return redirect(selectors.figures_url("report_prefecture", args=[min(access.prefecture_codes)], **query))
        if access.managed_centre_ids:
            return redirect(selectors.figures_url("report_centre", args=[min(access.managed_centre_ids)], **query))
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    context = _context(request, year, level_title=_("The country: training against the guideline, %(year)s") % {"year": fiscal_year_label(year)})
    places = selectors.scheduled_places(year + 1)

    def build():
        final = context["final"]
        country_area = selectors.area(year, "country")
        prefectures = selectors.prefecture_areas(year)
        prefecture_path, prefecture_people_path = selectors.path_for("report_prefecture"), selectors.path_for("report_prefecture_people")
        prefecture_table = selectors.area_table(
            key="prefectures", title=_("Prefectures"), name_label=_("Prefecture"), areas=prefectures, name_of=lambda area: area.prefecture.name,
            url_of=lambda area: f"{prefecture_path(area.prefecture_id)}?year={year}",
            people_url_of=lambda area: prefecture_people_path(area.prefecture_id),
            final=final, year=year, include_region=True,
        ).sorted_by(request.GET.get("sort", ""))
        summary = selectors.summary_table(
            country_area, final=final, title=_("The country"),
            people_url=lambda figure: selectors.figures_url("report_people", year=year, figure=figure),
        )
        demand = selectors.demand_tables(year=year, country=country_area, prefectures=prefectures,
                                         subjects=list(selectors.compulsory_subjects()), places=places)
        bars = [(area.prefecture.name, area.figures) for area in prefectures]
        figures = country_area.figures if country_area else {}
        tiles = [(area.prefecture_id, area.prefecture.name, area.figures.get("on_track_share"), f"{prefecture_path(area.prefecture_id)}?year={year}")
                 for area in prefectures]
        return Built(
            tables=[summary, prefecture_table, *demand],
            pdf=lambda meta: exports.year_end_pdf(meta, summary=summary, area_table=_pdf_table(prefecture_table), figures=figures, bars_items=bars),
            context=lambda: {
                "area": country_area, "summary": summary, "area_table": prefecture_table, "demand_tables": demand,
                "tile_grid": charts.tile_grid(tiles, title=_("Share of staff on track for both minimums, by prefecture")),
                "bars": charts.standing_bars(bars, title=_("Staff meeting, on pace for and behind the minimums, by prefecture")),
                "line": charts.monthly_line(figures.get("monthly", {}), title=_("Hours month by month against the pace")),
            },
        )

    return _page(request, context, build, body="reports/_country_body.html", slug="country", key=("country", _digest(places)),
                 sort_keys=AREA_SORT_KEYS)


def _pdf_table(table):
    """The PDF's area table keeps the columns that fit a landscape page."""
    keep = {"name", "staff", "ojt_met", "ojt_on_pace", "ojt_behind", "offjt_met", "offjt_on_pace", "offjt_behind", "missing_common",
            "renewals_due", "renewals_overdue", "renewals_lapsed", "supervisor_overdue", "plan_none", "on_track_share"}
    indexes = [index for index, (key, _label) in enumerate(table.headers) if key in keep]
    return selectors.Table(key=table.key, title=table.title, headers=[table.headers[i] for i in indexes],
                           rows=[[row[i] for i in indexes] for row in table.rows])


@login_required
def prefecture(request, code):
    prefecture = get_object_or_404(Prefecture, pk=code)
    if not rules_of_access.may_read_prefecture_report(request.user, prefecture.code):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    up = (_("The country"), selectors.figures_url("report_country", year=year)) if rules_of_access.may_read_country_report(request.user) else None
    context = _context(request, year, level_title=_("%(prefecture)s: training against the guideline, %(year)s") % {
        "prefecture": prefecture.name, "year": fiscal_year_label(year)}, up=up)
    places = selectors.scheduled_places(year + 1)

    def build():
        final = context["final"]
        own = selectors.area(year, f"P{prefecture.code}")
        centres = selectors.centre_areas(year, prefecture.code)
        centre_path, centre_people_path = selectors.path_for("report_centre"), selectors.path_for("report_centre_people")
        centre_table = selectors.area_table(
            key="centres", title=_("Centres"), name_label=_("Centre"), areas=centres, name_of=lambda area: area.centre.name,
            url_of=lambda area: f"{centre_path(area.centre_id)}?year={year}",
            people_url_of=lambda area: centre_people_path(area.centre_id),
            final=final, year=year,
        ).sorted_by(request.GET.get("sort", ""))
        summary = selectors.summary_table(
            own, final=final, title=prefecture.name,
            people_url=lambda figure: selectors.figures_url("report_prefecture_people", args=[prefecture.code], year=year, figure=figure),
        )
        demand = selectors.demand_tables(year=year, country=own, prefectures=None, subjects=list(selectors.compulsory_subjects()), places=places)
        bars = [(area.centre.name, area.figures) for area in centres]
        figures = own.figures if own else {}
        return Built(
            tables=[summary, centre_table, *demand],
            pdf=lambda meta: exports.year_end_pdf(meta, summary=summary, area_table=_pdf_table(centre_table), figures=figures, bars_items=bars),
            context=lambda: {
                "prefecture": prefecture, "area": own, "summary": summary, "area_table": centre_table, "demand_tables": demand,
                "bars": charts.standing_bars(bars, title=_("Staff meeting, on pace for and behind the minimums, by centre")) if bars else "",
                "line": charts.monthly_line(figures.get("monthly", {}), title=_("Hours month by month against the pace")),
            },
        )

    return _page(request, context, build, body="reports/_prefecture_body.html", slug=f"prefecture-{prefecture.code:02d}",
                 key=("prefecture", prefecture.code, _digest(places)), sort_keys=AREA_SORT_KEYS)


@login_required
def centre(request, pk):
    centre = get_object_or_404(Organisation.objects.centres().select_related("prefecture"), pk=pk)
    if not rules_of_access.may_read_centre_report(request.user, centre):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    up = None
    if rules_of_access.may_read_prefecture_report(request.user, centre.prefecture_id):
        up = (centre.prefecture.name, selectors.figures_url("report_prefecture", args=[centre.prefecture_id], year=year))
    context = _context(request, year, level_title=_("%(centre)s: training against the guideline, %(year)s") % {
        "centre": centre.name, "year": fiscal_year_label(year)}, up=up)

    def build():
        final = context["final"]
        own = selectors.area(year, f"C{centre.pk}")
        summary = selectors.summary_table(
            own, final=final, title=centre.name,
            people_url=lambda figure: selectors.figures_url("report_centre_people", args=[centre.pk], year=year, figure=figure),
        )
        rows = selectors.people_rows(year=year, figure="staff", centre_id=centre.pk)
        person_path = selectors.path_for("person_detail")
        # Everyone who may read a centre's report may open its people's directory pages.
        staff = selectors.staff_table(rows, final=final, person_url=lambda row: person_path(row.person_id))
        staff.sorted_by(request.GET.get("sort", ""))
        return Built(tables=[summary, staff], context=lambda: {
            "centre": centre, "area": own, "summary": summary, "area_table": staff,
            "line": charts.monthly_line(own.figures.get("monthly", {}) if own else {}, title=_("Hours month by month against the pace")),
        })

    return _page(request, context, build, body="reports/_centre_body.html", slug=f"centre-{centre.pk}", key=("centre", centre.pk),
                 sort_keys=selectors.STAFF_SORT_KEYS)


@login_required
def people(request, code=None, pk=None):
    """The people behind one number of a report, paged (and downloadable) in SQL."""
    year = _year(request.GET.get("year"))
    figure = request.GET.get("figure", "staff")
    if figure not in FIGURES:
        raise Http404(_("There is no such figure."))
    if pk is not None:
        place = get_object_or_404(Organisation.objects.centres(), pk=pk)
        allowed, where, back = rules_of_access.may_read_centre_report(request.user, place), place.name, ("report_centre", [pk])
    elif code is not None:
        place = get_object_or_404(Prefecture, pk=code)
        allowed, where, back = rules_of_access.may_read_prefecture_report(request.user, place.code), place.name, ("report_prefecture", [code])
    else:
        allowed, where, back = rules_of_access.may_read_country_report(request.user), _("The country"), ("report_country", [])
    if not allowed:
        raise PermissionDenied
    context = _context(request, year, level_title=_("%(where)s: %(figure)s (%(year)s)") % {
        "where": where, "figure": label(figure, rules.is_final(year, clock.today())), "year": fiscal_year_label(year)},
                       up=(where, selectors.figures_url(back[0], args=back[1], year=year)))
    rows = selectors.people_rows(year=year, figure=figure, prefecture_code=code, centre_id=pk)
    may_read_people = rules_of_access.may_read_directory(request.user)
    fmt = request.GET.get("format", "")
    if fmt and fmt != "csv":
        raise Http404(_("A list of people downloads as CSV only (format=csv)."))
    if fmt == "csv":
        meta = exports.Meta(title=context["level_title"], fiscal_year=year, as_of=context["run"].as_of if context["run"] else None,
                            made_on=context["today"], slug="people")
        return streaming_csv_response(
            meta.filename(figure, "csv"), [_("Centre")] + [label for _key, label in selectors.STAFF_HEADERS],
            selectors.staff_export_rows(rows), preamble=meta.preamble(),
        )
    # The total is the figure the summary already holds (the list is exactly the people it counts).
    area_key = f"C{pk}" if pk is not None else f"P{code}" if code is not None else "country"
    stored = selectors.area(year, area_key)
    page = page_of(request, rows, count=stored.figures.get(figure, 0) if stored else 0)
    person_path, centre_path = selectors.path_for("person_detail"), selectors.path_for("report_centre")
    table = selectors.staff_table(page.object_list, final=context["final"],
                                  person_url=lambda row: person_path(row.person_id) if may_read_people else "")
    for row, staff_year in zip(table.rows, page.object_list):
        row.insert(1, selectors.Cell(staff_year.centre.name, f"{centre_path(staff_year.centre_id)}?year={year}"
                                     if rules_of_access.may_read_centre_report(request.user, staff_year.centre) else ""))
    table.headers.insert(1, ("centre", _("Centre")))
    table.sortable = False
    return render(request, "reports/people.html", context | {"page": page, "area_table": table, "figure": figure})


@login_required
def research(request):
    """The research department's data: per centre and year, counts and hours only, no names (seed 004 part 3 §5)."""
    if not rules_of_access.may_read_research_export(request.user):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    context = _context(request, year, level_title=_("Research data: training by centre, anonymised, %(year)s") % {"year": fiscal_year_label(year)})
    table = _until_recount(context["run"], ("research", year), lambda: selectors.research_table(year).as_values(), selectors.Table.from_values)
    table = table.sorted_by(request.GET.get("sort", ""))
    response = _export(request, context, [table], "research")
    if response:
        return response
    # A country's table is thousands of rows: the page shows it a page at a time, the files whole.
    page = page_of(request, table.rows)
    table.rows = page.object_list
    return render(request, "reports/research.html", context | {"table": table, "page": page, "smallest": rules.SMALLEST_PUBLISHED_GROUP})


@login_required
@require_POST
def refresh(request):
    if not rules_of_access.may_read_country_report(request.user):
        raise PermissionDenied
    year = _year(request.POST.get("year"))
    if services.request_refresh(year):
        messages.success(request, _("The figures for %(year)s are being recomputed; the page says when they were computed.") % {
            "year": fiscal_year_label(year)})
    else:
        messages.info(request, _("The figures for %(year)s are already being recomputed.") % {"year": fiscal_year_label(year)})
    return redirect(selectors.figures_url("report_country", year=year))


# --- The history of every record: the institute's oversight of every step taken (lms.audit keeps it) ---

@login_required
def history_report(request):
    """/history/: the institute's one history across every kind of record, filtered, newest first."""
    if not rules_of_access.may_read_history(request.user):
        raise PermissionDenied
    form = HistoryFilter(request.GET or None)
    before = id_param(request.GET.get("before"))
    entries, more = form.entries(before=before)
    newest = request.GET.copy()
    newest.pop("before", None)
    older = newest.copy()
    older["before"] = entries[-1].pk if entries else ""
    return render(request, "audit/history_report.html", {
        "form": form, "entries": entries, "older": older.urlencode() if more else "", "newest": newest.urlencode(), "first_page": before is None,
    })


@login_required
def history_object(request, content_type_id, object_id):
    """From an entry of the history to the page of its object (looked up only when followed)."""
    if not rules_of_access.may_read_history(request.user):
        raise PermissionDenied
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    target = model._default_manager.filter(pk=object_id).first() if model is not None else None
    url = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else None
    if url is None:
        raise Http404
    return redirect(url)
