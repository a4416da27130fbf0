# Households: each member's role (head, spouse or partner, child, other) replaces is_head.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def heads_to_roles(apps, schema_editor):
    apps.get_model("people", "HouseholdMember").objects.filter(is_head=True).update(role="head")


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='household',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='householdmember',
            name='role',
            field=models.CharField(choices=[('head', 'Head of household'), ('spouse', 'Spouse or partner'), ('child', 'Child'), ('other', 'Other member')], default='other', max_length=10, verbose_name='role'),
        ),
        migrations.RunPython(heads_to_roles, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='householdmember',
            name='is_head',
        ),
        migrations.AddIndex(
            model_name='householdmember',
            index=models.Index(fields=['household', 'until'], name='people_hhmember_idx'),
        ),
        migrations.AddConstraint(
            model_name='householdmember',
            constraint=models.CheckConstraint(condition=models.Q(('until__isnull', True), ('since__isnull', True), ('until__gte', models.F('since')), _connector='OR'), name='people_hhmember_dates'),
        ),
    ]
