"""Whether this session passed two-factor authentication, read from allauth's own records.

allauth logs each authentication step of a session (password, then the TOTP code); the
presence of a device on the account says nothing about the session in hand.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request):
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


@receiver(authenticator_added)
def _setting_up_totp_proves_it(sender, request, user, authenticator, **kwargs):
    # Activation asks for a current code from the new device, so the session has passed TOTP.
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
