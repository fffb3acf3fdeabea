"""The phases of demo generation, each writing through the registry and account services.

Every row goes through the service a user's request would call (``create_body``,
``create_organization``, ``change_person_status`` ...) with the platform's own actor
``system:demo``, so each row has its event in the ledger. Work is committed in batches
(:data:`BATCH` rows per transaction), so a crash loses at most one batch.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts.actor import system_actor
from qualicert.db import Base, transaction
from qualicert.demo import rows
from qualicert.demo.catalogue import scheme_rows
from qualicert.demo.organisations import OrganisationRow
from qualicert.demo.rows import BodyRef, SchemeRef
from qualicert.registry import schemas, service
from qualicert.registry.models import CertificationBody, Scheme

T = TypeVar("T")
Tick = Callable[[int], None]
Factory = sessionmaker[Session]

ACTOR = system_actor("demo")
BATCH = 1000
KEEP_KEY = "qualicert.demo.kept"


def rng_for(seed: int, phase: str) -> random.Random:
    """The generator of one phase: a function of the seed and the phase name only.

    Seeding with text hashes it with SHA-512, so it does not depend on ``PYTHONHASHSEED``.
    """
    return random.Random(f"qualicert-demo:{seed}:{phase}")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _preload(session: Session, *ids: tuple[type[Base], int]) -> None:
    """Load every scheme (and the rows named by ``ids``) and keep them for the session.

    The services check that referenced rows exist with ``session.get``; a session holds its
    rows weakly, so a row nobody references is fetched again on every check. Keeping them
    in ``session.info`` for the session's life makes each check an identity-map lookup.
    """
    kept: list[Base] = list(session.scalars(select(Scheme)))
    kept.extend(row for model, row_id in ids if (row := session.get(model, row_id)) is not None)
    session.info[KEEP_KEY] = kept


def create_schemes(factory: Factory, tick: Tick) -> list[SchemeRef]:
    """The schemes of :mod:`qualicert.demo.catalogue`, in one transaction."""
    created = []
    with transaction(factory) as session:
        for data in scheme_rows():
            scheme = service.create_scheme(
                session=session, actor=ACTOR, data=schemas.SchemeCreate(**data)
            )
            created.append(SchemeRef(scheme.id, scheme.code, scheme.kind))
            tick(1)
    return created


def create_bodies(
    factory: Factory, items: list[dict[str, object]], schemes: list[SchemeRef], tick: Tick
) -> list[BodyRef]:
    """Certification bodies; returns each with the schemes its auditors may hold."""
    by_id = {s.id: s for s in schemes}
    created = []
    for batch in batched(items, BATCH):
        with transaction(factory) as session:
            _preload(session)
            for data in batch:
                body = service.create_body(
                    session=session, actor=ACTOR, data=schemas.BodyCreate.model_validate(data)
                )
                held = tuple(by_id[i] for i in body.scheme_ids if by_id[i].kind != "product")
                created.append(BodyRef(body.id, body.approval_number, held))
                tick(1)
    return created


def create_labs(factory: Factory, items: list[dict[str, object]], tick: Tick) -> list[int]:
    """Labs; returns their ids."""
    created = []
    for batch in batched(items, BATCH):
        with transaction(factory) as session:
            for data in batch:
                lab = service.create_lab(
                    session=session, actor=ACTOR, data=schemas.LabCreate.model_validate(data)
                )
                created.append(lab.id)
                tick(1)
    return created


def create_people(
    factory: Factory,
    rng: random.Random,
    staff: list[tuple[BodyRef, int]],
    today: dt.date,
    tick: Tick,
) -> tuple[list[int], int]:
    """Each body's auditors, one transaction per body; returns person ids and qualifications."""
    salt = rng.randrange(10**7)
    people: list[int] = []
    qualifications = 0
    for body, count in staff:
        items = rows.person_rows(rng, body, count, len(people), salt, today)
        with transaction(factory) as session:
            _preload(session, (CertificationBody, body.id))
            for data in items:
                person = service.create_person(
                    session=session, actor=ACTOR, data=schemas.PersonCreate.model_validate(data)
                )
                people.append(person.id)
                qualifications += len(person.qualifications)
        tick(count)
    return people, qualifications


def _set_organisation_status(session: Session, organization_id: int, row: OrganisationRow) -> None:
    change = schemas.StatusChange(status=row.status, reason=row.reason, effective_date=row.since)
    service.change_organization_status(
        session=session, actor=ACTOR, organization_id=organization_id, change=change
    )


def create_organisations(
    factory: Factory, items: Iterable[OrganisationRow], tick: Tick
) -> dict[str, int]:
    """Organisations in batches, with their status changes; returns counts by status."""
    counts = {"active": 0, "abnormal": 0, "deregistered": 0}
    for batch in batched(items, BATCH):
        with transaction(factory) as session:
            data = [schemas.OrganizationCreate.model_validate(row.data) for row in batch]
            ids = service.register_organizations(session=session, actor=ACTOR, data=data)
            for org_id, row in zip(ids, batch, strict=True):
                if row.status != "active":
                    _set_organisation_status(session, org_id, row)
                counts[row.status] += 1
        tick(len(batch))
    return counts


StatusSetter = Callable[[Session, int, schemas.StatusChange], object]


def _body_status(session: Session, row_id: int, change: schemas.StatusChange) -> object:
    return service.change_body_status(session=session, actor=ACTOR, body_id=row_id, change=change)


def _lab_status(session: Session, row_id: int, change: schemas.StatusChange) -> object:
    return service.change_lab_status(session=session, actor=ACTOR, lab_id=row_id, change=change)


def _person_status(session: Session, row_id: int, change: schemas.StatusChange) -> object:
    return service.change_person_status(
        session=session, actor=ACTOR, person_id=row_id, change=change
    )


STATUS_SETTERS: dict[str, StatusSetter] = {
    "body": _body_status,
    "lab": _lab_status,
    "person": _person_status,
}


def suspend(
    factory: Factory,
    kind: str,
    ids: list[int],
    reasons: tuple[str, ...],
    rng: random.Random,
    today: dt.date,
) -> int:
    """Suspend the bodies, labs or people with ``ids`` (kind ``body``, ``lab``, ``person``)."""
    set_status = STATUS_SETTERS[kind]
    for batch in batched(ids, BATCH):
        with transaction(factory) as session:
            for row_id in batch:
                since = today - dt.timedelta(days=rng.randint(7, 150))
                change = schemas.StatusChange(
                    status="suspended", reason=rng.choice(reasons), effective_date=since
                )
                set_status(session, row_id, change)
    return len(ids)
