"""Pydantic schemas of the registry, in families: ``XCreate``, ``XUpdate``, ``XRead``.

Create and Update schemas validate formats (USCC check digit, region code, approval number);
the service checks what needs the database (uniqueness, existence, permissions).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from qualicert.registry.validators import (
    ApprovalNumber,
    IafSector,
    IndustryCode,
    InputModel,
    RegionCode,
    Text,
    Uscc,
)

Name = Annotated[Text, Field(min_length=1, max_length=200)]
OptionalName = Annotated[Text, Field(max_length=300)]


class Strict(InputModel):
    """Input: unknown fields and control characters are refused."""


class Read(BaseModel):
    """Base of output schemas, read from ORM rows."""

    model_config = ConfigDict(from_attributes=True)


class SchemeKind(StrEnum):
    MANAGEMENT_SYSTEM = "management-system"
    PRODUCT = "product"
    SERVICE = "service"
    SELF_DECLARATION = "self-declaration"


class Iso17067Type(StrEnum):
    """Certification scheme types of ISO/IEC 17067:2013, clause 5.3."""

    T1A = "1a"
    T1B = "1b"
    T2 = "2"
    T3 = "3"
    T4 = "4"
    T5 = "5"
    T6 = "6"


class BodyStatus(StrEnum):
    APPROVED = "approved"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class LabStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BANNED = "banned"


class OrganizationStatus(StrEnum):
    ACTIVE = "active"
    ABNORMAL = "abnormal"
    DEREGISTERED = "deregistered"


class Grade(StrEnum):
    AUDITOR = "auditor"
    LEAD_AUDITOR = "lead-auditor"
    DECISION_MAKER = "decision-maker"
    TECHNICAL_EXPERT = "technical-expert"


class StatusChange(Strict):
    """A change of status with its reason and the date it takes effect."""

    status: str = Field(min_length=1, max_length=16)
    reason: str = Field(min_length=1, max_length=2000)
    effective_date: dt.date | None = None


# Schemes ---------------------------------------------------------------------------------


class SchemeCreate(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]{0,31}$")]
    name: Name
    name_en: OptionalName = ""
    kind: SchemeKind
    iso17067_type: Iso17067Type | None = None
    standard: Annotated[Text, Field(min_length=1, max_length=64)]
    validity_years: int = Field(default=3, ge=1, le=10)
    surveillance_interval_months: int = Field(default=12, ge=1, le=36)


class SchemeUpdate(Strict):
    name: Name | None = None
    name_en: OptionalName | None = None
    standard: Annotated[Text, Field(min_length=1, max_length=64)] | None = None
    validity_years: int | None = Field(default=None, ge=1, le=10)
    surveillance_interval_months: int | None = Field(default=None, ge=1, le=36)


class SchemeRead(Read):
    id: int
    code: str
    name: str
    name_en: str
    kind: str
    iso17067_type: str | None
    standard: str
    validity_years: int
    surveillance_interval_months: int


# Certification bodies --------------------------------------------------------------------


class BodyCreate(Strict):
    approval_number: ApprovalNumber
    name: Name
    name_en: OptionalName = ""
    accreditation_number: Annotated[Text, Field(max_length=32)] | None = None
    region_code: RegionCode
    address: OptionalName = ""
    website: OptionalName = ""
    approved_on: dt.date
    scheme_ids: list[int] = Field(default_factory=list, max_length=500)


class BodyUpdate(Strict):
    name: Name | None = None
    name_en: OptionalName | None = None
    accreditation_number: Annotated[Text, Field(max_length=32)] | None = None
    address: OptionalName | None = None
    website: OptionalName | None = None
    scheme_ids: list[int] | None = Field(default=None, max_length=500)


class BodyRead(Read):
    id: int
    approval_number: str
    name: str
    name_en: str
    accreditation_number: str | None
    region_code: str
    address: str
    website: str
    status: str
    status_since: dt.date
    status_reason: str
    approved_on: dt.date
    scheme_ids: list[int]


# Labs ------------------------------------------------------------------------------------


class LabCreate(Strict):
    name: Name
    name_en: OptionalName = ""
    cma_number: Annotated[Text, Field(pattern=r"^\d{12}$")] | None = None
    cnas_number: Annotated[Text, Field(pattern=r"^CNAS L\d{4,5}$")] | None = None
    region_code: RegionCode
    address: OptionalName = ""
    scope: list[Annotated[Text, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=1000
    )


class LabUpdate(Strict):
    name: Name | None = None
    name_en: OptionalName | None = None
    address: OptionalName | None = None
    scope: list[Annotated[Text, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, max_length=1000
    )


class LabRead(Read):
    id: int
    name: str
    name_en: str
    cma_number: str | None
    cnas_number: str | None
    region_code: str
    address: str
    scope: list[str]
    status: str
    status_since: dt.date
    status_reason: str


# People ----------------------------------------------------------------------------------


class QualificationCreate(Strict):
    scheme_id: int
    grade: Grade
    sectors: list[IafSector] = Field(default_factory=list, max_length=39)
    valid_from: dt.date
    valid_to: dt.date


class QualificationRead(Read):
    id: int
    scheme_id: int
    grade: str
    sectors: list[int]
    valid_from: dt.date
    valid_to: dt.date


class PersonCreate(Strict):
    registration_number: Annotated[Text, Field(pattern=r"^[0-9A-Z][0-9A-Z-]{5,31}$")]
    name: Annotated[Text, Field(min_length=1, max_length=100)]
    name_en: Annotated[Text, Field(max_length=100)] = ""
    body_id: int | None = None
    qualifications: list[QualificationCreate] = Field(default_factory=list, max_length=50)


class PersonUpdate(Strict):
    name: Annotated[Text, Field(min_length=1, max_length=100)] | None = None
    name_en: Annotated[Text, Field(max_length=100)] | None = None
    body_id: int | None = None
    qualifications: list[QualificationCreate] | None = Field(default=None, max_length=50)


class PersonRead(Read):
    id: int
    registration_number: str
    name: str
    name_en: str
    body_id: int | None
    status: str
    status_since: dt.date
    status_reason: str
    qualifications: list[QualificationRead]


# Organisations ---------------------------------------------------------------------------


class OrganizationCreate(Strict):
    uscc: Uscc
    name: Name
    name_en: OptionalName = ""
    region_code: RegionCode
    address: OptionalName = ""
    employees: int | None = Field(default=None, ge=1, le=10_000_000)
    industry_code: IndustryCode | None = None


class OrganizationUpdate(Strict):
    name: Name | None = None
    name_en: OptionalName | None = None
    region_code: RegionCode | None = None
    address: OptionalName | None = None
    employees: int | None = Field(default=None, ge=1, le=10_000_000)
    industry_code: IndustryCode | None = None


class OrganizationRead(Read):
    id: int
    uscc: str
    name: str
    name_en: str
    region_code: str
    address: str
    employees: int | None
    industry_code: str | None
    status: str
    status_since: dt.date


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items and where they sit in the whole."""

    items: list[T]
    total: int
    page: int
    page_size: int
