"""生活困窮者支援プログラム論 is compulsory for the supporters who draft support plans.

Seed 004 part 2, subject ③ (「サポートプランを策定する相談支援員の必修科目」) and 図表 1-12: the
individual-support supporters. Community-work supporters were also required until now; the
fixture says so from this version on, and existing databases lose that one requirement here.
"""

from django.db import migrations


def drop_community_requirement(apps, schema_editor):
    SubjectRequirement = apps.get_model("curriculum", "SubjectRequirement")
    SubjectRequirement.objects.filter(subject__code="support-programme", job="supporter_community").delete()


def restore_community_requirement(apps, schema_editor):
    Subject = apps.get_model("curriculum", "Subject")
    SubjectRequirement = apps.get_model("curriculum", "SubjectRequirement")
    for subject in Subject.objects.filter(code="support-programme"):
        SubjectRequirement.objects.get_or_create(subject=subject, job="supporter_community")


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0008_alter_renewalpolicy_period_years_and_more")]

    operations = [migrations.RunPython(drop_community_requirement, restore_community_requirement)]
