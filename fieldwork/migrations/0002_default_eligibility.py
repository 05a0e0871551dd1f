import datetime

from django.db import migrations


def add_default_policy(apps, schema_editor):
    Policy = apps.get_model("fieldwork", "EligibilityPolicy")
    Policy.objects.get_or_create(
        effective_from=datetime.date(2015, 4, 1),
        defaults={"open_to": "supervisor", "note": "第二部2⑤: 指導者レベルの職員から実施し、将来は応用・共通レベルにも広げる"},
    )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]
    operations = [migrations.RunPython(add_default_policy, migrations.RunPython.noop)]
