"""Bad input gets a clear RFC 9457 answer, never a 500, and changes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.helpers import assert_problem, snapshot

ORGS = "/api/v1/organizations"


@pytest.fixture
def raw_client(app):
    """A client that shows a server error as a 500 answer instead of raising it."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def org(make):
    return make(factories.organization)


@pytest.mark.parametrize(
    ("content", "rule", "field"),
    [
        (b"{not json", "json_invalid", "body"),
        (b'{"address": "x",}', "json_invalid", "body"),
        (b"", "missing", "body"),
        (b"[1, 2]", "model_attributes_type", "body"),
        (b'"text"', "model_attributes_type", "body"),
        (b"null", "model_attributes_type", "body"),
        (b'{"employees": "many"}', "int_parsing", "employees"),
        (b'{"employees": 1.5}', "int_from_float", "employees"),
        (b'{"employees": 0}', "greater_than_equal", "employees"),
        (b'{"address": 12}', "string_type", "address"),
        (b'{"address": ["x"]}', "string_type", "address"),
        (b'{"name": ""}', "string_too_short", "name"),
        (b'{"name": "   "}', "string_too_short", "name"),
        (b'{"name": "' + "长".encode() * 201 + b'"}', "string_too_long", "name"),
        (b'{"colour": "red"}', "extra_forbidden", "colour"),
        (b'{"uscc": "914403001922038216"}', "extra_forbidden", "uscc"),
        (b'{"status": "abnormal"}', "extra_forbidden", "status"),
        (b'{"industry_code": "Z99"}', "industry_code", "industry_code"),
        (b'{"region_code": "990000"}', "region_code", "region_code"),
        (b'{"name": null}', "not_null", "name"),
    ],
)
def test_a_malformed_patch_is_422_and_changes_nothing(
    raw_client, engine, org, regulator, content, rule, field
):
    before = snapshot(engine)
    r = raw_client.patch(
        f"{ORGS}/{org.id}",
        content=content,
        headers=regulator | {"content-type": "application/json"},
    )
    body = assert_problem(r, 422, field=field, rule=rule)
    assert body["instance"] == f"{ORGS}/{org.id}"
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"uscc": "914403001922038216"},
        {"uscc": "914403001922038216", "name": "华为", "region_code": 440300},
        {"uscc": "914403001922038216", "name": "华为", "region_code": "440300", "employees": -1},
        {"uscc": None, "name": "华为", "region_code": "440300"},
        {"uscc": "914403001922038216", "name": "  ", "region_code": "440300"},
    ],
)
def test_a_malformed_create_is_422_and_changes_nothing(raw_client, engine, regulator, payload):
    before = snapshot(engine)
    assert_problem(raw_client.post(ORGS, json=payload, headers=regulator), 422)
    assert snapshot(engine) == before


def test_a_body_sent_as_a_form_is_422(raw_client, engine, org, regulator):
    before = snapshot(engine)
    r = raw_client.patch(f"{ORGS}/{org.id}", data={"address": "x"}, headers=regulator)
    assert_problem(r, 422)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/bodies/abc", "body_id"), ("/api/v1/people/1.5", "person_id")],
)
def test_a_non_numeric_id_is_422(raw_client, path, field):
    assert_problem(raw_client.get(path), 422, field=field)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"body": "x"}, "body"), ({"scheme": "1e3"}, "scheme"), ({"page_size": "-1"}, "page_size")],
)
def test_a_malformed_query_parameter_is_422(raw_client, params, field):
    assert_problem(raw_client.get("/api/v1/people", params=params), 422, field=field)


def test_an_unknown_path_is_a_404_problem(raw_client):
    assert_problem(raw_client.get("/api/v1/nothing-here"), 404)


def test_a_wrong_method_is_a_405_problem(raw_client, regulator):
    assert_problem(raw_client.delete(f"{ORGS}/1", headers=regulator), 405)


def test_a_status_change_with_a_bad_date_is_422(raw_client, engine, org, regulator):
    before = snapshot(engine)
    change = {"status": "abnormal", "reason": "x", "effective_date": "2024-13-01"}
    r = raw_client.post(f"{ORGS}/{org.id}/status", json=change, headers=regulator)
    assert_problem(r, 422, field="effective_date")
    assert snapshot(engine) == before


def test_validation_messages_come_in_english_and_chinese(raw_client, org, regulator):
    r = raw_client.patch(f"{ORGS}/{org.id}", json={"colour": "red"}, headers=regulator)
    (error,) = r.json()["errors"]
    assert error["message"].startswith("colour:")
    assert error["message_zh"] == "不允许的字段"


# Numbers and text the database cannot hold are refused, not stored or crashed on. ------

TOO_BIG = 10**20


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/bodies/{TOO_BIG}",
        f"/api/v1/people?scheme={TOO_BIG}",
        f"/api/v1/organizations?page={TOO_BIG}",
    ],
)
def test_an_out_of_range_number_in_the_url_is_not_a_500(raw_client, path):
    assert raw_client.get(path).status_code in {404, 422, 200}


def test_an_out_of_range_id_in_the_body_is_not_a_500(raw_client, regulator):
    payload = {"registration_number": "2021-N1QMS-0000001", "name": "张三", "body_id": TOO_BIG}
    assert raw_client.post("/api/v1/people", json=payload, headers=regulator).status_code == 422


def test_a_nul_character_in_text_is_refused(raw_client, engine, regulator):
    payload = {"uscc": "914403001922038216", "name": "华为\u0000", "region_code": "440300"}
    assert_problem(raw_client.post(ORGS, json=payload, headers=regulator), 422, field="name")
