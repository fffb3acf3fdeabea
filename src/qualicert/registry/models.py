"""Registry tables: schemes, certification bodies, labs, people, qualifications, organisations.

Each row keeps a distribution key for scale-out on distributed PostgreSQL: rows about a
body carry ``body_id``, rows about an enterprise carry ``organization_id``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualicert.db import Base, JSONType, UTCDateTime, utcnow


class Timestamps:
    """Creation and last-change times of a row."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Scheme(Timestamps, Base):
    """A certification scheme: what is certified against which standard, and for how long."""

    __tablename__ = "schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32))
    iso17067_type: Mapped[str | None] = mapped_column(String(8))
    standard: Mapped[str] = mapped_column(String(64))
    validity_years: Mapped[int] = mapped_column(Integer)
    surveillance_interval_months: Mapped[int] = mapped_column(Integer)


class BodyScheme(Base):
    """A scheme in a certification body's approved scope."""

    __tablename__ = "body_schemes"

    body_id: Mapped[int] = mapped_column(
        ForeignKey("certification_bodies.id", ondelete="CASCADE"), primary_key=True
    )
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), primary_key=True)


class CertificationBody(Timestamps, Base):
    """A certification body approved by the national regulator (CNCA-R-YYYY-NNN)."""

    __tablename__ = "certification_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    accreditation_number: Mapped[str | None] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="approved", index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[dt.date] = mapped_column(Date)
    scheme_links: Mapped[list[BodyScheme]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def scheme_ids(self) -> list[int]:
        """Ids of the schemes in this body's approved scope."""
        return sorted(link.scheme_id for link in self.scheme_links)


class Lab(Timestamps, Base):
    """An inspection and testing laboratory with its CMA and CNAS qualifications."""

    __tablename__ = "labs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    cma_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    cnas_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    scope: Mapped[list[str]] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")


class Person(Timestamps, Base):
    """An auditor or decision maker, registered under a personal registration number."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    name_en: Mapped[str] = mapped_column(String(100), default="")
    body_id: Mapped[int | None] = mapped_column(ForeignKey("certification_bodies.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    qualifications: Mapped[list[Qualification]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Qualification.id"
    )


class Qualification(Base):
    """One qualification of a person: scheme, grade, IAF sectors and validity."""

    __tablename__ = "qualifications"
    __table_args__ = (Index("ix_qualifications_scheme_grade", "scheme_id", "grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"))
    grade: Mapped[str] = mapped_column(String(32))
    sectors: Mapped[list[int]] = mapped_column(JSONType, default=list)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)


class Organization(Timestamps, Base):
    """An enterprise or other organisation, identified by its USCC."""

    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("uscc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_en: Mapped[str] = mapped_column(String(300), default="")
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    employees: Mapped[int | None] = mapped_column(Integer)
    industry_code: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
