from django.db import migrations


def copy_audit_events(apps, schema_editor):
    """Each certificate AuditEvent (issued, revoked) becomes an AuditEntry."""
    AuditEvent = apps.get_model("certificates", "AuditEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="certificates", model="certificate")
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type, object_id=event.certificate_id, action=event.action, actor_id=event.actor_id,
            note=event.note, at=event.at,
        )
        for event in AuditEvent.objects.order_by("pk").iterator()
    )



def forget_old_content_type(apps, schema_editor):
    """The dropped table's content type (and its permissions) would otherwise linger."""
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="certificates", model="auditevent").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0004_records_and_sessions_moved_to_training"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Irreversible: going back would drop the history written since.
        migrations.RunPython(copy_audit_events),
        migrations.DeleteModel(name="AuditEvent"),
        migrations.RunPython(forget_old_content_type),
    ]
