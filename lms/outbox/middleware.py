from django.contrib import messages
from django.utils.translation import gettext as _

from . import services


class OutboxMiddleware:
    """Tells the person when what their step queued (an email, a batch) is waiting for the broker.

    The step itself is saved; the outbox keeps the work and sends it once the broker is back, so
    the person is told it will follow rather than shown an error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        services.start_request()
        response = self.get_response(request)
        if services.waiting_in_this_request() and hasattr(request, "_messages"):
            messages.warning(request, _("Saved. The emails or work that follow from it are queued and will go out automatically in a few minutes."))
        return response
