from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from lms.outbox import mail


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are issued by the institute and the centres.
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's mails (password reset, security notices) leave through the outbox like every
        other: rendered here, sent by the worker, so an SMTP server that is down loses nothing
        and the person sees the usual page."""
        request = self.request
        rendered = self.render_mail(template_prefix, email, {"request": request, "email": email, "current_site": get_current_site(request), **context})
        mail.send_email(rendered)

    def get_client_ip(self, request):
        """The client's address as the trusted proxies give it; when what they give is not an
        address (a forged or broken X-Forwarded-For), the peer's own, so sign-in is counted
        against the proxy rather than refused."""
        try:
            return super().get_client_ip(request)
        except (ImproperlyConfigured, PermissionDenied):
            # Fewer X-Forwarded-For entries than trusted proxies, or an entry that is no address.
            return request.META.get("REMOTE_ADDR") or "0.0.0.0"
