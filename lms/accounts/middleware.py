from django.shortcuts import redirect
from django.urls import reverse

from lms.organisations.access import access_for

# Paths an institute user without two-factor authentication may still reach.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/verify/")


class RequireInstituteTwoFactorMiddleware:
    """Institute staff handle every centre's records, so they must sign in with TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and access_for(user).is_institute
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
