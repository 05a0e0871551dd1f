"""The directory: organisations, people and their jobs, and the staff import."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import clock
from lms.actions import confirm_then_run, run_action, run_form
from lms.csv_export import csv_response
from lms.formats import short_date
from lms.http import id_param
from lms.organisations.access import (
    access_for,
    centres_readable_by,
    centres_staffed_by,
    may_edit_organisations,
    may_manage_person,
    may_read_directory,
    may_read_person,
    organisations_readable_by,
    organisations_staffed_by,
    people_in_directory_of,
)
from lms.organisations.models import CENTRE_JOBS, Membership, Organisation
from lms.pagination import page_of

from . import importing, services
from .filters import OrganisationFilter, PeopleFilter
from .forms import AddPersonForm, CloseForm, EndJobForm, JobForm, LeaveForm, OrganisationForm, PersonForm, TransferForm, UploadForm
from .models import StaffImport

User = get_user_model()


def _require_directory(user):
    if not may_read_directory(user):
        raise PermissionDenied


# --- Organisations ---

@login_required
def organisation_list(request):
    _require_directory(request.user)
    today = clock.today()
    current = Q(memberships__started_on__lte=today) & (Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today))
    organisations = organisations_readable_by(request.user).select_related("prefecture").annotate(
        staff_count=Count("memberships", filter=current & Q(memberships__job__in=CENTRE_JOBS)),
    ).order_by("prefecture_id", "kind", "name")
    filters = OrganisationFilter(request.GET, queryset=organisations)
    return render(request, "directory/organisation_list.html", {
        "organisations": page_of(request, filters.qs), "filters": filters,
        "may_edit": may_edit_organisations(request.user),
        "may_import": centres_staffed_by(request.user).exists(),
    })


@login_required
def organisation_detail(request, pk):
    _require_directory(request.user)
    organisation = get_object_or_404(Organisation.objects.select_related("prefecture"), pk=pk)
    if not organisations_readable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    jobs = page_of(request, (
        Membership.objects.current().filter(organisation=organisation).select_related("user")
        .order_by("job", "user__last_name", "user__first_name")
    ))
    # Link only the people the viewer may open (a prefecture reads centre staff, not its own office's).
    readable = set(people_in_directory_of(request.user).filter(pk__in=[job.user_id for job in jobs.object_list]).values_list("pk", flat=True))
    for job in jobs.object_list:
        job.may_open_person = job.user_id in readable or job.user_id == request.user.pk
    return render(request, "directory/organisation_detail.html", {
        "organisation": organisation,
        "jobs": jobs,
        "may_edit": may_edit_organisations(request.user),
        "may_staff": centres_staffed_by(request.user).filter(pk=organisation.pk).exists(),
        "may_import": centres_staffed_by(request.user).exists(),
        "close_form": CloseForm(),
    })


def _organisation_form(request, organisation=None):
    if not may_edit_organisations(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if done := run_form(request, form, lambda data: services.organisation_save(form=form, by=request.user), success=_("Saved.")):
        return done
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_create(request):
    return _organisation_form(request)


@login_required
def organisation_edit(request, pk):
    return _organisation_form(request, get_object_or_404(Organisation, pk=pk))


@login_required
def organisation_close(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not may_edit_organisations(request.user):
        raise PermissionDenied
    if organisation.closed_on is not None:
        messages.error(request, services.ALREADY_CLOSED)
        return redirect(organisation)
    open_jobs = Membership.objects.filter(organisation=organisation).exclude(ended_on__lt=clock.today()).count()
    return confirm_then_run(
        request, form=CloseForm(request.POST or None), then=organisation,
        perform=lambda data: services.organisation_close(organisation=organisation, on=data["on"], by=request.user),
        success=_("The organisation is closed; its current jobs ended the day before."),
        question=_("Close %(organisation)s?") % {"organisation": organisation}, subject=organisation, back=organisation,
        button=_("Close the organisation"),
        consequences=[
            _("From the day it closes it takes no new jobs, and its %(count)s current jobs end the day before.") % {"count": open_jobs},
            _("Its people keep their records, handbooks and certificates; their history shows the job ended."),
            _("Nothing is deleted: it can be reopened, but the jobs it ended stay ended."),
        ],
    )


@login_required
@require_POST
def organisation_reopen(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return run_action(request, lambda: services.organisation_reopen(organisation=organisation, by=request.user), success=_("Reopened."), then=organisation)


# --- People ---

@login_required
def person_list(request):
    _require_directory(request.user)
    centres = centres_readable_by(request.user)
    people = people_in_directory_of(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.current().select_related("organisation"), to_attr="current_jobs"),
    ).order_by("last_name", "first_name", "pk")
    filters = PeopleFilter(request.GET, queryset=people, centres=centres)
    return render(request, "directory/person_list.html", {
        "people": page_of(request, filters.qs), "filters": filters,
        "may_add": centres_staffed_by(request.user).exists(),
        "may_import": centres_staffed_by(request.user).exists(),
    })


def _job_form_centres(user):
    """Where the viewer may give jobs: any open organisation for the institute, else the centres they direct."""
    return organisations_staffed_by(user).order_by("kind", "prefecture_id", "name")


@login_required
def person_add(request):
    centres = _job_form_centres(request.user)
    if not centres.exists():
        raise PermissionDenied
    initial = {"centre": id_param(request.GET.get("centre"))}
    form = AddPersonForm(request.POST or None, centres=centres, institute=access_for(request.user).is_institute, initial=initial)

    def save(data):
        membership = services.person_add(by=request.user, **data)
        return membership.user

    if done := run_form(request, form, save, success=_("Saved. A new person gets an email inviting them to set their password.")):
        return done
    return render(request, "directory/person_add.html", {"form": form})


@login_required
def person_detail(request, pk):
    person = get_object_or_404(User, pk=pk)
    if not may_read_person(request.user, person):
        raise PermissionDenied
    jobs = Membership.objects.filter(user=person).select_related("organisation").order_by("-started_on", "pk")
    staffed = set(organisations_staffed_by(request.user).values_list("pk", flat=True))
    readable = set(organisations_readable_by(request.user).filter(pk__in=[job.organisation_id for job in jobs]).values_list("pk", flat=True))
    today = clock.today()
    for job in jobs:
        job.may_change = job.organisation_id in staffed and (job.ended_on is None or job.ended_on >= today)
        # Only a centre job moves to another centre (the transfer page is for centres).
        job.may_transfer = job.may_change and job.organisation.kind == Organisation.Kind.CENTRE
        job.may_open_organisation = job.organisation_id in readable
    return render(request, "directory/person_detail.html", {
        "person": person, "jobs": jobs,
        "may_manage": may_manage_person(request.user, person) and request.user.pk != person.pk,
        "may_add_job": bool(staffed),
        "may_import": centres_staffed_by(request.user).exists(),
        "leave_form": LeaveForm(),
        "today": today,
    })


@login_required
def person_edit(request, pk):
    person = get_object_or_404(User, pk=pk)
    if not may_manage_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if done := run_form(request, form, lambda data: services.person_edit(form=form, by=request.user), success=_("Saved.")):
        return done
    return render(request, "directory/person_form.html", {"form": form, "person": person})


@login_required
def job_add(request, pk):
    person = get_object_or_404(User, pk=pk)
    centres = _job_form_centres(request.user)
    if not centres.exists() or not may_read_person(request.user, person):
        raise PermissionDenied
    form = JobForm(request.POST or None, centres=centres, institute=access_for(request.user).is_institute)

    def save(data):
        services.job_add(by=request.user, person=person, **data)
        return person

    if done := run_form(request, form, save, success=_("Job added.")):
        return done
    return render(request, "directory/job_form.html", {"form": form, "person": person})


@login_required
def job_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    services.require_staffing(request.user, membership.organisation, membership.job)
    if membership.ended_on is not None and membership.ended_on < clock.today():
        messages.error(request, services.JOB_OVER % {"date": short_date(membership.ended_on)})
        return redirect(membership.user)
    return confirm_then_run(
        request, form=EndJobForm(request.POST or None), then=membership.user,
        perform=lambda data: services.job_end(by=request.user, membership=membership, ended_on=data["ended_on"]),
        success=_("Job ended. The person's records stay with them."),
        question=_("End this job?"), subject=f"{membership.user} — {membership.get_job_display()}（{membership.organisation}）", back=membership.user,
        button=_("End the job"),
        consequences=[
            _("After the last day the person no longer counts as staff there, and the centre stops seeing their training records."),
            _("Their records, handbook and certificates stay with them; a job elsewhere goes on."),
            _("If it was their only job, their account stays open: record them as having left to close it."),
        ],
    )


@login_required
def job_transfer(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    if not centres_staffed_by(request.user).filter(pk=membership.organisation_id).exists():
        raise PermissionDenied
    centres = centres_staffed_by(request.user).exclude(pk=membership.organisation_id).order_by("prefecture_id", "name")
    form = TransferForm(request.POST or None, centres=centres, initial={"job": membership.job})

    def save(data):
        services.transfer(by=request.user, membership=membership, **data)
        return membership.user

    if done := run_form(request, form, save, success=_("Transferred. The person's records, handbook and certificates go with them.")):
        return done
    return render(request, "directory/transfer_form.html", {"form": form, "membership": membership})


@login_required
def person_leave(request, pk):
    person = get_object_or_404(User, pk=pk)
    services.require_person(request.user, person)
    if person.pk == request.user.pk or not person.is_active:
        messages.error(request, services.NOT_YOURSELF if person.pk == request.user.pk else services.ALREADY_INACTIVE)
        return redirect(person)

    def said(person):
        if person.is_active:
            return _("Recorded: their jobs end on %(day)s and they can sign in until then. Nothing is deleted.") % {"day": short_date(person.leaves_after)}
        return _("Recorded as having left: their jobs ended and they can no longer sign in. Nothing was deleted.")

    return confirm_then_run(
        request, form=LeaveForm(request.POST or None), then=person, success=said,
        perform=lambda data: services.person_leaves(by=request.user, person=person, last_day=data["last_day"]),
        question=_("Record %(person)s as having left?") % {"person": person}, subject=person, back=person, button=_("Record as having left"),
        consequences=[
            _("Every job ends on the last day, and from the next day they can no longer sign in."),
            _("Nothing is deleted: their records, handbook and certificates are kept, and the centre keeps their name and dates."),
            _("If they come back, reactivate the account and give them a job: their history goes on."),
        ],
    )


@login_required
@require_POST
def person_reactivate(request, pk):
    person = get_object_or_404(User, pk=pk)
    return run_action(request, lambda: services.person_reactivate(by=request.user, person=person), success=_("Account reactivated."), then=person)


@login_required
@require_POST
def person_invite(request, pk):
    person = get_object_or_404(User, pk=pk)
    return run_action(
        request, lambda: services.invitation_send(person=person, by=request.user),
        success=_("An invitation to set a password is on its way to %(email)s.") % {"email": person.email}, then=person,
    )


# --- Staff import and export ---

@login_required
def import_new(request):
    if not centres_staffed_by(request.user).exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staff_import, errors = services.import_check(by=request.user, filename=upload.name, data=upload.read())
        if staff_import:
            return redirect(staff_import)
    return render(request, "directory/import_new.html", {"form": form, "errors": errors, "columns": importing.COLUMNS})


def _own_import(request, pk):
    staff_import = get_object_or_404(StaffImport, pk=pk)
    if staff_import.uploaded_by_id != request.user.pk and not access_for(request.user).is_institute:
        raise PermissionDenied
    return staff_import


@login_required
def import_detail(request, pk):
    staff_import = _own_import(request, pk)
    progress = cache.get(services.import_progress_key(staff_import.pk), 0) if staff_import.status == StaffImport.Status.QUEUED else None
    return render(request, "directory/import_detail.html", {
        "staff_import": staff_import, "preview": staff_import.rows[:20], "progress": progress,
        "columns": importing.JAPANESE_HEADERS,
    })


@login_required
@require_POST
def import_confirm(request, pk):
    staff_import = _own_import(request, pk)
    return run_action(
        request, lambda: services.import_confirm(staff_import=staff_import, by=request.user),
        success=_("The import has started; this page shows its progress."), then=staff_import,
    )


@login_required
def import_template(request):
    if not centres_staffed_by(request.user).exists():
        raise PermissionDenied
    example = ["yamada.taro@example.jp", "山田", "太郎", "ヤマダ", "タロウ", _("(centre name)"), _("Supporter (individual support)"), "2027-04-01", ""]
    return csv_response("staff-template.csv", importing.JAPANESE_HEADERS, [example])


@login_required
def staff_export(request):
    _require_directory(request.user)
    centres = centres_readable_by(request.user)
    if (centre_id := id_param(request.GET.get("centre"))) is not None:
        centres = centres.filter(pk=centre_id)
    return csv_response(f"staff-{clock.today():%Y%m%d}.csv", importing.JAPANESE_HEADERS, services.import_rows_for_export(centres))

