"""/api/v1/schemes: certification schemes."""

from __future__ import annotations

from fastapi import APIRouter, status

from qualicert.registry import service
from qualicert.registry.schemas import Page, SchemeCreate, SchemeRead, SchemeUpdate
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(prefix="/schemes", tags=["registry"])


@router.get("")
def list_schemes(
    db: DbDep, paging: PagingDep, q: str | None = None, kind: str | None = None
) -> Page[SchemeRead]:
    """Schemes, searched by code, name or standard and filtered by kind."""
    with db.session() as session:
        rows, total = service.list_schemes(
            session=session, q=q, kind=kind, page=paging.page, page_size=paging.page_size
        )
        items = [SchemeRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_scheme(data: SchemeCreate, db: DbDep, actor: ActorDep) -> SchemeRead:
    """Define a scheme (national regulator)."""
    with db.session() as session:
        return SchemeRead.model_validate(
            service.create_scheme(session=session, actor=actor, data=data)
        )


@router.get("/{scheme_id}")
def get_scheme(scheme_id: int, db: DbDep) -> SchemeRead:
    """One scheme."""
    with db.session() as session:
        return SchemeRead.model_validate(service.get_scheme(session=session, scheme_id=scheme_id))


@router.patch("/{scheme_id}")
def update_scheme(scheme_id: int, data: SchemeUpdate, db: DbDep, actor: ActorDep) -> SchemeRead:
    """Change a scheme (national regulator)."""
    with db.session() as session:
        row = service.update_scheme(session=session, actor=actor, scheme_id=scheme_id, data=data)
        return SchemeRead.model_validate(row)
