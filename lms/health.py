"""Health for the load balancer and the operations team (django-health-check).

- /health/live/  the process answers (no other part asked): restart the node when it fails.
- /health/ready/ this node can serve: it reaches PostgreSQL. A Redis, SMTP server or object store
  that is down does not take nodes out, since every page still works without them (they degrade
  and say so); the load balancer sends people to nodes that answer this.
- /health/       every part, for monitoring: the database, the cache, Redis, the broker's workers,
  the object store and the SMTP server, each OK or what failed. Read on each node directly by
  the monitoring hosts (HEALTH_CHECK_NETWORKS): a request that came through a proxy (it carries
  X-Forwarded-For) or from elsewhere gets 404, as for an address that is not there.

A node also is not ready without the institute's signing keys (production never makes its own).
"""

import dataclasses
import ipaddress
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class SigningKeys(HealthCheck):
    """The institute's key files are there (a node without them would answer /verify/ with 500)."""

    def run(self):
        if settings.GENERATE_MISSING_KEYS:
            return
        proof = settings.INSTITUTE_PROOF_KEY_FILE or str(Path(settings.INSTITUTE_SIGNING_KEY_FILE).with_suffix(".ed25519.pem"))
        for path in (settings.INSTITUTE_SIGNING_KEY_FILE, proof):
            if not Path(path).is_file():
                raise ServiceUnavailable("an institute signing key file is missing")


def live(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


ready = HealthCheckView.as_view(checks=["health_check.checks.Database", SigningKeys])


def every_part():
    checks = [
        "health_check.checks.Database", SigningKeys, "health_check.checks.Cache", "health_check.checks.Storage",
        ("health_check.checks.Mail", {"backend": settings.EMAIL_DELIVERY_BACKEND}),
    ]
    if settings.CACHE_URL:
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client}))
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("health_check.contrib.celery.Ping", {"limit": 1}))
    return checks


def _redis_client():
    from redis.asyncio import Redis

    return Redis.from_url(settings.CACHE_URL, socket_connect_timeout=1, socket_timeout=1)


def _from_monitoring(request):
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.HEALTH_CHECK_NETWORKS)


async def status(request):
    if not _from_monitoring(request):
        raise Http404
    return await HealthCheckView.as_view(checks=every_part())(request)
