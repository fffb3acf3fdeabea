"""Webhook deliveries: claim the due ones, POST signed JSON, record each outcome.

Each POST carries the JSON of :func:`qualicert.subscriptions.messages.webhook_body` and::

    Content-Type: application/json; charset=utf-8
    X-Qualicert-Event: certificate.suspend
    X-Qualicert-Delivery: 17
    X-Qualicert-Signature: t=<unix time>,v1=<hex HMAC-SHA256>   (see signing.py)

Any 2xx answer delivers it; anything else (another status, a redirect, a timeout, a refused
connection, a host that resolves to a private address) is a failed attempt, retried with
back-off (:mod:`qualicert.subscriptions.retry`). The answer's body is never read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert import __version__
from qualicert.config import Settings
from qualicert.errors import InvalidInput
from qualicert.subscriptions import claims, messages, notices, sealing, signing, urls
from qualicert.subscriptions.models import Delivery, Subscription


@dataclass(frozen=True)
class Outgoing:
    """One POST to make: where, what (the exact bytes) and with which secret."""

    delivery_id: int
    url: str
    secret: str
    event_type: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    """How one attempt went."""

    delivery_id: int
    ok: bool
    status_code: int | None = None
    error: str | None = None


def claim_due(
    *, session: Session, settings: Settings, now: dt.datetime, limit: int = 20
) -> tuple[str, list[Outgoing], int]:
    """Claim up to ``limit`` due webhook deliveries and build their requests.

    Returns the claim token, the requests, and how many claimed deliveries could never be
    sent and were failed at once (a deleted subscription, a secret that no longer opens).
    """
    lease = dt.timedelta(seconds=limit * settings.webhook_timeout_seconds + 60)
    token, rows = claims.claim(
        session, Delivery, now=now, lease=lease, limit=limit, where=[Delivery.channel == "webhook"]
    )
    items = _requests(session, settings, rows)
    return token, items, len(rows) - len(items)


def _requests(session: Session, settings: Settings, rows: Sequence[Delivery]) -> list[Outgoing]:
    """The POSTs of claimed deliveries, bodies rebuilt from their event rows."""
    if not rows:
        return []
    key = sealing.load_or_create(sealing.key_path(settings.var_dir))
    events = notices.events_by_id(session, [r.event_id for r in rows])
    wanted = sorted({r.subscription_id for r in rows})
    subs = {
        s.id: s for s in session.scalars(select(Subscription).where(Subscription.id.in_(wanted)))
    }
    names = notices.labels(session, events.values(), subs.values())
    certs = notices.certificates(session, events.values())
    out = []
    for row in rows:
        sub, event = subs[row.subscription_id], events[row.event_id]
        if not sub.active or sub.webhook_url is None or sub.webhook_secret is None:
            _give_up(row, "subscription deleted")
            continue
        try:
            secret = sealing.unseal(key, sub.webhook_secret, sub.id)
        except ValueError as exc:  # the key file was replaced: this secret is lost
            _give_up(row, f"{exc}; delete and re-create the subscription")
            continue
        cert = notices.certificate_of(event, certs)
        notice = notices.build(event, row.leaf_index, sub, names, cert, settings.public_url)
        body = messages.webhook_body(notice, row.id)
        out.append(Outgoing(row.id, sub.webhook_url, secret, event.event_type, body))
    return out


def _give_up(row: Delivery, reason: str) -> None:
    """A claimed delivery that can never be sent: failed at once, with the reason."""
    row.status, row.claim, row.last_error = "failed", None, reason


def headers(item: Outgoing, timestamp: int) -> dict[str, str]:
    """The request headers of one POST, its signature included."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"qualicert-webhooks/{__version__}",
        "X-Qualicert-Event": item.event_type,
        "X-Qualicert-Delivery": str(item.delivery_id),
        signing.HEADER: signing.header_value(item.secret, item.body, timestamp),
    }


def post(item: Outgoing, *, client: httpx.Client, settings: Settings) -> Outcome:
    """Make one POST; never raises for a network or receiver fault."""
    try:
        urls.check_resolved(item.url, allow_private=settings.webhook_allow_private)
    except InvalidInput as exc:
        return Outcome(item.delivery_id, ok=False, error=exc.message)
    except OSError as exc:
        return Outcome(item.delivery_id, ok=False, error=f"cannot resolve the host: {exc}")
    try:
        with client.stream(
            "POST", item.url, content=item.body, headers=headers(item, int(time.time()))
        ) as response:
            code = response.status_code
    except httpx.HTTPError as exc:
        return Outcome(item.delivery_id, ok=False, error=f"{type(exc).__name__}: {exc}")
    if 200 <= code < 300:
        return Outcome(item.delivery_id, ok=True, status_code=code)
    return Outcome(item.delivery_id, ok=False, status_code=code, error=f"HTTP {code}")


def post_all(items: Sequence[Outgoing], *, settings: Settings) -> list[Outcome]:
    """POST each item in turn over one client (a timeout per request, no redirects)."""
    if not items:
        return []
    timeout = httpx.Timeout(settings.webhook_timeout_seconds)
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        return [post(item, client=client, settings=settings) for item in items]


def record(
    *,
    session: Session,
    token: str,
    outcomes: Sequence[Outcome],
    settings: Settings,
    now: dt.datetime,
) -> dict[str, int]:
    """Settle the attempts still held with ``token``; returns how many reached each status."""
    rows = claims.held(session, Delivery, token, [o.delivery_id for o in outcomes])
    tally: dict[str, int] = {}
    for outcome in outcomes:
        row = rows.get(outcome.delivery_id)
        if row is None:  # the lease ran out and another sender took it over
            continue
        row.last_status_code = outcome.status_code
        status = claims.settle(
            row, ok=outcome.ok, error=outcome.error, done="delivered", settings=settings, now=now
        )
        tally[status] = tally.get(status, 0) + 1
    return tally
