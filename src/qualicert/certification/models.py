"""Certification tables: applications, programmes, audits, teams, reports, decisions, certificates.

Every row carries ``body_id`` (the distribution key for scale-out): the certification body
answers for everything here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualicert.db import Base, JSONType, UTCDateTime, utcnow


class Application(Base):
    """An organisation's application to a body for certification under a scheme."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"))
    scope: Mapped[str] = mapped_column(Text)
    scope_en: Mapped[str] = mapped_column(Text, default="")
    sites: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    employees: Mapped[int] = mapped_column(Integer)
    sectors: Mapped[list[int]] = mapped_column(JSONType, default=list)
    complexity: Mapped[str] = mapped_column(String(16), default="medium")
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditProgramme(Base):
    """The audits of one three-year certification cycle, with the audit time behind them."""

    __tablename__ = "audit_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    audit_time: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")


class Audit(Base):
    """One audit or inspection: stage 1, stage 2, surveillance, recertification, special, ..."""

    __tablename__ = "audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("audit_programmes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    planned_days: Mapped[float] = mapped_column(Float)
    justification: Mapped[list[str]] = mapped_column(JSONType, default=list)
    lab_report_id: Mapped[int | None] = mapped_column(ForeignKey("lab_reports.id"))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    team: Mapped[list[TeamMember]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TeamMember.id"
    )


class TeamMember(Base):
    """A person on an audit team, with the dates they are booked (for double-booking checks)."""

    __tablename__ = "audit_team_members"
    __table_args__ = (
        UniqueConstraint("audit_id", "person_id"),
        Index("ix_audit_team_members_person_dates", "person_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(24))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)


class LabReport(Base):
    """A lab's test report backing a product certification (type testing)."""

    __tablename__ = "lab_reports"
    __table_args__ = (UniqueConstraint("lab_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("labs.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    product: Mapped[str] = mapped_column(String(300))
    standard: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    conclusion: Mapped[str] = mapped_column(String(16))


class AuditReport(Base):
    """The report of one audit, signed by its lead auditor; findings and their closure."""

    __tablename__ = "audit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), unique=True)
    signed_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    recommendation: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")


class Decision(Base):
    """A certification decision, signed by a decision maker who was not on the audit team."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("audit_programmes.id"), index=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"))
    kind: Mapped[str] = mapped_column(String(16))
    signed_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))


class Certificate(Base):
    """A certificate: its number is unique within the issuing body."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("body_id", "number"),
        Index("ix_certificates_number", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    standard: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(Text)
    scope_en: Mapped[str] = mapped_column(Text, default="")
    sites: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    sectors: Mapped[list[int]] = mapped_column(JSONType, default=list)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    expiry_date: Mapped[dt.date] = mapped_column(Date, index=True)
    original_issue_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="issued")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class StatusChange(Base):
    """One entry of a certificate's public status history."""

    __tablename__ = "certificate_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("certification_bodies.id"))
    transition: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, default="")
    effective_date: Mapped[dt.date] = mapped_column(Date)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
