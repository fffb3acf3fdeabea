"""/api/v1/bodies: certification bodies."""

from __future__ import annotations

from fastapi import APIRouter, status

from qualicert.registry import service
from qualicert.registry.schemas import BodyCreate, BodyRead, BodyUpdate, Page, StatusChange
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(prefix="/bodies", tags=["registry"])


@router.get("")
def list_bodies(
    db: DbDep,
    paging: PagingDep,
    q: str | None = None,
    status: str | None = None,
    region: str | None = None,
    scheme: int | None = None,
) -> Page[BodyRead]:
    """Bodies, searched by name or approval number, filtered by status, region and scheme."""
    with db.session() as session:
        rows, total = service.list_bodies(
            session=session,
            q=q,
            status=status,
            region_code=region,
            scheme_id=scheme,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [BodyRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_body(data: BodyCreate, db: DbDep, actor: ActorDep) -> BodyRead:
    """Register an approved body (national regulator)."""
    with db.session() as session:
        return BodyRead.model_validate(service.create_body(session=session, actor=actor, data=data))


@router.get("/{body_id}")
def get_body(body_id: int, db: DbDep) -> BodyRead:
    """One body."""
    with db.session() as session:
        return BodyRead.model_validate(service.get_body(session=session, body_id=body_id))


@router.patch("/{body_id}")
def update_body(body_id: int, data: BodyUpdate, db: DbDep, actor: ActorDep) -> BodyRead:
    """Change a body (regulator; the body's admin for contact details)."""
    with db.session() as session:
        row = service.update_body(session=session, actor=actor, body_id=body_id, data=data)
        return BodyRead.model_validate(row)


@router.post("/{body_id}/status")
def change_body_status(body_id: int, change: StatusChange, db: DbDep, actor: ActorDep) -> BodyRead:
    """Suspend, reinstate or revoke a body (national regulator)."""
    with db.session() as session:
        row = service.change_body_status(
            session=session, actor=actor, body_id=body_id, change=change
        )
        return BodyRead.model_validate(row)
