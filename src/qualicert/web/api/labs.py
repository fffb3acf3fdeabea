"""/api/v1/labs: inspection and testing labs."""

from __future__ import annotations

from fastapi import APIRouter, status

from qualicert.registry import service
from qualicert.registry.schemas import LabCreate, LabRead, LabUpdate, Page, StatusChange
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(prefix="/labs", tags=["registry"])


@router.get("")
def list_labs(
    db: DbDep,
    paging: PagingDep,
    q: str | None = None,
    status: str | None = None,
    region: str | None = None,
) -> Page[LabRead]:
    """Labs, searched by name, CMA or CNAS number, filtered by status and region."""
    with db.session() as session:
        rows, total = service.list_labs(
            session=session,
            q=q,
            status=status,
            region_code=region,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [LabRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_lab(data: LabCreate, db: DbDep, actor: ActorDep) -> LabRead:
    """Register a lab (a regulator of its region)."""
    with db.session() as session:
        return LabRead.model_validate(service.create_lab(session=session, actor=actor, data=data))


@router.get("/{lab_id}")
def get_lab(lab_id: int, db: DbDep) -> LabRead:
    """One lab."""
    with db.session() as session:
        return LabRead.model_validate(service.get_lab(session=session, lab_id=lab_id))


@router.patch("/{lab_id}")
def update_lab(lab_id: int, data: LabUpdate, db: DbDep, actor: ActorDep) -> LabRead:
    """Change a lab (regulator of its region; its own staff for scope and contact details)."""
    with db.session() as session:
        row = service.update_lab(session=session, actor=actor, lab_id=lab_id, data=data)
        return LabRead.model_validate(row)


@router.post("/{lab_id}/status")
def change_lab_status(lab_id: int, change: StatusChange, db: DbDep, actor: ActorDep) -> LabRead:
    """Suspend, reinstate or revoke a lab (a regulator of its region)."""
    with db.session() as session:
        row = service.change_lab_status(session=session, actor=actor, lab_id=lab_id, change=change)
        return LabRead.model_validate(row)
