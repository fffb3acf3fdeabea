"""Inspection and testing labs: CMA and CNAS numbers, scope, region, status."""

from __future__ import annotations

import pytest

from qualicert.db import transaction
from qualicert.errors import Conflict, Forbidden
from qualicert.registry import schemas, service
from tests import factories
from tests.helpers import snapshot

SYSTEM = factories.SYSTEM


def update(session, actor, lab, **fields):
    return service.update_lab(
        session=session, actor=actor, lab_id=lab.id, data=schemas.LabUpdate(**fields)
    )


def change_status(session, actor, lab, status):
    return service.change_lab_status(
        session=session, actor=actor, lab_id=lab.id, change=factories.status(status)
    )


def test_a_regional_regulator_registers_labs_in_its_region_only(session):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    lab = factories.lab(session, actor=zhejiang, region_code="330100", cnas_number="CNAS L1234")
    assert (lab.status, lab.cnas_number) == ("active", "CNAS L1234")
    with pytest.raises(Forbidden):
        factories.lab(session, actor=zhejiang, region_code="110000")


@pytest.mark.parametrize(
    ("field", "value"), [("cma_number", "201919000123"), ("cnas_number", "CNAS L0001")]
)
def test_duplicate_qualification_numbers_are_conflicts(session, field, value):
    factories.lab(session, **{field: value})
    with pytest.raises(Conflict) as info:
        factories.lab(session, **{field: value})
    assert info.value.field == field


def test_lab_staff_change_their_own_labs_scope_and_address(session):
    lab = factories.lab(session)
    staff = factories.user(session, "lab-staff", lab_id=lab.id)
    update(session, staff, lab, scope=["GB 4943.1", "GB 17625.1"], address="上海市徐汇区")
    assert (lab.scope, lab.address) == (["GB 4943.1", "GB 17625.1"], "上海市徐汇区")


def test_lab_staff_may_not_change_their_labs_name(engine, factory):
    with transaction(factory) as session:
        lab = factories.lab(session)
        staff = factories.user(session, "lab-staff", lab_id=lab.id)
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        update(session, staff, lab, name="改名检测中心")
    assert (info.value.rule, info.value.field) == ("field_scope", "name")
    assert "may not change name" in info.value.message
    assert snapshot(engine) == before


def test_lab_staff_may_not_change_another_lab(session):
    mine, other = factories.lab(session), factories.lab(session)
    staff = factories.user(session, "lab-staff", lab_id=mine.id)
    with pytest.raises(Forbidden):
        update(session, staff, other, address="x")


def test_a_regional_regulator_may_not_change_another_regions_lab(engine, factory):
    with transaction(factory) as session:
        zhejiang = factories.user(session, "regional-regulator", region_code="330000")
        lab = factories.lab(session, region_code="110000")
    before = snapshot(engine)
    with pytest.raises(Forbidden), transaction(factory) as session:
        update(session, zhejiang, lab, address="x")
    with pytest.raises(Forbidden), transaction(factory) as session:
        change_status(session, zhejiang, lab, "suspended")
    assert snapshot(engine) == before


def test_a_regional_regulator_changes_and_suspends_its_own_regions_lab(session):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    lab = factories.lab(session, region_code="330106")
    update(session, zhejiang, lab, name="浙江省新名称检测院")
    change_status(session, zhejiang, lab, "suspended")
    assert (lab.name, lab.status) == ("浙江省新名称检测院", "suspended")


def test_lab_staff_may_not_change_their_labs_status(session):
    lab = factories.lab(session)
    staff = factories.user(session, "lab-staff", lab_id=lab.id)
    with pytest.raises(Forbidden):
        change_status(session, staff, lab, "suspended")


def test_a_revoked_lab_stays_revoked(session):
    lab = factories.lab(session)
    change_status(session, SYSTEM, lab, "revoked")
    with pytest.raises(Conflict):
        change_status(session, SYSTEM, lab, "active")


def test_search_and_filters(session):
    factories.lab(session, name="国家家用电器质量检验检测中心", cma_number="201919000123")
    factories.lab(session, name="浙江省质量科学研究院", region_code="330100")
    gone = factories.lab(session, name="已撤销的实验室")
    change_status(session, SYSTEM, gone, "revoked")

    def found(**filters):
        return [lab.name for lab in service.list_labs(session=session, **filters)[0]]

    assert found(q="家用电器") == ["国家家用电器质量检验检测中心"]
    assert found(q="2019190001") == ["国家家用电器质量检验检测中心"]
    assert found(region_code="330000") == ["浙江省质量科学研究院"]
    assert found(status="revoked") == ["已撤销的实验室"]
    assert service.list_labs(session=session, page_size=1)[1] == 3
