"""Subscription service: the acting user's own subscriptions only, targets that exist, channels."""

from __future__ import annotations

import pytest

from qualicert.accounts.actor import system_actor
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound
from qualicert.subscriptions import sealing, service
from qualicert.subscriptions.models import Subscription
from qualicert.subscriptions.schemas import SubscriptionCreate
from tests import factories
from tests.helpers import all_text

pytestmark = pytest.mark.db


@pytest.fixture
def org(session):
    return factories.organization(session, name="宁波甬达电器有限公司")


def watch(session, actor, settings, **over):
    data = {"target_kind": "organization", "webhook_url": "https://buyer.example.cn/hook"} | over
    return service.create(
        session=session, actor=actor, data=SubscriptionCreate(**data), settings=settings
    )


def test_a_webhook_subscription_gets_a_secret_stored_only_sealed(session, engine, settings, org):
    buyer = factories.user(session, "regulator")
    sub, secret = watch(session, buyer, settings, target_id=org.id)
    session.commit()
    assert secret is not None
    assert secret.startswith("whsec_")
    assert len(secret) > 40
    assert sub.user_id == buyer.user_id
    assert (sub.target_kind, sub.target_id, sub.active) == ("organization", org.id, True)
    key = sealing.load_or_create(sealing.key_path(settings.var_dir))
    assert sealing.unseal(key, sub.webhook_secret, sub.id) == secret
    assert secret not in all_text(engine)


def test_targets_are_found_by_id_uscc_or_approval_number(session, settings, org):
    actor = factories.user(session, "regulator")
    body = factories.body(session, approval_number="CNCA-R-2002-123")
    by_uscc, _ = watch(session, actor, settings, target_id=org.uscc.lower())
    assert by_uscc.target_id == org.id
    by_approval, _ = watch(
        session, actor, settings, target_kind="body", target_id="cnca-r-2002-123"
    )
    assert by_approval.target_id == body.id
    by_id, _ = watch(session, actor, settings, target_kind="body", target_id=body.id)
    assert by_id.target_id == body.id


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("organization", 999_999),
        ("organization", "91110108MA00000000"),
        ("certificate", "NO-SUCH"),
        ("body", 424242),
    ],
)
def test_a_missing_target_is_not_found_naming_it(session, settings, kind, key):
    actor = factories.user(session, "regulator")
    with pytest.raises(NotFound) as caught:
        watch(session, actor, settings, target_kind=kind, target_id=key)
    assert caught.value.field == "target_id"
    assert str(key) in caught.value.message


def test_a_subscription_needs_a_way_to_be_told(session, settings, org):
    actor = factories.user(session, "regulator")
    with pytest.raises(InvalidInput) as caught:
        watch(session, actor, settings, target_id=org.id, webhook_url=None)
    assert (caught.value.field, caught.value.rule) == ("webhook_url", "channel_required")


def test_email_is_refused_where_no_smtp_server_is_set(session, settings, org):
    actor = factories.user(session, "regulator")
    quiet = settings.model_copy(update={"smtp_host": ""})
    with pytest.raises(InvalidInput) as caught:
        watch(session, actor, quiet, target_id=org.id, webhook_url=None, email="a@example.cn")
    assert (caught.value.field, caught.value.rule) == ("email", "smtp_off")
    sub, secret = watch(
        session, actor, settings, target_id=org.id, webhook_url=None, email="a@example.cn"
    )
    assert (sub.email, sub.webhook_url, sub.webhook_secret, secret) == (
        "a@example.cn",
        None,
        None,
        None,
    )


def test_private_webhook_hosts_follow_the_setting(session, settings, org):
    actor = factories.user(session, "regulator")
    strict = settings.model_copy(update={"webhook_allow_private": False})
    with pytest.raises(InvalidInput) as caught:
        watch(session, actor, strict, target_id=org.id, webhook_url="http://127.0.0.1:9/hook")
    assert caught.value.rule == "webhook_url_private"
    watch(session, actor, settings, target_id=org.id, webhook_url="http://127.0.0.1:9/hook")


def test_the_platform_itself_cannot_subscribe(session, settings, org):
    with pytest.raises(Forbidden) as caught:
        watch(session, system_actor("cli"), settings, target_id=org.id)
    assert caught.value.rule == "user_required"


def test_users_see_and_delete_only_their_own(session, settings, org):
    alice = factories.user(session, "regulator")
    bob = factories.user(session, "enterprise", organization_id=org.id)
    mine, _ = watch(session, alice, settings, target_id=org.id)
    theirs, _ = watch(session, bob, settings, target_id=org.id)
    rows, total = service.list_own(session=session, actor=alice)
    assert (total, [r.id for r in rows]) == (1, [mine.id])
    for call in (service.get_own, service.delete, service.deliveries):
        with pytest.raises(NotFound) as caught:
            call(session=session, actor=alice, subscription_id=theirs.id)
        assert caught.value.field == "subscription_id"
    assert session.get(Subscription, theirs.id).active


def test_delete_ends_it_once(session, settings, org):
    actor = factories.user(session, "regulator")
    sub, _ = watch(session, actor, settings, target_id=org.id)
    gone = service.delete(session=session, actor=actor, subscription_id=sub.id)
    assert (gone.active, gone.webhook_secret) == (False, None)
    assert gone.deleted_at is not None
    with pytest.raises(Conflict) as caught:
        service.delete(session=session, actor=actor, subscription_id=sub.id)
    assert caught.value.rule == "state"


def test_the_delivery_log_refuses_an_unknown_status(session, settings, org):
    actor = factories.user(session, "regulator")
    sub, _ = watch(session, actor, settings, target_id=org.id)
    with pytest.raises(InvalidInput) as caught:
        service.deliveries(session=session, actor=actor, subscription_id=sub.id, status="lost")
    assert caught.value.field == "status"
