# A restricted person's file stays closed, but the front desk finds her (docs/people.md); "hidden"
# keeps a person herself out of sight of everyone else. People restricted by hand before this
# (not as a party to a restricted case) keep being hidden, so nobody sees more than before.

from django.db import migrations, models


def hide_those_restricted_by_hand(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    CaseParty = apps.get_model("legal", "CaseParty")
    by_case = CaseParty.objects.filter(case__restricted=True).exclude(role="adverse").values("person_id")
    Person.objects.filter(restricted=True).exclude(pk__in=by_case).update(hidden=True)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_households'),
        ('legal', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='hidden',
            field=models.BooleanField(default=False, verbose_name='hidden from everyone else'),
        ),
        migrations.RunPython(hide_those_restricted_by_hand, migrations.RunPython.noop),
    ]
