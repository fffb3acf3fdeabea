"""/api/v1/organizations: organisations by id or USCC."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from qualicert.registry import service
from qualicert.registry.models import Organization
from qualicert.registry.schemas import (
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
    Page,
    StatusChange,
)
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(prefix="/organizations", tags=["registry"])


def _lookup(session: Session, key: str) -> Organization:
    if key.isdigit() and len(key) < 18:
        return service.get_organization(session=session, organization_id=int(key))
    return service.get_organization_by_uscc(session=session, uscc=key)


@router.get("")
def list_organizations(
    db: DbDep,
    paging: PagingDep,
    q: str | None = None,
    status: str | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> Page[OrganizationRead]:
    """Organisations, searched by part of the Chinese or English name or USCC."""
    with db.session() as session:
        rows, total = service.list_organizations(
            session=session,
            q=q,
            status=status,
            region_code=region,
            industry_code=industry,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [OrganizationRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_organization(data: OrganizationCreate, db: DbDep, actor: ActorDep) -> OrganizationRead:
    """Register an organisation; the USCC check digit is verified."""
    with db.session() as session:
        row = service.create_organization(session=session, actor=actor, data=data)
        return OrganizationRead.model_validate(row)


@router.get("/{key}")
def get_organization(key: str, db: DbDep) -> OrganizationRead:
    """One organisation, by numeric id or by its 18-character USCC."""
    with db.session() as session:
        return OrganizationRead.model_validate(_lookup(session, key))


@router.patch("/{key}")
def update_organization(
    key: str, data: OrganizationUpdate, db: DbDep, actor: ActorDep
) -> OrganizationRead:
    """Change an organisation (its region's regulator; the enterprise for contact details)."""
    with db.session() as session:
        org = _lookup(session, key)
        row = service.update_organization(
            session=session, actor=actor, organization_id=org.id, data=data
        )
        return OrganizationRead.model_validate(row)


@router.post("/{key}/status")
def change_organization_status(
    key: str, change: StatusChange, db: DbDep, actor: ActorDep
) -> OrganizationRead:
    """Mark an organisation abnormal, active or deregistered (its region's regulator)."""
    with db.session() as session:
        org = _lookup(session, key)
        row = service.change_organization_status(
            session=session, actor=actor, organization_id=org.id, change=change
        )
        return OrganizationRead.model_validate(row)
