"""Auditors and decision makers: registration, employer, qualifications, status.

A body's own users register and maintain the people it employs; only the national regulator
bans a person (a ban is final: 谁签字谁担责).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor, Role
from qualicert.db import paginate
from qualicert.errors import InvalidInput
from qualicert.ledger.service import record
from qualicert.registry.models import CertificationBody, Person, Qualification, Scheme
from qualicert.registry.schemas import (
    PersonCreate,
    PersonStatus,
    PersonUpdate,
    QualificationCreate,
    StatusChange,
)
from qualicert.registry.service._common import (
    changes,
    effective,
    get_or_404,
    parse_status,
    require_exists,
    require_unique,
    set_status,
    text_search,
)

FINAL = frozenset({PersonStatus.BANNED.value})


def _qualifications(session: Session, items: list[QualificationCreate]) -> list[Qualification]:
    rows = []
    for index, item in enumerate(items):
        require_exists(session, Scheme, item.scheme_id, f"qualifications.{index}.scheme_id")
        if item.valid_to < item.valid_from:
            raise InvalidInput(
                f"valid_to {item.valid_to} is before valid_from {item.valid_from}",
                f"有效期止 {item.valid_to} 早于有效期起 {item.valid_from}",
                rule="date_order",
                field=f"qualifications.{index}.valid_to",
            )
        rows.append(Qualification(**item.model_dump(mode="python")))
    return rows


def create_person(*, session: Session, actor: Actor, data: PersonCreate) -> Person:
    """Register a person (the national regulator, or a user of the employing body)."""
    permissions.require_body(actor, data.body_id, "register a person")
    if data.body_id is not None:
        require_exists(session, CertificationBody, data.body_id, "body_id")
    require_unique(
        session, Person.registration_number, data.registration_number, "registration_number"
    )
    person = Person(
        **data.model_dump(exclude={"qualifications"}), status="active", status_since=effective(None)
    )
    person.qualifications = _qualifications(session, data.qualifications)
    record(
        session=session,
        actor=actor,
        event_type="person.created",
        subject=person,
        payload=data.model_dump(mode="json"),
        related=person.qualifications,
    )
    return person


def update_person(*, session: Session, actor: Actor, person_id: int, data: PersonUpdate) -> Person:
    """Change a person's names, employer or qualifications (a new list replaces the old)."""
    person = get_person(session=session, person_id=person_id)
    permissions.require_body(actor, person.body_id, "change a person")
    if "body_id" in data.model_fields_set and data.body_id is None:
        permissions.require_national(actor, "detach a person from its body")
    if "body_id" in data.model_fields_set and data.body_id is not None:
        permissions.require_body(actor, data.body_id, "move a person to another body")
        require_exists(session, CertificationBody, data.body_id, "body_id")
    changed = changes(person, data, None, actor, skip=frozenset({"qualifications"}))
    replaced = list(person.qualifications)
    if data.qualifications is not None:
        person.qualifications = _qualifications(session, data.qualifications)
        changed["qualifications"] = [q.model_dump(mode="json") for q in data.qualifications]
    if changed:
        record(
            session=session,
            actor=actor,
            event_type="person.updated",
            subject=person,
            payload={"changes": changed},
            related=[*replaced, *person.qualifications],
        )
    return person


def change_person_status(
    *, session: Session, actor: Actor, person_id: int, change: StatusChange
) -> Person:
    """Suspend or reinstate (the employer's admin or a regulator) or ban (national only)."""
    person = get_person(session=session, person_id=person_id)
    status = parse_status(change.status, PersonStatus.__members__.values(), "person")
    if status == PersonStatus.BANNED.value or actor.role is not Role.BODY_ADMIN:
        permissions.require_national(actor, f"set a person's status to {status}")
    else:
        permissions.require_body(actor, person.body_id, "change a person's status", admin=True)
    set_status(
        session=session,
        actor=actor,
        row=person,
        change=change,
        allowed=[s.value for s in PersonStatus],
        final=FINAL,
        what="person",
        event_type="person.status_changed",
    )
    return person


def get_person(*, session: Session, person_id: int) -> Person:
    """The person with this id."""
    return get_or_404(session, Person, person_id, "person", "人员")


def list_people(
    *,
    session: Session,
    q: str | None = None,
    status: str | None = None,
    body_id: int | None = None,
    scheme_id: int | None = None,
    grade: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Person], int]:
    """People matching a search text (names, registration number) and filters."""
    query = select(Person).order_by(Person.id)
    match = text_search(q, Person.name, Person.name_en, Person.registration_number)
    if match is not None:
        query = query.where(match)
    if status:
        query = query.where(Person.status == status)
    if body_id is not None:
        query = query.where(Person.body_id == body_id)
    if scheme_id is not None or grade:
        qualified = select(Qualification.person_id)
        if scheme_id is not None:
            qualified = qualified.where(Qualification.scheme_id == scheme_id)
        if grade:
            qualified = qualified.where(Qualification.grade == grade)
        query = query.where(Person.id.in_(qualified))
    return paginate(session, query, page, page_size)
