"""The outbox's Celery tasks live beside the code they run (services); importing them here lets
Celery's autodiscovery find them."""

from .services import republish_task, run_message  # noqa: F401
