
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0003_traininghistoryproof'),
        ('training', '0001_initial'),
    ]

    # The tables stay; only the models these fields point at moved (training 0001).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificate',
                    name='record',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='certificate', to='training.trainingrecord', verbose_name='training record'),
                ),
                migrations.AlterField(
                    model_name='issuancebatch',
                    name='session',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='issuance_batches', to='training.trainingsession'),
                ),
            ],
        ),
    ]
