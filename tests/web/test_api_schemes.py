"""/api/v1/schemes through HTTP: defined by the national regulator."""

from __future__ import annotations

from tests import factories
from tests.helpers import assert_problem, snapshot

URL = "/api/v1/schemes"
QMS = {
    "code": "ISO9001",
    "name": "质量管理体系认证",
    "name_en": "Quality management systems",
    "kind": "management-system",
    "iso17067_type": "1a",
    "standard": "ISO 9001:2015",
}


def test_the_regulator_defines_and_updates_a_scheme(client, regulator):
    r = client.post(URL, json=QMS, headers=regulator)
    assert r.status_code == 201, r.text
    scheme_id = r.json()["id"]
    r = client.patch(f"{URL}/{scheme_id}", json={"validity_years": 3}, headers=regulator)
    assert r.json()["validity_years"] == 3
    assert client.get(f"{URL}/{scheme_id}").json()["code"] == "ISO9001"


def test_a_regional_regulator_may_not_define_schemes(client, engine, as_role):
    zhejiang = as_role("regional-regulator", region_code="330000")
    before = snapshot(engine)
    assert_problem(client.post(URL, json=QMS, headers=zhejiang), 403)
    assert snapshot(engine) == before


def test_a_duplicate_code_is_409(client, make, regulator):
    make(factories.scheme, code="ISO9001")
    assert_problem(client.post(URL, json=QMS, headers=regulator), 409, field="code")


def test_an_unknown_kind_is_422(client, regulator):
    r = client.post(URL, json=QMS | {"kind": "voluntary"}, headers=regulator)
    assert_problem(r, 422, field="kind", rule="enum")


def test_list_by_kind_and_search(client, make):
    make(factories.scheme, code="ISO14001", name="环境管理体系认证")
    make(factories.scheme, code="CCC-01", name="电线电缆", kind="product")
    assert [s["code"] for s in client.get(URL).json()["items"]] == ["CCC-01", "ISO14001"]
    assert client.get(URL, params={"kind": "product"}).json()["total"] == 1
    assert client.get(URL, params={"q": "环境"}).json()["total"] == 1
    assert_problem(client.get(f"{URL}/404"), 404)
