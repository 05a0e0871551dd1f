"""Sessions, enrolment, attendance (from curriculum) and training records (from skillpath) move here.

The tables already exist: this migration only tells Django's state where the models now live, and
moves their content types so permissions and admin history follow them. 0002 renames the tables.
"""

import django.db.models.deletion
import lms.fields
from django.conf import settings
from django.db import migrations, models


MOVED = {"curriculum": ["trainingsession", "sessionday", "enrolment", "attendance"], "skillpath": ["trainingrecord"]}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, names in MOVED.items():
        ContentType.objects.filter(app_label=old_label, model__in=names).update(app_label="training")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, names in MOVED.items():
        ContentType.objects.filter(app_label="training", model__in=names).update(app_label=old_label)



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('curriculum', '0005_text_limits'),
        ('skillpath', '0004_text_limits'),
        ('organisations', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Enrolment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('awaiting_approval', "Awaiting the director's approval"), ('confirmed', 'Place confirmed'), ('waitlisted', 'On the waiting list'), ('completed', 'Completed'), ('not_completed', 'Not completed'), ('cancelled', 'Cancelled'), ('declined', 'Declined by the director')], max_length=20, verbose_name='status')),
                    ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                    ('queued_at', models.DateTimeField(blank=True, null=True, verbose_name='joined the waiting list at')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                    ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ],
                options={
                    'verbose_name': 'enrolment',
                    'verbose_name_plural': 'enrolments',
                    'db_table': 'curriculum_enrolment',
                    'ordering': ['session', 'requested_at', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='TrainingSession',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(help_text='e.g. 2026年度 第1回（福岡会場）', max_length=200, verbose_name='title')),
                    ('is_refresher', models.BooleanField(default=False, verbose_name='refresher course (更新講座)')),
                    ('venue', models.CharField(blank=True, max_length=200, verbose_name='venue')),
                    ('is_online', models.BooleanField(default=False, verbose_name='online')),
                    ('capacity', models.PositiveSmallIntegerField(help_text='Usually 80–100; at most 200.', verbose_name='places')),
                    ('applications_open_on', models.DateField(verbose_name='applications open on')),
                    ('applications_close_on', models.DateField(verbose_name='applications close on')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('completed', 'Completed'), ('cancelled', 'Cancelled')], default='draft', max_length=20, verbose_name='status')),
                    ('notes', lms.fields.LimitedTextField(blank=True, max_length=4000, verbose_name='notes for applicants')),
                    ('lecturers', models.ManyToManyField(blank=True, related_name='sessions_taught', to=settings.AUTH_USER_MODEL, verbose_name='lecturers')),
                    ('organiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_sessions', to='organisations.organisation', verbose_name='organiser')),
                    ('subject', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='curriculum.subject', verbose_name='subject')),
                ],
                options={
                    'verbose_name': 'training session',
                    'verbose_name_plural': 'training sessions',
                    'db_table': 'curriculum_trainingsession',
                    'ordering': ['-applications_close_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='TrainingRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('kind', models.CharField(choices=[('central', 'Central training (national institute)'), ('prefectural', 'Prefectural or municipal training'), ('related_body', "Related body's training"), ('other', 'Other external training')], max_length=20, verbose_name='kind')),
                    ('provider', models.CharField(blank=True, max_length=200, verbose_name='organiser')),
                    ('started_on', models.DateField(verbose_name='started on')),
                    ('completed_on', models.DateField(verbose_name='completed on')),
                    ('hours', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='hours')),
                    ('fiscal_year', models.PositiveSmallIntegerField(db_index=True, editable=False, verbose_name='fiscal year')),
                    ('is_refresher', models.BooleanField(default=False, verbose_name='refresher course')),
                    ('status', models.CharField(choices=[('pending', 'Awaiting verification'), ('verified', 'Verified'), ('rejected', 'Rejected')], default='pending', max_length=20, verbose_name='status')),
                    ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='verified at')),
                    ('rejection_reason', lms.fields.LimitedTextField(blank=True, max_length=1000, verbose_name='reason for rejection')),
                    ('evidence', models.FileField(blank=True, upload_to='evidence/%Y/', verbose_name='evidence')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('enrolment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='record', to='training.enrolment')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_records', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ('subject', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='training_records', to='curriculum.subject', verbose_name='subject')),
                    ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
                    ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='records', to='training.trainingsession', verbose_name='session')),
                ],
                options={
                    'verbose_name': 'training record',
                    'verbose_name_plural': 'training records',
                    'db_table': 'skillpath_trainingrecord',
                    'ordering': ['-completed_on', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='SessionDay',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('starts_at', models.TimeField(verbose_name='starts at')),
                    ('ends_at', models.TimeField(verbose_name='ends at')),
                    ('hours', models.DecimalField(decimal_places=1, help_text='Hours of training that day, breaks excluded.', max_digits=3, verbose_name='training hours')),
                    ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='days', to='training.trainingsession')),
                ],
                options={
                    'verbose_name': 'session day',
                    'verbose_name_plural': 'session days',
                    'db_table': 'curriculum_sessionday',
                    'ordering': ['session', 'date'],
                },
            ),
            migrations.AddField(
                model_name='enrolment',
                name='session',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='training.trainingsession'),
            ),
            migrations.CreateModel(
                name='Attendance',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('present', models.BooleanField(default=False, verbose_name='present')),
                    ('marked_at', models.DateTimeField(auto_now=True)),
                    ('marked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.enrolment')),
                    ('day', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.sessionday')),
                ],
                options={
                    'verbose_name': 'attendance',
                    'verbose_name_plural': 'attendance',
                    'db_table': 'curriculum_attendance',
                    'constraints': [models.UniqueConstraint(fields=('enrolment', 'day'), name='attendance_unique')],
                },
            ),
            migrations.AddConstraint(
                model_name='trainingsession',
                constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1), ('capacity__lte', 200)), name='session_capacity_1_to_200'),
            ),
            migrations.AddConstraint(
                model_name='trainingsession',
                constraint=models.CheckConstraint(condition=models.Q(('applications_close_on__gte', models.F('applications_open_on'))), name='session_window_ordered'),
            ),
            migrations.AddIndex(
                model_name='trainingrecord',
                index=models.Index(fields=['person', 'fiscal_year'], name='skillpath_t_person__44195a_idx'),
            ),
            migrations.AddConstraint(
                model_name='trainingrecord',
                constraint=models.CheckConstraint(condition=models.Q(('hours__gt', 0), ('hours__lte', 500)), name='record_hours_sensible'),
            ),
            migrations.AddConstraint(
                model_name='trainingrecord',
                constraint=models.CheckConstraint(condition=models.Q(('completed_on__gte', models.F('started_on'))), name='record_ends_after_start'),
            ),
            migrations.AddConstraint(
                model_name='sessionday',
                constraint=models.UniqueConstraint(fields=('session', 'date'), name='session_day_unique'),
            ),
            migrations.AddConstraint(
                model_name='sessionday',
                constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='session_day_ends_after_start'),
            ),
            migrations.AddConstraint(
                model_name='sessionday',
                constraint=models.CheckConstraint(condition=models.Q(('hours__gt', 0), ('hours__lte', 10)), name='session_day_hours_sensible'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.UniqueConstraint(fields=('session', 'person'), name='enrolment_one_per_person'),
            ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
