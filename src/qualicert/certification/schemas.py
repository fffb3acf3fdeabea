"""Pydantic schemas of the certification domain (Create / Read families)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from qualicert.registry.schemas import Read, Strict
from qualicert.registry.validators import IafSector, RegionCode, Text


class AuditKind(StrEnum):
    STAGE1 = "stage1"
    STAGE2 = "stage2"
    SURVEILLANCE = "surveillance"
    RECERTIFICATION = "recertification"
    SPECIAL = "special"
    TYPE_TEST = "type-test"
    FACTORY_INSPECTION = "factory-inspection"
    FOLLOW_UP = "follow-up"


class TeamRole(StrEnum):
    LEAD_AUDITOR = "lead-auditor"
    AUDITOR = "auditor"
    TECHNICAL_EXPERT = "technical-expert"


class DecisionKind(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    RENEW = "renew"
    EXTEND_SCOPE = "extend-scope"
    REDUCE_SCOPE = "reduce-scope"


class Recommendation(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    CONTINUE = "continue"
    SUSPEND = "suspend"


class Site(Strict):
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    address: Annotated[Text, Field(max_length=300)] = ""
    region_code: RegionCode | None = None
    employees: int | None = Field(default=None, ge=1, le=10_000_000)


class ApplicationCreate(Strict):
    organization_id: int
    body_id: int
    scheme_id: int
    scope: Annotated[Text, Field(min_length=1, max_length=4000)]
    scope_en: Annotated[Text, Field(max_length=4000)] = ""
    sites: list[Site] = Field(default_factory=list, max_length=1000)
    employees: int = Field(ge=1, le=10_000_000)
    sectors: list[IafSector] = Field(default_factory=list, max_length=39)
    complexity: Annotated[str, Field(pattern=r"^(high|medium|low|limited)$")] = "medium"


class ApplicationDecision(Strict):
    accept: bool
    reason: Annotated[Text, Field(max_length=2000)] = ""


class ApplicationRead(Read):
    id: int
    organization_id: int
    body_id: int
    scheme_id: int
    scope: str
    scope_en: str
    sites: list[dict[str, Any]]
    employees: int
    sectors: list[int]
    complexity: str
    status: str
    reason: str


class AuditPlan(Strict):
    kind: AuditKind
    start_date: dt.date
    end_date: dt.date
    planned_days: float = Field(gt=0, le=1000)
    lab_report_id: int | None = None

    @model_validator(mode="after")
    def _dates(self) -> AuditPlan:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class TeamMemberIn(Strict):
    person_id: int
    role: TeamRole


class TeamSet(Strict):
    members: list[TeamMemberIn] = Field(min_length=1, max_length=50)


class Finding(Strict):
    grade: Annotated[str, Field(pattern=r"^(major|minor|observation)$")]
    clause: Annotated[Text, Field(max_length=32)] = ""
    description: Annotated[Text, Field(min_length=1, max_length=4000)]
    closed_on: dt.date | None = None


class ReportSign(Strict):
    findings: list[Finding] = Field(default_factory=list, max_length=500)
    recommendation: Recommendation
    summary: Annotated[Text, Field(max_length=8000)] = ""
    signed_by: int | None = None
    signed_on: dt.date | None = None


class DecisionCreate(Strict):
    audit_id: int
    kind: DecisionKind
    signed_by: int | None = None
    decided_on: dt.date | None = None
    reason: Annotated[Text, Field(max_length=4000)] = ""
    number: Annotated[Text, Field(min_length=3, max_length=64)] | None = None
    scope: Annotated[Text, Field(min_length=1, max_length=4000)] | None = None


class LabReportCreate(Strict):
    number: Annotated[Text, Field(min_length=1, max_length=64)]
    organization_id: int
    product: Annotated[Text, Field(min_length=1, max_length=300)]
    standard: Annotated[Text, Field(min_length=1, max_length=100)]
    issued_on: dt.date
    conclusion: Annotated[str, Field(pattern=r"^(pass|fail)$")]


class TransitionRequest(Strict):
    transition: str
    reason_code: Annotated[str, Field(min_length=3, max_length=8)]
    reason: Annotated[Text, Field(max_length=4000)] = ""
    effective_date: dt.date | None = None
    signed_by: int | None = None
    scope: Annotated[Text, Field(min_length=1, max_length=4000)] | None = None


class TransferReview(Strict):
    """IAF MD 2 pre-transfer review by the receiving body."""

    to_body_id: int
    reviewed_by: int
    reviewed_on: dt.date
    findings: Annotated[Text, Field(min_length=1, max_length=4000)]
    new_number: Annotated[Text, Field(min_length=3, max_length=64)] | None = None


class AuditRead(Read):
    id: int
    body_id: int
    programme_id: int
    kind: str
    start_date: dt.date
    end_date: dt.date
    planned_days: float
    justification: list[str]
    lab_report_id: int | None
    status: str


class ProgrammeRead(Read):
    id: int
    body_id: int
    application_id: int
    organization_id: int
    scheme_id: int
    certificate_id: int | None
    audit_time: dict[str, Any]
    status: str


class ReportRead(Read):
    id: int
    audit_id: int
    signed_by: int
    signed_on: dt.date
    findings: list[dict[str, Any]]
    recommendation: str
    summary: str


class DecisionRead(Read):
    id: int
    programme_id: int
    audit_id: int
    kind: str
    signed_by: int
    decided_on: dt.date
    reason: str
    certificate_id: int | None


class LabReportRead(Read):
    id: int
    lab_id: int
    number: str
    organization_id: int
    product: str
    standard: str
    issued_on: dt.date
    conclusion: str


class HistoryEntry(BaseModel):
    """One public entry of a certificate's status history."""

    transition: str
    from_status: str | None
    status: str
    effective_date: dt.date
    reason_code: str
    reason: str
    signed_by: dict[str, Any] | None
    details: dict[str, Any]
    recorded_at: dt.datetime


class CertificateRead(BaseModel):
    """A certificate as the public sees it (ISO/IEC 17021-1 8.2.2 fields)."""

    number: str
    status: str
    status_since: dt.date
    holder: dict[str, Any]
    body: dict[str, Any]
    scheme: dict[str, Any]
    standard: str
    scope: str
    scope_en: str
    sites: list[dict[str, Any]]
    sectors: list[int]
    issue_date: dt.date
    expiry_date: dt.date
    original_issue_date: dt.date
    source: str
