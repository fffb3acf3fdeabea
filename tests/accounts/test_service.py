"""Users with roles and scopes; API tokens shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

import hashlib

import pytest

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import Role
from qualicert.accounts.models import ApiToken
from qualicert.db import transaction
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from qualicert.ledger import service as ledger
from tests import factories
from tests.helpers import all_text, snapshot

SYSTEM = factories.SYSTEM


def create(session, name="someone", role="regulator", **scope):
    return accounts.create_user(session=session, actor=SYSTEM, name=name, role=role, **scope)


# Users -----------------------------------------------------------------------------------


def test_regulator_needs_no_scope(session):
    user = create(session, role="regulator")
    assert (user.role, user.region_code, user.body_id) == ("regulator", None, None)


def test_each_scoped_role_is_created_with_its_scope(session):
    body = factories.body(session)
    lab = factories.lab(session)
    org = factories.organization(session)
    person = factories.person(session)
    cases = [
        ("regional-regulator", {"region_code": "330000"}, "region_code", "330000"),
        ("body-admin", {"body_id": body.id}, "body_id", body.id),
        ("body-staff", {"body_id": body.id}, "body_id", body.id),
        ("lab-staff", {"lab_id": lab.id}, "lab_id", lab.id),
        ("enterprise", {"organization_id": org.id}, "organization_id", org.id),
        ("auditor", {"person_id": person.id}, "person_id", person.id),
    ]
    for n, (role, scope, field, value) in enumerate(cases):
        user = create(session, name=f"u{n}", role=role, **scope)
        assert getattr(user, field) == value
        actor = accounts.actor_for(user)
        assert actor.role is Role(role)
        assert getattr(actor, field) == value


def test_creating_a_user_writes_one_event(session):
    user = create(session, role="regional-regulator", region_code="330000")
    (event,) = ledger.history(session=session, subject_type="users", subject_id=str(user.id))
    assert event.event_type == "user.created"
    assert event.payload == '{"region_code":"330000","role":"regional-regulator"}'


@pytest.mark.parametrize("role", ["admin", "system", "", "REGULATOR"])
def test_unknown_roles_are_refused_with_the_list_of_roles(session, role):
    with pytest.raises(InvalidInput) as info:
        create(session, role=role)
    assert info.value.field == "role"
    assert "regional-regulator" in info.value.message
    assert "system" not in info.value.message.split("one of")[1]


@pytest.mark.parametrize(
    ("role", "missing"),
    [
        ("regional-regulator", "region_code"),
        ("body-admin", "body_id"),
        ("body-staff", "body_id"),
        ("lab-staff", "lab_id"),
        ("enterprise", "organization_id"),
        ("auditor", "person_id"),
    ],
)
def test_a_scoped_role_without_its_scope_is_refused(session, role, missing):
    with pytest.raises(InvalidInput) as info:
        create(session, role=role)
    assert (info.value.rule, info.value.field) == ("role_scope", missing)
    assert f"needs {missing}" in info.value.message


def test_a_scope_the_role_does_not_take_is_refused(session):
    with pytest.raises(InvalidInput) as info:
        create(session, role="regulator", region_code="330000")
    assert info.value.field == "region_code"
    assert "takes no region_code" in info.value.message


def test_two_scopes_are_refused(session):
    body = factories.body(session)
    with pytest.raises(InvalidInput) as info:
        create(session, role="regional-regulator", region_code="330000", body_id=body.id)
    assert info.value.field == "body_id"


@pytest.mark.parametrize("region", ["990000", "33000", "abcdef"])
def test_an_unknown_region_is_refused(session, region):
    with pytest.raises(InvalidInput) as info:
        create(session, role="regional-regulator", region_code=region)
    assert (info.value.rule, info.value.field) == ("region_code", "region_code")


@pytest.mark.parametrize(
    ("role", "field"),
    [
        ("body-admin", "body_id"),
        ("lab-staff", "lab_id"),
        ("enterprise", "organization_id"),
        ("auditor", "person_id"),
    ],
)
def test_a_scope_that_does_not_exist_is_refused(session, role, field):
    with pytest.raises(InvalidInput) as info:
        create(session, role=role, **{field: 999})
    assert (info.value.rule, info.value.field) == ("exists", field)


def test_user_names_are_unique(session):
    create(session, name="zhang")
    with pytest.raises(Conflict) as info:
        create(session, name=" zhang ")
    assert info.value.field == "name"


def test_a_blank_user_name_is_refused(session):
    with pytest.raises(InvalidInput) as info:
        create(session, name="   ")
    assert info.value.field == "name"


def test_a_body_admin_may_add_staff_to_its_own_body_only(session):
    mine, other = factories.body(session), factories.body(session)
    admin = factories.user(session, "body-admin", body_id=mine.id)
    staff = accounts.create_user(
        session=session, actor=admin, name="staff", role="body-staff", body_id=mine.id
    )
    assert staff.body_id == mine.id
    with pytest.raises(Forbidden):
        accounts.create_user(
            session=session, actor=admin, name="spy", role="body-staff", body_id=other.id
        )


@pytest.mark.parametrize("role", ["regulator", "regional-regulator", "enterprise"])
def test_a_body_admin_may_not_create_other_roles(session, role):
    body = factories.body(session)
    admin = factories.user(session, "body-admin", body_id=body.id)
    with pytest.raises(Forbidden):
        accounts.create_user(
            session=session, actor=admin, name="x", role=role, region_code="330000"
        )


def test_a_regional_regulator_may_not_create_users(session):
    actor = factories.user(session, "regional-regulator", region_code="330000")
    with pytest.raises(Forbidden):
        accounts.create_user(
            session=session, actor=actor, name="x", role="regional-regulator", region_code="330100"
        )


def test_get_user_of_an_unknown_name_is_not_found(session):
    with pytest.raises(NotFound):
        accounts.get_user(session=session, name="nobody")


def test_refused_user_creation_changes_nothing(engine, factory):
    before = snapshot(engine)
    with pytest.raises(InvalidInput), transaction(factory) as session:
        create(session, role="regional-regulator", region_code="990000")
    assert snapshot(engine) == before


# Tokens ----------------------------------------------------------------------------------


def test_token_text_names_its_id_and_the_database_keeps_only_a_digest(engine, factory):
    with transaction(factory) as session:
        create(session, name="zhang")
        row, text = accounts.create_token(session=session, actor=SYSTEM, user_name="zhang")
    prefix, token_id, secret = text.split("_", 2)
    assert (prefix, int(token_id)) == ("qct", row.id)
    assert len(secret) >= 40
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = all_text(engine)
    assert secret not in stored
    assert text not in stored


def test_a_token_authenticates_as_its_user(session):
    body = factories.body(session)
    create(session, name="admin", role="body-admin", body_id=body.id)
    _, text = accounts.create_token(session=session, actor=SYSTEM, user_name="admin")
    actor = accounts.authenticate(session=session, token=text)
    assert (actor.name, actor.role, actor.body_id) == ("admin", Role.BODY_ADMIN, body.id)


def test_token_creation_is_an_event_without_the_secret(session):
    create(session, name="zhang")
    row, text = accounts.create_token(session=session, actor=SYSTEM, user_name="zhang", name="ci")
    (event,) = ledger.history(session=session, subject_type="api_tokens", subject_id=str(row.id))
    assert event.event_type == "token.created"
    assert text.split("_", 2)[2] not in event.payload
    assert '"name":"ci"' in event.payload


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t.replace("qct_", "qcx_"),
        lambda t: t.split("_", 2)[0] + "_999_" + t.split("_", 2)[2],
        lambda t: t.split("_", 2)[0] + "_x_" + t.split("_", 2)[2],
        lambda t: t.rsplit("_", 1)[0] + "_",
        lambda t: "",
        lambda t: "qct",
    ],
)
def test_a_wrong_or_malformed_token_is_refused_alike(session, mangle):
    create(session, name="zhang")
    _, text = accounts.create_token(session=session, actor=SYSTEM, user_name="zhang")
    with pytest.raises(Unauthenticated) as info:
        accounts.authenticate(session=session, token=mangle(text))
    assert info.value.status == 401
    assert info.value.message == "the bearer token is unknown, expired or revoked"


def test_a_revoked_token_is_refused(factory):
    text = factories.revoked_token(factory)
    with transaction(factory) as session, pytest.raises(Unauthenticated):
        accounts.authenticate(session=session, token=text)


def test_an_expired_token_is_refused(factory):
    text = factories.expired_token(factory)
    with transaction(factory) as session, pytest.raises(Unauthenticated):
        accounts.authenticate(session=session, token=text)


def test_revoking_is_an_event_and_revoking_twice_is_a_conflict(session):
    create(session, name="zhang")
    row, _ = accounts.create_token(session=session, actor=SYSTEM, user_name="zhang")
    accounts.revoke_token(session=session, actor=SYSTEM, token_id=row.id)
    assert row.revoked_at is not None
    events = ledger.history(session=session, subject_type="api_tokens", subject_id=str(row.id))
    assert [e.event_type for e in events] == ["token.created", "token.revoked"]
    with pytest.raises(Conflict):
        accounts.revoke_token(session=session, actor=SYSTEM, token_id=row.id)


def test_revoking_an_unknown_token_is_not_found(session):
    with pytest.raises(NotFound) as info:
        accounts.revoke_token(session=session, actor=SYSTEM, token_id=404)
    assert info.value.field == "token_id"


def test_a_user_manages_its_own_tokens_but_not_others(session):
    zhang = accounts.actor_for(
        create(session, name="zhang", role="regional-regulator", region_code="330000")
    )
    create(session, name="li")
    own, _ = accounts.create_token(session=session, actor=zhang, user_name="zhang")
    accounts.revoke_token(session=session, actor=zhang, token_id=own.id)
    with pytest.raises(Forbidden):
        accounts.create_token(session=session, actor=zhang, user_name="li")
    other, _ = accounts.create_token(session=session, actor=SYSTEM, user_name="li")
    with pytest.raises(Forbidden):
        accounts.revoke_token(session=session, actor=zhang, token_id=other.id)


def test_token_lifetime_must_be_at_least_a_day(session):
    create(session, name="zhang")
    with pytest.raises(InvalidInput) as info:
        accounts.create_token(session=session, actor=SYSTEM, user_name="zhang", ttl_days=0)
    assert info.value.field == "ttl_days"


def test_a_token_for_an_unknown_user_is_not_found(session):
    with pytest.raises(NotFound):
        accounts.create_token(session=session, actor=SYSTEM, user_name="nobody")


def test_list_tokens_of_one_user(session):
    create(session, name="zhang")
    create(session, name="li")
    accounts.create_token(session=session, actor=SYSTEM, user_name="zhang")
    accounts.create_token(session=session, actor=SYSTEM, user_name="li")
    accounts.create_token(session=session, actor=SYSTEM, user_name="li")
    assert len(accounts.list_tokens(session=session)) == 3
    li = accounts.get_user(session=session, name="li")
    assert {t.user_id for t in accounts.list_tokens(session=session, user_name="li")} == {li.id}
    assert all(isinstance(t, ApiToken) for t in accounts.list_tokens(session=session))
