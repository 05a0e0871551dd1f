from django.db import migrations


class Migration(migrations.Migration):
    """Sessions, days, enrolment and attendance now live in the training app (training 0001)."""

    dependencies = [
        ("curriculum", "0005_text_limits"),
        ("training", "0001_initial"),
        ("certificates", "0004_records_and_sessions_moved_to_training"),
        ("skillpath", "0005_trainingrecord_moved_to_training"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Attendance"),
                migrations.DeleteModel(name="Enrolment"),
                migrations.DeleteModel(name="SessionDay"),
                migrations.DeleteModel(name="TrainingSession"),
            ],
        ),
    ]
