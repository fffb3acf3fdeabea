"""/api/v1/events: the public record of every change of state."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from qualicert.ledger import service as ledger
from qualicert.ledger.models import Event
from qualicert.web.deps import DbDep, PagingDep

router = APIRouter(prefix="/events", tags=["ledger"])


class EventRead(BaseModel):
    """One event as published."""

    id: int
    type: str
    subject_type: str
    subject_id: str
    actor: str
    signer_person_id: int | None
    occurred_at: dt.datetime
    payload: dict[str, Any]
    leaf_index: int | None

    @classmethod
    def of(cls, event: Event, leaf_index: int | None) -> EventRead:
        """The published form of an event row."""
        return cls(
            id=event.id,
            type=event.event_type,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            actor=event.actor,
            signer_person_id=event.signer_person_id,
            occurred_at=event.occurred_at,
            payload=json.loads(event.payload),
            leaf_index=leaf_index,
        )


@router.get("")
def list_events(
    db: DbDep,
    paging: PagingDep,
    subject_type: str | None = None,
    subject_id: str | None = None,
    type: str | None = None,
) -> dict[str, Any]:
    """Events, newest first, filtered by subject and type."""
    with db.session() as session:
        rows, total = ledger.list_events(
            session=session,
            subject_type=subject_type,
            subject_id=subject_id,
            event_type=type,
            page=paging.page,
            page_size=paging.page_size,
        )
        leaves = ledger.leaf_index_of(session=session, event_ids=[r.id for r in rows])
        items = [EventRead.of(r, leaves.get(r.id)).model_dump(mode="json") for r in rows]
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}
