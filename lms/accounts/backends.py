"""Sign-in refuses a leaver from the day after their last day, before the nightly task has
deactivated the account (and every request of a session already open, as Django asks the
backend about the user on each one)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from lms import clock


class _LeaversMayNotSignIn:
    def user_can_authenticate(self, user):
        leaves_after = getattr(user, "leaves_after", None)
        if leaves_after is not None and leaves_after < clock.today():
            return False
        return super().user_can_authenticate(user)


class ModelBackend(_LeaversMayNotSignIn, DjangoModelBackend):
    pass


class AuthenticationBackend(_LeaversMayNotSignIn, AllauthBackend):
    pass
