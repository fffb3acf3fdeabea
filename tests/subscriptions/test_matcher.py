"""The matcher: events by log leaf from the cursor, to the watchers of the targets they concern."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, update

from qualicert.accounts.actor import system_actor
from qualicert.db import transaction
from qualicert.ledger.models import Event
from qualicert.registry import schemas
from qualicert.registry import service as registry
from qualicert.subscriptions import matcher
from qualicert.subscriptions import service as subscriptions
from qualicert.subscriptions.models import Delivery, MatchCursor, OutboxMail
from qualicert.subscriptions.schemas import SubscriptionCreate
from tests import factories

pytestmark = pytest.mark.db
SYSTEM = system_actor("test")


@pytest.fixture
def registry_rows(factory):
    """Two organisations and a body, committed (so their events have leaves)."""
    with transaction(factory) as s:
        rows = (factories.organization(s), factories.organization(s), factories.body(s))
        return tuple(r.id for r in rows)


def watch(factory, settings, kind, target_id, **channels):
    channels = channels or {"webhook_url": "https://buyer.example.cn/hook"}
    with transaction(factory) as s:
        actor = factories.user(s, "regulator")
        data = SubscriptionCreate(target_kind=kind, target_id=target_id, **channels)
        sub, _ = subscriptions.create(session=s, actor=actor, data=data, settings=settings)
        return sub.id


def match(factory, settings, batch=500):
    with transaction(factory) as s:
        return matcher.match(session=s, settings=settings, batch=batch)


def deliveries(factory):
    with transaction(factory) as s:
        rows = s.scalars(select(Delivery).order_by(Delivery.id)).all()
        return [(r.subscription_id, r.event_id, r.channel) for r in rows]


def rename(factory, org_id, name):
    with transaction(factory) as s:
        registry.update_organization(
            session=s,
            actor=SYSTEM,
            organization_id=org_id,
            data=schemas.OrganizationUpdate(name=name),
        )


def test_an_organisation_event_reaches_its_watchers_only(factory, settings, registry_rows):
    first, second, body = registry_rows
    mine = watch(factory, settings, "organization", first)
    watch(factory, settings, "organization", second)
    watch(factory, settings, "body", body)
    rename(factory, first, "北京新名称科技有限公司")
    result = match(factory, settings)
    assert result.deliveries == 1
    [(sub_id, _, channel)] = deliveries(factory)
    assert (sub_id, channel) == (mine, "webhook")


def test_a_body_status_change_reaches_the_body_watchers(factory, settings, registry_rows):
    _, _, body = registry_rows
    watcher = watch(
        factory, settings, "body", body, webhook_url="https://a.example.cn/h", email="r@example.cn"
    )
    with transaction(factory) as s:
        registry.change_body_status(
            session=s,
            actor=SYSTEM,
            body_id=body,
            change=factories.status("suspended", "监督抽查不合格"),
        )
    assert match(factory, settings).deliveries == 2
    assert {(d[0], d[2]) for d in deliveries(factory)} == {(watcher, "webhook"), (watcher, "email")}
    with transaction(factory) as s:
        [mail] = s.scalars(select(OutboxMail)).all()
        assert mail.to_address == "r@example.cn"
        assert "状态已变更" in mail.subject
        assert "status changed" in mail.subject


def test_the_first_run_skips_history_and_a_cursor_moved_back_adds_nothing(
    factory, settings, registry_rows
):
    first, _, _ = registry_rows
    with transaction(factory) as s:
        end = matcher.log_end(s)
    assert end > 0
    assert match(factory, settings).deliveries == 0  # no subscription yet: straight to the end
    with transaction(factory) as s:
        assert s.get(MatchCursor, matcher.CURSOR_ID).next_leaf_index == end
    watch(factory, settings, "organization", first)
    rename(factory, first, "北京一号科技有限公司")
    rename(factory, first, "北京二号科技有限公司")
    assert match(factory, settings).deliveries == 2
    with transaction(factory) as s:
        s.execute(update(MatchCursor).values(next_leaf_index=0))
    assert match(factory, settings).events > 0
    assert len(deliveries(factory)) == 2


def test_small_batches_reach_the_end_of_the_log(factory, settings, registry_rows):
    first, _, _ = registry_rows
    watch(factory, settings, "organization", first)
    for n in range(5):
        rename(factory, first, f"北京第{n}科技有限公司")
    seen = 0
    while result := match(factory, settings, batch=2):
        if not result.events:
            break
        assert result.events <= 2
        seen += result.deliveries
    assert seen == 5
    with transaction(factory) as s:
        assert s.get(MatchCursor, matcher.CURSOR_ID).next_leaf_index == matcher.log_end(s)
        assert s.scalar(select(func.count()).select_from(Delivery)) == 5


def test_email_is_queued_only_where_smtp_is_set(factory, settings, registry_rows):
    first, _, _ = registry_rows
    watch(factory, settings, "organization", first, email="buyer@example.cn")
    rename(factory, first, "北京三号科技有限公司")
    assert match(factory, settings.model_copy(update={"smtp_host": ""})).deliveries == 0
    assert deliveries(factory) == []


def test_the_mail_details_are_the_event_payload(factory, settings, registry_rows):
    first, _, _ = registry_rows
    watch(factory, settings, "organization", first, email="buyer@example.cn")
    rename(factory, first, "北京四号科技有限公司")
    match(factory, settings)
    with transaction(factory) as s:
        [mail] = s.scalars(select(OutboxMail)).all()
        [delivery] = s.scalars(select(Delivery)).all()
        event = s.get(Event, delivery.event_id)
    details = mail.body[mail.body.index("{") : mail.body.rindex("}") + 1]
    assert json.loads(details) == json.loads(event.payload)
    assert "北京四号科技有限公司" in mail.subject
    assert event.event_type == "organization.updated"
