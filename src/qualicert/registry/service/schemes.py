"""Certification schemes: only the national regulator defines them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.db import paginate
from qualicert.ledger.service import record
from qualicert.registry.models import Scheme
from qualicert.registry.schemas import SchemeCreate, SchemeUpdate
from qualicert.registry.service._common import (
    changes,
    get_or_404,
    require_unique,
    text_search,
)


def create_scheme(*, session: Session, actor: Actor, data: SchemeCreate) -> Scheme:
    """Define a scheme (national regulator only)."""
    permissions.require_national(actor, "define a certification scheme")
    require_unique(session, Scheme.code, data.code, "code")
    scheme = Scheme(**data.model_dump())
    record(
        session=session,
        actor=actor,
        event_type="scheme.created",
        subject=scheme,
        payload=data.model_dump(mode="json"),
    )
    return scheme


def update_scheme(*, session: Session, actor: Actor, scheme_id: int, data: SchemeUpdate) -> Scheme:
    """Change a scheme's names, standard edition or intervals."""
    permissions.require_national(actor, "change a certification scheme")
    scheme = get_scheme(session=session, scheme_id=scheme_id)
    changed = changes(scheme, data, None, actor)
    if changed:
        record(
            session=session,
            actor=actor,
            event_type="scheme.updated",
            subject=scheme,
            payload={"changes": changed},
        )
    return scheme


def get_scheme(*, session: Session, scheme_id: int) -> Scheme:
    """The scheme with this id."""
    return get_or_404(session, Scheme, scheme_id, "scheme", "认证方案")


def get_scheme_by_code(*, session: Session, code: str) -> Scheme | None:
    """The scheme with this code, if any."""
    return session.scalar(select(Scheme).where(Scheme.code == code))


def list_schemes(
    *,
    session: Session,
    q: str | None = None,
    kind: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Scheme], int]:
    """Schemes matching a search text and kind, ordered by code."""
    query = select(Scheme).order_by(Scheme.code)
    match = text_search(q, Scheme.code, Scheme.name, Scheme.name_en, Scheme.standard)
    if match is not None:
        query = query.where(match)
    if kind:
        query = query.where(Scheme.kind == kind)
    return paginate(session, query, page, page_size)
