"""Certificates: one's own or the institute's list, the PDF, revocation, bulk issuance and public verification."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from lms import clock
from lms.actions import confirm_then_run, refusal_text
from lms.csv_export import streaming_csv_response
from lms.formats import short_date
from lms.organisations.access import access_for, may_revoke_credentials
from lms.pagination import page_of
from lms.training.models import TrainingRecord, TrainingSession

from . import badges, rules, selectors, services, verification
from .filters import CertificateFilter
from .forms import RevokeForm, VerifierForm
from .models import Certificate, ExperienceProof, IssuanceBatch, TrainingHistoryProof
from .pdf import render_certificate_pdf, render_experience_pdf, render_history_pdf


@login_required
def certificate_list(request):
    today = clock.today()
    access = access_for(request.user)
    certificates = selectors.certificate_list_for(request.user)
    filters = CertificateFilter(request.GET, queryset=certificates)
    rows = filters.qs if filters.is_valid() else certificates.none()
    if request.GET.get("format") == "csv":
        labels = rules.STATUS_LABELS
        return streaming_csv_response(
            f"certificates-{today:%Y%m%d}.csv",
            [_("Serial number"), _("Holder"), _("Email"), _("Subject"), _("Completed on"), _("Issued on"), _("Status"), _("Renewal deadline")],
            ([row.serial, row.holder.get_full_name(), row.holder.email, row.subject.name, row.record.completed_on, row.issued_on,
              labels[row.status_on(today)], row.renewal_deadline or ""] for row in rows.iterator(chunk_size=2000)),
            preamble=[[_("Certificates"), _("as of %(date)s") % {"date": short_date(today)}]],
        )
    page = page_of(request, rows)
    labels = {key: str(label) for key, label in rules.STATUS_LABELS.items()}
    for row in page.object_list:
        # Plain strings for the template: a national list page is rendered many times a day.
        row.status = row.status_on(today)
        row.status_label = labels[row.status]
        row.badge = "ok" if row.status in (rules.VALID, rules.PERMANENT) else "warn" if row.status == rules.RENEWAL_DUE else "bad"
    return render(request, "certificates/certificate_list.html", {
        "page": page, "filters": filters, "access": access, "csv_query": page.query,
        "choices": _filter_choices(filters, access), "chosen": request.GET,
    })


def _filter_choices(filters, access):
    """The filter menus as (value, label) strings: Django's select widgets render each option through a
    template, which on this page cost more than the list itself."""
    form = filters.form
    choices = {
        "subject": [(subject.code, subject.name) for subject in form.fields["subject"].queryset],
        "status": [(str(value), str(label)) for value, label in form.fields["status"].choices if value],
    }
    if access.is_institute:
        choices["prefecture"] = [(str(value), str(label)) for value, label in form.fields["prefecture"].choices if value]
    return choices


def _visible(request, pk):
    return get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)


@login_required
def certificate_detail(request, pk):
    [certificate] = selectors.with_status([_visible(request, pk)], clock.today())
    return render(request, "certificates/certificate_detail.html", {
        "certificate": certificate, "access": access_for(request.user),
    })


@login_required
def certificate_pdf(request, pk):
    certificate = _visible(request, pk)
    response = HttpResponse(render_certificate_pdf(certificate, selectors.issuer_name()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.serial}.pdf"'
    return response


@login_required
def certificate_revoke(request, pk):
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "subject"), pk=pk)
    return _revoke_step(
        request, certificate, revoke=lambda reason: services.revoke_certificate(certificate=certificate, by=request.user, reason=reason), subject=f"{certificate.serial} {certificate.subject} — {certificate.holder}",
        question=_("Revoke this certificate?"), done=_("Certificate revoked."), back=certificate,
    )


@login_required
def proof_revoke(request, series, pk):
    """/certificates/proofs/<series>/<id>/revoke/: the institute revokes a proof of training history or of experience."""
    model = selectors.STATUS_SERIES.get(series)
    if model is None or model is Certificate:
        raise Http404
    proof = get_object_or_404(model.objects.select_related("person"), pk=pk)
    back = reverse("certificate_verify", args=[proof.code])
    return _revoke_step(
        request, proof, revoke=lambda reason: services.revoke_proof(proof=proof, by=request.user, reason=reason), subject=f"{proof._meta.verbose_name} — {proof.name}（{short_date(proof.issued_on)}）",
        question=_("Revoke this proof?"), done=_("Proof revoked."), back=back,
    )


def _revoke_step(request, document, *, revoke, subject, question, done, back):
    """Ask first (with the reason), then revoke: the verification page, the JSON and the revocation
    list say so at once, also for copies already handed out."""
    if not may_revoke_credentials(request.user):
        raise PermissionDenied
    if document.revoked_on:
        messages.error(request, services.ALREADY_REVOKED % {"date": short_date(document.revoked_on)})
        return redirect(back)
    return confirm_then_run(
        request, form=RevokeForm(request.POST or None), perform=lambda data: revoke(data["reason"]), success=done, then=back,
        question=question, subject=subject, button=_("Yes, revoke it"), back=back,
        consequences=[
            _("Its verification page, its JSON and the institute's revocation list say it is revoked from today, also for copies already printed or sent."),
            _("Nothing is deleted: it stays in the register and in the history, with the reason."),
            _("A revocation cannot be undone: if it was a mistake, issue a new one."),
        ],
    )


@login_required
@require_POST
def issue_for_record(request, record_id):
    record = get_object_or_404(TrainingRecord, pk=record_id)
    try:
        certificate = services.issue_certificate(record=record, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(record)
    messages.success(request, _("Certificate issued."))
    return redirect(certificate)


@login_required
@require_POST
def issue_for_session(request, session_id):
    session = get_object_or_404(TrainingSession, pk=session_id)
    try:
        batch = services.issue_for_session(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(session)
    return redirect("certificate_batch", batch.pk)


@login_required
def batch_progress(request, pk):
    if not access_for(request.user).is_institute:
        raise PermissionDenied
    batch = get_object_or_404(IssuanceBatch, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse({"done": batch.done, "total": batch.total, "finished": batch.finished, "errors": batch.errors})
    return render(request, "certificates/batch.html", {"batch": batch, "stalled": batch.is_stalled(clock.now())})


@login_required
def history_proof(request, person_id):
    """The institute issues a proof of training history for a person, as a PDF."""
    person = get_object_or_404(get_user_model(), pk=person_id)
    if request.method != "POST":
        raise Http404
    proof = services.issue_history_proof(person=person, by=request.user)
    response = HttpResponse(render_history_pdf(proof, selectors.issuer_name()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="training-history-{person.pk}.pdf"'
    return response


@login_required
@require_POST
def experience_proof(request, person_id):
    """The institute issues a proof of practical experience for a person, as a PDF."""
    person = get_object_or_404(get_user_model(), pk=person_id)
    try:
        proof = services.issue_experience_proof(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(reverse("handbook_person", args=[person.pk]))
    response = HttpResponse(render_experience_pdf(proof, selectors.issuer_name()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="experience-{person.pk}.pdf"'
    return response


# What /verify/<code>/ answers in, by the Accept header's preference (q-values honoured); a browser's
# */* gets the page. `?format=json` or `?format=jwt` chooses without a header.
PAGE = "text/html"
JWT = "application/vc+jwt"
JSON_TYPES = ("application/vc+ld+json", "application/ld+json", "application/json")
ANSWERS = (PAGE, *JSON_TYPES, JWT)


def preferred_answer(request):
    asked = request.GET.get("format")
    if asked in ("json", "jwt"):
        return JWT if asked == "jwt" else JSON_TYPES[0]
    return request.get_preferred_type(ANSWERS) or PAGE


@ratelimit(key="ip", rate="30/m", block=True)
def verify(request, code):
    """Public: is this certificate or proof genuine, and in force? Shows only what it shows itself.

    One address, three answers: the page, the JSON with its Data Integrity proof, or the VC-JWT."""
    found = selectors.verifiable(code, clock.today())
    if found is None:
        return render(request, "certificates/verify_not_found.html", status=404)
    answer = preferred_answer(request)
    if answer == PAGE:
        response = _verify_page(request, found)
    else:
        issuer = selectors.issuer_name()
        if isinstance(found, Certificate):
            document = badges.credential(found, issuer_name=issuer)
        else:
            document = badges.proof_credential(found, issuer_name=issuer)
        if answer == JWT:
            response = HttpResponse(badges.signed_jwt(document), content_type=JWT)
        else:
            response = _json(badges.with_proof(document), answer)
        # The state can change at any moment (a revocation): caches must ask again every time.
        patch_cache_control(response, no_cache=True)
    # A shared cache must keep the page, the JSON and the JWT apart.
    patch_vary_headers(response, ["Accept"])
    return response


def _verify_page(request, found):
    context = {"issuer": selectors.issuer_name()}
    if isinstance(found, TrainingHistoryProof):
        entries = [{**entry, "completed_on": datetime.date.fromisoformat(entry["completed_on"])} for entry in found.entries]
        return render(request, "certificates/verify_history.html", {**context, "proof": found, "entries": entries})
    if isinstance(found, ExperienceProof):
        periods = [
            {**period, "from": datetime.date.fromisoformat(period["from"]), "to": datetime.date.fromisoformat(period["to"])}
            for period in found.periods
        ]
        return render(request, "certificates/verify_experience.html", {**context, "proof": found, "periods": periods})
    return render(request, "certificates/verify.html", {**context, "certificate": found})


def _json(document, content_type):
    return JsonResponse(document, content_type=content_type, json_dumps_params={"ensure_ascii": False})


@ratelimit(key="ip", rate="30/m", block=True)
def verifier(request):
    """Public: paste a credential (JSON or JWT) or a verification address, or give the QR image,
    and be told whether it is genuine, who issued it and its state today."""
    form = VerifierForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        presented = form.cleaned_data["presented"]
        if form.cleaned_data["image"] is not None:
            presented = verification.read_qr(form.cleaned_data["image"])
            if presented is None:
                form.add_error("image", verification.NO_QR)
        if presented is not None:
            verdict = verification.check(presented)
    return render(request, "certificates/verifier.html", {
        "form": form, "verdict": verdict, "issuer": selectors.issuer_name(),
    })


def verify_keys(request):
    return _json(badges.public_jwks(), "application/jwk-set+json")


def verify_key(request, thumbprint):
    """The public key a VC-JWT's `kid` names, as a JWK."""
    if thumbprint != badges.institute_key().thumbprint():
        raise Http404
    return _json(badges.public_jwk(), "application/jwk+json")


def verify_issuer(request):
    """The institute's profile, listing the key of its Data Integrity proofs."""
    return _json(badges.issuer_profile(selectors.issuer_name()), "application/ld+json")


def status_list(request, number, series=""):
    """Revocation list `number` of a series (a BitstringStatusListCredential), as of this request:
    revoking a certificate or a proof sets its bit at once."""
    if series not in selectors.STATUS_SERIES or not 1 <= number <= selectors.status_lists_in_use(series):
        raise Http404
    revoked = selectors.revoked_indexes(number, series)
    document = badges.status_list_credential(number, revoked, issuer_name=selectors.issuer_name(), series=series)
    response = _json(document, "application/vc+ld+json")
    patch_cache_control(response, no_cache=True)
    return response


