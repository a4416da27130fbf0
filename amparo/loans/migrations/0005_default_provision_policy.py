"""The center's starting provisioning policy (editable in the admin by adding a later policy),
and the installments' running sums for the installments already written.

These percentages are a policy choice of the center, not a rule of any regulator: a common
practice of community loan funds, to be reviewed by the center's board and accountant.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

DEFAULT = {"current": Decimal("1"), "days_1_30": Decimal("10"), "days_31_60": Decimal("25"),
           "days_61_90": Decimal("50"), "days_over_90": Decimal("100")}


def forward(apps, schema_editor):
    policy = apps.get_model("loans", "ProvisionPolicy")
    if not policy.objects.exists():
        policy.objects.create(effective_from=dt.date(2000, 1, 1), note="The center's starting policy (editable).",
                              **DEFAULT)


CUMULATIVE = """
UPDATE loans_installment SET cum_principal = c.cp, cum_interest = c.ci, cum_fee = c.cf
  FROM (SELECT id, SUM(principal) OVER w AS cp, SUM(interest) OVER w AS ci, SUM(fee) OVER w AS cf
          FROM loans_installment WINDOW w AS (PARTITION BY schedule_id ORDER BY number)) AS c
 WHERE loans_installment.id = c.id
"""


class Migration(migrations.Migration):
    dependencies = [("loans", "0004_accruals_provisions")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop),
                  migrations.RunSQL(CUMULATIVE, migrations.RunSQL.noop)]
