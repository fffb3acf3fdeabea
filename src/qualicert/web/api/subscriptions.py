"""/api/v1/subscriptions: the signed-in user's subscriptions and their delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from qualicert.config import Settings
from qualicert.registry.schemas import Page
from qualicert.subscriptions import service
from qualicert.subscriptions.schemas import (
    DeliveryRead,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
)
from qualicert.web.deps import ActorDep, DbDep, PagingDep, get_settings

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])
SettingsDep = Annotated[Settings, Depends(get_settings)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_subscription(
    data: SubscriptionCreate, db: DbDep, actor: ActorDep, settings: SettingsDep
) -> SubscriptionCreated:
    """Watch a certificate, organisation or body; the webhook secret is shown this once."""
    with db.session() as session:
        row, secret = service.create(session=session, actor=actor, data=data, settings=settings)
        [view] = service.views(session=session, rows=[row])
    return SubscriptionCreated(**view.model_dump(), webhook_secret=secret)


@router.get("")
def list_subscriptions(db: DbDep, actor: ActorDep, paging: PagingDep) -> Page[SubscriptionRead]:
    """Your subscriptions, newest first."""
    with db.session() as session:
        rows, total = service.list_own(
            session=session, actor=actor, page=paging.page, page_size=paging.page_size
        )
        items = service.views(session=session, rows=rows)
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/{subscription_id}")
def get_subscription(subscription_id: int, db: DbDep, actor: ActorDep) -> SubscriptionRead:
    """One of your subscriptions."""
    with db.session() as session:
        row = service.get_own(session=session, actor=actor, subscription_id=subscription_id)
        [view] = service.views(session=session, rows=[row])
    return view


@router.delete("/{subscription_id}")
def delete_subscription(subscription_id: int, db: DbDep, actor: ActorDep) -> SubscriptionRead:
    """End one of your subscriptions; deliveries still waiting are not sent."""
    with db.session() as session:
        row = service.delete(session=session, actor=actor, subscription_id=subscription_id)
        [view] = service.views(session=session, rows=[row])
    return view


@router.get("/{subscription_id}/deliveries")
def list_deliveries(
    subscription_id: int,
    db: DbDep,
    actor: ActorDep,
    paging: PagingDep,
    status: str | None = None,
) -> Page[DeliveryRead]:
    """The delivery log of one of your subscriptions, newest first (``?status=failed``)."""
    with db.session() as session:
        items, total = service.deliveries(
            session=session,
            actor=actor,
            subscription_id=subscription_id,
            status=status,
            page=paging.page,
            page_size=paging.page_size,
        )
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)
