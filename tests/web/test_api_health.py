"""Health, API documentation and who-am-I."""

from __future__ import annotations

from qualicert import migrations


def test_health_reports_ok_the_database_kind_and_the_schema_version(client, engine):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["database"] == engine.dialect.name
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["schema_version"] == migrations.head_revision()
    assert body["version"]


def test_openapi_describes_every_registry_resource(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in (
        "/api/v1/health",
        "/api/v1/organizations",
        "/api/v1/organizations/{key}",
        "/api/v1/bodies/{body_id}/status",
        "/api/v1/labs",
        "/api/v1/people",
        "/api/v1/schemes",
        "/api/v1/events",
    ):
        assert path in paths


def test_docs_page_serves_the_openapi_browser(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "/api/v1/openapi.json" in r.text


def test_me_names_the_tokens_user_and_scope(client, as_role):
    r = client.get("/api/v1/me", headers=as_role("regional-regulator", region_code="330000"))
    assert r.status_code == 200
    assert (r.json()["role"], r.json()["region_code"]) == ("regional-regulator", "330000")


def test_reference_lists_are_public(client):
    assert len(client.get("/api/v1/reference/regions").json()) >= 34
    assert len(client.get("/api/v1/reference/iaf-sectors").json()) == 39
    for name in ("standards", "ccc-categories", "industries"):
        assert client.get(f"/api/v1/reference/{name}").status_code == 200
