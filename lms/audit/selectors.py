from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def history_of(obj):
    """`obj`'s history, oldest first, with the people who acted (one query)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=obj.pk).select_related("actor", "content_type")


def entry_with_actor(entry_id):
    """One history entry with who took the step (what a notification about it says)."""
    return AuditEntry.objects.select_related("actor").get(pk=entry_id)


def latest_entry(obj, action):
    """The most recent entry of `action` in `obj`'s history, or None (e.g. why a plan was returned)."""
    return history_of(obj).filter(action=action).order_by("-at", "-pk").first()
