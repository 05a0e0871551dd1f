"""The outbox's Celery tasks live beside the code they run (services); importing them here lets
Celery's autodiscovery find them, and registers the mail handler with the worker."""

from . import mail  # noqa: F401
from .services import republish_task, run_message  # noqa: F401
