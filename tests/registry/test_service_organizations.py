"""Organisations: registration by USCC, who may change what, status, search and filters."""

from __future__ import annotations

import pytest

from qualicert.db import transaction
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound
from qualicert.registry import schemas, service
from tests import factories
from tests.helpers import snapshot

SYSTEM = factories.SYSTEM


def update(session, actor, org, **fields):
    return service.update_organization(
        session=session,
        actor=actor,
        organization_id=org.id,
        data=schemas.OrganizationUpdate(**fields),
    )


def names(rows):
    return [r.name for r in rows]


# Registration ----------------------------------------------------------------------------


def test_an_organisation_is_registered_active_with_a_normalised_uscc(session):
    code = factories.uscc("330106")
    org = factories.organization(session, uscc=code.lower(), region_code="330106")
    assert (org.uscc, org.status) == (code, "active")


def test_a_duplicate_uscc_is_a_conflict_naming_the_field(engine, factory):
    with transaction(factory) as session:
        org = factories.organization(session)
    before = snapshot(engine)
    with pytest.raises(Conflict) as info, transaction(factory) as session:
        factories.organization(session, uscc=org.uscc)
    assert (info.value.rule, info.value.field) == ("unique", "uscc")
    assert snapshot(engine) == before


def test_a_regional_regulator_registers_organisations_in_its_region_only(session):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    assert factories.organization(session, actor=zhejiang, region_code="330106").id
    with pytest.raises(Forbidden):
        factories.organization(session, actor=zhejiang, region_code="110108")


def test_a_certification_body_registers_the_organisations_it_certifies(session):
    body = factories.body(session)
    staff = factories.user(session, "body-staff", body_id=body.id)
    assert factories.organization(session, actor=staff, region_code="650100").id


@pytest.mark.parametrize("role", ["enterprise", "lab-staff", "auditor"])
def test_other_roles_may_not_register_organisations(session, role):
    scope = {
        "enterprise": lambda: {"organization_id": factories.organization(session).id},
        "lab-staff": lambda: {"lab_id": factories.lab(session).id},
        "auditor": lambda: {"person_id": factories.person(session).id},
    }[role]()
    actor = factories.user(session, role, **scope)
    with pytest.raises(Forbidden):
        factories.organization(session, actor=actor)


# Changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["330000", "330100", "330106"])
def test_a_provincial_regulator_changes_organisations_anywhere_in_its_province(session, region):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    org = factories.organization(session, region_code=region)
    update(session, zhejiang, org, name="浙江新名称有限公司", address="杭州市西湖区")
    assert (org.name, org.address) == ("浙江新名称有限公司", "杭州市西湖区")


def test_a_regional_regulator_may_not_change_another_regions_organisation(engine, factory):
    with transaction(factory) as session:
        zhejiang = factories.user(session, "regional-regulator", region_code="330000")
        org = factories.organization(session, region_code="110108")
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        update(session, zhejiang, org, address="杭州")
    assert info.value.rule == "scope"
    assert snapshot(engine) == before


def test_a_regional_regulator_may_not_move_an_organisation_out_of_its_region(session):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    org = factories.organization(session, region_code="330106")
    with pytest.raises(Forbidden):
        update(session, zhejiang, org, region_code="110108")
    update(session, zhejiang, org, region_code="330200")
    assert org.region_code == "330200"


def test_a_prefecture_regulator_may_not_change_its_provinces_other_prefectures(session):
    hangzhou = factories.user(session, "regional-regulator", region_code="330100")
    org = factories.organization(session, region_code="330200")
    with pytest.raises(Forbidden):
        update(session, hangzhou, org, address="宁波")


def test_an_enterprise_changes_its_own_contact_details(session):
    org = factories.organization(session)
    firm = factories.user(session, "enterprise", organization_id=org.id)
    update(session, firm, org, address="北京市海淀区", employees=250, name_en="Test Tech")
    assert (org.address, org.employees, org.name_en) == ("北京市海淀区", 250, "Test Tech")


@pytest.mark.parametrize(("field", "value"), [("name", "改名有限公司"), ("region_code", "110105")])
def test_an_enterprise_may_not_change_its_name_or_region(engine, factory, field, value):
    with transaction(factory) as session:
        org = factories.organization(session)
        firm = factories.user(session, "enterprise", organization_id=org.id)
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        update(session, firm, org, address="新地址", **{field: value})
    if field == "name":
        assert (info.value.rule, info.value.field) == ("field_scope", "name")
        assert "may not change name" in info.value.message
    assert snapshot(engine) == before


def test_an_enterprise_may_not_change_another_organisation(session):
    mine, other = factories.organization(session), factories.organization(session)
    firm = factories.user(session, "enterprise", organization_id=mine.id)
    with pytest.raises(Forbidden):
        update(session, firm, other, address="x")


@pytest.mark.parametrize("field", ["name", "region_code"])
def test_an_explicit_null_for_a_required_field_is_invalid_input(session, field):
    org = factories.organization(session)
    with pytest.raises(InvalidInput) as info:
        update(session, SYSTEM, org, **{field: None})
    assert (info.value.rule, info.value.field) == ("not_null", field)


def test_an_explicit_null_clears_an_optional_field(session):
    org = factories.organization(session, employees=30)
    update(session, SYSTEM, org, employees=None)
    assert org.employees is None


def test_changing_an_unknown_organisation_is_not_found(session):
    with pytest.raises(NotFound):
        service.update_organization(
            session=session,
            actor=SYSTEM,
            organization_id=404,
            data=schemas.OrganizationUpdate(address="x"),
        )


# Status ----------------------------------------------------------------------------------


def change_status(session, actor, org, status):
    return service.change_organization_status(
        session=session, actor=actor, organization_id=org.id, change=factories.status(status)
    )


def test_the_regional_regulator_marks_an_organisation_abnormal_and_active_again(session):
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    org = factories.organization(session, region_code="330106")
    change_status(session, zhejiang, org, "abnormal")
    assert org.status == "abnormal"
    change_status(session, zhejiang, org, "active")
    assert org.status == "active"


def test_an_enterprise_may_not_change_its_own_status(session):
    org = factories.organization(session)
    firm = factories.user(session, "enterprise", organization_id=org.id)
    with pytest.raises(Forbidden):
        change_status(session, firm, org, "abnormal")


def test_deregistered_is_final(session):
    org = factories.organization(session)
    change_status(session, SYSTEM, org, "deregistered")
    with pytest.raises(Conflict) as info:
        change_status(session, SYSTEM, org, "active")
    assert "final" in info.value.message


def test_setting_the_current_status_again_is_a_conflict(session):
    org = factories.organization(session)
    with pytest.raises(Conflict):
        change_status(session, SYSTEM, org, "active")


def test_an_unknown_status_is_refused_listing_the_allowed_ones(session):
    org = factories.organization(session)
    with pytest.raises(InvalidInput) as info:
        change_status(session, SYSTEM, org, "closed")
    assert info.value.field == "status"
    assert "active, abnormal, deregistered" in info.value.message


# Lookup, search, filters -----------------------------------------------------------------


def test_lookup_by_uscc_forgives_spaces_and_case(session):
    org = factories.organization(session)
    spaced = f" {org.uscc[:9]} {org.uscc[9:].lower()} "
    assert service.get_organization_by_uscc(session=session, uscc=spaced).id == org.id


def test_lookup_of_an_unregistered_uscc_is_not_found(session):
    with pytest.raises(NotFound) as info:
        service.get_organization_by_uscc(session=session, uscc="914403001922038216")
    assert info.value.field == "uscc"


@pytest.fixture
def firms(session):
    rows = [
        factories.organization(
            session, name="浙江吉利控股集团有限公司", name_en="Zhejiang Geely", region_code="330100"
        ),
        factories.organization(session, name="杭州娃哈哈集团有限公司", region_code="330100"),
        factories.organization(session, name="宁波吉利汽车研究开发有限公司", region_code="330200"),
        factories.organization(session, name="北京百分之百科技有限公司", region_code="110108"),
        factories.organization(session, name="上海100%_测试有限公司", region_code="310000"),
    ]
    return rows


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("吉利", ["浙江吉利控股集团有限公司", "宁波吉利汽车研究开发有限公司"]),
        ("娃哈哈", ["杭州娃哈哈集团有限公司"]),
        ("geely", ["浙江吉利控股集团有限公司"]),
        (" 吉利控股 ", ["浙江吉利控股集团有限公司"]),
        ("不存在", []),
    ],
)
def test_search_by_part_of_the_name(session, firms, q, expected):
    rows, total = service.list_organizations(session=session, q=q)
    assert names(rows) == expected
    assert total == len(expected)


def test_search_by_part_of_the_uscc(session, firms):
    rows, _ = service.list_organizations(session=session, q=firms[1].uscc[-8:])
    assert names(rows) == ["杭州娃哈哈集团有限公司"]


@pytest.mark.parametrize("q", ["%", "_", "100%", "%_"])
def test_like_wildcards_in_the_search_are_literal(session, firms, q):
    rows, _ = service.list_organizations(session=session, q=q)
    assert names(rows) == ["上海100%_测试有限公司"]


def test_a_backslash_in_the_search_is_literal(session, firms):
    assert service.list_organizations(session=session, q="\\")[1] == 0


@pytest.mark.parametrize(
    ("region", "count"), [("330000", 3), ("330100", 2), ("330200", 1), ("110000", 1), ("440000", 0)]
)
def test_region_filter_covers_everything_below(session, firms, region, count):
    assert service.list_organizations(session=session, region_code=region)[1] == count


def test_status_filter(session, firms):
    change_status(session, SYSTEM, firms[0], "abnormal")
    rows, total = service.list_organizations(session=session, status="abnormal")
    assert (names(rows), total) == (["浙江吉利控股集团有限公司"], 1)


def test_industry_filter_matches_the_section_and_below(session):
    factories.organization(session, name="制造", industry_code="C3911")
    factories.organization(session, name="软件", industry_code="I65")
    factories.organization(session, name="未知")
    assert names(service.list_organizations(session=session, industry_code="c")[0]) == ["制造"]
    assert names(service.list_organizations(session=session, industry_code="C39")[0]) == ["制造"]


def test_pages_hold_page_size_rows_and_the_total_counts_them_all(session):
    for _ in range(7):
        factories.organization(session)
    sizes = [
        len(service.list_organizations(session=session, page=p, page_size=3)[0])
        for p in (1, 2, 3, 4)
    ]
    assert sizes == [3, 3, 1, 0]
    assert service.list_organizations(session=session, page=3, page_size=3)[1] == 7


def test_pages_do_not_overlap(session):
    for _ in range(5):
        factories.organization(session)
    seen = [
        org.id
        for p in (1, 2, 3)
        for org in service.list_organizations(session=session, page=p, page_size=2)[0]
    ]
    assert len(seen) == len(set(seen)) == 5
