"""A trigram index on serials, so part of a serial (「000123」) is found without reading every certificate.

PostgreSQL only (pg_trgm is a trusted extension the database's owner may create); SQLite, which
`make run` uses, searches its few rows as before.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # On the expression Django's icontains compares: UPPER("serial"::text) LIKE UPPER(%s).
    "CREATE INDEX IF NOT EXISTS certificate_serial_trgm ON certificates_certificate USING gin ((UPPER(serial::text)) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS certificate_serial_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("certificates", "0010_proofs_verifiable_and_revocable")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
