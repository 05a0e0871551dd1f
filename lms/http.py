"""Small HTTP helpers every app shares: where a `next` parameter may send the user."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate, default):
    """`candidate` if it stays on this site (same host, same scheme when secure), else `default`."""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default


def redirect_to_next(request, default):
    """Redirect to the POSTed or queried `next` when it is on this site, otherwise to `default`."""
    return redirect(safe_next(request, request.POST.get("next") or request.GET.get("next"), default))
