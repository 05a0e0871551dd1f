"""The address a request really comes from, one rule for sign-in limits and every other limit."""

from allauth.account.adapter import get_adapter


def client_ip(request):
    return get_adapter(request).get_client_ip(request)
