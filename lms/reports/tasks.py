from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def refresh_recent():
    """Recompute the current fiscal year's figures (and last year's until June). Safe to run twice."""
    return services.refresh_recent()
