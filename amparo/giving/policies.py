"""Who may see and change giving records: by capability, whole models.

Development and finance staff see donors and gifts and nothing of the people's files: a donor who
is also a client is linked to the same ``people.Person``, but no giving page, list, search hit,
export or API answer reads that person's record (only the donor's own name and contacts), and
the development role has no ``people.view`` to open it anywhere else.
"""

from __future__ import annotations

from amparo.core.permissions import CapabilityPolicy, register

from . import models

GIVING = CapabilityPolicy(view="giving.view", create="giving.manage", change="giving.manage",
                          export="giving.export")
RECEIPTS = CapabilityPolicy(view="giving.view", create="giving.receipts", change="giving.receipts",
                            export="giving.export")
AID = CapabilityPolicy(view="aid.view", create="aid.manage", change="aid.manage", export="aid.view")

for _model in (models.Donor, models.Fund, models.Campaign, models.Batch, models.BatchEntry, models.Donation,
               models.Allocation, models.SoftCredit, models.Pledge, models.Installment, models.RecurringGift,
               models.GrantApplication, models.GrantPayment, models.Deliverable):
    register(_model, GIVING)
for _model in (models.Receipt, models.StatementLine, models.ReceiptCounter):
    register(_model, RECEIPTS)
for _model in (models.AidDrive, models.CollectionPoint, models.Shipment, models.Box, models.BoxItem,
               models.StockMove):
    register(_model, AID)
