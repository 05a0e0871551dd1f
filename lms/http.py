"""Small HTTP helpers every app shares: where a `next` parameter may send the user."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lms.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, is_known_fiscal_year


def safe_next(request, candidate, default):
    """`candidate` if it is a path on this site (same host, same scheme when secure), else `default`."""
    if (
        candidate and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return candidate
    return default


def redirect_to_next(request, default):
    """Redirect to the POSTed or queried `next` when it is on this site, otherwise to `default`."""
    return HttpResponseRedirect(safe_next(request, request.POST.get("next") or request.GET.get("next"), default))


def id_param(value):
    """A database id from a query string or form value: digits that fit a 64-bit key, else None."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def fiscal_year_param(request, default, name="year"):
    """The fiscal year asked for in the query string, `default` when absent; 400 when it is not one."""
    value = request.GET.get(name, "")
    if value == "":
        return default
    if not (value.isascii() and value.isdigit() and is_known_fiscal_year(int(value))):
        raise BadRequest(_("The fiscal year must be a year from %(first)s to %(last)s.") % {"first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR})
    return int(value)


# Browser features no page of this site uses: a page (or anything injected into one) cannot turn
# them on. The verifier reads a QR code from an uploaded image, not from the camera.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=(), browsing-topics=()"
)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header on every answer, static files included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


#: Seconds a browser or proxy is asked to wait before trying again when the database is away.
RETRY_AFTER = 30


def unavailable(files_away=False):
    """The styled 503, drawn without the database (no context processors): the database is away,
    or (files_away) the file store."""
    response = HttpResponse(loader.get_template("503.html").render({"files_away": files_away}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
