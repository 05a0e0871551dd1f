from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are issued by the institute and the centres.
        return False

    def get_client_ip(self, request):
        """The client's address as the trusted proxies give it; when what they give is not an
        address (a forged or broken X-Forwarded-For), the peer's own, so sign-in is counted
        against the proxy rather than refused."""
        try:
            return super().get_client_ip(request)
        except (ImproperlyConfigured, PermissionDenied):
            # Fewer X-Forwarded-For entries than trusted proxies, or an entry that is no address.
            return request.META.get("REMOTE_ADDR") or "0.0.0.0"
