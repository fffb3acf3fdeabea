"""Notices built from stored rows: one event as told to one subscription.

The matcher builds them for the e-mail text; the webhook sender builds them again at each
attempt from the event row (which never changes), so a retried POST carries the same body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.ledger.models import Event
from qualicert.subscriptions import targets
from qualicert.subscriptions.messages import Notice
from qualicert.subscriptions.models import Subscription


def subject_target(event: Event) -> targets.Target | None:
    """The event's own subject as a target, when subscribers can watch it."""
    kind = targets.subject_kind(event.subject_type)
    if kind is None or not event.subject_id.isdigit():
        return None
    return kind, int(event.subject_id)


def build(
    event: Event,
    leaf_index: int,
    subscription: Subscription,
    names: Mapping[targets.Target, str],
    certificate: targets.CertificateRef | None,
    public_url: str,
) -> Notice:
    """The notice of ``event`` for ``subscription``; ``names`` holds the labels of targets."""
    watched = (subscription.target_kind, subscription.target_id)
    own = subject_target(event)
    return Notice(
        subscription_id=subscription.id,
        target_kind=subscription.target_kind,
        target_id=subscription.target_id,
        target_label=names.get(watched, str(subscription.target_id)),
        event_id=event.id,
        event_type=event.event_type,
        occurred_at=event.occurred_at,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        subject_label=names.get(own, event.subject_id) if own else event.subject_id,
        leaf_index=leaf_index,
        payload=json.loads(event.payload),
        certificate_number=certificate.number if certificate else None,
        public_url=public_url,
    )


def labels(
    session: Session, events: Iterable[Event], subscriptions: Iterable[Subscription]
) -> dict[targets.Target, str]:
    """Labels of the events' subjects and of the subscriptions' targets (a query per kind)."""
    wanted = {t for e in events if (t := subject_target(e)) is not None}
    wanted |= {(s.target_kind, s.target_id) for s in subscriptions}
    return targets.labels(session, wanted)


def certificates(session: Session, events: Iterable[Event]) -> dict[int, targets.CertificateRef]:
    """The certificates among the events' subjects, by id."""
    return targets.certificates(session, [int(e.subject_id) for e in events if is_certificate(e)])


def is_certificate(event: Event) -> bool:
    """True when the event is about a certificate."""
    return event.subject_type == "certificates" and event.subject_id.isdigit()


def certificate_of(
    event: Event, certs: Mapping[int, targets.CertificateRef]
) -> targets.CertificateRef | None:
    """The certificate an event is about, when it is about one."""
    return certs.get(int(event.subject_id)) if is_certificate(event) else None


def events_by_id(session: Session, ids: Iterable[int]) -> dict[int, Event]:
    """Event rows by id (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(wanted)))}
