from django.db import migrations


def copy_plan_events(apps, schema_editor):
    """Each PlanEvent becomes an AuditEntry named after the step it led to ("created" for the first)."""
    PlanEvent = apps.get_model("skillpath", "PlanEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="skillpath", model="trainingplan")
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type, object_id=event.plan_id, action=event.to_status if event.from_status else "created",
            from_status=event.from_status, to_status=event.to_status, actor_id=event.actor_id, note=event.comment,
            at=event.created_at,
        )
        for event in PlanEvent.objects.order_by("pk").iterator()
    )



def forget_old_content_type(apps, schema_editor):
    """The dropped table's content type (and its permissions) would otherwise linger."""
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="skillpath", model="planevent").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("skillpath", "0005_trainingrecord_moved_to_training"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Irreversible: going back would drop the history written since.
        migrations.RunPython(copy_plan_events),
        migrations.DeleteModel(name="PlanEvent"),
        migrations.RunPython(forget_old_content_type),
    ]
