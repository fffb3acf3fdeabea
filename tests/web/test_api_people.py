"""/api/v1/people through HTTP: the employer suspends, only the regulator bans, bans are final."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import assert_problem, snapshot

URL = "/api/v1/people"


@pytest.fixture
def body(make):
    return make(factories.body)


@pytest.fixture
def admin(as_role, body):
    return as_role("body-admin", body_id=body.id)


@pytest.fixture
def employee(make, body):
    return make(factories.person, body_id=body.id)


def status(client, person, value, headers):
    return client.post(
        f"{URL}/{person.id}/status", json={"status": value, "reason": "测试"}, headers=headers
    )


def test_a_body_registers_its_auditor_with_qualifications(client, make, body, admin):
    scheme = make(factories.scheme)
    payload = {
        "registration_number": "2021-N1QMS-1234567",
        "name": "王审核",
        "body_id": body.id,
        "qualifications": [
            {
                "scheme_id": scheme.id,
                "grade": "lead-auditor",
                "sectors": [17, 19],
                "valid_from": "2021-01-01",
                "valid_to": "2027-12-31",
            }
        ],
    }
    r = client.post(URL, json=payload, headers=admin)
    assert r.status_code == 201, r.text
    (qualification,) = r.json()["qualifications"]
    assert (qualification["grade"], qualification["sectors"]) == ("lead-auditor", [17, 19])


@pytest.mark.parametrize(
    ("qualification", "field"),
    [
        ({"grade": "chief"}, "qualifications.0.grade"),
        ({"sectors": [40]}, "qualifications.0.sectors.0"),
        ({"valid_from": "2021-02-30"}, "qualifications.0.valid_from"),
        ({"valid_to": "2020-01-01"}, "qualifications.0.valid_to"),
    ],
)
def test_bad_qualifications_are_422_naming_the_field(
    client, engine, make, regulator, qualification, field
):
    scheme = make(factories.scheme)
    item = {
        "scheme_id": scheme.id,
        "grade": "auditor",
        "valid_from": "2021-01-01",
        "valid_to": "2027-12-31",
    } | qualification
    payload = {"registration_number": "2021-N1QMS-7654321", "name": "李", "qualifications": [item]}
    before = snapshot(engine)
    assert_problem(client.post(URL, json=payload, headers=regulator), 422, field=field)
    assert snapshot(engine) == before


def test_the_body_admin_suspends_and_reinstates_its_own_employee(client, employee, admin):
    assert status(client, employee, "suspended", admin).json()["status"] == "suspended"
    assert status(client, employee, "active", admin).json()["status"] == "active"


def test_the_body_admin_may_not_ban(client, engine, employee, admin):
    before = snapshot(engine)
    assert_problem(status(client, employee, "banned", admin), 403, rule="scope")
    assert snapshot(engine) == before


def test_the_body_admin_may_not_suspend_another_bodys_person(client, engine, make, admin):
    stranger = make(factories.person, body_id=make(factories.body).id)
    before = snapshot(engine)
    assert_problem(status(client, stranger, "suspended", admin), 403)
    assert snapshot(engine) == before


def test_only_the_regulator_bans_and_a_ban_is_final(client, engine, employee, admin, regulator):
    assert status(client, employee, "banned", regulator).json()["status"] == "banned"
    before = snapshot(engine)
    for value, headers in (("active", regulator), ("suspended", admin)):
        assert_problem(status(client, employee, value, headers), 409, field="status", rule="state")
    assert snapshot(engine) == before


def test_filters_by_body_scheme_grade_and_status(client, make, body):
    scheme = make(factories.scheme)
    make(
        factories.person,
        name="王小明",
        body_id=body.id,
        qualifications=[factories.qualification(scheme.id, grade="decision-maker")],
    )
    make(factories.person, name="李小红")

    def names(**params):
        return [p["name"] for p in client.get(URL, params=params).json()["items"]]

    assert names(q="小") == ["王小明", "李小红"]
    assert names(body=body.id) == ["王小明"]
    assert names(scheme=scheme.id) == ["王小明"]
    assert names(grade="decision-maker") == ["王小明"]
    assert names(grade="auditor") == []
    assert names(status="active") == ["王小明", "李小红"]


def test_the_body_admin_updates_its_employees_qualifications(client, make, employee, admin):
    scheme = make(factories.scheme)
    qualification = factories.qualification(scheme.id, grade="lead-auditor")
    qualification |= {"valid_from": "2020-01-01", "valid_to": "2029-12-31"}
    r = client.patch(
        f"{URL}/{employee.id}", json={"qualifications": [qualification]}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert [q["grade"] for q in r.json()["qualifications"]] == ["lead-auditor"]


def test_an_unknown_person_is_404(client):
    assert_problem(client.get(f"{URL}/404"), 404)
