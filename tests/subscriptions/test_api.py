"""/api/v1/subscriptions over HTTP: bearer token, own rows only, problems naming the field."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import assert_problem, snapshot
from tests.subscriptions.conftest import subscribe

pytestmark = pytest.mark.db

HOOK = "https://buyer.example.cn/hooks/qualicert"


@pytest.fixture
def org_id(factory):
    from qualicert.db import transaction

    with transaction(factory) as session:
        return factories.organization(session, name="杭州明远阀门有限公司").id


def test_subscribe_list_read_delete(client, user, org_id):
    headers = user()
    created = subscribe(
        client, headers, target_kind="organization", target_id=org_id, webhook_url=HOOK
    )
    assert created["webhook_secret"].startswith("whsec_")
    assert created["target_label"] == "杭州明远阀门有限公司"
    assert created["active"] is True
    listed = client.get("/api/v1/subscriptions", headers=headers).json()
    assert listed["total"] == 1
    assert "webhook_secret" not in listed["items"][0]
    assert listed["items"][0]["webhook_url"] == HOOK
    one = client.get(f"/api/v1/subscriptions/{created['id']}", headers=headers).json()
    assert one == listed["items"][0]
    gone = client.delete(f"/api/v1/subscriptions/{created['id']}", headers=headers)
    assert gone.status_code == 200
    assert gone.json()["active"] is False
    again = client.delete(f"/api/v1/subscriptions/{created['id']}", headers=headers)
    assert_problem(again, 409, field="subscription_id", rule="state")
    log = client.get(f"/api/v1/subscriptions/{created['id']}/deliveries", headers=headers).json()
    assert log == {"items": [], "total": 0, "page": 1, "page_size": 50}


def test_another_user_can_neither_read_nor_delete_it(client, user, engine, org_id):
    owner, other = user(), user("enterprise", organization_id=org_id)
    sub = subscribe(client, owner, target_kind="organization", target_id=org_id, webhook_url=HOOK)
    before = snapshot(engine)
    for method, path in [
        ("GET", f"/api/v1/subscriptions/{sub['id']}"),
        ("DELETE", f"/api/v1/subscriptions/{sub['id']}"),
        ("GET", f"/api/v1/subscriptions/{sub['id']}/deliveries"),
    ]:
        r = client.request(method, path, headers=other)
        assert_problem(r, 404, field="subscription_id", rule="exists")
    assert client.get("/api/v1/subscriptions", headers=other).json()["total"] == 0
    assert snapshot(engine) == before
    assert client.get(f"/api/v1/subscriptions/{sub['id']}", headers=owner).json()["active"]


def test_a_token_is_needed(client, org_id):
    assert_problem(client.get("/api/v1/subscriptions"), 401, rule="token")
    r = client.post(
        "/api/v1/subscriptions",
        json={"target_kind": "organization", "target_id": org_id, "webhook_url": HOOK},
    )
    assert_problem(r, 401, rule="token")


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"webhook_url": "ftp://buyer.example.cn/hook"}, "webhook_url", "webhook_url_scheme"),
        ({"webhook_url": "not a url"}, "webhook_url", "webhook_url"),
        (
            {"webhook_url": "https://u:p@buyer.example.cn/"},
            "webhook_url",
            "webhook_url_credentials",
        ),
        ({"webhook_url": None}, "webhook_url", "channel_required"),
        ({"email": "not-an-address"}, "email", "email"),
        ({"target_kind": "lab"}, "target_kind", "literal_error"),
        ({"target_id": 10**6}, "target_id", "exists"),
        ({"target_id": ""}, "target_id", "target_id"),
        ({"target_id": True}, "target_id", "target_id"),
        ({"target_id": [1]}, "target_id", "target_id"),
        ({"colour": "red"}, "colour", "extra_forbidden"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, user, engine, org_id, body, field, rule):
    headers = user()
    before = snapshot(engine)
    payload = {"target_kind": "organization", "target_id": org_id, "webhook_url": HOOK} | body
    r = client.post("/api/v1/subscriptions", json=payload, headers=headers)
    assert_problem(r, 404 if rule == "exists" else 422, field=field, rule=rule)
    assert snapshot(engine) == before


def test_a_private_webhook_host_is_refused_by_default(
    client, factory, database_url, tmp_path, org_id
):
    from fastapi.testclient import TestClient

    from qualicert.config import Settings
    from qualicert.web.app import create_app

    strict = Settings(
        database_url=database_url,
        var_dir=tmp_path / "strict",
        environment="test",
        jobs_interval_seconds=0,
    )
    app = create_app(strict)
    headers = factories.bearer(factories.token(factory, "regulator"))
    with TestClient(app) as c:
        r = c.post(
            "/api/v1/subscriptions",
            json={
                "target_kind": "organization",
                "target_id": org_id,
                "webhook_url": "http://169.254.169.254/",
            },
            headers=headers,
        )
        assert_problem(r, 422, field="webhook_url", rule="webhook_url_private")
        r = c.post(
            "/api/v1/subscriptions",
            json={"target_kind": "organization", "target_id": org_id, "email": "a@example.cn"},
            headers=headers,
        )
        assert_problem(r, 422, field="email", rule="smtp_off")
    app.state.db.engine.dispose()
