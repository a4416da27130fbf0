"""Who may see and change form templates, filled forms and packets.

Form templates are reference data: staff who work on cases see them (to choose one to fill);
administrators upload and map them. Filled forms and packets are records of a case: as visible
as the case (``legal.policies.CaseAttachedPolicy``) — and the PDFs they produce are Documents of
the case, covered by the documents policy, so a restricted case's forms and packets are restricted.
"""

from __future__ import annotations

from amparo.core.permissions import CapabilityPolicy, register
from amparo.legal.policies import CaseAttachedPolicy

from .models import FieldMapping, FilingPacket, FilledForm, FormTemplate, FormTemplateVersion

for _model in (FormTemplate, FormTemplateVersion, FieldMapping):
    register(_model, CapabilityPolicy(view="cases.view", create="admin.site", change="admin.site"))
register(FilledForm, CaseAttachedPolicy())
register(FilingPacket, CaseAttachedPolicy())
