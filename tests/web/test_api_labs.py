"""/api/v1/labs through HTTP: regional scope and the lab's own staff."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import assert_problem, snapshot

URL = "/api/v1/labs"


@pytest.fixture
def zhejiang(as_role):
    return as_role("regional-regulator", region_code="330000")


def test_a_regional_regulator_may_not_touch_another_regions_lab(client, engine, make, zhejiang):
    lab = make(factories.lab, region_code="110000")
    refused = [
        ("PATCH", f"{URL}/{lab.id}", {"address": "杭州"}),
        ("POST", f"{URL}/{lab.id}/status", {"status": "suspended", "reason": "x"}),
        ("POST", URL, {"name": "北京某检测中心", "region_code": "110108"}),
    ]
    for method, path, payload in refused:
        before = snapshot(engine)
        assert_problem(client.request(method, path, json=payload, headers=zhejiang), 403)
        assert snapshot(engine) == before


def test_a_regional_regulator_registers_changes_and_suspends_its_own_labs(client, zhejiang):
    r = client.post(
        URL,
        json={"name": "浙江省检测院", "region_code": "330106", "cnas_number": "CNAS L0123"},
        headers=zhejiang,
    )
    assert r.status_code == 201, r.text
    lab_id = r.json()["id"]
    r = client.patch(f"{URL}/{lab_id}", json={"name": "浙江省质量检测院"}, headers=zhejiang)
    assert r.json()["name"] == "浙江省质量检测院"
    r = client.post(
        f"{URL}/{lab_id}/status", json={"status": "suspended", "reason": "x"}, headers=zhejiang
    )
    assert r.json()["status"] == "suspended"


def test_lab_staff_change_their_address_and_scope_but_not_the_name(client, engine, make, as_role):
    lab = make(factories.lab)
    staff = as_role("lab-staff", lab_id=lab.id)
    r = client.patch(
        f"{URL}/{lab.id}", json={"address": "上海", "scope": ["GB 4943.1"]}, headers=staff
    )
    assert (r.status_code, r.json()["scope"]) == (200, ["GB 4943.1"])
    before = snapshot(engine)
    r = client.patch(f"{URL}/{lab.id}", json={"name": "改名"}, headers=staff)
    body = assert_problem(r, 403, field="name", rule="field_scope")
    assert "may not change name" in body["detail"]
    assert snapshot(engine) == before


def test_lab_staff_may_not_change_another_lab(client, engine, make, as_role):
    mine, other = make(factories.lab), make(factories.lab)
    staff = as_role("lab-staff", lab_id=mine.id)
    before = snapshot(engine)
    assert_problem(client.patch(f"{URL}/{other.id}", json={"address": "x"}, headers=staff), 403)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("field", "value"), [("cma_number", "12345"), ("cnas_number", "L1234"), ("scope", [""])]
)
def test_malformed_lab_fields_are_422(client, engine, regulator, field, value):
    before = snapshot(engine)
    payload = {"name": "某检测中心", "region_code": "310000", field: value}
    r = client.post(URL, json=payload, headers=regulator)
    body = assert_problem(r, 422)
    assert body["errors"][0]["field"].startswith(field)
    assert snapshot(engine) == before


def test_a_duplicate_cma_number_is_409(client, make, regulator):
    make(factories.lab, cma_number="201919000123")
    payload = {"name": "x", "region_code": "310000", "cma_number": "201919000123"}
    assert_problem(client.post(URL, json=payload, headers=regulator), 409, field="cma_number")


def test_search_and_filters(client, make):
    make(factories.lab, name="国家家用电器质量检验检测中心", region_code="110000")
    make(factories.lab, name="浙江省质量科学研究院", region_code="330100")
    assert client.get(URL, params={"q": "家用电器"}).json()["total"] == 1
    assert client.get(URL, params={"region": "330000"}).json()["total"] == 1
    assert client.get(URL, params={"status": "active"}).json()["total"] == 2
    assert_problem(client.get(f"{URL}/404"), 404)
