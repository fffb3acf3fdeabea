"""Inspection and testing labs: CMA and CNAS qualifications, scope and status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.db import paginate
from qualicert.ledger.service import record
from qualicert.registry.models import Lab
from qualicert.registry.schemas import LabCreate, LabStatus, LabUpdate, StatusChange
from qualicert.registry.service._common import (
    changes,
    get_or_404,
    region_filter,
    require_unique,
    set_status,
    text_search,
)

LAB_STAFF_FIELDS = frozenset({"name_en", "address", "scope"})
FINAL = frozenset({LabStatus.REVOKED.value})


def create_lab(*, session: Session, actor: Actor, data: LabCreate) -> Lab:
    """Register a lab (a regulator of its region)."""
    permissions.require_region(actor, data.region_code, "register a lab")
    require_unique(session, Lab.cma_number, data.cma_number, "cma_number")
    require_unique(session, Lab.cnas_number, data.cnas_number, "cnas_number")
    lab = Lab(**data.model_dump(), status="active", status_since=dt.date.today())
    record(
        session=session,
        actor=actor,
        event_type="lab.created",
        subject=lab,
        payload=data.model_dump(mode="json"),
    )
    return lab


def update_lab(*, session: Session, actor: Actor, lab_id: int, data: LabUpdate) -> Lab:
    """Change a lab's details; its own staff may change scope and contact details."""
    lab = get_lab(session=session, lab_id=lab_id)
    permissions.require_lab(actor, lab.id, lab.region_code, "change a lab")
    allowed = None if permissions.in_region(actor, lab.region_code) else LAB_STAFF_FIELDS
    changed = changes(lab, data, allowed, actor)
    if changed:
        record(
            session=session,
            actor=actor,
            event_type="lab.updated",
            subject=lab,
            payload={"changes": changed},
        )
    return lab


def change_lab_status(*, session: Session, actor: Actor, lab_id: int, change: StatusChange) -> Lab:
    """Suspend, reinstate or revoke a lab (a regulator of its region)."""
    lab = get_lab(session=session, lab_id=lab_id)
    permissions.require_region(actor, lab.region_code, "change a lab's status")
    set_status(
        session=session,
        actor=actor,
        row=lab,
        change=change,
        allowed=[s.value for s in LabStatus],
        final=FINAL,
        what="lab",
        event_type="lab.status_changed",
    )
    return lab


def get_lab(*, session: Session, lab_id: int) -> Lab:
    """The lab with this id."""
    return get_or_404(session, Lab, lab_id, "lab", "检验检测机构")


def list_labs(
    *,
    session: Session,
    q: str | None = None,
    status: str | None = None,
    region_code: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Lab], int]:
    """Labs matching a search text (names, CMA or CNAS number) and filters."""
    query = select(Lab).order_by(Lab.id)
    match = text_search(q, Lab.name, Lab.name_en, Lab.cma_number, Lab.cnas_number)
    if match is not None:
        query = query.where(match)
    if status:
        query = query.where(Lab.status == status)
    if region_code:
        query = query.where(region_filter(Lab.region_code, region_code))
    return paginate(session, query, page, page_size)
