"""The address a request really comes from, one rule for sign-in limits and every other limit."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured


def client_ip(request):
    try:
        address = get_adapter(request).get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: the request skipped the proxy.
        address = None
    return address or request.META.get("REMOTE_ADDR", "")
