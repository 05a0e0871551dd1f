"""The training handbook (研修手帳), records, reflections and external training."""


from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from curriculum.models import Ability, Domain
from fieldwork.selectors import placements_for_plan
from lms import clock, uploads
from lms.actions import refusal_text, run_action, run_form, step_refused
from lms.audit.selectors import latest_entry
from lms.audit.services import available_actions
from lms.csv_export import csv_response
from lms.fields import plain_number
from lms.fiscal import fiscal_year, fiscal_year_label
from lms.handbook import entries_by_fiscal_year
from lms.organisations.access import (
    access_for,
    may_add_outside_course,
    may_read_outside_courses,
    may_recognise_outside_course,
    require_records_access,
)
from lms.organisations.models import Membership
from lms.pagination import page_of
from lms.training import services as training_services
from lms.training.models import OutsideCourse, TrainingRecord
from ojt.selectors import hours_by_year, minimum_hours_policies, minimums_by_year, policy_for

from . import rules, selectors, services
from .charts import PALETTE, Reference, Series, bar_chart, level_chart
from .forms import (
    CommentForm,
    ExternalTrainingForm,
    OutsideCourseForm,
    OutsideCourseSearchForm,
    PlanForm,
    RatingsForm,
    ReflectionForm,
    RejectForm,
    SelfEvaluationForm,
    plan_entry_formset,
)
from .handbook_pdf import render_handbook_pdf
from .models import AbilityRating, PlanRow, TrainingPlan
from .workflow import PLAN


def _person(request, person_id):
    if person_id is None:
        return request.user
    person = get_object_or_404(get_user_model(), pk=person_id)
    return require_records_access(request.user, person)


def _summaries(person, years):
    """Each year's Off-JT, credited and against the same pro-rated minimum as the person's OJT ledger."""
    hours = hours_by_year(person, years)
    minimums = minimums_by_year(person, years)
    policies = minimum_hours_policies()
    return {year: rules.offjt_status(hours[year], minimums[year], policy_for(policies, year)) for year in years}


@login_required
def handbook(request, person_id=None):
    person = _person(request, person_id)
    years = entries_by_fiscal_year(person)
    summaries = _summaries(person, [year for year, _entries in years])
    return render(request, "skillpath/handbook.html", {
        "person": person,
        "years": [(year, entries, summaries[year]) for year, entries in years],
        "owed": selectors.reflections_owed(person) if person == request.user else [],
        "is_own": person == request.user,
    })


@login_required
def handbook_pdf(request, person_id=None):
    person = _person(request, person_id)
    years = entries_by_fiscal_year(person)
    pdf = render_handbook_pdf(person=person, years=years, summaries=_summaries(person, [y for y, _e in years]))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handbook-{person.pk}.pdf"'
    return response


@login_required
def handbook_csv(request, person_id=None):
    person = _person(request, person_id)
    return csv_response(
        f"handbook-{person.pk}.csv",
        [_("Fiscal year"), _("Kind"), _("Date"), _("Training"), _("Details"), _("Hours"), _("Number of days"), _("Status")],
        (
            [fiscal_year_label(year), entry.section_label, entry.date.isoformat() if entry.date else "",
             entry.title, entry.detail, entry.hours if entry.hours is not None else "", entry.days or "", entry.status]
            for year, entries in entries_by_fiscal_year(person) for entry in entries
        ),
    )


@login_required
def record_detail(request, pk):
    record = get_object_or_404(TrainingRecord.objects.select_related("person", "subject", "session"), pk=pk)
    require_records_access(request.user, record.person)
    reflection = getattr(record, "reflection", None)
    actions = available_actions(record, request.user)
    form = None
    if "reflected" in actions:
        form = ReflectionForm(request.POST or None, instance=reflection)
        if request.method == "POST" and form.is_valid():
            services.reflection_save(record=record, by=request.user, **form.cleaned_data)
            messages.success(request, _("Reflection saved."))
            return redirect(record)
    return render(request, "skillpath/record_detail.html", {"record": record, "reflection": reflection, "form": form, "actions": actions})


@login_required
def record_evidence(request, pk):
    """Evidence files are personal: served only to those who may read the record."""
    record = get_object_or_404(TrainingRecord, pk=pk)
    require_records_access(request.user, record.person)
    if not record.evidence:
        raise Http404
    return uploads.download(record.evidence)


@login_required
def external_new(request):
    if not access_for(request.user).is_centre_staff:
        raise PermissionDenied
    # A course picked from the shared catalogue fills the form and stays linked to the record.
    course = selectors.outside_course_or_none(request.POST.get("outside_course") or request.GET.get("course"))
    initial = {"title": course.title, "kind": course.kind, "provider": course.provider, "hours": course.hours, "days": course.days} if course else None
    form = ExternalTrainingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_record_submit(person=request.user, outside_course=course, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sent to your supervisor for verification. It counts once verified."))
            return redirect("handbook")
    return render(request, "skillpath/external_form.html", {"form": form, "course": course})


@login_required
def outside_courses(request):
    """The catalogue of outside courses centres share: search, add, and for the institute, recognise."""
    if not may_read_outside_courses(request.user):
        raise PermissionDenied
    search = OutsideCourseSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    form = OutsideCourseForm(request.POST or None) if may_add_outside_course(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            course = training_services.outside_course_add(by=request.user, **form.cleaned_data)
            messages.success(request, _("%(course)s is in the catalogue. The institute will decide whether to recognise it.") % {"course": course})
            return redirect("outside_courses")
    courses = page_of(request, selectors.outside_courses(**filters))
    return render(request, "skillpath/outside_courses.html", {
        "courses": courses, "search": search, "form": form,
        "may_recognise": may_recognise_outside_course(request.user), "may_record": access_for(request.user).is_centre_staff,
    })


@login_required
@require_POST
def outside_course_recognise(request, pk):
    course = get_object_or_404(OutsideCourse, pk=pk)
    recognised = request.POST.get("recognised") == "1"
    return run_action(
        request, lambda: training_services.outside_course_recognise(course=course, by=request.user, recognised=recognised),
        success=_("Recognised.") if recognised else _("Recognition withdrawn."), then="outside_courses",
    )


@login_required
def external_queue(request):
    access = access_for(request.user)
    if not access.is_manager:
        raise PermissionDenied
    return render(request, "skillpath/external_queue.html", {
        "pending": selectors.pending_external_for(request.user), "reject_form": RejectForm(),
    })


@login_required
@require_POST
def external_verify(request, pk):
    record = get_object_or_404(TrainingRecord, pk=pk)
    verify = lambda: services.external_record_verify(record=record, by=request.user)  # noqa: E731
    return run_action(request, verify, success=_("Verified: the hours now count."), then="external_queue")


@login_required
@require_POST
def external_reject(request, pk):
    record = get_object_or_404(TrainingRecord, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason so the person can correct it."))
        return redirect("external_queue")
    reject = lambda: services.external_record_reject(record=record, by=request.user, reason=form.cleaned_data["reason"])  # noqa: E731
    return run_action(request, reject, success=_("Returned to the person with your reason."), then="external_queue")


# --- Yearly plans and the skill path ---------------------------------------------------------


def _plan_for(request, pk):
    plan = get_object_or_404(TrainingPlan.objects.select_related("person"), pk=pk)
    require_records_access(request.user, plan.person)
    return plan


@login_required
def plan_index(request):
    """My plans, and for directors and supervisors the queue of their centre."""
    access = access_for(request.user)
    year = fiscal_year(clock.today())
    context = {
        "plans": TrainingPlan.objects.filter(person=request.user).order_by("-fiscal_year"),
        "this_year": year,
        "has_this_year": TrainingPlan.objects.filter(person=request.user, fiscal_year=year).exists(),
        "has_next_year": TrainingPlan.objects.filter(person=request.user, fiscal_year=year + 1).exists(),
        "access": access,
    }
    if access.is_manager:
        context["queue"] = selectors.plan_queue(request.user, year)
    return render(request, "skillpath/plan_index.html", context)


@login_required
@require_POST
def plan_new(request):
    year = request.POST.get("fiscal_year", "")
    current = fiscal_year(clock.today())
    if not (year.isascii() and year.isdigit()) or int(year) not in (current, current + 1):
        messages.error(request, _("Plans are made for this fiscal year or the next."))
        return redirect("plan_index")
    try:
        plan = services.plan_create(person=request.user, fiscal_year=int(year))
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("plan_index")
    return redirect("plan_edit", plan.pk)


@login_required
def plan_detail(request, pk):
    plan = _plan_for(request, pk)
    plan = selectors.plan_with_details(plan.pk)
    gaps = selectors.requirement_gaps(plan.person, plan.fiscal_year)
    planned = {row.subject_id for row in plan.rows.all() if row.subject_id}
    return render(request, "skillpath/plan_detail.html", {
        "plan": plan, "gaps": gaps, "uncovered": rules.uncovered_gaps(gaps, planned), "abilities": selectors.ability_levels(plan),
        "comment_form": CommentForm(), **_plan_lines(plan),
    })


def _plan_lines(plan):
    """The entries line by line and, once the year has started, what was done against them (step 5)."""
    lines, unplanned = selectors.plan_lines_with_outcomes(plan)
    return {
        "lines": lines, "unplanned": unplanned, "year_hours": hours_by_year(plan.person, [plan.fiscal_year])[plan.fiscal_year],
        "reconciling": plan.status in (TrainingPlan.Status.IN_PROGRESS, TrainingPlan.Status.SELF_EVALUATED, TrainingPlan.Status.CLOSED),
        "fieldwork_items": placements_for_plan(plan.person, plan.fiscal_year),
    }


@login_required
def plan_edit(request, pk):
    plan = _plan_for(request, pk)
    if refused := step_refused(request, PLAN, plan, TrainingPlan.AuditAction.EDITED):
        return refused
    domains = list(Domain.objects.all())
    form = PlanForm(request.POST or None, instance=plan)
    formset = plan_entry_formset(request.POST or None, plan=plan, domains=domains)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            rows = formset.save(commit=False)
            services.plan_update(plan=plan, by=request.user, fields=form.cleaned_data, rows=rows, deleted=formset.deleted_objects)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal_text(error))
        else:
            if "submit" in request.POST:
                return plan_submit(request, plan.pk)
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    gaps = selectors.requirement_gaps(plan.person, plan.fiscal_year)
    return render(request, "skillpath/plan_form.html", {
        "plan": plan, "form": form, "formset": formset, "gaps": gaps, "lines": _entry_forms_by_line(formset, domains),
        # A returned plan is edited with the reason it came back in view.
        "returned": latest_entry(plan, TrainingPlan.Status.RETURNED) if plan.is_returned else None,
    })


def _entry_forms_by_line(formset, domains):
    """[(domain, line, its label, [entry forms])] in the order of 図表 2-2, the blank entry last in each line."""
    by_slot = {}
    for entry_form in formset:
        if entry_form.instance.pk:
            key = (entry_form.instance.domain_id, entry_form.instance.line)
        else:
            # A blank entry has its line from the form; an entry posted from an older copy of the
            # page (deleted since, in another tab) has it only in the data it posted.
            domain = entry_form["domain"].value()
            domain_id = str(getattr(domain, "pk", domain) or "")
            key = (int(domain_id) if domain_id.isdigit() else None, entry_form["line"].value())
        by_slot.setdefault(key, []).append(entry_form)
    labels = dict(PlanRow.Line.choices)
    lines = [
        (domain, line, labels[line], by_slot.pop((domain.pk, line), [])) for domain, line in rules.plan_slots(domains)
    ]
    # Whatever fits no line of 図表 2-2 (a tampered or stale entry) is still shown, with its errors.
    for leftovers in by_slot.values():
        lines[0][3].extend(leftovers)
    return lines


@login_required
def plan_submit(request, pk):
    if request.method != "POST":
        return redirect("plan_detail", pk)
    plan = _plan_for(request, pk)
    gaps = selectors.requirement_gaps(plan.person, plan.fiscal_year)
    planned = set(plan.rows.exclude(subject=None).values_list("subject_id", flat=True))
    uncovered = rules.uncovered_gaps(gaps, planned)
    response = run_action(request, lambda: services.plan_submit(plan=plan, by=request.user), success=_("Submitted to your supervisor."), then=plan)
    if uncovered and TrainingPlan.objects.get(pk=plan.pk).status == TrainingPlan.Status.SUBMITTED:
        names = "、".join(str(gap.subject) for gap in uncovered)
        messages.warning(request, _("The plan leaves out required training: %(names)s. Your approver will see this.") % {"names": names})
    return response


def _plan_step(request, pk, step, success):
    """A decision on the plan from its page: `step(plan, by, comment)` with the comment typed there."""
    plan = _plan_for(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():  # e.g. a comment over the limit: say so rather than drop it
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(plan)
    return run_action(request, lambda: step(plan=plan, by=request.user, comment=form.cleaned_data["comment"]), success=success, then=plan)


@login_required
@require_POST
def plan_return(request, pk):
    return _plan_step(request, pk, services.plan_return, _("Returned with your comments."))


@login_required
@require_POST
def plan_approve(request, pk):
    return _plan_step(request, pk, services.plan_approve, _("Plan approved."))


@login_required
@require_POST
def plan_start(request, pk):
    plan = _plan_for(request, pk)
    return run_action(request, lambda: services.plan_start(plan=plan, by=request.user), success=_("The plan is under way."), then=plan)


@login_required
@require_POST
def plan_close(request, pk):
    return _plan_step(request, pk, services.plan_close, _("The year is closed."))


@login_required
def plan_evaluate(request, pk):
    plan = _plan_for(request, pk)
    if plan.person_id != request.user.pk:
        raise PermissionDenied
    form = SelfEvaluationForm(request.POST or None, instance=plan)
    saved = lambda data: services.plan_self_evaluate(plan=plan, by=request.user, **data)  # noqa: E731
    if done := run_form(request, form, saved, success=_("Self-evaluation saved; it will pre-fill next year's plan.")):
        return done
    plan = selectors.plan_with_details(plan.pk)
    return render(request, "skillpath/plan_evaluate.html", {"plan": plan, "form": form, **_plan_lines(plan), "reconciling": True})


@login_required
def plan_ratings(request, pk):
    plan = _plan_for(request, pk)
    rater = AbilityRating.Rater.SELF if plan.person_id == request.user.pk else AbilityRating.Rater.SUPERVISOR
    moment = request.GET.get("moment") or request.POST.get("moment") or AbilityRating.Moment.START
    if moment not in AbilityRating.Moment.values:
        moment = AbilityRating.Moment.START
    abilities = list(Ability.objects.all())
    initial = dict(plan.ratings.filter(rater=rater, moment=moment).values_list("ability_id", "level"))
    form = RatingsForm(request.POST or None, abilities=abilities, initial_levels=initial)
    def save(data):
        services.ratings_save(plan=plan, by=request.user, rater=rater, moment=moment, levels=form.levels())
        return plan

    if done := run_form(request, form, save, success=_("Ratings saved.")):
        return done
    return render(request, "skillpath/plan_ratings.html", {
        "plan": plan, "form": form, "rater": rater, "moment": moment,
        "rater_label": AbilityRating.Rater(rater).label, "moment_label": AbilityRating.Moment(moment).label,
    })


def _minimum_references(minimums, year_label):
    """The yearly minimums as lines across the hours chart: one line when OJT's and Off-JT's are equal,
    otherwise one in each series' colour."""
    if minimums.ojt == minimums.offjt:
        return [Reference(minimums.offjt, _("The minimum for each of OJT and Off-JT in %(year)s: %(hours)s hours") % {
            "year": year_label, "hours": plain_number(minimums.offjt)})]
    return [
        Reference(value, _("The %(kind)s minimum in %(year)s: %(hours)s hours") % {"kind": name, "year": year_label, "hours": plain_number(value)},
                  color=PALETTE[index])
        for index, (name, value) in enumerate(((_("Off-JT"), minimums.offjt), (_("OJT"), minimums.ojt)))
    ]


@login_required
def skill_path(request, person_id=None):
    """Each ability's ratings and the yearly hours across all the person's years, as SVG charts."""
    person = _person(request, person_id)
    plans = list(TrainingPlan.objects.filter(person=person).prefetch_related("ratings").order_by("fiscal_year"))
    record_years = set(TrainingRecord.objects.filter(person=person).values_list("fiscal_year", flat=True))
    years = sorted({plan.fiscal_year for plan in plans} | record_years)
    labels = [str(fiscal_year_label(year)) for year in years]
    latest = {}
    for plan in plans:
        for rating in plan.ratings.all():
            key = (plan.fiscal_year, rating.ability_id, rating.rater)
            # The end-of-year rating, when there is one, is the year's result.
            if rating.moment == AbilityRating.Moment.END or key not in latest:
                latest[key] = rating.level
    # The year still running is marked, so a half-year's hours are not read as a shortfall.
    current = years.index(fiscal_year(clock.today())) if fiscal_year(clock.today()) in years else None
    progress = {"current": current, "progress_label": str(_("(in progress)"))}
    ability_charts = [
        level_chart(
            title=f"{ability.number}. {ability.tr('name')}", categories=labels, **progress,
            series=[
                Series(str(AbilityRating.Rater.SELF.label), [latest.get((year, ability.pk, "self")) for year in years]),
                Series(str(AbilityRating.Rater.SUPERVISOR.label), [latest.get((year, ability.pk, "supervisor")) for year in years]),
            ],
        )
        for ability in Ability.objects.all()
    ]
    hours = hours_by_year(person, years)
    hours_chart = bar_chart(
        title=str(_("Training hours by fiscal year")), categories=labels, unit=str(pgettext("unit of time", "hours")), **progress,
        series=[
            Series(str(_("Off-JT")), [hours[year].offjt for year in years]),
            Series(str(_("OJT")), [hours[year].ojt for year in years]),
        ],
        references=_minimum_references(minimums_by_year(person, [years[-1]])[years[-1]], labels[-1]) if years else (),
        note=str(_("%(year)s is still in progress: its figures are those so far.") % {"year": labels[current]}) if current is not None else "",
    )
    # 図表 1-12: the abilities the person's current jobs need most.
    jobs = set(Membership.objects.current().filter(user=person).values_list("job", flat=True))
    emphasised = [ability for ability in Ability.objects.all() if ability.is_key_for(jobs) and ability.key_job_labels]
    return render(request, "skillpath/skill_path.html", {
        "person": person, "plans": plans, "ability_charts": ability_charts if latest else [], "hours_chart": hours_chart, "years": years,
        "emphasised": emphasised,
    })
