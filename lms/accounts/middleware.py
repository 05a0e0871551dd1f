from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lms.organisations.access import access_for, may_enter_admin

from .mfa import has_totp, session_passed_mfa

# What an institute user who has not yet set up TOTP may still reach: setting it up, and leaving.
_ADMIN_PREFIXES = ("/admin/", "/django-admin/")
_SETUP_PREFIXES = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/static/", "/i18n/", "/verify/")


class RequireInstituteTwoFactorMiddleware:
    """Two-factor authentication, checked for this session (not merely set up on the account).

    Institute staff handle every centre's records: every page needs a session that passed TOTP,
    and a session signed in with a password alone (an old session, or any other login form) is
    signed out and sent to the one sign-in page. Anyone else who can reach an admin (lecturers and
    editors in Wagtail, staff accounts in Django's admin) passes TOTP before entering it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.path.startswith(_ADMIN_PREFIXES) and not may_enter_admin(user, request.path):
            # Both admins would send a signed-in person without access to the sign-in page, which
            # sends them straight back: a redirect loop. Say no instead.
            raise PermissionDenied
        if not user.is_authenticated or session_passed_mfa(request):
            return self.get_response(request)
        if access_for(user).works_at_institute:
            if not has_totp(user):
                if not request.path.startswith(_SETUP_PREFIXES):
                    return redirect(reverse("mfa_activate_totp") + "?required=1")
            elif not request.path.startswith(("/static/", "/i18n/")):
                logout(request)
                messages.warning(request, _("Please sign in again with your authenticator code."))
                return redirect(reverse("account_login") + "?" + urlencode({"next": request.get_full_path()}))
        elif request.path.startswith(_ADMIN_PREFIXES):
            if not has_totp(user):
                return redirect(reverse("mfa_activate_totp") + "?required=1")
            return redirect(reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


class PrivatePagesAreNotStoredMiddleware:
    """Nothing shown to a signed-in person (handbooks, PDFs, CSVs of records) is kept by a browser
    or a proxy cache: a shared computer at a centre must not show the last person's records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
