"""Permission policies of core models."""

from .models import AuditEntry, TaskProgress
from .permissions import CapabilityPolicy, OwnerPolicy, register

# The audit trail is read by administrators only, and nobody may change it.
register(AuditEntry, CapabilityPolicy(view="audit.view", export="audit.export"))
# A background task's progress and result belong to whoever started it.
register(TaskProgress, OwnerPolicy("owner"))
