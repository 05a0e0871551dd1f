import datetime
from decimal import Decimal

from django.db import migrations


def add_default_policy(apps, schema_editor):
    Policy = apps.get_model("ojt", "MinimumHoursPolicy")
    Policy.objects.get_or_create(
        effective_from=datetime.date(2015, 4, 1),
        defaults={"ojt_hours": Decimal("50"), "offjt_hours": Decimal("50"), "note": "第二部6: OJT・Off-JTとも年間50時間以上"},
    )


class Migration(migrations.Migration):
    dependencies = [("ojt", "0001_initial")]
    operations = [migrations.RunPython(add_default_policy, migrations.RunPython.noop)]
