import django.db.models.deletion
import lms.clock
import lms.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_status', models.CharField(blank=True, max_length=30, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=30, verbose_name='to')),
                ('note', lms.fields.LimitedTextField(blank=True, max_length=2000, verbose_name='note')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='detail')),
                ('at', models.DateTimeField(db_index=True, default=lms.clock.now, verbose_name='at')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'history entry',
                'verbose_name_plural': 'history',
                'ordering': ['at', 'pk'],
                'indexes': [models.Index(fields=['content_type', 'object_id', 'at'], name='audit_audit_content_0a19f4_idx')],
            },
        ),
    ]
