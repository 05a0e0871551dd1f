"""Fieldwork pages: offers, applications, placements with their three blocks, hosts and eligibility."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lms import clock
from lms.actions import confirm_then_run, refusal_messages, refusal_text, run_form, step_refused
from lms.http import id_param
from lms.organisations.access import access_for
from lms.organisations.models import Organisation
from lms.pagination import PAGE_SIZE, page_of

from . import rules, selectors, services
from .forms import (
    CommentForm,
    CostsForm,
    GoalForm,
    HostAccountForm,
    InvitationForm,
    LogForm,
    NominationForm,
    OfferForm,
    ReasonForm,
    ReportForm,
    ScheduleForm,
    SelfReviewForm,
)
from .models import Block, EligibilityPolicy, HostInvitation, Offer, Placement
from .policies import EligibilityPolicyForm
from .workflow import OFFER, PLACEMENT, Action


def _access(request):
    access = access_for(request.user)
    if not rules.can_use_fieldwork(access):
        raise PermissionDenied
    return access


def _add_errors(form, error):
    for message in refusal_messages(error):
        form.add_error(None, message)


# --- Offers --------------------------------------------------------------------------------------

@login_required
def offer_list(request):
    access = _access(request)
    today = clock.today()
    offers = selectors.offers_visible_to(access)
    status = request.GET.get("status", "")
    if status in Offer.Status.values:
        offers = offers.filter(status=status)
    return render(request, "fieldwork/offer_list.html", {
        "offers": page_of(request, offers), "today": today, "status": status, "statuses": Offer.Status.choices,
        "policy": selectors.policy_on(today), "hosts": Organisation.objects.filter(pk__in=access.host_ids),
    })


def _offer_for(request, pk):
    access = _access(request)
    offer = get_object_or_404(Offer.objects.with_places_taken().select_related("host__prefecture", "supervisor"), pk=pk)
    if not rules.can_view_offer(access, offer):
        raise PermissionDenied
    return access, offer


def _offer_page(request, offer, access, nomination_form=None, return_form=None):
    today = clock.today()
    is_host = offer.host_id in access.host_ids
    placements = offer.placements.select_related("person", "centre", "nominated_by").order_by("status", "nominated_at")
    if not (is_host or access.is_institute):
        placements = placements.filter(centre_id__in=access.managed_centre_ids) if access.is_manager else placements.filter(person=request.user)
    candidates = selectors.nomination_candidates(request.user, offer, today) if offer.status == Offer.Status.PUBLISHED else []
    return render(request, "fieldwork/offer_detail.html", {
        "offer": offer, "is_host": is_host, "placements": placements, "candidates": candidates, "actions": OFFER.available(offer, request.user),
        "nomination_form": nomination_form or NominationForm(candidates=candidates),
        "return_form": return_form or CommentForm(), "policy": selectors.policy_on(today),
        "open_for_nominations": offer.status == Offer.Status.PUBLISHED and today <= offer.applications_close_on,
    })


@login_required
def offer_detail(request, pk):
    access, offer = _offer_for(request, pk)
    return _offer_page(request, offer, access)


def _offer_form(request, host, offer=None):
    form = OfferForm(request.POST or None, instance=offer, host=host, initial=None if offer else {"supervisor": request.user.pk})
    def save(data):
        if offer is None:
            return services.offer_create(host=host, by=request.user, **data)
        return services.offer_update(offer=offer, by=request.user, **data)

    if done := run_form(request, form, save, success=_("Offer saved. Send it to the institute when it is ready to publish.")):
        return done
    return render(request, "fieldwork/offer_form.html", {"form": form, "offer": offer, "host": host})


@login_required
def offer_create(request):
    access = _access(request)
    hosts = Organisation.objects.filter(pk__in=access.host_ids).order_by("name")
    host = hosts.filter(pk=request.GET.get("host")).first() if id_param(request.GET.get("host")) is not None else hosts.first()
    if host is None:
        raise PermissionDenied
    return _offer_form(request, host)


@login_required
def offer_edit(request, pk):
    _access, offer = _offer_for(request, pk)
    return step_refused(request, OFFER, offer, Offer.AuditAction.EDITED) or _offer_form(request, offer.host, offer)


OFFER_ACTIONS = {
    "propose": (services.offer_propose, gettext_lazy("Sent to the institute, which publishes it to every centre.")),
    "publish": (services.offer_publish, gettext_lazy("Published: every centre can see the offer, and their directors are told by email.")),
    "close": (services.offer_close, gettext_lazy("Closed to new nominations.")),
    "return": (services.offer_return, gettext_lazy("Returned to the host with your comment.")),
}


@login_required
def offer_action(request, pk, action):
    access, offer = _offer_for(request, pk)
    if action == "close":
        if refused := step_refused(request, OFFER, offer, Offer.Status.CLOSED):
            return refused
        return confirm_then_run(
            request, perform=lambda _data: services.offer_close(offer=offer, by=request.user), success=OFFER_ACTIONS["close"][1], then=offer,
            question=_("Close this offer to nominations?"), subject=offer, back=offer, button=_("Close the offer"),
            consequences=[
                _("Centres can no longer nominate anyone for it; it is no longer listed as open."),
                _("Nominations already made and placements accepted go on as before."),
            ],
        )
    if request.method != "POST":
        return redirect(offer)
    form = CommentForm(request.POST) if action == "return" else None
    if form is not None and not form.is_valid():
        return _offer_page(request, offer, access, return_form=form)
    call, success = OFFER_ACTIONS[action]
    try:
        call(offer=offer, by=request.user, **(form.cleaned_data if form else {}))
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, success)
    return redirect(offer)


@login_required
@require_POST
def nominate(request, pk):
    access, offer = _offer_for(request, pk)
    if not access.is_director:
        raise PermissionDenied
    candidates = selectors.nomination_candidates(request.user, offer, clock.today())
    form = NominationForm(request.POST, candidates=candidates)
    if form.is_valid():
        person = get_object_or_404(get_user_model(), pk=form.cleaned_data["person"])
        try:
            services.nominate(
                offer=offer, person=person, by=request.user, reason=form.cleaned_data["reason"],
                preferred_period=form.cleaned_data["preferred_period"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(person)s nominated. The host will accept or decline.") % {"person": person})
            return redirect(offer)
    return _offer_page(request, offer, access, nomination_form=form)


# --- Applications and placements ----------------------------------------------------------------

@login_required
def application_list(request):
    access = _access(request)
    applications = selectors.placements_visible_to(access).order_by("-nominated_at")
    return render(request, "fieldwork/application_list.html", {
        "applications": page_of(request, applications), "waiting": selectors.waiting_for_host(access).order_by("nominated_at"),
    })


@login_required
def placement_list(request):
    access = _access(request)
    placements = selectors.placements_visible_to(access).filter(
        status__in=[Placement.Status.ACCEPTED, Placement.Status.COMPLETED, Placement.Status.CANCELLED],
    ).order_by("status", "-completed_on", "-nominated_at")
    show_costs = access.is_institute or access.is_manager
    costs_scope = placements if access.is_institute else placements.filter(centre_id__in=access.managed_centre_ids)
    return render(request, "fieldwork/placement_list.html", {
        "placements": page_of(request, placements), "show_costs": show_costs,
        "totals": selectors.cost_totals(costs_scope) if show_costs else None,
    })


def _placement_for(request, pk):
    access = _access(request)
    placement = get_object_or_404(Placement.objects.select_related("offer"), pk=pk)
    if not rules.can_view_placement(access, placement):
        raise PermissionDenied
    return access, placement


def _placement_page(request, pk, bound=None):
    """The placement with, for each person looking, the forms they may use now; `bound` re-shows a form with errors."""
    access, placement = _placement_for(request, pk)
    placement = selectors.placement_with_details(placement.pk)
    bound = bound or {}
    today = clock.today()
    blocks = list(placement.blocks.all())
    is_trainee = placement.person_id == request.user.pk
    is_host = placement.offer.host_id in access.host_ids
    actions = PLACEMENT.available(placement, request.user)
    block_rows = []
    for block in blocks:
        row = {"block": block, "working_days": rules.working_days(block.starts_on, block.ends_on), "logs": list(block.logs.all())}
        if Action.GOAL_SET in actions:
            if not rules.goal_refusal(block, today):
                row["goal_form"] = GoalForm(instance=block, prefix=f"goal{block.pk}")
            if block.goal and block.starts_on <= today and not block.is_reviewed:
                row["log_form"] = LogForm(prefix=f"log{block.pk}", initial={"date": min(today, block.ends_on)})
            if not rules.self_review_refusal(block, today):
                row["review_form"] = SelfReviewForm(instance=block, prefix=f"review{block.pk}")
        if Action.REVIEW_CONFIRMED in actions and not rules.review_confirm_refusal(block):
            row["confirm_form"] = CommentForm(prefix=f"confirm{block.pk}")
        # A form sent back with errors is shown even where it is no longer offered, so the reason is seen.
        for kind in ("goal", "log", "review", "confirm"):
            if (kind, block.pk) in bound:
                row[f"{kind}_form"] = bound[(kind, block.pk)]
        block_rows.append(row)
    can_report = Action.REPORTED in actions and not rules.report_refusal(blocks)
    return render(request, "fieldwork/placement_detail.html", {
        "placement": placement, "blocks": block_rows, "steps": rules.next_steps(placement, blocks, today),
        "is_trainee": is_trainee, "is_host": is_host, "actions": actions,
        "show_costs": rules.can_see_costs(access, placement) and placement.status in PLACEMENT.by_name[Action.COSTS].sources,
        "hidden_history": () if rules.can_see_costs(access, placement) else (Action.COSTS,),
        "report_form": bound.get("report") or (ReportForm(initial={"report": placement.report}) if can_report else None),
        "costs_form": bound.get("costs") or (CostsForm(initial={
            "travel_cost": placement.travel_cost, "lodging_cost": placement.lodging_cost,
            "subsidy_applies": placement.subsidy_applies, "subsidy_amount": placement.subsidy_amount, "costs_note": placement.costs_note,
        }) if Action.COSTS in actions else None),
        "cancel_form": bound.get("cancel") or ReasonForm(),
        "decline_form": bound.get("decline") or ReasonForm(),
        "can_complete": Action.COMPLETED in actions and bool(placement.report),
        "total_working_days": sum(row["working_days"] for row in block_rows),
    })


@login_required
def placement_detail(request, pk):
    return _placement_page(request, pk)


def _run(request, placement, call, success, *, form=None, bound_key=None):
    """Run a service for a placement the user may see; on refusal, show the reason at the top of the
    placement page (whatever state the placement is now in) with the user's input kept in the form."""
    if form is not None and not form.is_valid():
        return _placement_page(request, placement.pk, bound={bound_key: form})
    try:
        call(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        if form is None:
            return redirect(placement)
        return _placement_page(request, placement.pk, bound={bound_key: form})
    messages.success(request, success)
    return redirect(placement)


#: action: (form, service call, message on success).
PLACEMENT_ACTIONS = {
    "accept": (None, lambda by, p, d: services.nomination_accept(placement=p, by=by), gettext_lazy("Accepted. Schedule the three blocks next.")),
    "decline": (
        ReasonForm, lambda by, p, d: services.nomination_decline(placement=p, by=by, reason=d["reason"]),
        gettext_lazy("Declined; the centre sees your reason."),
    ),
    "withdraw": (None, lambda by, p, d: services.nomination_withdraw(placement=p, by=by), gettext_lazy("Nomination withdrawn.")),
    "cancel": (
        ReasonForm, lambda by, p, d: services.placement_cancel(placement=p, by=by, reason=d["reason"]),
        gettext_lazy("Placement cancelled; its place is free again."),
    ),
    "report": (
        ReportForm, lambda by, p, d: services.report_submit(placement=p, by=by, report=d["report"]),
        gettext_lazy("Final report submitted. The host confirms completion."),
    ),
    "complete": (
        None, lambda by, p, d: services.placement_complete(placement=p, by=by),
        gettext_lazy("Completed: the placement is in the trainee's handbook and counts as fieldwork days."),
    ),
    "costs": (CostsForm, lambda by, p, d: services.costs_record(placement=p, by=by, **d), gettext_lazy("Costs recorded.")),
}


# Steps that end a nomination or a placement ask first: (workflow step, question, what follows, button).
ENDING_STEPS = {
    "withdraw": (
        Action.WITHDRAWN, gettext_lazy("Withdraw this nomination?"),
        [gettext_lazy("The host is no longer asked to accept it; the nomination stays in the placement's history."),
         gettext_lazy("The person can be nominated again while the offer is open.")],
        gettext_lazy("Withdraw the nomination"),
    ),
    "cancel": (
        Action.CANCELLED, gettext_lazy("Cancel this placement?"),
        [gettext_lazy("The placement ends now: blocks not yet held will not be held, and its place at the host is free again."),
         gettext_lazy("Days already logged stay in the trainee's handbook; travel costs can still be recorded."),
         gettext_lazy("The trainee, the sending centre and the host see the reason.")],
        gettext_lazy("Cancel the placement"),
    ),
}


@login_required
def placement_action(request, pk, action):
    form_class, call, success = PLACEMENT_ACTIONS[action]
    placement = _placement_for(request, pk)[1]
    if action in ENDING_STEPS:
        step, question, consequences, button = ENDING_STEPS[action]
        if refused := step_refused(request, PLACEMENT, placement, step):
            return refused
        return confirm_then_run(
            request, form=form_class(request.POST or None) if form_class else None, success=success, then=placement,
            perform=lambda data: call(request.user, placement, data),
            question=question, subject=f"{placement.person} — {placement.offer}", consequences=consequences, button=button, back=placement,
        )
    if request.method != "POST":
        return redirect(placement)
    form = form_class(request.POST) if form_class else None
    return _run(request, placement, lambda data: call(request.user, placement, data), success, form=form, bound_key=action)


@login_required
def placement_schedule(request, pk):
    _access, placement = _placement_for(request, pk)
    if refused := step_refused(request, PLACEMENT, placement, Action.SCHEDULED):
        return refused
    form = ScheduleForm(request.POST or None, blocks=placement.blocks.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.blocks_schedule(placement=placement, by=request.user, dates=form.block_dates())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Blocks scheduled. The trainee sets a goal for each before it starts."))
            return redirect(placement)
    return render(request, "fieldwork/schedule_form.html", {
        "form": form, "placement": placement, "offer": placement.offer,
        "target": rules.WORKING_DAYS_TARGET, "min_days": rules.MIN_BLOCK_WORKING_DAYS, "max_days": rules.MAX_BLOCK_WORKING_DAYS,
    })


# --- The blocks ------------------------------------------------------------------------------------

BLOCK_FORMS = {
    "goal": (
        GoalForm, lambda request, block, d: services.block_set_goal(block=block, by=request.user, goal=d["goal"]),
        gettext_lazy("Goal saved."),
    ),
    "log": (LogForm, lambda request, block, d: services.log_write(block=block, by=request.user, **d), gettext_lazy("Log saved.")),
    "review": (
        SelfReviewForm,
        lambda request, block, d: services.block_self_review(block=block, by=request.user, attainment=d["attainment"], review=d["self_review"]),
        gettext_lazy("Review saved. The host's supervisor confirms it with their comment."),
    ),
    "confirm": (
        CommentForm, lambda request, block, d: services.block_confirm_review(block=block, by=request.user, comment=d["comment"]),
        gettext_lazy("Review confirmed."),
    ),
}


@login_required
@require_POST
def block_action(request, pk, kind):
    block = get_object_or_404(Block, pk=pk)
    placement = _placement_for(request, block.placement_id)[1]
    form_class, call, success = BLOCK_FORMS[kind]
    kwargs = {"instance": block} if form_class in (GoalForm, SelfReviewForm) else {}
    form = form_class(request.POST, prefix=f"{kind}{block.pk}", **kwargs)
    return _run(request, placement, lambda data: call(request, block, data), success, form=form, bound_key=(kind, block.pk))


# --- Hosts, invitations and eligibility (the institute) ------------------------------------------

@login_required
def host_list(request):
    access = _access(request)
    if not access.is_institute:
        raise PermissionDenied
    searching = request.method == "POST" and request.POST.get("action") == "search"
    if searching:
        # "Search" only narrows the organisations offered: the form comes back as typed, without errors.
        form = InvitationForm(initial=request.POST.dict(), search=request.POST.get("organisation_search", ""))
    else:
        form = InvitationForm(request.POST or None)
    if request.method == "POST" and not searching and form.is_valid():
        details = {key: value for key, value in form.cleaned_data.items() if key != "organisation_search"}
        try:
            invitation = services.invitation_send(by=request.user, **details)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("fieldwork_hosts")
    return render(request, "fieldwork/host_list.html", {
        "hosts": selectors.hosts(), "invitations": HostInvitation.objects.select_related("organisation", "answered_by")[:PAGE_SIZE],
        "form": form,
    })


def invitation(request, token):
    """The link in the invitation email; a contact without an account creates one here."""
    invitation = get_object_or_404(HostInvitation.objects.select_related("organisation"), token=token)
    today = clock.today()
    user = request.user if request.user.is_authenticated else None
    refusal = rules.invitation_refusal(invitation, today, email=user.email if user else None)
    has_account = user is not None or get_user_model().objects.filter(email__iexact=invitation.email).exists()
    account_form = HostAccountForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST" and not refusal:
        action = request.POST.get("action")
        try:
            if action == "decline":
                services.invitation_decline(invitation=invitation, by=user)
                messages.success(request, _("Thank you for letting us know."))
                return redirect("fieldwork_invitation", token)
            if action == "accept" and user is not None:
                services.invitation_accept(invitation=invitation, by=user)
                messages.success(request, _("Thank you. Your organisation is now a host: publish your first offer."))
                return redirect("fieldwork_offer_new")
            if action == "create" and not has_account and account_form.is_valid():
                new_user = services.host_account_create(
                    invitation=invitation, last_name=account_form.cleaned_data["last_name"],
                    first_name=account_form.cleaned_data["first_name"], password=account_form.cleaned_data["password1"],
                )
                login(request, new_user, backend=settings.AUTHENTICATION_BACKENDS[0])
                messages.success(request, _("Your account is ready and your organisation is now a host: publish your first offer."))
                return redirect("fieldwork_offer_new")
        except ValidationError as error:
            if action == "create":
                _add_errors(account_form, error)
            else:
                messages.error(request, refusal_text(error))
    return render(request, "fieldwork/invitation.html", {
        "invitation": invitation, "refusal": refusal, "has_account": has_account, "account_form": account_form,
    })


@login_required
def eligibility(request):
    access = _access(request)
    if not access.is_institute:
        raise PermissionDenied
    form = EligibilityPolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Eligibility rule saved."))
            return redirect("fieldwork_eligibility")
    today = clock.today()
    return render(request, "fieldwork/eligibility.html", {
        "form": form, "policies": EligibilityPolicy.objects.select_related("created_by"), "current": selectors.policy_on(today),
    })
