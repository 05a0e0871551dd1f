"""Running a state change from a view: the one place a refusal turns into a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You are not allowed to do this.")


def refusal_text(error):
    """The sentence(s) a refused action gives the person, whatever the error carries."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or str(NOT_ALLOWED)


def run_action(request, action, *, success, then):
    """Call `action()`; say `success` (or `success(result)`), or why it was refused; redirect to `then`.

    A refusal (PermissionDenied or ValidationError from a service) is shown on the page the person
    came from, never as an error page: the state may have changed under them since it was drawn.
    """
    try:
        result = action()
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        if callable(success):
            success = success(result)
        if success:
            messages.success(request, success)
    return then if hasattr(then, "status_code") else redirect(then)
