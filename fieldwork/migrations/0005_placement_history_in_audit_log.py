from django.db import migrations


def copy_placement_events(apps, schema_editor):
    """Each PlacementEvent becomes an AuditEntry; the block number moves into its detail."""
    PlacementEvent = apps.get_model("fieldwork", "PlacementEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="fieldwork", model="placement")
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type, object_id=event.placement_id, action=event.action, actor_id=event.actor_id,
            note=event.note, detail={"block": event.block_number} if event.block_number else {}, at=event.at,
        )
        for event in PlacementEvent.objects.order_by("pk").iterator()
    )



def forget_old_content_type(apps, schema_editor):
    """The dropped table's content type (and its permissions) would otherwise linger."""
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="fieldwork", model="placementevent").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("fieldwork", "0004_text_limits"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Irreversible: going back would drop the history written since.
        migrations.RunPython(copy_placement_events),
        migrations.DeleteModel(name="PlacementEvent"),
        migrations.RunPython(forget_old_content_type),
    ]
