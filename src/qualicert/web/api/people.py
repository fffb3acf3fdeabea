"""/api/v1/people: auditors and decision makers with their qualifications."""

from __future__ import annotations

from fastapi import APIRouter, status

from qualicert.registry import service
from qualicert.registry.schemas import Page, PersonCreate, PersonRead, PersonUpdate, StatusChange
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(prefix="/people", tags=["registry"])


@router.get("")
def list_people(
    db: DbDep,
    paging: PagingDep,
    q: str | None = None,
    status: str | None = None,
    body: int | None = None,
    scheme: int | None = None,
    grade: str | None = None,
) -> Page[PersonRead]:
    """People, searched by name or registration number, filtered by body, scheme and grade."""
    with db.session() as session:
        rows, total = service.list_people(
            session=session,
            q=q,
            status=status,
            body_id=body,
            scheme_id=scheme,
            grade=grade,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [PersonRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_person(data: PersonCreate, db: DbDep, actor: ActorDep) -> PersonRead:
    """Register a person (regulator, or a user of the employing body)."""
    with db.session() as session:
        row = service.create_person(session=session, actor=actor, data=data)
        return PersonRead.model_validate(row)


@router.get("/{person_id}")
def get_person(person_id: int, db: DbDep) -> PersonRead:
    """One person and their qualifications."""
    with db.session() as session:
        return PersonRead.model_validate(service.get_person(session=session, person_id=person_id))


@router.patch("/{person_id}")
def update_person(person_id: int, data: PersonUpdate, db: DbDep, actor: ActorDep) -> PersonRead:
    """Change a person; a qualifications list replaces the old one."""
    with db.session() as session:
        row = service.update_person(session=session, actor=actor, person_id=person_id, data=data)
        return PersonRead.model_validate(row)


@router.post("/{person_id}/status")
def change_person_status(
    person_id: int, change: StatusChange, db: DbDep, actor: ActorDep
) -> PersonRead:
    """Suspend, reinstate or ban a person."""
    with db.session() as session:
        row = service.change_person_status(
            session=session, actor=actor, person_id=person_id, change=change
        )
        return PersonRead.model_validate(row)
