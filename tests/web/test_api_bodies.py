"""/api/v1/bodies through HTTP: approval, the body admin's own contact details, status."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import assert_problem, snapshot

URL = "/api/v1/bodies"
CQC = {
    "approval_number": "CNCA-R-2002-001",
    "name": "中国质量认证中心",
    "name_en": "China Quality Certification Centre",
    "region_code": "110000",
    "approved_on": "2002-01-01",
}


@pytest.fixture
def body(make):
    scheme = make(factories.scheme)
    return make(factories.body, scheme_ids=[scheme.id], region_code="330000")


@pytest.fixture
def admin(as_role, body):
    return as_role("body-admin", body_id=body.id)


def test_the_regulator_approves_a_body(client, regulator):
    r = client.post(URL, json=CQC, headers=regulator)
    assert r.status_code == 201, r.text
    assert (r.json()["status"], r.json()["status_since"]) == ("approved", "2002-01-01")
    assert client.get(f"{URL}/{r.json()['id']}").json()["name"] == "中国质量认证中心"


def test_a_malformed_approval_number_is_422(client, engine, regulator):
    before = snapshot(engine)
    r = client.post(URL, json=CQC | {"approval_number": "CQC-001"}, headers=regulator)
    body = assert_problem(r, 422, field="approval_number", rule="approval_number")
    assert "CNCA-R-2002-001" in body["detail"]
    assert snapshot(engine) == before


def test_a_duplicate_approval_number_is_409(client, engine, regulator):
    client.post(URL, json=CQC, headers=regulator)
    before = snapshot(engine)
    assert_problem(client.post(URL, json=CQC, headers=regulator), 409, field="approval_number")
    assert snapshot(engine) == before


def test_an_unknown_scheme_in_scope_is_422(client, engine, regulator):
    before = snapshot(engine)
    r = client.post(URL, json=CQC | {"scheme_ids": [404]}, headers=regulator)
    assert_problem(r, 422, field="scheme_ids", rule="exists")
    assert snapshot(engine) == before


def test_an_unknown_body_is_404(client):
    assert_problem(client.get(f"{URL}/404"), 404)


def test_the_body_admin_updates_its_own_contact_details(client, body, admin):
    r = client.patch(
        f"{URL}/{body.id}", json={"address": "杭州市", "website": "https://x.cn"}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert (r.json()["address"], r.json()["website"]) == ("杭州市", "https://x.cn")


@pytest.mark.parametrize("change", [{"scheme_ids": []}, {"name": "新名"}, {"scheme_ids": None}])
def test_the_body_admin_may_not_change_its_scope_or_name(client, engine, body, admin, change):
    before = snapshot(engine)
    r = client.patch(f"{URL}/{body.id}", json={"address": "x"} | change, headers=admin)
    (field,) = change
    assert_problem(r, 403, field=field, rule="field_scope")
    assert snapshot(engine) == before


def test_the_body_admin_may_not_change_another_body(client, engine, make, admin):
    other = make(factories.body)
    before = snapshot(engine)
    assert_problem(client.patch(f"{URL}/{other.id}", json={"address": "x"}, headers=admin), 403)
    assert snapshot(engine) == before


def test_the_body_admin_may_not_change_its_status(client, engine, body, admin):
    before = snapshot(engine)
    r = client.post(
        f"{URL}/{body.id}/status", json={"status": "suspended", "reason": "x"}, headers=admin
    )
    assert_problem(r, 403)
    assert snapshot(engine) == before


def test_the_regulator_changes_the_scope_and_suspends(client, make, body, regulator):
    ems = make(factories.scheme, code="ISO14001")
    r = client.patch(f"{URL}/{body.id}", json={"scheme_ids": [ems.id]}, headers=regulator)
    assert r.json()["scheme_ids"] == [ems.id]
    r = client.post(
        f"{URL}/{body.id}/status",
        json={"status": "suspended", "reason": "监督检查不合格", "effective_date": "2024-03-01"},
        headers=regulator,
    )
    assert (r.json()["status"], r.json()["status_since"]) == ("suspended", "2024-03-01")
    assert r.json()["status_reason"] == "监督检查不合格"


def test_revoked_is_final_409(client, engine, body, regulator):
    revoke = {"status": "revoked", "reason": "撤销批准"}
    assert client.post(f"{URL}/{body.id}/status", json=revoke, headers=regulator).status_code == 200
    before = snapshot(engine)
    again = {"status": "approved", "reason": "x"}
    assert_problem(client.post(f"{URL}/{body.id}/status", json=again, headers=regulator), 409)
    assert snapshot(engine) == before


def test_filters_by_scheme_region_status_and_search(client, make, body):
    make(factories.body, name="北京某认证有限公司", region_code="110000")
    (scheme_id,) = body.scheme_ids

    def total(**params):
        return client.get(URL, params=params).json()["total"]

    assert total() == 2
    assert total(scheme=scheme_id) == 1
    assert total(region="330000") == 1
    assert total(status="approved") == 2
    assert total(q="北京某认证") == 1
    assert total(q=body.approval_number) == 1
