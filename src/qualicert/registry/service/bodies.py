"""Certification bodies: approval by the national regulator, scope, status, contact details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.db import paginate
from qualicert.ledger.service import record
from qualicert.registry.models import BodyScheme, CertificationBody, Scheme
from qualicert.registry.schemas import BodyCreate, BodyStatus, BodyUpdate, StatusChange
from qualicert.registry.service._common import (
    changes,
    get_or_404,
    region_filter,
    require_exists,
    require_unique,
    set_status,
    text_search,
)

BODY_ADMIN_FIELDS = frozenset({"name_en", "address", "website"})
FINAL = frozenset({BodyStatus.REVOKED.value})


def _set_schemes(
    session: Session, body: CertificationBody, scheme_ids: list[int]
) -> list[BodyScheme]:
    """Make the body's scope exactly ``scheme_ids``; return the links removed."""
    for scheme_id in scheme_ids:
        require_exists(session, Scheme, scheme_id, "scheme_ids")
    wanted = set(scheme_ids)
    removed = [link for link in body.scheme_links if link.scheme_id not in wanted]
    body.scheme_links = [link for link in body.scheme_links if link.scheme_id in wanted]
    have = {link.scheme_id for link in body.scheme_links}
    body.scheme_links.extend(BodyScheme(scheme_id=s) for s in sorted(wanted - have))
    return removed


def create_body(*, session: Session, actor: Actor, data: BodyCreate) -> CertificationBody:
    """Register an approved certification body (national regulator only)."""
    permissions.require_national(actor, "approve a certification body")
    require_unique(
        session, CertificationBody.approval_number, data.approval_number, "approval_number"
    )
    fields = data.model_dump(exclude={"scheme_ids"})
    body = CertificationBody(**fields, status="approved", status_since=data.approved_on)
    _set_schemes(session, body, data.scheme_ids)
    record(
        session=session,
        actor=actor,
        event_type="body.created",
        subject=body,
        payload=data.model_dump(mode="json"),
        related=body.scheme_links,
    )
    return body


def update_body(
    *, session: Session, actor: Actor, body_id: int, data: BodyUpdate
) -> CertificationBody:
    """Change a body's details; its own admin may change contact details only."""
    body = get_body(session=session, body_id=body_id)
    permissions.require_body(actor, body.id, "change a certification body", admin=True)
    allowed = None if permissions.is_national(actor) else BODY_ADMIN_FIELDS
    scheme_ids = data.scheme_ids
    removed: list[BodyScheme] = []
    changed = changes(body, data, allowed, actor, skip=frozenset({"scheme_ids"}))
    if scheme_ids is not None and body.scheme_ids != sorted(set(scheme_ids)):
        changed["scheme_ids"] = [body.scheme_ids, sorted(set(scheme_ids))]
        removed = _set_schemes(session, body, scheme_ids)
    if changed:
        record(
            session=session,
            actor=actor,
            event_type="body.updated",
            subject=body,
            payload={"changes": changed},
            related=[*removed, *body.scheme_links],
        )
    return body


def change_body_status(
    *, session: Session, actor: Actor, body_id: int, change: StatusChange
) -> CertificationBody:
    """Suspend, reinstate or revoke a body's approval (national regulator only)."""
    permissions.require_national(actor, "change a certification body's status")
    body = get_body(session=session, body_id=body_id)
    set_status(
        session=session,
        actor=actor,
        row=body,
        change=change,
        allowed=[s.value for s in BodyStatus],
        final=FINAL,
        what="certification body",
        event_type="body.status_changed",
    )
    return body


def get_body(*, session: Session, body_id: int) -> CertificationBody:
    """The body with this id."""
    return get_or_404(session, CertificationBody, body_id, "certification body", "认证机构")


def list_bodies(
    *,
    session: Session,
    q: str | None = None,
    status: str | None = None,
    region_code: str | None = None,
    scheme_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[CertificationBody], int]:
    """Bodies matching a search text (name, English name, approval number) and filters."""
    query = select(CertificationBody).order_by(CertificationBody.approval_number)
    match = text_search(
        q, CertificationBody.name, CertificationBody.name_en, CertificationBody.approval_number
    )
    if match is not None:
        query = query.where(match)
    if status:
        query = query.where(CertificationBody.status == status)
    if region_code:
        query = query.where(region_filter(CertificationBody.region_code, region_code))
    if scheme_id is not None:
        linked = select(BodyScheme.body_id).where(BodyScheme.scheme_id == scheme_id)
        query = query.where(CertificationBody.id.in_(linked))
    return paginate(session, query, page, page_size)


def body_id_for(*, session: Session, approval_number: str) -> int | None:
    """The id of the body with this approval number (any case), if there is one."""
    query = select(CertificationBody.id).where(
        CertificationBody.approval_number == approval_number.strip().upper()
    )
    found = session.scalar(query)
    return int(found) if found is not None else None
