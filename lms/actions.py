"""Running a state change from a view: the one place a refusal turns into a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You are not allowed to do this.")


def refusal_messages(error):
    """The sentences a refused action gives the person, whatever the error carries."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error) or str(NOT_ALLOWED)]


def refusal_text(error):
    return " ".join(refusal_messages(error))


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


def step_refused(request, workflow, obj, step, *, back=None):
    """For a page that shows the form of a workflow step: the wrong person gets 403; when the
    object is not at that step, a redirect to its page (or `back`) with the reason. None when the
    form may show."""
    if refused := workflow.refusal(obj, step, request.user):
        error, reason = refused
        if error is PermissionDenied:
            raise PermissionDenied(reason)
        messages.error(request, reason)
        return redirect(back or obj)
    return None


def run_form(request, form, save, *, success):
    """On a valid POST call `save(cleaned_data)`, say `success` (or `success(result)`) and redirect
    to the result. A refusal is shown on the form, the person's input kept: None means "show the
    form again". The wrong person's PermissionDenied still becomes a 403 page."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
            form.add_error(None, error)  # each message beside its field
        else:
            for message in refusal_messages(error):
                form.add_error(None, message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(result)


# --- Asking first: every step that ends or removes something -------------------------------------

CONFIRMED = "confirmed"


def is_confirmed(request):
    """Whether this POST comes from the confirmation page (its button), not from the first click."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def confirmation_page(request, *, question, subject, consequences, button, back, form=None):
    """The page that asks before something ends or is removed: what it is, what will follow, and
    the button that does it. It works without JavaScript: the first click (or a link) lands here,
    and what was typed on the page before (a date, a reason) is carried on, or shown again in
    `form` to be changed. Call it only once the person may take the step."""
    shown = set(form.fields) if form is not None else set()
    carried = [
        (key, value) for key in request.POST
        if key not in shown and key not in ("csrfmiddlewaretoken", CONFIRMED) for value in request.POST.getlist(key)
    ]
    return render(request, "confirm.html", {
        "question": question, "subject": subject, "consequences": consequences, "button": button,
        "back": back.get_absolute_url() if hasattr(back, "get_absolute_url") else back, "form": form, "carried": carried,
    })


def confirm_then_run(request, *, perform, success, then, form=None, **page):
    """A step that ends or removes something, in one view: the confirmation page (`page`: question,
    subject, consequences, button, back; `form` for what the step needs, a date or a reason) until
    its button is pressed with valid input, then `perform(cleaned_data)`, `success` said and a
    redirect to `then`. A refusal is shown on the confirmation page with the input kept. Check
    that the person may take the step before calling it: the page must not show to anyone else."""
    if is_confirmed(request) and (form is None or form.is_valid()):
        try:
            result = perform(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, refusal_text(error))
                return redirect(then)
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                form.add_error(None, error)
            else:
                for message in refusal_messages(error):
                    form.add_error(None, message)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then)
    elif form is not None and form.is_bound and not is_confirmed(request):
        # The first click: show what was typed, not errors about what was not typed yet.
        form = type(form)(initial={name: form.data.get(name) for name in form.fields if name in form.data})
    return confirmation_page(request, form=form, **page)
