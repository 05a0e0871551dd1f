import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """TrainingRecord now lives in the training app (training 0001); its table stays until 0002 there."""

    dependencies = [
        ("skillpath", "0004_text_limits"),
        ("training", "0001_initial"),
        ("certificates", "0004_records_and_sessions_moved_to_training"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reflection",
                    name="record",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="reflection", to="training.trainingrecord"),
                ),
                migrations.DeleteModel(name="TrainingRecord"),
            ],
        ),
    ]
