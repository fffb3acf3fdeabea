"""/api/v1/organizations through HTTP: validation, scope, search, filters, pages."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import assert_problem, snapshot

URL = "/api/v1/organizations"
HUAWEI = {"uscc": "914403001922038216", "name": "华为技术有限公司", "region_code": "440300"}


# Registration ----------------------------------------------------------------------------


def test_register_and_read_back_by_id_and_by_uscc(client, regulator):
    r = client.post(URL, json=HUAWEI | {"name_en": "Huawei Technologies", "industry_code": "c39"})
    assert r.status_code == 401
    r = client.post(
        URL,
        json=HUAWEI | {"name_en": "Huawei Technologies", "industry_code": "c39"},
        headers=regulator,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert (created["uscc"], created["status"], created["industry_code"]) == (
        HUAWEI["uscc"],
        "active",
        "C39",
    )
    assert client.get(f"{URL}/{created['id']}").json() == created
    assert client.get(f"{URL}/{HUAWEI['uscc']}").json() == created
    assert client.get(f"{URL}/{HUAWEI['uscc'].lower()}").json()["id"] == created["id"]


def test_an_invalid_uscc_is_422_saying_the_check_digit_is_wrong(client, engine, regulator):
    before = snapshot(engine)
    r = client.post(URL, json=HUAWEI | {"uscc": "914403001922038215"}, headers=regulator)
    body = assert_problem(r, 422, field="uscc", rule="uscc_check_digit")
    assert "check digit is wrong" in body["detail"]
    assert "校验码错误" in body["detail_zh"]
    assert body["type"] == "/problems/uscc_check_digit"
    assert body["instance"] == URL
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("uscc", "rule"),
    [
        ("91440300192203821", "uscc_length"),
        ("91440300192203821I", "uscc_charset"),
        (91, "uscc_type"),
    ],
)
def test_a_malformed_uscc_is_422_naming_the_rule(client, engine, regulator, uscc, rule):
    before = snapshot(engine)
    r = client.post(URL, json=HUAWEI | {"uscc": uscc}, headers=regulator)
    assert_problem(r, 422, field="uscc", rule=rule)
    assert snapshot(engine) == before


def test_an_unknown_region_code_is_422(client, engine, regulator):
    before = snapshot(engine)
    r = client.post(URL, json=HUAWEI | {"region_code": "990000"}, headers=regulator)
    assert_problem(r, 422, field="region_code", rule="region_code")
    assert snapshot(engine) == before


def test_every_failing_field_is_listed(client, regulator):
    r = client.post(URL, json={"uscc": "X", "region_code": "99", "employees": 0}, headers=regulator)
    body = assert_problem(r, 422)
    assert {e["field"] for e in body["errors"]} == {"uscc", "name", "region_code", "employees"}


def test_a_duplicate_uscc_is_409(client, engine, regulator):
    assert client.post(URL, json=HUAWEI, headers=regulator).status_code == 201
    before = snapshot(engine)
    r = client.post(URL, json=HUAWEI | {"name": "另一个名字"}, headers=regulator)
    assert_problem(r, 409, field="uscc", rule="unique")
    assert snapshot(engine) == before


@pytest.mark.parametrize("key", ["404", "914403001922038216", "not-a-code"])
def test_an_unknown_organisation_is_404(client, key):
    assert_problem(client.get(f"{URL}/{key}"), 404, rule="exists")


def test_changing_an_unknown_organisation_is_404_and_changes_nothing(client, engine, regulator):
    before = snapshot(engine)
    assert_problem(client.patch(f"{URL}/404", json={"address": "x"}, headers=regulator), 404)
    r = client.post(
        f"{URL}/404/status", json={"status": "abnormal", "reason": "x"}, headers=regulator
    )
    assert_problem(r, 404)
    assert snapshot(engine) == before


# Regional regulators ---------------------------------------------------------------------


@pytest.fixture
def zhejiang(as_role):
    return as_role("regional-regulator", region_code="330000")


@pytest.fixture
def beijing_org(make):
    return make(factories.organization, region_code="110000")


def test_a_regional_regulator_may_not_change_another_regions_organisation(
    client, engine, zhejiang, beijing_org
):
    refused = [
        ("PATCH", f"{URL}/{beijing_org.id}", {"address": "杭州"}),
        ("PATCH", f"{URL}/{beijing_org.uscc}", {"name": "改名"}),
        ("POST", f"{URL}/{beijing_org.id}/status", {"status": "abnormal", "reason": "x"}),
        ("POST", URL, HUAWEI | {"region_code": "110108"}),
    ]
    for method, path, payload in refused:
        before = snapshot(engine)
        r = client.request(method, path, json=payload, headers=zhejiang)
        body = assert_problem(r, 403, rule="scope")
        assert "may not" in body["detail"]
        assert snapshot(engine) == before


def test_a_regional_regulator_may_not_move_its_organisation_to_another_region(
    client, engine, make, zhejiang
):
    org = make(factories.organization, region_code="330106")
    before = snapshot(engine)
    r = client.patch(f"{URL}/{org.id}", json={"region_code": "110000"}, headers=zhejiang)
    assert_problem(r, 403)
    assert snapshot(engine) == before


@pytest.mark.parametrize("region", ["330000", "330100", "330106"])
def test_a_regional_regulator_changes_its_own_regions_organisations(client, make, zhejiang, region):
    org = make(factories.organization, region_code=region)
    r = client.patch(f"{URL}/{org.id}", json={"name": "浙江改名有限公司"}, headers=zhejiang)
    assert r.status_code == 200, r.text
    assert client.get(f"{URL}/{org.id}").json()["name"] == "浙江改名有限公司"
    r = client.post(
        f"{URL}/{org.uscc}/status",
        json={"status": "abnormal", "reason": "经营异常"},
        headers=zhejiang,
    )
    assert r.json()["status"] == "abnormal"


def test_a_regional_regulator_registers_in_its_own_region(client, zhejiang):
    alibaba = {
        "uscc": "91330100716105852F",
        "name": "阿里巴巴（中国）有限公司",
        "region_code": "330100",
    }
    assert client.post(URL, json=alibaba, headers=zhejiang).status_code == 201


# Enterprises -----------------------------------------------------------------------------


def test_an_enterprise_changes_its_own_address_but_not_its_name(client, engine, make, as_role):
    org = make(factories.organization)
    firm = as_role("enterprise", organization_id=org.id)
    r = client.patch(f"{URL}/{org.id}", json={"address": "北京市海淀区中关村"}, headers=firm)
    assert (r.status_code, r.json()["address"]) == (200, "北京市海淀区中关村")
    before = snapshot(engine)
    r = client.patch(f"{URL}/{org.id}", json={"name": "改名", "address": "y"}, headers=firm)
    body = assert_problem(r, 403, field="name", rule="field_scope")
    assert "name" in body["detail"]
    assert snapshot(engine) == before


def test_an_enterprise_may_not_change_another_organisation(client, engine, make, as_role):
    mine, other = make(factories.organization), make(factories.organization)
    firm = as_role("enterprise", organization_id=mine.id)
    before = snapshot(engine)
    assert_problem(client.patch(f"{URL}/{other.id}", json={"address": "x"}, headers=firm), 403)
    r = client.post(
        f"{URL}/{mine.id}/status", json={"status": "abnormal", "reason": "x"}, headers=firm
    )
    assert_problem(r, 403)
    assert snapshot(engine) == before


# Status ----------------------------------------------------------------------------------


def test_deregistered_is_final_409(client, engine, make, regulator):
    org = make(factories.organization)
    end = {"status": "deregistered", "reason": "注销"}
    assert client.post(f"{URL}/{org.id}/status", json=end, headers=regulator).status_code == 200
    before = snapshot(engine)
    r = client.post(
        f"{URL}/{org.id}/status", json={"status": "active", "reason": "x"}, headers=regulator
    )
    assert_problem(r, 409, field="status", rule="state")
    assert snapshot(engine) == before


def test_an_unknown_status_is_422(client, engine, make, regulator):
    org = make(factories.organization)
    before = snapshot(engine)
    r = client.post(
        f"{URL}/{org.id}/status", json={"status": "gone", "reason": "x"}, headers=regulator
    )
    assert_problem(r, 422, field="status", rule="status")
    assert snapshot(engine) == before


def test_a_status_change_needs_a_reason(client, make, regulator):
    org = make(factories.organization)
    r = client.post(f"{URL}/{org.id}/status", json={"status": "abnormal"}, headers=regulator)
    assert_problem(r, 422, field="reason", rule="missing")


# Search, filters, pages ------------------------------------------------------------------


@pytest.fixture
def firms(make):
    for name, region, industry in [
        ("浙江吉利控股集团有限公司", "330100", "C36"),
        ("杭州娃哈哈集团有限公司", "330100", "C15"),
        ("宁波吉利汽车研究开发有限公司", "330200", "M73"),
        ("北京百分之百科技有限公司", "110108", "I65"),
        ("上海100%_测试有限公司", "310000", "I65"),
    ]:
        make(factories.organization, name=name, region_code=region, industry_code=industry)


def found(client, **params):
    r = client.get(URL, params=params)
    assert r.status_code == 200, r.text
    return [o["name"] for o in r.json()["items"]]


def test_search_by_a_chinese_name_substring(client, firms):
    assert found(client, q="吉利") == ["浙江吉利控股集团有限公司", "宁波吉利汽车研究开发有限公司"]
    assert found(client, q="吉利控股") == ["浙江吉利控股集团有限公司"]
    assert found(client, q="娃哈哈集团") == ["杭州娃哈哈集团有限公司"]


@pytest.mark.parametrize("q", ["%", "_", "100%", "%_", "0%_"])
def test_like_wildcards_in_q_are_literal(client, firms, q):
    assert found(client, q=q) == ["上海100%_测试有限公司"]


def test_an_empty_or_blank_q_matches_everything(client, firms):
    assert len(found(client, q="")) == len(found(client, q="  ")) == 5


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "330000"}, 3),
        ({"region": "330100"}, 2),
        ({"region": "110000"}, 1),
        ({"industry": "I"}, 2),
        ({"industry": "c3"}, 1),
        ({"region": "330000", "q": "吉利"}, 2),
        ({"region": "330200", "q": "娃哈哈"}, 0),
        ({"status": "active"}, 5),
        ({"status": "abnormal"}, 0),
    ],
)
def test_filters(client, firms, params, expected):
    assert client.get(URL, params=params).json()["total"] == expected


def test_pagination_totals_and_page_sizes(client, firms):
    pages = [client.get(URL, params={"page": p, "page_size": 2}).json() for p in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total"] for p in pages} == {5}
    assert [(p["page"], p["page_size"]) for p in pages[:2]] == [(1, 2), (2, 2)]
    ids = [o["id"] for p in pages for o in p["items"]]
    assert len(set(ids)) == 5


def test_the_default_page_holds_50(client, firms):
    assert client.get(URL).json()["page_size"] == 50


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 201}, "page_size"),
        ({"page": "x"}, "page"),
    ],
)
def test_out_of_range_paging_is_422(client, params, field):
    assert_problem(client.get(URL, params=params), 422, field=field)


def test_every_change_is_in_the_public_event_list(client, make, regulator):
    org = make(factories.organization)
    client.patch(f"{URL}/{org.id}", json={"address": "新"}, headers=regulator)
    r = client.get("/api/v1/events", params={"subject_type": "organizations", "subject_id": org.id})
    items = r.json()["items"]
    assert [e["type"] for e in items] == ["organization.updated", "organization.created"]
    assert items[0]["payload"] == {"changes": {"address": ["", "新"]}}
    assert items[0]["actor"].startswith("user:")
