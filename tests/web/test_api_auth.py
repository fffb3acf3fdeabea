"""Every write needs a valid bearer token; reads of public data need none."""

from __future__ import annotations

import pytest

from qualicert.accounts import service as accounts
from qualicert.db import transaction
from tests import factories
from tests.helpers import assert_problem, snapshot

NEW_ORG = {"uscc": "914403001922038216", "name": "华为技术有限公司", "region_code": "440300"}


def writes(org_id: int) -> list[tuple[str, str, dict]]:
    """One write of each kind, as (method, path, body)."""
    return [
        ("POST", "/api/v1/organizations", NEW_ORG),
        ("PATCH", f"/api/v1/organizations/{org_id}", {"address": "x"}),
        ("POST", f"/api/v1/organizations/{org_id}/status", {"status": "abnormal", "reason": "x"}),
        ("POST", "/api/v1/schemes", {"code": "X", "name": "x", "kind": "product", "standard": "X"}),
    ]


@pytest.fixture
def org_id(make) -> int:
    return make(factories.organization).id


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer   "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer qct_1_not-a-real-secret"},
        {"Authorization": "Bearer nonsense"},
    ],
)
def test_writes_without_a_valid_token_are_401_and_change_nothing(client, engine, org_id, headers):
    before = snapshot(engine)
    for method, path, body in writes(org_id):
        r = client.request(method, path, json=body, headers=headers)
        assert_problem(r, 401, rule="token")
        assert r.headers["www-authenticate"] == "Bearer"
    assert snapshot(engine) == before


@pytest.mark.parametrize("kind", ["revoked", "expired"])
def test_writes_with_a_revoked_or_expired_token_are_401(client, engine, factory, org_id, kind):
    text = (factories.revoked_token if kind == "revoked" else factories.expired_token)(factory)
    before = snapshot(engine)
    for method, path, body in writes(org_id):
        r = client.request(method, path, json=body, headers=factories.bearer(text))
        body = assert_problem(r, 401)
        assert "expired or revoked" in body["detail"]
    assert client.get("/api/v1/me", headers=factories.bearer(text)).status_code == 401
    assert snapshot(engine) == before


def test_a_token_works_until_it_is_revoked(client, factory, org_id):
    text = factories.token(factory, "regulator")
    r = client.patch(
        f"/api/v1/organizations/{org_id}", json={"address": "一"}, headers=factories.bearer(text)
    )
    assert r.status_code == 200
    with transaction(factory) as session:
        accounts.revoke_token(
            session=session, actor=factories.SYSTEM, token_id=factories.token_id(text)
        )
    r = client.patch(
        f"/api/v1/organizations/{org_id}", json={"address": "二"}, headers=factories.bearer(text)
    )
    assert r.status_code == 401


def test_the_bearer_scheme_is_case_insensitive(client, factory, org_id):
    text = factories.token(factory, "regulator")
    r = client.patch(
        f"/api/v1/organizations/{org_id}",
        json={"address": "x"},
        headers={"Authorization": f"bearer {text}"},
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations",
        "/api/v1/bodies",
        "/api/v1/labs",
        "/api/v1/people",
        "/api/v1/schemes",
        "/api/v1/events",
    ],
)
def test_reads_of_public_data_need_no_token(client, path):
    assert client.get(path).status_code == 200


def test_reading_one_row_needs_no_token(client, org_id):
    assert client.get(f"/api/v1/organizations/{org_id}").status_code == 200


def test_me_needs_a_token(client):
    assert_problem(client.get("/api/v1/me"), 401)
