"""Claims: two senders at once never take the same delivery; a lost claim settles nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from qualicert.db import transaction, utcnow
from qualicert.subscriptions import claims, matcher
from qualicert.subscriptions import service as subscriptions
from qualicert.subscriptions.models import Delivery
from qualicert.subscriptions.schemas import SubscriptionCreate
from tests import factories
from tests.subscriptions.test_matcher import rename

pytestmark = pytest.mark.db
LEASE = dt.timedelta(minutes=5)


@pytest.fixture
def due(factory, settings):
    """Three webhook deliveries due now."""
    with transaction(factory) as s:
        org = factories.organization(s)
        actor = factories.user(s, "regulator")
    with transaction(factory) as s:
        data = SubscriptionCreate(
            target_kind="organization", target_id=org.id, webhook_url="https://a.example.cn/h"
        )
        subscriptions.create(session=s, actor=actor, data=data, settings=settings)
        org_id = org.id
    for n in range(3):
        rename(factory, org_id, f"上海第{n}科技有限公司")
    with transaction(factory) as s:
        assert matcher.match(session=s, settings=settings).deliveries == 3


def test_a_second_sender_takes_none_of_what_the_first_holds(factory, due):
    now = utcnow()
    with transaction(factory) as s:
        first_token, first = claims.claim(s, Delivery, now=now, lease=LEASE, limit=2)
    with transaction(factory) as s:
        second_token, second = claims.claim(s, Delivery, now=now, lease=LEASE, limit=10)
    with transaction(factory) as s:
        _, third = claims.claim(s, Delivery, now=now, lease=LEASE, limit=10)
    assert len(first) == 2
    assert len(second) == 1
    assert third == []
    assert {r.id for r in first}.isdisjoint(r.id for r in second)
    assert first_token != second_token
    assert all(r.attempts == 1 for r in [*first, *second])


def test_only_the_holder_settles_and_an_expired_lease_is_claimed_again(factory, settings, due):
    now = utcnow()
    with transaction(factory) as s:
        old_token, rows = claims.claim(s, Delivery, now=now, lease=LEASE, limit=1)
    [row_id] = [r.id for r in rows]
    later = now + LEASE + dt.timedelta(seconds=1)
    with transaction(factory) as s:
        new_token, again = claims.claim(s, Delivery, now=later, lease=LEASE, limit=3)
    assert row_id in {r.id for r in again}
    with transaction(factory) as s:
        assert claims.held(s, Delivery, old_token, [row_id]) == {}
        held = claims.held(s, Delivery, new_token, [row_id])
        status = claims.settle(
            held[row_id], ok=True, error=None, done="delivered", settings=settings, now=later
        )
    assert status == "delivered"
    with transaction(factory) as s:
        row = s.scalar(select(Delivery).where(Delivery.id == row_id))
        assert (row.status, row.attempts, row.claim) == ("delivered", 2, None)
