from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from lms.http import safe_next


def sign_in_here_instead(request):
    """Wagtail's and Django's admin login forms: everyone signs in through allauth (TOTP, lockout)."""
    target = safe_next(request, request.GET.get("next"), default="")
    query = "?" + urlencode({"next": target}) if target else ""
    return HttpResponseRedirect(reverse("account_login") + query)
