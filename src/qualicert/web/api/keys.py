"""/api/v1/bodies/{id}/keys: a certification body's signing keys, and their rotation."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from qualicert.credentials import keys
from qualicert.credentials.schemas import BodyKeyRead
from qualicert.web.deps import ActorDep, DbDep, get_settings

router = APIRouter(prefix="/bodies", tags=["credentials"])


@router.get("/{body_id}/keys")
def list_keys(body_id: int, db: DbDep) -> list[BodyKeyRead]:
    """Every public key the body has signed with, oldest first, with its validity period."""
    with db.session() as session:
        rows = keys.body_keys(session=session, body_id=body_id)
        return [BodyKeyRead.model_validate(r) for r in rows]


@router.post("/{body_id}/keys/rotate", status_code=status.HTTP_201_CREATED)
def rotate_key(body_id: int, request: Request, db: DbDep, actor: ActorDep) -> BodyKeyRead:
    """A new signing key (the body's users or the regulator); old keys stay published."""
    var_dir = get_settings(request).var_dir
    with db.session() as session:
        row = keys.rotate(session=session, actor=actor, body_id=body_id, var_dir=var_dir)
        return BodyKeyRead.model_validate(row)
