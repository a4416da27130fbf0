"""Who sees and changes campaigns: organizers (``campaigns.manage``) and whoever reads them
(``campaigns.view``). Signatures carry people's contacts: reading them one by one, and exporting
them, needs ``campaigns.export``; the count is on the campaign's page for every reader."""

from __future__ import annotations

from amparo.core.permissions import CapabilityPolicy, register

from . import models

CAMPAIGNS = CapabilityPolicy(view="campaigns.view", create="campaigns.manage", change="campaigns.manage",
                             delete="campaigns.manage", export="campaigns.export")
SIGNATURES = CapabilityPolicy(view="campaigns.export", create="campaigns.manage", change="campaigns.manage",
                              delete="campaigns.manage", export="campaigns.export")

for _model in (models.Campaign, models.Action, models.TurnoutEstimate, models.Material, models.Petition,
               models.Organization, models.OrgContact, models.Partnership, models.Target, models.Meeting):
    register(_model, CAMPAIGNS)
register(models.Signature, SIGNATURES)
