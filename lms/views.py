import sys

from django.core.files.storage import default_storage
from django.db.utils import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from lms.home import panels_for
from lms.http import unavailable
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


def server_error(request):
    """500, or 503 while the database or the file store is unreachable (it restarts, or fails over).

    Drawn without the database: no session, no user, no context processors, only the template
    and the stylesheet (served by whitenoise). The site recovers by itself once the database is
    back, as Django opens a new connection for the next request.
    """
    error = sys.exc_info()[1]
    if isinstance(error, StorageUnavailable):
        return unavailable(files_away=True)
    if isinstance(error, (OperationalError, InterfaceError)):
        return unavailable()
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def media_image(request, path):
    """An image of the course pages (a Wagtail rendition under images/), streamed from storage:
    the object store's objects are private (lms/storage.py). As public as the folder a web server
    would serve them from; nothing outside images/ is reachable this way."""
    if ".." in path.split("/") or not default_storage.exists(f"images/{path}"):
        raise Http404
    response = FileResponse(default_storage.open(f"images/{path}", "rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
