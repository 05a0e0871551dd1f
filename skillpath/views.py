"""The training handbook (研修手帳), records, reflections and external training."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.fiscal import fiscal_year_label
from lms.handbook import entries_by_fiscal_year
from lms.organisations.access import access_for, require_records_access

from . import rules, selectors, services
from .forms import ExternalTrainingForm, ReflectionForm, RejectForm
from .handbook_pdf import render_handbook_pdf
from .models import TrainingRecord


def _person(request, person_id):
    if person_id is None:
        return request.user
    person = get_object_or_404(get_user_model(), pk=person_id)
    return require_records_access(request.user, person)


def _summaries(person, years):
    summaries = {}
    for year in years:
        hours = selectors.offjt_hours_by_person([person.pk], year).get(person.pk)
        summaries[year] = rules.offjt_status(hours)
    return summaries


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="handbook-{person.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Japanese text as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Fiscal year"), _("Kind"), _("Date"), _("Training"), _("Details"), _("Hours"), _("Days"), _("Status")])
    for year, entries in entries_by_fiscal_year(person):
        for entry in entries:
            writer.writerow([
                fiscal_year_label(year), entry.section_label, entry.date.isoformat() if entry.date else "",
                entry.title, entry.detail, entry.hours if entry.hours is not None else "", entry.days or "", entry.status,
            ])
    return response


@login_required
def record_detail(request, pk):
    record = get_object_or_404(TrainingRecord.objects.select_related("person", "subject", "session"), pk=pk)
    require_records_access(request.user, record.person)
    reflection = getattr(record, "reflection", None)
    form = None
    if record.person_id == request.user.pk and record.status == TrainingRecord.Status.VERIFIED:
        form = ReflectionForm(request.POST or None, instance=reflection)
        if request.method == "POST" and form.is_valid():
            services.reflection_save(record=record, by=request.user, **form.cleaned_data)
            messages.success(request, _("Reflection saved."))
            return redirect(record)
    return render(request, "skillpath/record_detail.html", {"record": record, "reflection": reflection, "form": form})


@login_required
def record_evidence(request, pk):
    """Evidence files are personal: served only to those who may read the record."""
    record = get_object_or_404(TrainingRecord, pk=pk)
    require_records_access(request.user, record.person)
    if not record.evidence:
        raise Http404
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=record.evidence.name.rsplit("/", 1)[-1])


@login_required
def external_new(request):
    if not access_for(request.user).is_centre_staff:
        raise PermissionDenied
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_record_submit(person=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sent to your supervisor for verification. It counts once verified."))
            return redirect("handbook")
    return render(request, "skillpath/external_form.html", {"form": form})


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
    try:
        services.external_record_verify(record=record, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Verified: the hours now count."))
    return redirect("external_queue")


@login_required
@require_POST
def external_reject(request, pk):
    record = get_object_or_404(TrainingRecord, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason so the person can correct it."))
        return redirect("external_queue")
    try:
        services.external_record_reject(record=record, by=request.user, reason=form.cleaned_data["reason"])
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Returned to the person with your reason."))
    return redirect("external_queue")
