"""The database table the cache falls back to while Redis is down (lms/cache.py)."""

from django.db import migrations

TABLE = "lms_cache"


def create_table(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_leaves_after")]
    operations = [migrations.RunPython(create_table, drop_table)]
