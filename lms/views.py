import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from lms.home import panels_for
from lms.organisations.access import access_for
from lms.uploads import StorageUnavailable


def home(request):
    """The landing page for visitors; for signed-in people, what to do next in their roles."""
    if not request.user.is_authenticated:
        return render(request, "lms/landing.html")
    return render(
        request,
        "lms/home.html",
        {"panels": panels_for(request), "access": access_for(request.user)},
    )


def rate_limited(request, exception=None):
    return render(
        request, "lms/error.html",
        {"title": _("Too many requests"), "message": _("Please wait a minute and try again.")},
        status=429,
    )


def bad_request(request, exception=None):
    """400 with the reason when the code gave one (a BadRequest with a translated message)."""
    from django.core.exceptions import BadRequest

    message = str(exception) if isinstance(exception, BadRequest) and str(exception) else _("The address or the form has a value the site cannot use.")
    return render(request, "lms/error.html", {"title": _("Bad request"), "message": message}, status=400)


#: Seconds a browser or proxy is asked to wait before trying again when the database is away.
RETRY_AFTER = 30


def server_error(request):
    """500, or 503 while the database or the file store is unreachable (it restarts, or fails over).

    Drawn without the database: no session, no user, no context processors, only the template
    and the stylesheet (served by whitenoise). The site recovers by itself once the database is
    back, as Django opens a new connection for the next request.
    """
    error = sys.exc_info()[1]
    files_away = isinstance(error, StorageUnavailable)
    unavailable = files_away or isinstance(error, (OperationalError, InterfaceError))
    template = "503.html" if unavailable else "500.html"
    response = HttpResponse(loader.get_template(template).render({"files_away": files_away}), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
