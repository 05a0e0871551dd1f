from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def deactivate_leavers():
    """Hourly: accounts of people whose last day has passed are deactivated (idempotent)."""
    return services.deactivate_leavers()
