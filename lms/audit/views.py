"""The institute's policy pages: every versioned rule in one place, with each version's history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms import clock
from lms.actions import run_form

from . import policies


def _kind(request, slug):
    kind = policies.kind(slug)
    if kind is None:
        raise Http404
    if not kind.may_edit(request.user):
        raise PermissionDenied
    return kind


@login_required
def policy_index(request):
    kinds = [kind for kind in policies.kinds() if kind.may_edit(request.user)]
    if not kinds:
        raise PermissionDenied
    today = clock.today()
    sections = []
    for kind in kinds:
        versions = list(kind.versions())
        for version in versions:
            version.started = policies.is_started(version, today)
            version.cells = list(policies.displayed(version, kind.columns).values())
        sections.append({"kind": kind, "versions": versions,
                         "headers": [kind.model._meta.get_field(name).verbose_name for name in kind.columns]})
    return render(request, "audit/policy_index.html", {"sections": sections})


def _form_page(request, kind, policy=None):
    # A new version starts from the one in force last, so changing one figure keeps the others.
    latest = kind.versions().first() if policy is None else None
    initial = model_to_dict(latest, exclude=["id", "effective_from"]) if latest else None
    form = kind.form_class(request.POST or None, instance=policy, initial=initial)
    def save(data):
        policies.save_version(kind=kind, policy=form.instance, by=request.user)
        return reverse("policy_index") + f"#{kind.slug}"

    if done := run_form(request, form, save, success=_("Policy saved.")):
        return done
    return render(request, "audit/policy_form.html", {"kind": kind, "form": form, "policy": policy})


@login_required
def policy_create(request, slug):
    return _form_page(request, _kind(request, slug))


@login_required
def policy_detail(request, slug, pk):
    kind = _kind(request, slug)
    policy = get_object_or_404(kind.model, pk=pk)
    if not policies.is_started(policy):
        return _form_page(request, kind, policy)
    values = [(kind.model._meta.get_field(name).verbose_name, value) for name, value in policies.displayed(policy, kind.form_class.Meta.fields).items()]
    return render(request, "audit/policy_form.html", {"kind": kind, "policy": policy, "form": None, "values": values})

