"""Subscriptions of the acting user: create, list, read, delete, and read their deliveries.

Any signed-in user may watch any certificate, organisation or certification body, all of
them public; a user sees and changes only their own subscriptions. Another user's
subscription answers as if it did not exist (404), so ids reveal nothing. The platform
itself (the CLI's system actor) has no subscriptions. These rows are private settings and
write no events (see :mod:`qualicert.subscriptions.models`).
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.config import Settings
from qualicert.db import paginate, utcnow
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from qualicert.ledger.models import Event
from qualicert.subscriptions import mail, matcher, sealing, targets, urls
from qualicert.subscriptions.models import STATUSES, Delivery, OutboxMail, Subscription
from qualicert.subscriptions.schemas import DeliveryRead, SubscriptionCreate, SubscriptionRead

SECRET_PREFIX = "whsec_"
MAX_ACTIVE_PER_USER = 1000


def _owner(actor: Actor) -> int:
    """The acting user's id; the platform itself cannot subscribe."""
    if actor.user_id is None:
        raise Forbidden(
            "subscriptions belong to a signed-in user; the platform itself has none",
            "订阅属于登录用户，平台自身不能订阅",
            rule="user_required",
        )
    return actor.user_id


def _channels(data: SubscriptionCreate, settings: Settings) -> str | None:
    """The checked webhook URL; refuses a subscription with no way to be told."""
    if not data.webhook_url and not data.email:
        raise InvalidInput(
            "give a webhook_url, an email, or both",
            "请提供回调地址（webhook_url）或电子邮件地址（email），或两者都提供",
            rule="channel_required",
            field="webhook_url",
        )
    if data.email and not mail.configured(settings):
        raise InvalidInput(
            "this platform sends no e-mail (no SMTP server is configured); use a webhook_url",
            "本平台未配置邮件服务器，无法发送电子邮件，请使用回调地址",
            rule="smtp_off",
            field="email",
        )
    if not data.webhook_url:
        return None
    return urls.check(data.webhook_url, allow_private=settings.webhook_allow_private)


def _check_quota(session: Session, user_id: int) -> None:
    active = session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(Subscription.user_id == user_id, Subscription.active.is_(True))
    )
    if (active or 0) >= MAX_ACTIVE_PER_USER:
        raise RuleViolation(
            f"a user may hold at most {MAX_ACTIVE_PER_USER} active subscriptions",
            f"每个用户最多可有 {MAX_ACTIVE_PER_USER} 个有效订阅",
            rule="subscription_quota",
        )


def create(
    *, session: Session, actor: Actor, data: SubscriptionCreate, settings: Settings
) -> tuple[Subscription, str | None]:
    """Subscribe the acting user; returns the row and the webhook secret (shown once)."""
    user_id = _owner(actor)
    target_id, _ = targets.resolve(session, data.target_kind, data.target_id)
    url = _channels(data, settings)
    _check_quota(session, user_id)
    sub = Subscription(
        user_id=user_id,
        target_kind=data.target_kind,
        target_id=target_id,
        webhook_url=url,
        email=data.email,
        active=True,
        from_leaf_index=matcher.log_end(session),
        created_at=utcnow(),
    )
    session.add(sub)
    session.flush()
    if url is None:
        return sub, None
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    key = sealing.load_or_create(sealing.key_path(settings.var_dir))
    sub.webhook_secret = sealing.seal(key, secret, sub.id)
    return sub, secret


def get_own(*, session: Session, actor: Actor, subscription_id: int) -> Subscription:
    """One of the acting user's subscriptions; anybody else's is not found."""
    sub = session.get(Subscription, subscription_id)
    if sub is None or sub.user_id != _owner(actor):
        raise NotFound(
            f"you have no subscription {subscription_id}",
            f"您没有编号为 {subscription_id} 的订阅",
            rule="exists",
            field="subscription_id",
        )
    return sub


def list_own(
    *, session: Session, actor: Actor, page: int = 1, page_size: int = 50
) -> tuple[list[Subscription], int]:
    """The acting user's subscriptions, newest first (deleted ones too, marked inactive)."""
    query = (
        select(Subscription)
        .where(Subscription.user_id == _owner(actor))
        .order_by(Subscription.id.desc())
    )
    return paginate(session, query, page, page_size)


def views(*, session: Session, rows: list[Subscription]) -> list[SubscriptionRead]:
    """Subscriptions as their owner sees them, with the watched target's number or name."""
    names = targets.labels(session, [(r.target_kind, r.target_id) for r in rows])
    return [
        SubscriptionRead.model_validate(r).model_copy(
            update={"target_label": names.get((r.target_kind, r.target_id))}
        )
        for r in rows
    ]


def delete(*, session: Session, actor: Actor, subscription_id: int) -> Subscription:
    """End a subscription: nothing more is queued, and what waits is not sent."""
    sub = get_own(session=session, actor=actor, subscription_id=subscription_id)
    if not sub.active:
        raise Conflict(
            f"subscription {subscription_id} is already deleted",
            f"订阅 {subscription_id} 已删除",
            rule="state",
            field="subscription_id",
        )
    sub.active, sub.deleted_at, sub.webhook_secret = False, utcnow(), None
    waiting = select(Delivery.id).where(
        Delivery.subscription_id == sub.id, Delivery.status == "pending"
    )
    gone = {"status": "failed", "claim": None, "last_error": "subscription deleted"}
    session.execute(
        update(OutboxMail)
        .where(OutboxMail.delivery_id.in_(waiting.scalar_subquery()))
        .values(**gone)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(waiting.scalar_subquery()))
        .values(**gone)
        .execution_options(synchronize_session=False)
    )
    return sub


def deliveries(
    *,
    session: Session,
    actor: Actor,
    subscription_id: int,
    status: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[DeliveryRead], int]:
    """The delivery log of one of the acting user's subscriptions, newest first."""
    sub = get_own(session=session, actor=actor, subscription_id=subscription_id)
    query = select(Delivery).where(Delivery.subscription_id == sub.id).order_by(Delivery.id.desc())
    if status is not None:
        query = query.where(Delivery.status == _check_status(status))
    rows, total = paginate(session, query, page, page_size)
    query_kinds = select(Event.id, Event.event_type).where(Event.id.in_({r.event_id for r in rows}))
    kinds = {int(i): str(t) for i, t in session.execute(query_kinds)}
    items = [
        DeliveryRead.model_validate({**_columns(row), "event_type": kinds.get(row.event_id, "")})
        for row in rows
    ]
    return items, total


def _check_status(status: str) -> str:
    if status not in STATUSES:
        allowed = ", ".join(STATUSES)
        raise InvalidInput(
            f"status {status!r} is not one of {allowed}",
            f"状态 {status!r} 无效，可选：{allowed}",
            rule="enum",
            field="status",
        )
    return status


def _columns(row: Delivery) -> dict[str, object]:
    return {name: getattr(row, name) for name in DeliveryRead.model_fields if hasattr(row, name)}
