"""Certification bodies: approval, scope of schemes, contact details, status, search."""

from __future__ import annotations

import datetime as dt

import pytest

from qualicert.db import transaction
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound
from qualicert.registry import schemas, service
from tests import factories
from tests.helpers import snapshot

SYSTEM = factories.SYSTEM


def update(session, actor, body, **fields):
    return service.update_body(
        session=session, actor=actor, body_id=body.id, data=schemas.BodyUpdate(**fields)
    )


def change_status(session, actor, body, status):
    return service.change_body_status(
        session=session, actor=actor, body_id=body.id, change=factories.status(status)
    )


def test_a_body_is_approved_with_its_schemes(session):
    qms, ems = factories.scheme(session), factories.scheme(session)
    body = factories.body(
        session, scheme_ids=[ems.id, qms.id, qms.id], approved_on=dt.date(2003, 5, 1)
    )
    assert body.scheme_ids == sorted({qms.id, ems.id})
    assert (body.status, body.status_since) == ("approved", dt.date(2003, 5, 1))


def test_an_unknown_scheme_in_scope_is_refused(session):
    with pytest.raises(InvalidInput) as info:
        factories.body(session, scheme_ids=[404])
    assert (info.value.rule, info.value.field) == ("exists", "scheme_ids")


def test_a_duplicate_approval_number_is_a_conflict(session):
    factories.body(session, approval_number="CNCA-R-2002-001")
    with pytest.raises(Conflict) as info:
        factories.body(session, approval_number="cnca-r-2002-001")
    assert info.value.field == "approval_number"


@pytest.mark.parametrize("role", ["regional-regulator", "body-admin"])
def test_only_the_national_regulator_approves_bodies(session, role):
    scope = {"region_code": "110000"} if role == "regional-regulator" else {}
    if role == "body-admin":
        scope = {"body_id": factories.body(session).id}
    actor = factories.user(session, role, **scope)
    with pytest.raises(Forbidden):
        factories.body(session, actor=actor)


def test_the_regulator_changes_names_and_the_scheme_scope(session):
    qms, ems = factories.scheme(session), factories.scheme(session)
    body = factories.body(session, scheme_ids=[qms.id])
    update(session, SYSTEM, body, name="新名称认证中心", scheme_ids=[ems.id])
    assert (body.name, body.scheme_ids) == ("新名称认证中心", [ems.id])


def test_the_body_admin_changes_its_own_contact_details(session):
    body = factories.body(session)
    admin = factories.user(session, "body-admin", body_id=body.id)
    update(session, admin, body, address="北京市朝阳区", website="https://example.cn", name_en="X")
    assert (body.address, body.website, body.name_en) == (
        "北京市朝阳区",
        "https://example.cn",
        "X",
    )


@pytest.mark.parametrize(
    ("field", "value"), [("scheme_ids", []), ("name", "自封的名称"), ("accreditation_number", "X")]
)
def test_the_body_admin_may_not_change_scope_or_name(engine, factory, field, value):
    with transaction(factory) as session:
        scheme = factories.scheme(session)
        body = factories.body(session, scheme_ids=[scheme.id])
        admin = factories.user(session, "body-admin", body_id=body.id)
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        update(session, admin, body, address="新地址", **{field: value})
    assert (info.value.rule, info.value.field) == ("field_scope", field)
    assert snapshot(engine) == before


def test_the_body_admin_may_not_change_another_body(engine, factory):
    with transaction(factory) as session:
        mine, other = factories.body(session), factories.body(session)
        admin = factories.user(session, "body-admin", body_id=mine.id)
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        update(session, admin, other, address="x")
    assert info.value.rule == "scope"
    assert snapshot(engine) == before


def test_body_staff_may_not_change_the_body(session):
    body = factories.body(session)
    staff = factories.user(session, "body-staff", body_id=body.id)
    with pytest.raises(Forbidden):
        update(session, staff, body, address="x")


def test_an_explicit_null_name_is_invalid_input(session):
    body = factories.body(session)
    with pytest.raises(InvalidInput) as info:
        update(session, SYSTEM, body, name=None)
    assert info.value.field == "name"


def test_changing_an_unknown_body_is_not_found(session):
    with pytest.raises(NotFound):
        service.update_body(session=session, actor=SYSTEM, body_id=404, data=schemas.BodyUpdate())


def test_suspension_and_reinstatement_record_the_reason(session):
    body = factories.body(session)
    change_status(session, SYSTEM, body, "suspended")
    assert (body.status, body.status_reason) == ("suspended", "测试原因")
    change_status(session, SYSTEM, body, "approved")
    assert body.status == "approved"


def test_revoked_is_final(session):
    body = factories.body(session)
    change_status(session, SYSTEM, body, "revoked")
    with pytest.raises(Conflict):
        change_status(session, SYSTEM, body, "approved")


def test_the_body_admin_may_not_change_its_status(session):
    body = factories.body(session, region_code="330000")
    admin = factories.user(session, "body-admin", body_id=body.id)
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    for actor in (admin, zhejiang):
        with pytest.raises(Forbidden):
            change_status(session, actor, body, "suspended")


def test_list_is_ordered_by_approval_number_and_filtered(session):
    qms = factories.scheme(session)
    factories.body(
        session, approval_number="CNCA-R-2005-002", name="中国质量认证中心", region_code="110000"
    )
    factories.body(
        session,
        approval_number="CNCA-R-2002-001",
        name="浙江公信认证有限公司",
        region_code="330000",
        scheme_ids=[qms.id],
    )
    suspended = factories.body(session, approval_number="CNCA-RF-2010-003", region_code="330100")
    change_status(session, SYSTEM, suspended, "suspended")

    def numbers(**filters):
        return [b.approval_number for b in service.list_bodies(session=session, **filters)[0]]

    assert numbers() == ["CNCA-R-2002-001", "CNCA-R-2005-002", "CNCA-RF-2010-003"]
    assert numbers(q="质量认证") == ["CNCA-R-2005-002"]
    assert numbers(q="2002-001") == ["CNCA-R-2002-001"]
    assert numbers(region_code="330000") == ["CNCA-R-2002-001", "CNCA-RF-2010-003"]
    assert numbers(status="suspended") == ["CNCA-RF-2010-003"]
    assert numbers(scheme_id=qms.id) == ["CNCA-R-2002-001"]
    assert service.list_bodies(session=session, page=2, page_size=2)[1] == 3
