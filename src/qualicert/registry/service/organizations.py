"""Organisations (enterprises and others) identified by their USCC."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.db import paginate, utcnow
from qualicert.errors import Conflict, InvalidInput, NotFound
from qualicert.ledger.service import record, record_batch
from qualicert.registry import uscc as uscc_rules
from qualicert.registry.models import Organization
from qualicert.registry.schemas import (
    OrganizationCreate,
    OrganizationStatus,
    OrganizationUpdate,
    StatusChange,
)
from qualicert.registry.service._common import (
    changes,
    effective,
    get_or_404,
    region_filter,
    require_unique,
    set_status,
    text_search,
)

ENTERPRISE_FIELDS = frozenset({"name_en", "address", "employees", "industry_code"})
FINAL = frozenset({OrganizationStatus.DEREGISTERED.value})
CREATORS = permissions.NATIONAL | permissions.BODY_ROLES


def create_organization(
    *, session: Session, actor: Actor, data: OrganizationCreate
) -> Organization:
    """Register an organisation (a regulator of its region, or a certification body's user)."""
    if actor.role not in CREATORS:
        permissions.require_region(actor, data.region_code, "register an organisation")
    require_unique(session, Organization.uscc, data.uscc, "uscc")
    org = Organization(**data.model_dump(), status="active", status_since=effective(None))
    record(
        session=session,
        actor=actor,
        event_type="organization.created",
        subject=org,
        payload=data.model_dump(mode="json"),
    )
    return org


def register_organizations(
    *, session: Session, actor: Actor, data: Sequence[OrganizationCreate]
) -> list[int]:
    """Register many organisations at once (an authority's register, or demo data).

    The same checks as :func:`create_organization`, made once per batch (scope, USCCs unique
    in the batch and in the registry), then the rows and one ``organization.created`` event
    each through :func:`qualicert.ledger.service.record_batch`. All or nothing.
    """
    if actor.role not in CREATORS:
        for item in data:
            permissions.require_region(actor, item.region_code, "register an organisation")
    codes = [item.uscc for item in data]
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise InvalidInput(
                f"USCC {code} appears twice in the batch (item {index})",
                f"统一社会信用代码 {code} 在本批中重复（第 {index} 项）",
                rule="unique",
                field=f"{index}.uscc",
            )
        seen.add(code)
    taken = session.scalars(select(Organization.uscc).where(Organization.uscc.in_(codes))).first()
    if taken is not None:
        raise Conflict(
            f"uscc {taken!r} is already registered",
            f"uscc {taken!r} 已被登记",
            rule="unique",
            field="uscc",
        )
    today, now = effective(None), utcnow()
    rows = [
        {
            **item.model_dump(),
            "status": "active",
            "status_since": today,
            "created_at": now,
            "updated_at": now,
        }
        for item in data
    ]
    payloads = [item.model_dump(mode="json") for item in data]
    return record_batch(
        session=session,
        actor=actor,
        event_type="organization.created",
        model=Organization,
        rows=rows,
        payloads=payloads,
    )


def update_organization(
    *, session: Session, actor: Actor, organization_id: int, data: OrganizationUpdate
) -> Organization:
    """Change an organisation; the enterprise itself may change its contact details only."""
    org = get_organization(session=session, organization_id=organization_id)
    permissions.require_organization(actor, org.id, org.region_code, "change an organisation")
    allowed = None if permissions.in_region(actor, org.region_code) else ENTERPRISE_FIELDS
    if data.region_code is not None and allowed is None:
        permissions.require_region(actor, data.region_code, "move an organisation to a region")
    changed = changes(org, data, allowed, actor)  # an enterprise's region_code: field_scope
    if changed:
        record(
            session=session,
            actor=actor,
            event_type="organization.updated",
            subject=org,
            payload={"changes": changed},
        )
    return org


def change_organization_status(
    *, session: Session, actor: Actor, organization_id: int, change: StatusChange
) -> Organization:
    """Mark an organisation abnormal, active again or deregistered (its region's regulator)."""
    org = get_organization(session=session, organization_id=organization_id)
    permissions.require_region(actor, org.region_code, "change an organisation's status")
    set_status(
        session=session,
        actor=actor,
        row=org,
        change=change,
        allowed=[s.value for s in OrganizationStatus],
        final=FINAL,
        what="organisation",
        event_type="organization.status_changed",
    )
    return org


def get_organization(*, session: Session, organization_id: int) -> Organization:
    """The organisation with this id."""
    return get_or_404(session, Organization, organization_id, "organisation", "组织")


def get_organization_by_uscc(*, session: Session, uscc: str) -> Organization:
    """The organisation with this USCC (spaces and case forgiven)."""
    code = uscc_rules.normalise(uscc)
    org = session.scalar(select(Organization).where(Organization.uscc == code))
    if org is None:
        raise NotFound(
            f"no organisation with USCC {code}",
            f"统一社会信用代码 {code} 未登记",
            rule="exists",
            field="uscc",
        )
    return org


def list_organizations(
    *,
    session: Session,
    q: str | None = None,
    status: str | None = None,
    region_code: str | None = None,
    industry_code: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Organization], int]:
    """Organisations matching part of a Chinese or English name or a USCC, and filters."""
    query = select(Organization).order_by(Organization.id)
    match = text_search(q, Organization.name, Organization.name_en, Organization.uscc)
    if match is not None:
        query = query.where(match)
    if status:
        query = query.where(Organization.status == status)
    if region_code:
        query = query.where(region_filter(Organization.region_code, region_code))
    if industry_code:
        query = query.where(
            Organization.industry_code.startswith(industry_code.upper(), autoescape=True)
        )
    return paginate(session, query, page, page_size)
