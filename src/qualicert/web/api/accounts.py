"""/api/v1/me: who the bearer token belongs to."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from qualicert.web.deps import ActorDep

router = APIRouter(tags=["accounts"])


@router.get("/me")
def me(actor: ActorDep) -> dict[str, Any]:
    """The acting user's name, role and scope."""
    return {
        "user_id": actor.user_id,
        "name": actor.name,
        "role": actor.role.value,
        "region_code": actor.region_code,
        "body_id": actor.body_id,
        "lab_id": actor.lab_id,
        "organization_id": actor.organization_id,
        "person_id": actor.person_id,
    }
