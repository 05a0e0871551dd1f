"""Health for the load balancer and the operations team (django-health-check).

- /health/live/  the process answers (no other part asked): restart the node when it fails.
- /health/ready/ this node can serve: it reaches PostgreSQL. A Redis, SMTP server or object store
  that is down does not take nodes out, since every page still works without them (they degrade
  and say so); the load balancer sends people to nodes that answer this.
- /health/       every part, for monitoring: the database, the cache, Redis, the broker's workers,
  the object store and the SMTP server, each OK or what failed. Only from the networks in
  HEALTH_CHECK_NETWORKS (the monitoring hosts); others get 404, as for an address that is not there.
"""

import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from health_check.views import HealthCheckView

from lms.accounts.client import client_ip


def live(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


ready = HealthCheckView.as_view(checks=["health_check.checks.Database"])


def every_part():
    checks = ["health_check.checks.Database", "health_check.checks.Cache", "health_check.checks.Storage", "health_check.checks.Mail"]
    if settings.CACHE_URL:
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client}))
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("health_check.contrib.celery.Ping", {"limit": 1}))
    return checks


def _redis_client():
    from redis.asyncio import Redis

    return Redis.from_url(settings.CACHE_URL, socket_connect_timeout=1, socket_timeout=1)


def _from_monitoring(request):
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.HEALTH_CHECK_NETWORKS)


async def status(request):
    if not _from_monitoring(request):
        raise Http404
    return await HealthCheckView.as_view(checks=every_part())(request)
