"""POST /api/v1/bodies/{id}/certificates/import through HTTP, no mocks."""

from __future__ import annotations

import pytest

from tests import factories
from tests.certification import bulk_samples as s
from tests.helpers import snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def body(factory):
    return s.approved_body(factory)


@pytest.fixture
def staff(as_role, body):
    """Authorization headers of a user of the body."""
    return as_role("body-staff", body_id=body.id)


def url(body: s.Body, **query: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/bodies/{body.id}/certificates/import" + (f"?{params}" if params else "")


def test_a_csv_body_is_imported_and_the_certificates_are_public(client, body, staff):
    data = s.csv_bytes(s.rows(body, 3), s.ZH)
    response = client.post(url(body), content=data, headers=staff | {"content-type": "text/csv"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["format"], report["created"], report["refused"]) == ("csv", 3, 0)
    assert report["applied"] is True and report["errors"] == []
    cert = client.get("/api/v1/certificates/BULK-00002").json()
    assert cert["source"] == "imported"
    assert cert["holder"]["name"] == "北京样例科技有限公司2"
    history = client.get("/api/v1/certificates/BULK-00002/history").json()["history"]
    assert [(h["transition"], h["reason_code"]) for h in history] == [("issue", "I02")]


def test_a_multipart_xlsx_upload_with_the_format_from_its_name(client, body, staff):
    files = {"file": ("certificates.xlsx", s.xlsx_bytes(s.rows(body, 2)), XLSX)}
    response = client.post(url(body), files=files, headers=staff)
    assert response.status_code == 200, response.text
    assert (response.json()["format"], response.json()["created"]) == ("xlsx", 2)


def test_jsonl_with_the_format_in_the_query(client, body, staff):
    data = s.jsonl_bytes(s.rows(body, 2, sectors=[17, 19]))
    response = client.post(url(body, format="jsonl"), content=data, headers=staff)
    assert response.status_code == 200, response.text
    assert client.get("/api/v1/certificates/BULK-00001").json()["sectors"] == [17, 19]


def test_a_file_with_a_bad_row_is_refused_whole_with_problem_details(client, engine, body, staff):
    data = s.rows(body, 4)
    data[1]["issue_date"] = "2024-02-30"
    before = snapshot(engine)
    response = client.post(url(body), content=s.csv_bytes(data), headers=staff)
    assert snapshot(engine) == before
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "/problems/rows_refused"
    assert problem["errors"] == [
        {
            "row": 3,
            "field": "issue_date",
            "rule": "date",
            "message": problem["errors"][0]["message"],
            "message_zh": problem["errors"][0]["message_zh"],
        }
    ]
    assert "2024-02-30" in problem["errors"][0]["message"]
    assert problem["report"]["applied"] is False
    assert (problem["report"]["rows_read"], problem["report"]["refused"]) == (4, 1)
    assert "errors" not in problem["report"]  # they are the problem's own errors
    assert client.get("/api/v1/certificates/BULK-00001").status_code == 404


def test_partial_mode_applies_the_valid_rows(client, body, staff):
    data = s.rows(body, 3)
    data[0]["status"] = "inactive"
    response = client.post(url(body, partial="true"), content=s.csv_bytes(data), headers=staff)
    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["refused"], report["partial"]) == (2, 1, True)
    assert report["errors"][0]["field"] == "status"


def test_reupload_updates_through_the_api(client, body, staff):
    client.post(url(body), content=s.csv_bytes(s.rows(body, 2)), headers=staff)
    again = s.rows(body, 2)
    again[1] |= {"status": "withdrawn", "reason_code": "W03", "reason": "以欺骗手段获得认证"}
    response = client.post(url(body), content=s.csv_bytes(again), headers=staff)
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 1)
    history = client.get("/api/v1/certificates/BULK-00002/history").json()
    assert history["status"] == "withdrawn"
    assert history["history"][-1]["reason_code"] == "W03"


def test_another_bodys_user_gets_403_and_nothing_changes(client, engine, body, as_role, make):
    other = make(factories.body)
    headers = as_role("body-admin", body_id=other.id)
    before = snapshot(engine)
    response = client.post(url(body), content=s.csv_bytes(s.rows(body, 2)), headers=headers)
    assert response.status_code == 403
    assert response.json()["errors"][0]["rule"] == "scope"
    assert snapshot(engine) == before


def test_without_a_token_401(client, body):
    response = client.post(url(body), content=s.csv_bytes(s.rows(body, 1)))
    assert response.status_code == 401


def test_a_file_missing_a_column_or_in_an_unknown_format_is_422(client, body, staff):
    data = [{k: v for k, v in r.items() if k != "uscc"} for r in s.rows(body, 1)]
    response = client.post(url(body), content=s.csv_bytes(data), headers=staff)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "missing_column"
    response = client.post(url(body, format="xls"), content=b"x", headers=staff)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "format")
    response = client.post(url(body), files={"data": ("a.csv", b"x")}, headers=staff)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "file")
