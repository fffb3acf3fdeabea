"""Every domain's tables, imported together so the metadata (and Alembic) sees them all."""

from qualicert.accounts.models import ApiToken, User
from qualicert.certification.models import (
    Application,
    Audit,
    AuditProgramme,
    AuditReport,
    Certificate,
    Decision,
    LabReport,
    StatusChange,
    TeamMember,
)
from qualicert.credentials.models import BodyKey
from qualicert.db import Base
from qualicert.ledger.models import Event
from qualicert.registry.models import (
    BodyScheme,
    CertificationBody,
    Lab,
    Organization,
    Person,
    Qualification,
    Scheme,
)
from qualicert.subscriptions.models import Delivery, MatchCursor, OutboxMail, Subscription

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "Application",
    "Audit",
    "AuditProgramme",
    "AuditReport",
    "BodyKey",
    "BodyScheme",
    "Certificate",
    "CertificationBody",
    "Decision",
    "Delivery",
    "Event",
    "Lab",
    "LabReport",
    "MatchCursor",
    "Organization",
    "OutboxMail",
    "Person",
    "Qualification",
    "Scheme",
    "StatusChange",
    "Subscription",
    "TeamMember",
    "User",
    "metadata",
]
