"""The donor page's index carries entry and amount (PostgreSQL), added before the old one goes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('giving', '0003_grant_version_payment_installment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='donation',
            index=models.Index(fields=['donor', 'received_on'], include=('entry', 'amount'), name='giving_donation_donor_day'),
        ),
        migrations.RemoveIndex(
            model_name='donation',
            name='giving_dona_donor_i_07581a_idx',
        ),
    ]
